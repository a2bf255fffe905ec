//! Related articles: `like` ranks the others by what they share with one article.

use newsdex_query::SearchRequest;

use super::order;
use crate::run;

#[test]
fn articles_like_one_never_include_it() {
    insta::assert_yaml_snapshot!(order(&run(SearchRequest::new("").like("ap-1"))));
}
