//! Sort: by date either way, undated articles last; by score by default.

use newsdex_query::{SearchRequest, Sort};

use super::order;
use crate::run;

#[test]
fn by_date_oldest_and_newest_first() {
    insta::assert_yaml_snapshot!(
        "oldest_first",
        order(&run(
            SearchRequest::new("cooperation OR talks").sort(Sort::Date)
        ))
    );
    insta::assert_yaml_snapshot!(
        "newest_first",
        order(&run(
            SearchRequest::new("cooperation OR talks").sort(Sort::DateDesc)
        ))
    );
}
