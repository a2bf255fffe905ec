//! Title weight: a word in the headline counts more than the same word in the body.

use newsdex_query::SearchRequest;

use super::order;
use crate::run;

#[test]
fn a_title_match_outranks_body_mentions() {
    // bbn-1 has "security" in its title and body; no other article has it.
    insta::assert_yaml_snapshot!(order(&run(SearchRequest::new("security talks"))));
}

#[test]
fn a_higher_title_boost_raises_title_matches_more() {
    // The default boost is 0.5; tass-1 and bbn-1 have "talks" in their titles.
    insta::assert_yaml_snapshot!(
        "boost_1",
        order(&run(SearchRequest::new("talks").title_boost(1.0)))
    );
    insta::assert_yaml_snapshot!("default_boost", order(&run(SearchRequest::new("talks"))));
}
