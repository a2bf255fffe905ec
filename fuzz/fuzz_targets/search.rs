//! The whole search on any query and any settings, over a small index: an answer or an
//! error the user can fix, never a panic, an abort or an internal error; and an answer
//! keeps its own promises (ranks in order, scores finite and by relevance non-increasing,
//! no more hits than asked for or than match).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsdex_query::{SearchRequest, Searcher, Sort};
use newsdex_schema::{Article, NewsDate, NewsIndex};

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        let day = |d: &str| NewsDate::parse(d).unwrap();
        let articles = [
            Article::new("Kim and Shoigu talked Wednesday in the capital, Pyongyang, about military cooperation.")
                .with_id("ap-1")
                .with_title("Kim Jong Un meets Russian Defence Minister")
                .with_date(day("2023-07-27"))
                .with_source("AP"),
            Article::new("Defence minister Sergey Shoygu said the talks would strengthen cooperation.")
                .with_id("express-1")
                .with_title("Russian top brass heads to North Korea")
                .with_date(day("2019-07-02"))
                .with_source("Express"),
            Article::new("Lavrov proposed regular security talks with North Korea and China.")
                .with_id("bbn-1")
                .with_title("Russian foreign minister offers security talks in Pyongyang")
                .with_date(day("2023-10-19"))
                .with_source("BBN – Big Big News"),
            Article::new("The Kremlin said Shoigu will take part in the talks between Putin and Kim Jong-un.")
                .with_id("tass-1")
                .with_title("Shoigu to participate in talks")
                .with_date(day("2023-09-12"))
                .with_source("TASS"),
            Article::new("Cocoa prices rose sharply as showers continued in the Bahia region.")
                .with_id("reuters-1")
                .with_title("Bahia cocoa review")
                .with_date(day("1987-02-26"))
                .with_source("Reuters"),
            Article::new("Cocoa prices rose sharply as showers continued in the Bahia region.")
                .with_id("reuters-2")
                .with_title("Bahia cocoa review")
                .with_date(day("1987-02-27"))
                .with_source("Reuters"),
            Article::new("An undated note about cooperation in the region, with no source.")
                .with_id("note-1"),
        ];
        let index = NewsIndex::create_in_ram();
        let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000).unwrap();
        for article in &articles {
            writer
                .add_document(index.fields().to_document(article))
                .unwrap();
        }
        writer.commit().unwrap();
        Searcher::snapshot(&index).unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Some((&paging, rest)) = rest.split_first() else {
        return;
    };
    let Ok(query) = std::str::from_utf8(rest) else {
        return;
    };
    let sort = [Sort::Score, Sort::Date, Sort::DateDesc, Sort::Score][usize::from(flags & 3)];
    let limit = usize::from(paging & 7) + 1;
    let offset = usize::from(paging >> 3);
    let mut request = SearchRequest::new(query)
        .sort(sort)
        .lenient(flags & 4 != 0)
        .exact(flags & 8 != 0)
        .all(flags & 16 != 0)
        .facets(flags & 32 != 0)
        .recent(flags & 64 != 0)
        .limit(limit)
        .offset(offset);
    if flags & 128 != 0 {
        request = request.like("ap-1");
    }
    match searcher().search(&request) {
        Ok(results) => {
            assert!(results.hits.len() <= limit);
            assert!(offset + results.hits.len() <= results.total);
            for (i, hit) in results.hits.iter().enumerate() {
                assert_eq!(hit.rank, offset + i + 1);
                assert!(hit.score.is_finite(), "{query:?}: score {}", hit.score);
            }
        }
        Err(e) => assert!(e.is_user_error(), "{query:?}: {e}"),
    }
});
