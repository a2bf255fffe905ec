//! Exact spellings and name variants: variants find more, and rank below the spelling typed.

use newsdex_query::SearchRequest;

use super::order;
use crate::run;

#[test]
fn a_name_finds_its_variants_below_its_exact_spelling() {
    // express-1 spells Shoygu, tass-1 and ap-1 Shoigu.
    insta::assert_yaml_snapshot!(order(&run(SearchRequest::new("Shoigu"))));
}

#[test]
fn exact_leaves_the_variants_out() {
    insta::assert_yaml_snapshot!(order(&run(SearchRequest::new("Shoigu").exact(true))));
}

#[test]
fn two_words_with_and_without_variants() {
    insta::assert_yaml_snapshot!(
        "with_variants",
        order(&run(SearchRequest::new("Shoigu Pyongyang")))
    );
    insta::assert_yaml_snapshot!(
        "exact",
        order(&run(SearchRequest::new("Shoigu Pyongyang").exact(true)))
    );
}
