//! Embedding newsdex: build an index in memory from a few articles and search it.
//!
//! Run it with `cargo run --example embed`.
#![allow(clippy::print_stdout)]

use newsdex::{Article, DateSpan, Indexer, NewsDate, NewsIndex, SearchRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // An index in RAM; `NewsIndex::create(path)` or `NewsIndex::open(path)` for one on disk.
    let index = NewsIndex::create_in_ram();

    // The indexer holds the index's writer lock until it is dropped.
    let mut indexer = Indexer::new(&index)?;
    let articles = [
        Article::new("Kim and Shoigu talked Wednesday in the capital, Pyongyang.")
            .with_id("ap-kim-shoigu")
            .with_title("Kim Jong Un meets Russian Defence Minister")
            .with_date(NewsDate::parse("2023-07-27").ok_or("bad date")?)
            .with_source("AP"),
        Article::new("Sergey Shoygu said the talks would help strengthen cooperation.")
            .with_id("express-fomin")
            .with_title("Russian top brass heads to North Korea")
            .with_source("Express"),
        Article::new("Lavrov proposed regular security talks during his visit to Pyongyang.")
            .with_id("bbn-lavrov")
            .with_title("Russian foreign minister offers security talks")
            .with_date(NewsDate::parse("October 19, 2023").ok_or("bad date")?)
            .with_source("BBN"),
    ];
    for article in &articles {
        indexer.add(article)?;
    }
    indexer.commit()?;

    // Articles with both words rank first; Shoygu is found as a variant of Shoigu.
    let results = SearchRequest::new("Shoigu Pyongyang")
        .limit(10)
        .execute(&index)?;
    println!("{} articles match \"Shoigu Pyongyang\":", results.total);
    for hit in &results.hits {
        println!(
            "{}. {} [{}] score {:.2}",
            hit.rank,
            hit.title.as_deref().unwrap_or("?"),
            hit.id,
            hit.score
        );
        println!("   {}", hit.snippet.text);
    }
    assert_eq!(results.hits[0].id, "ap-kim-shoigu");
    assert_eq!(results.total, 3);

    // Filters are fields of the request too.
    let recent = SearchRequest::new("talks")
        .since(DateSpan::parse("2023-10")?)
        .facets(true)
        .execute(&index)?;
    println!(
        "since October 2023: {:?}",
        recent.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
    assert_eq!(recent.total, 1);
    Ok(())
}
