//! Every extraction rule, tried on the five seed articles in `data/`.

use std::path::PathBuf;

use newsdex_ingest::{read_file, walk, Article, ReadOptions};

fn seeds() -> Vec<(String, Article)> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let (files, problems) = walk(&[data]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(files.len(), 5);
    files
        .iter()
        .map(|f| {
            let mut read = read_file(f, &ReadOptions::default());
            assert!(read.problems.is_empty(), "{:?}", read.problems);
            assert_eq!(read.articles.len(), 1);
            (f.key.clone(), read.articles.remove(0))
        })
        .collect()
}

fn seed(n: usize) -> Article {
    seeds().remove(n).1
}

#[test]
fn keys_and_ids_are_stable() {
    for (key, article) in seeds() {
        assert!(key.starts_with("data/"), "{key}");
        assert_eq!(article.id, Article::derive_id(&key, 0));
        assert!(article.stamp.is_some());
        assert!(article.path.as_deref().unwrap().ends_with(&key[5..]));
    }
}

#[test]
fn no_seed_gets_an_invented_date() {
    let dated: Vec<(String, String)> = seeds()
        .into_iter()
        .filter_map(|(key, a)| a.date.map(|d| (key, d.to_string())))
        .collect();
    assert_eq!(
        dated,
        [(
            "data/003_8fc227b644d8257b.txt".to_string(),
            "2023-09-12".to_string()
        )]
    );
}

#[test]
fn raw_keeps_every_byte() {
    for (key, article) in seeds() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(&key);
        assert_eq!(article.raw.unwrap(), std::fs::read_to_string(path).unwrap());
    }
}

#[test]
fn seed_000_title_without_site_chrome_and_no_page_furniture() {
    let a = seed(0);
    assert_eq!(
        a.title.as_deref(),
        Some("Russian top brass heads to North Korea for bilateral military talks days after Trump trip")
    );
    assert!(a
        .body
        .starts_with("A statement issued by the Russian Ministry of Defense"));
    assert!(a
        .body
        .ends_with("nuclear weapons programme ended in failure."));
    for furniture in ["READ MORE", "Source link", "Please enter"] {
        assert!(!a.body.contains(furniture), "{furniture}");
    }
    // Dates in the story ("In April", "June 4", "December 2017") are not the article's.
    assert_eq!(a.date, None);
    assert_eq!(a.source, None);
}

#[test]
fn seed_001_end_tag_names_the_source() {
    let a = seed(1);
    assert_eq!(a.source.as_deref(), Some("AP"));
    assert_eq!(
        a.title.as_deref(),
        Some("North Korean leader Kim Jong Un meets Russian Defence Minister on military cooperation")
    );
    // The repeated headline and the photo credit are not the story.
    assert!(a
        .body
        .starts_with("Seoul (South Korea): North Korean leader"));
    assert!(!a.body.contains("Pic - AP news"));
    assert!(!a.body.contains("Exit mobile version"));
    assert!(!a.body.lines().any(|l| l == "AP"));
    assert_eq!(a.date, None);
}

#[test]
fn seed_002_counters_and_links_are_not_text() {
    let a = seed(2);
    assert_eq!(
        a.title.as_deref(),
        Some("Russian and North Korean defense chiefs hold historic talks")
    );
    assert!(a.body.starts_with("Sergey Shoigu has said he is certain"));
    assert!(!a.body.contains("11 months ago"));
    assert!(!a.body.contains("Read Entire Article"));
    assert_eq!(a.date, None);
}

#[test]
fn seed_003_header_line_gives_the_date() {
    let a = seed(3);
    assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-12"));
    assert_eq!(
        a.title.as_deref(),
        Some("Defense Minister Shoigu to Participate in Talks Between Putin and Kim Jong Un")
    );
    assert!(!a.body.contains("Politcs"));
    assert!(!a.body.contains("Related Post"));
    assert!(!a.body.contains("Polular post"));
    assert!(a.body.contains("TASS published photographs"));
}

#[test]
fn seed_004_byline_footer_and_no_comments() {
    let a = seed(4);
    assert_eq!(
        a.title.as_deref(),
        Some("Russian foreign minister offers security talks with North Korea, China as he visits Pyongyang")
    );
    assert_eq!(a.author.as_deref(), Some("Lucas Garcia"));
    assert_eq!(a.source.as_deref(), Some("BBN – Big Big News"));
    // The reader comments are dated October 19, 2023; the article is not.
    assert_eq!(a.date, None);
    for furniture in [
        "LOGIN",
        "4 comments",
        "Frequently Asked Questions",
        "Insert URL here",
        "You may also like",
        "CryptoEnthusiast",
        "Reply",
        "Leave a Comment",
        "news portal",
        "©",
        "en_USEnglish",
    ] {
        assert!(!a.body.contains(furniture), "{furniture}");
    }
    assert!(a
        .body
        .ends_with("and the country’s nuclear status remains unrecognized."));
}
