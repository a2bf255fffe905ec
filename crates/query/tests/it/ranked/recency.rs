//! Recency: `recent` raises newer articles, never lowers a score.

use newsdex_query::SearchRequest;

use super::order;
use crate::run;

#[test]
fn recent_raises_newer_articles() {
    insta::assert_yaml_snapshot!(
        "plain",
        order(&run(SearchRequest::new("cooperation talks")))
    );
    insta::assert_yaml_snapshot!(
        "recent",
        order(&run(SearchRequest::new("cooperation talks").recent(true)))
    );
}
