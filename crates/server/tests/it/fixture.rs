//! A small corpus with several sources and months, indexed on disk.

use newsdex::{Article, Indexer, NewsDate, NewsIndex};

pub const SOURCES: [&str; 3] = ["Reuters", "AP", "BBN"];

const TOPICS: [(&str, &str); 4] = [
    (
        "Oil prices rise as OPEC cuts output",
        "Oil prices rose on Tuesday after OPEC ministers agreed to cut crude output, traders said.",
    ),
    (
        "Shoigu visits Pyongyang for military talks",
        "Defence minister Sergei Shoigu arrived in Pyongyang for talks on military cooperation with Kim Jong Un.",
    ),
    (
        "Central bank holds interest rates",
        "The central bank kept interest rates unchanged and said inflation was slowing, economists said.",
    ),
    (
        "Wheat harvest hit by drought",
        "Farmers expect a smaller wheat harvest after months of drought, the agriculture ministry said.",
    ),
];

/// 48 articles: topic `i % 4`, source `i % 3`, month 2023-(1 + i % 6), one in 8 with
/// a Zürich dateline.
pub fn articles() -> Vec<Article> {
    (0..48)
        .map(|i| {
            let (title, body) = TOPICS[i % 4];
            let mut body = format!("{body} Story number {i}.");
            if i % 8 == 0 {
                body = format!("ZÜRICH — {body}");
            }
            Article::new(body)
                .with_id(format!("a{i:02}"))
                .with_title(format!("{title} ({i})"))
                .with_source(SOURCES[i % 3])
                .with_date(
                    NewsDate::from_ymd(2023, 1 + (i % 6) as u32, 1 + (i % 28) as u32).unwrap(),
                )
        })
        .collect()
}

/// The corpus indexed in a new folder under `dir`.
pub fn index_in(dir: &std::path::Path) -> NewsIndex {
    let index = NewsIndex::create(dir.join("index")).unwrap();
    let mut indexer = Indexer::new(&index).unwrap();
    for article in articles() {
        indexer.add(&article).unwrap();
    }
    indexer.commit().unwrap();
    index
}
