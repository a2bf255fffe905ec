//! Integration tests of exports: the documents and settings against the engines'
//! documented formats, and pushes to a real Meilisearch.

mod formats;
mod meili;

use newsdex_schema::{Article, NewsDate, NewsIndex};

/// A few articles with every kind of field: dated and undated, with and without source,
/// an id engines take as a key and one they don't, an original text.
pub fn corpus() -> Vec<Article> {
    let date = |d: &str| NewsDate::parse(d).unwrap();
    vec![
        Article::new("Kim and Shoigu talked Wednesday in the capital, Pyongyang.")
            .with_id("ap-1")
            .with_title("Kim Jong Un meets Russian Defence Minister")
            .with_date(date("2023-07-27"))
            .with_source("AP")
            .with_author("Hyung-Jin Kim")
            .with_url("https://apnews.com/article/kim-shoigu")
            .with_path("/news/ap-1.html")
            .with_raw("LOGIN\nKim Jong Un meets Russian Defence Minister\n…"),
        Article::new("Cocoa prices rose as showers continued in the Bahia region.")
            .with_id("reuters-1")
            .with_title("BAHIA COCOA REVIEW")
            .with_date(date("1987-02-26 15:01:01"))
            .with_source("Reuters")
            .with_path("/news/reuters.jsonl"),
        Article::new("Lavrov proposed regular security talks with North Korea and China.")
            .with_id("https://example.com/2023/10/19/lavrov?ref=rss")
            .with_title("Lavrov visits Pyongyang")
            .with_date(date("2023-10-19T08:30:00Z")),
        Article::new("An undated note about cooperation, with no source.").with_id("note-1"),
    ]
}

/// An index in RAM holding `articles`.
pub fn index_of(articles: &[Article]) -> NewsIndex {
    let index = NewsIndex::create_in_ram();
    let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
    for article in articles {
        writer
            .add_document(index.fields().to_document(article))
            .unwrap();
    }
    writer.commit().unwrap();
    index
}
