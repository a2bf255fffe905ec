//! newsdex as another program embeds it: only `newsdex::…` paths, `?` from every call into
//! one `newsdex::Result`, and errors matched by what happened.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use newsdex::{
    jsonl, open, DateSpan, Error, Indexer, Location, NewsIndex, OpenPolicy, SearchRequest,
    SearchResults, Searcher, Sort, SyncOptions,
};

/// `n` dated articles from two sources in `dir`, one file each.
fn archive(dir: &Path, n: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for i in 0..n {
        let source = if i % 2 == 0 { "AP" } else { "TASS" };
        let day = 1 + i % 28;
        std::fs::write(
            dir.join(format!("{i:03}.md")),
            format!(
                "---\ntitle: Talks in Pyongyang, day {i}\ndate: 2023-07-{day:02}\nsource: {source}\n---\n\n\
                 Shoigu and Kim held talks in Pyongyang on day {i}. Article number {i} of the set.\n"
            ),
        )?;
    }
    Ok(())
}

fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.id.clone()).collect()
}

#[test]
fn an_application_indexes_a_folder_searches_pages_and_fetches() -> newsdex::Result<()> {
    let tmp = tempfile::tempdir()?;
    let news = tmp.path().join("news");
    archive(&news, 12)?;

    let index = NewsIndex::create(tmp.path().join("index"))?;
    let mut indexer = Indexer::new(&index)?;
    let report = indexer.sync(&SyncOptions::new().paths([&news]))?;
    assert_eq!(report.added, 12);
    assert_eq!(report.skipped_files(), 0);
    drop(indexer);

    // Filters and facets.
    let ap = SearchRequest::new("Shoigu Pyongyang")
        .source("AP")
        .since(DateSpan::parse("2023-07-05")?)
        .facets(true)
        .limit(100)
        .execute(&index)?;
    assert!(ap.total > 0);
    assert!(ap.hits.iter().all(|h| h.source.as_deref() == Some("AP")));
    assert!(ap
        .hits
        .iter()
        .all(|h| h.date.is_some_and(|d| d.day().as_str() >= "2023-07-05")));
    let facets = ap.facets.as_ref().ok_or(Error::EmptyQuery)?;
    assert_eq!(facets.sources.len(), 1);
    assert_eq!(facets.sources[0].source, "AP");
    assert_eq!(facets.sources[0].count, ap.total as u64);
    assert_eq!(
        facets.months.iter().map(|m| m.count).sum::<u64>(),
        ap.total as u64
    );

    // Pages: two of five, newest first, meet end to end without overlap.
    let searcher = Searcher::new(&index)?;
    let all = searcher.search(&SearchRequest::new("talks").sort(Sort::DateDesc).limit(10))?;
    let first = searcher.search(&SearchRequest::new("talks").sort(Sort::DateDesc).limit(5))?;
    let second = searcher.search(
        &SearchRequest::new("talks")
            .sort(Sort::DateDesc)
            .limit(5)
            .offset(5),
    )?;
    assert_eq!([ids(&first), ids(&second)].concat(), ids(&all));
    assert_eq!(second.hits[0].rank, 6);

    // Fetch by id, and the one error a missing id gives.
    let article = searcher.get(&first.hits[0].id)?;
    assert_eq!(article.title, first.hits[0].title);
    assert!(article.body.contains("Shoigu"));
    match searcher.get("no-such-id") {
        Err(e @ Error::ArticleNotFound { .. }) => assert!(e.is_user_error()),
        other => panic!("expected ArticleNotFound, got {other:?}"),
    }

    // The JSON Lines of `search --json`, written from the library.
    let mut out = Vec::new();
    jsonl::write_results(&mut out, &first, Duration::from_millis(1))?;
    let text = String::from_utf8(out).map_err(|e| Error::Internal {
        message: e.to_string(),
    })?;
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(r#"{"type":"summary","total":12,"#),
        "{last}"
    );
    Ok(())
}

#[test]
fn a_searcher_stays_open_while_another_thread_indexes() -> newsdex::Result<()> {
    let tmp = tempfile::tempdir()?;
    let news = tmp.path().join("news");
    archive(&news, 4)?;
    let index = NewsIndex::create(tmp.path().join("index"))?;
    Indexer::new(&index)?.sync(&SyncOptions::new().paths([&news]))?;

    let searcher = Searcher::new(&index)?;
    assert_eq!(searcher.search(&SearchRequest::new("talks"))?.total, 4);

    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let (index, news, writing) = (index.clone(), news.clone(), Arc::clone(&writing));
        thread::spawn(move || -> newsdex::Result<()> {
            archive(&news, 10)?;
            let mut indexer = Indexer::new(&index)?;
            indexer.sync(&SyncOptions::new())?;
            writing.store(false, Ordering::SeqCst);
            Ok(())
        })
    };
    // Searches answer all along, from one commit or the next, never in between.
    let started = Instant::now();
    while writing.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(120) {
        let total = searcher.search(&SearchRequest::new("talks"))?.total;
        assert!(total == 4 || total == 10, "{total}");
    }
    writer.join().map_err(|_| Error::Internal {
        message: "the indexing thread panicked".into(),
    })??;
    searcher.reload()?;
    assert_eq!(searcher.search(&SearchRequest::new("talks"))?.total, 10);
    Ok(())
}

#[test]
fn errors_are_matched_by_what_happened() -> newsdex::Result<()> {
    let tmp = tempfile::tempdir()?;
    let index = NewsIndex::create(tmp.path().join("index"))?;

    match SearchRequest::new("\"unclosed").execute(&index) {
        Err(Error::Parse(e)) => assert_eq!(e.column, 1),
        other => panic!("expected a parse error, got {other:?}"),
    }
    match SearchRequest::new("kim").offset(usize::MAX).execute(&index) {
        Err(e @ Error::InvalidRequest(_)) => assert!(e.is_user_error()),
        other => panic!("expected an invalid request, got {other:?}"),
    }
    match DateSpan::parse("yesterday") {
        Err(Error::BadDate { .. }) => {}
        other => panic!("expected a bad date, got {other:?}"),
    }
    match NewsIndex::open(tmp.path().join("nothing here")) {
        Err(e @ Error::NoIndex { .. }) => assert!(e.is_user_error()),
        other => panic!("expected no index, got {other:?}"),
    }
    // A second writer is told the index is locked.
    let _first = Indexer::new(&index)?;
    match Indexer::new(&index) {
        Err(e @ Error::Locked { .. }) => assert!(e.hint().is_some()),
        other => panic!("expected locked, got {other:?}"),
    }

    // The policy a search opens an index with: built on first use over its folders.
    let news = tmp.path().join("news");
    archive(&news, 3)?;
    let location = Location {
        build_over: Some(vec![news]),
        ..Location::at(tmp.path().join("auto"))
    };
    let opened = open(&location, &OpenPolicy::new())?;
    assert_eq!(
        SearchRequest::new("Shoigu").execute(&opened.index)?.total,
        3
    );
    Ok(())
}
