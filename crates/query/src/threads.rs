//! The threads a search runs on. An index in several segments is searched a segment a
//! task on a pool of search threads, one per core (at most [`MAX_THREADS`]), made the
//! first time it is needed and shared by every searcher of the process; an index in one
//! segment, or a machine of one core, is searched on the caller's thread, since handing
//! a single task to another thread only adds the hand-over (a tenth of a millisecond a
//! search, measured on Reuters ×4).
//!
//! A search spreads over the pool when no other search is running; one that starts while
//! another runs stays on its own thread. Many searches at once (a server under load)
//! keep every core busy by themselves, and spreading each of them too only adds
//! hand-overs.
//!
//! A million articles are written in about ten segments: on two cores a search of them
//! takes little more than half as long.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use tantivy::collector::Collector;
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::Executor;

/// The most search threads a process starts, however many cores it has.
pub(crate) const MAX_THREADS: usize = 8;

/// The search threads, or `None` when the machine has one core (or they could not be
/// started: searches then run on the caller's thread).
fn pool() -> Option<&'static Executor> {
    static POOL: OnceLock<Option<Executor>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = cores.min(MAX_THREADS);
        (threads > 1)
            .then(|| Executor::multi_thread(threads, "newsdex-search-").ok())
            .flatten()
    })
    .as_ref()
}

/// The searches running now, on the pool or not.
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// The executor a search runs on, held until dropped.
pub(crate) struct Lease {
    executor: &'static Executor,
}

impl std::ops::Deref for Lease {
    type Target = Executor;

    fn deref(&self) -> &Executor {
        self.executor
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::Release);
    }
}

/// The executor for a search of `searcher`: the pool for an index of several segments
/// when no other search is running, else the caller's thread.
pub(crate) fn executor(searcher: &tantivy::Searcher) -> Lease {
    static CALLER: Executor = Executor::SingleThread;
    let alone = RUNNING.fetch_add(1, Ordering::Acquire) == 0;
    let executor = match pool() {
        Some(pool) if alone && searcher.segment_readers().len() > 1 => pool,
        _ => &CALLER,
    };
    Lease { executor }
}

/// What `collector` gathers from the articles `query` matches, scored with `statistics`
/// when it scores, the segments searched on [`executor`]'s threads. The same fruit as
/// [`tantivy::Searcher::search_with_statistics_provider`] on one thread: each segment is
/// collected alone and the fruits are merged in segment order.
pub(crate) fn search<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: &C,
    statistics: &dyn Bm25StatisticsProvider,
) -> tantivy::Result<C::Fruit> {
    let scoring = if collector.requires_scoring() {
        EnableScoring::enabled_from_statistics_provider(statistics, searcher)
    } else {
        EnableScoring::disabled_from_searcher(searcher)
    };
    searcher.search_with_executor(query, collector, &executor(searcher), scoring)
}

/// [`search`] with the searcher's own statistics.
pub(crate) fn search_plain<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: &C,
) -> tantivy::Result<C::Fruit> {
    search(searcher, query, collector, searcher)
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::doc;
    use tantivy::query::QueryParser;
    use tantivy::schema::{Field, Schema, TEXT};
    use tantivy::{DocAddress, Index, Score};

    use super::*;

    /// An index of one text field, `body`, with a writer of one thread.
    fn index() -> (Index, Field, tantivy::IndexWriter) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        (index, body, writer)
    }

    #[test]
    fn several_segments_are_searched_on_the_pool_as_on_one_thread() {
        let (index, body, mut writer) = index();
        for segment in 0..6 {
            for i in 0..200 {
                let text = match (i + segment) % 5 {
                    0 => "oil prices rose",
                    1 => "oil oil output",
                    2 => "prices of coffee",
                    3 => "oil prices oil prices fell again today",
                    _ => "nothing here",
                };
                writer.add_document(doc!(body => text)).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 6);
        let query = QueryParser::for_index(&index, vec![body])
            .parse_query("oil prices")
            .unwrap();
        let collector = (TopDocs::with_limit(25).order_by_score(), Count);
        let (top, count): (Vec<(Score, DocAddress)>, usize) =
            search_plain(&searcher, query.as_ref(), &collector).unwrap();
        assert_eq!(
            (top.clone(), count),
            searcher.search(query.as_ref(), &collector).unwrap()
        );
        assert_eq!(count, 6 * 160);
        assert_eq!(top.len(), 25);
        // On a machine of several cores, a search takes the pool unless another runs
        // (other tests search at the same time: a moment alone is waited for).
        if std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
            let held = (0..10_000)
                .find_map(|_| {
                    let lease = executor(&searcher);
                    if matches!(*lease, Executor::ThreadPool(_)) {
                        return Some(lease);
                    }
                    std::thread::sleep(std::time::Duration::from_millis(1));
                    None
                })
                .expect("the pool is never free");
            assert!(matches!(*executor(&searcher), Executor::SingleThread));
            drop(held);
        }
    }

    #[test]
    fn one_segment_is_searched_on_the_callers_thread() {
        let (index, body, mut writer) = index();
        writer.add_document(doc!(body => "oil")).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(matches!(*executor(&searcher), Executor::SingleThread));
    }
}
