//! Every article a request selects, streamed one segment at a time.

use newsdex_schema::{Article, Fields};
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::store::StoreReader;
use tantivy::{DocSet, TantivyDocument, TERMINATED};

use crate::facets::{FacetCollector, Facets};
use crate::{Result, SearchRequest, Searcher};

/// How many decompressed blocks of the document store a scan keeps: the articles of a
/// segment are read in order, so one block serves many articles in a row.
const STORE_CACHE_BLOCKS: usize = 2;

impl Searcher {
    /// Every article `request` selects, in index order, read one segment at a time: its
    /// query and filters (`since`, `until`, `source`, `like`) choose the articles as a
    /// search would (the articles a search counts in [`SearchResults::total`]), while
    /// its page, order and snippet settings don't apply. An empty query with no filter
    /// selects every article.
    ///
    /// The scan reads the commit the searcher sees when it starts, whatever is
    /// committed meanwhile, and holds one article and one segment's reader at a time,
    /// however large the index.
    ///
    /// ```
    /// use newsdex_query::{DateSpan, SearchRequest, Searcher};
    /// use newsdex_schema::{Article, NewsDate, NewsIndex};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let index = NewsIndex::create_in_ram();
    /// let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
    /// for (id, date) in [("a", "2023-07-27"), ("b", "2023-09-12")] {
    ///     let article = Article::new("Kim met Shoigu in Pyongyang.")
    ///         .with_id(id)
    ///         .with_date(NewsDate::parse(date).unwrap());
    ///     writer.add_document(index.fields().to_document(&article))?;
    /// }
    /// writer.commit()?;
    ///
    /// let searcher = Searcher::new(&index)?;
    /// let scan = searcher.scan(&SearchRequest::new("Shoigu").since(DateSpan::parse("2023-09")?))?;
    /// assert_eq!(scan.total(), 1);
    /// let ids: Vec<String> = scan.map(|a| a.map(|a| a.id)).collect::<Result<_, _>>()?;
    /// assert_eq!(ids, ["b"]);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// [`SearchResults::total`]: crate::SearchResults::total
    pub fn scan(&self, request: &SearchRequest) -> Result<Scan> {
        let (searcher, query) = self.selection(request)?;
        let fields = self.index().fields().clone();
        let Some(query) = query else {
            return Ok(Scan::empty(searcher, fields));
        };
        // Scores are not needed: the articles come in index order.
        let weight = query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
        let mut total = 0;
        for segment in searcher.segment_readers() {
            total += u64::from(weight.count(segment)?);
        }
        Ok(Scan {
            searcher,
            fields,
            query: Some(query),
            weight: Some(weight),
            total,
            next_segment: 0,
            current: None,
        })
    }
}

/// The articles a request selects, from [`Searcher::scan`]: an iterator of
/// `Result<Article>` that reads one segment of the index at a time.
pub struct Scan {
    searcher: tantivy::Searcher,
    fields: Fields,
    /// What selects the articles; `None` when nothing can match.
    query: Option<Box<dyn Query>>,
    /// The query's weight; `None` when nothing can match, or after an error.
    weight: Option<Box<dyn Weight>>,
    total: u64,
    next_segment: usize,
    current: Option<SegmentScan>,
}

/// The segment a scan is reading.
struct SegmentScan {
    ordinal: usize,
    scorer: Box<dyn Scorer>,
    store: StoreReader,
}

impl std::fmt::Debug for Scan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("total", &self.total)
            .field("next_segment", &self.next_segment)
            .finish()
    }
}

impl Scan {
    fn empty(searcher: tantivy::Searcher, fields: Fields) -> Scan {
        Scan {
            searcher,
            fields,
            query: None,
            weight: None,
            total: 0,
            next_segment: 0,
            current: None,
        }
    }

    /// How many articles the scan yields in all, counted before it starts.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Counts of the articles the scan yields by source and by month, with their range
    /// of dates and how many are undated, from fast fields (no article is read).
    pub fn facets(&self) -> Result<Facets> {
        match &self.query {
            Some(query) => Ok(crate::threads::search_plain(
                &self.searcher,
                query.as_ref(),
                &FacetCollector,
            )?),
            None => Ok(Facets::default()),
        }
    }

    /// The next matching document of the current segment, opening the next segment when
    /// one is done.
    fn next_document(&mut self) -> Result<Option<TantivyDocument>> {
        let Some(weight) = &self.weight else {
            return Ok(None);
        };
        loop {
            if let Some(current) = &mut self.current {
                let segment = self.searcher.segment_reader(current.ordinal as u32);
                let mut doc = current.scorer.doc();
                while doc != TERMINATED && segment.is_deleted(doc) {
                    doc = current.scorer.advance();
                }
                if doc != TERMINATED {
                    current.scorer.advance();
                    return Ok(Some(current.store.get(doc)?));
                }
                self.current = None;
            }
            let ordinal = self.next_segment;
            let Some(segment) = self.searcher.segment_readers().get(ordinal) else {
                return Ok(None);
            };
            self.next_segment += 1;
            self.current = Some(SegmentScan {
                ordinal,
                scorer: weight.scorer(segment, 1.0)?,
                store: segment.get_store_reader(STORE_CACHE_BLOCKS)?,
            });
        }
    }
}

impl Iterator for Scan {
    type Item = Result<Article>;

    fn next(&mut self) -> Option<Result<Article>> {
        match self.next_document() {
            Ok(Some(doc)) => Some(Ok(self.fields.to_article(&doc))),
            Ok(None) => None,
            Err(e) => {
                // A damaged segment ends the scan rather than failing on every call.
                self.weight = None;
                Some(Err(e))
            }
        }
    }
}
