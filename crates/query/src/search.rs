//! Search requests, their execution, and what they return.

use std::collections::HashMap;
use std::ops::Range;
use std::str::FromStr;

use newsdex_schema::{
    Article, NewsDate, NewsIndex, DEFAULT_TITLE_BOOST, NEWS_ANALYZER, SOURCE_ANALYZER,
};
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, Bm25StatisticsProvider, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring,
    MoreLikeThisQuery, Occur as TOccur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, Score, TantivyDocument, Term};

use crate::build::{date_range, Builder};
use crate::dates::DateSpan;
use crate::facets::{FacetCollector, Facets};
use crate::parser::{parse, parse_lenient, Ast, Occur};
use crate::snippet::{highlight_all, snippet, Snippet, Terms};
use crate::{Error, Result};

/// Scores of documents that hold every word of a plain word list are lifted by this much
/// (twice for exact spellings), so they rank above documents that hold only some; the
/// lift is taken off again before scores are shown.
const TIER: Score = 10_000.0;

/// The most hits one request may ask for (offset plus limit).
pub const MAX_WINDOW: usize = 100_000;

/// The order of hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// Most relevant first.
    #[default]
    Score,
    /// Oldest first (`date`).
    Date,
    /// Newest first (`-date`).
    #[serde(rename = "-date")]
    DateDesc,
}

impl FromStr for Sort {
    type Err = Error;

    fn from_str(s: &str) -> Result<Sort> {
        match s {
            "score" => Ok(Sort::Score),
            "date" => Ok(Sort::Date),
            "-date" => Ok(Sort::DateDesc),
            other => Err(Error::BadRequest(format!(
                "unknown sort {other:?}: use score, date (oldest first) or -date (newest first)"
            ))),
        }
    }
}

/// A search: the query and everything that shapes its answer. Build it with the setters,
/// then run it with [`Searcher::search`] or [`SearchRequest::execute`].
///
/// ```
/// use newsdex_query::{DateSpan, SearchRequest, Sort};
///
/// let request = SearchRequest::new("Shoigu Pyongyang")
///     .limit(5)
///     .since(DateSpan::parse("2023-07").unwrap())
///     .source("AP")
///     .sort(Sort::DateDesc);
/// assert_eq!(request.query(), "Shoigu Pyongyang");
/// ```
#[derive(Clone, Debug)]
pub struct SearchRequest {
    query: String,
    limit: usize,
    offset: usize,
    since: Option<NewsDate>,
    until: Option<NewsDate>,
    sources: Vec<String>,
    sort: Sort,
    all: bool,
    exact: bool,
    lenient: bool,
    facets: bool,
    recent: bool,
    like: Option<String>,
    snippet_chars: usize,
    title_boost: f32,
}

impl SearchRequest {
    /// A request for `query` with the defaults: 10 hits, by score, name variants on.
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            since: None,
            until: None,
            sources: Vec::new(),
            sort: Sort::Score,
            all: false,
            exact: false,
            lenient: false,
            facets: false,
            recent: false,
            like: None,
            snippet_chars: 160,
            title_boost: DEFAULT_TITLE_BOOST,
        }
    }

    /// The query text.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// How many hits to return (default 10).
    pub fn limit(mut self, limit: usize) -> SearchRequest {
        self.limit = limit;
        self
    }

    /// How many of the best hits to skip, for paging.
    pub fn offset(mut self, offset: usize) -> SearchRequest {
        self.offset = offset;
        self
    }

    /// Only articles dated from the start of `span` on.
    pub fn since(mut self, span: DateSpan) -> SearchRequest {
        self.since = Some(span.start);
        self
    }

    /// Only articles dated up to the end of `span` (`2023-07` includes all of July).
    pub fn until(mut self, span: DateSpan) -> SearchRequest {
        self.until = Some(span.end);
        self
    }

    /// Only articles from this source; call again to allow several. Case and accents
    /// don't matter.
    pub fn source(mut self, source: impl Into<String>) -> SearchRequest {
        self.sources.push(source.into());
        self
    }

    /// The order of hits.
    pub fn sort(mut self, sort: Sort) -> SearchRequest {
        self.sort = sort;
        self
    }

    /// Requires every word of the query (the default operator becomes AND).
    pub fn all(mut self, yes: bool) -> SearchRequest {
        self.all = yes;
        self
    }

    /// Turns name variants off: only the spellings typed are searched.
    pub fn exact(mut self, yes: bool) -> SearchRequest {
        self.exact = yes;
        self
    }

    /// Reads a query that doesn't parse as plain words instead of failing.
    pub fn lenient(mut self, yes: bool) -> SearchRequest {
        self.lenient = yes;
        self
    }

    /// Also counts the matching articles by source and by month.
    pub fn facets(mut self, yes: bool) -> SearchRequest {
        self.facets = yes;
        self
    }

    /// Favours recent articles: a score is multiplied by up to 1.5 for the newest article
    /// in the index, the bonus halving every 30 days before it.
    pub fn recent(mut self, yes: bool) -> SearchRequest {
        self.recent = yes;
        self
    }

    /// Finds the articles most like the one with this id (never that article itself). The
    /// query, if not empty, must also match.
    pub fn like(mut self, id: impl Into<String>) -> SearchRequest {
        self.like = Some(id.into());
        self
    }

    /// The length of snippets, in characters (default 160).
    pub fn snippet_chars(mut self, chars: usize) -> SearchRequest {
        self.snippet_chars = chars;
        self
    }

    /// How much title matches weigh (default [`DEFAULT_TITLE_BOOST`]).
    pub fn title_boost(mut self, boost: f32) -> SearchRequest {
        self.title_boost = boost;
        self
    }

    /// Opens `index` and runs the request.
    pub fn execute(&self, index: &NewsIndex) -> Result<SearchResults> {
        Searcher::new(index)?.search(self)
    }

    fn validate(&self) -> Result<()> {
        if self.limit == 0 {
            return Err(Error::BadRequest("the limit must be at least 1".into()));
        }
        if self.offset.saturating_add(self.limit) > MAX_WINDOW {
            return Err(Error::BadRequest(format!(
                "offset plus limit must be at most {MAX_WINDOW}"
            )));
        }
        if !(self.title_boost.is_finite() && self.title_boost >= 0.0) {
            return Err(Error::BadRequest(
                "the title boost must be a number ≥ 0".into(),
            ));
        }
        if let (Some(since), Some(until)) = (self.since, self.until) {
            if since >= until {
                return Err(Error::BadRequest("--since is after --until".into()));
            }
        }
        Ok(())
    }
}

/// One article found.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// The article's id.
    pub id: String,
    /// The headline.
    pub title: Option<String>,
    /// Byte ranges of `title` that matched.
    pub title_highlights: Vec<Range<usize>>,
    /// The publication date.
    pub date: Option<NewsDate>,
    /// The source.
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The file it came from.
    pub path: Option<String>,
    /// The relevance score (BM25, title and variants weighted).
    pub score: f32,
    /// The best passage, matched words marked.
    pub snippet: Snippet,
}

/// What a search found.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// The requested page of hits.
    pub hits: Vec<Hit>,
    /// Counts by source and month, when asked for.
    pub facets: Option<Facets>,
    /// A query that would find something, when this one found nothing.
    pub suggestion: Option<String>,
}

/// What an index holds.
#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    /// Articles.
    pub documents: u64,
    /// Bytes on disk (0 in RAM).
    pub size_bytes: u64,
    /// Segments.
    pub segments: usize,
    /// Counts by source and month, with the date range.
    pub facets: Facets,
    /// The folder the index lives in.
    pub dir: Option<String>,
    /// The folders and files it is kept in sync with.
    pub roots: Vec<String>,
}

/// A reader of one index that follows its commits. Cheap to clone, safe to share.
#[derive(Clone)]
pub struct Searcher {
    index: NewsIndex,
    reader: IndexReader,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("index", &self.index)
            .finish()
    }
}

impl Searcher {
    /// A searcher of `index` that sees each new commit shortly after it is made.
    pub fn new(index: &NewsIndex) -> Result<Searcher> {
        Searcher::with_policy(index, ReloadPolicy::OnCommitWithDelay)
    }

    /// A searcher of `index` as it is now, that does not follow later commits (no
    /// background reload): the cheapest to open, for one-shot searches.
    pub fn snapshot(index: &NewsIndex) -> Result<Searcher> {
        Searcher::with_policy(index, ReloadPolicy::Manual)
    }

    fn with_policy(index: &NewsIndex, policy: ReloadPolicy) -> Result<Searcher> {
        let reader = index
            .tantivy()
            .reader_builder()
            .reload_policy(policy)
            .try_into()?;
        Ok(Searcher {
            index: index.clone(),
            reader,
        })
    }

    /// Makes the latest commit visible now rather than shortly.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// The index searched.
    pub fn index(&self) -> &NewsIndex {
        &self.index
    }

    /// The article with this id, with its stored text.
    pub fn get(&self, id: &str) -> Result<Article> {
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        let query = TermQuery::new(
            Term::from_field_text(fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let (_, address) = top.first().ok_or_else(|| Error::NotFound(id.to_string()))?;
        let doc: TantivyDocument = searcher.doc(*address)?;
        Ok(fields.to_article(&doc))
    }

    /// Counts, size, date range and sources of the whole index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let facets = searcher.search(&AllQuery, &FacetCollector)?;
        let size_bytes = self.index.dir().map_or(0, dir_size);
        let roots = self
            .index
            .commit_meta()?
            .roots
            .iter()
            .map(|r| r.display().to_string())
            .collect();
        Ok(Stats {
            documents: searcher.num_docs(),
            size_bytes,
            segments: searcher.segment_readers().len(),
            facets,
            dir: self.index.dir().map(|d| d.display().to_string()),
            roots,
        })
    }

    /// Runs a request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        request.validate()?;
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        let default = if request.all {
            Occur::Must
        } else {
            Occur::Should
        };
        let ast = if request.lenient {
            parse_lenient(&request.query, default)
        } else {
            parse(&request.query, default)?
        };
        let mut builder = Builder::new(
            &searcher,
            fields,
            request.title_boost,
            !request.exact,
            request.lenient,
        )?;
        let mut query = builder.build(&ast)?;
        // The query without its tiers, and its top tier, when it has tiers.
        let mut split = None;
        if request.sort == Sort::Score && !request.all {
            if let Some(base) = query.take() {
                let (tiered, top) = self.tiered(&mut builder, &ast, base.box_clone())?;
                split = top.map(|top| (base, top));
                query = Some(tiered);
            }
        }
        let text_terms = collect_terms(&searcher, query.as_deref(), fields)?;

        let filters = self.filters(request, &searcher)?;
        let mut clauses: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        if let Some(id) = &request.like {
            let like = self.like_query(id)?;
            match query {
                Some(q) => clauses.push((TOccur::Must, Box::new(BoostQuery::new(q, 0.0)))),
                None if !request.query.trim().is_empty() => return Ok(empty_results()),
                None => {}
            }
            clauses.push((TOccur::Must, like));
            let own = Term::from_field_text(fields.id, id);
            clauses.push((
                TOccur::MustNot,
                Box::new(TermQuery::new(own, IndexRecordOption::Basic)),
            ));
        } else if let Some(q) = query {
            clauses.push((TOccur::Must, q));
        } else if !request.query.trim().is_empty() {
            // Only stop words, or words no field can hold.
            return Ok(empty_results());
        }
        let mut clauses = with_filters(clauses, &filters);
        if clauses.is_empty() {
            return Err(Error::EmptyQuery);
        }
        if clauses.iter().all(|(o, _)| *o != TOccur::Must) {
            clauses.push((
                TOccur::Must,
                Box::new(BoostQuery::new(Box::new(AllQuery), 0.0)),
            ));
        }
        let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));

        let window = request.offset + request.limit;
        let stats = NewsStatistics(&searcher);
        let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
        let facet_collector = request.facets.then_some(FacetCollector);
        // A date range is read from a column for every article, so it costs as much in
        // each of the two searches of `top_tier_first` as in the one of the tiered query.
        let dated = request.since.is_some() || request.until.is_some();
        let top_tier_first = match &split {
            Some((base, top)) if request.like.is_none() && !request.recent && !dated => {
                top_tier_first(&searcher, &stats, request, base, top, &filters)?
            }
            _ => None,
        };
        let (addresses, total, facets): Page = if let Some(found) = top_tier_first {
            found
        } else {
            match request.sort {
                Sort::Score if request.recent => {
                    let newest = searcher
                        .search(
                            &AllQuery,
                            &TopDocs::with_limit(1)
                                .order_by_fast_field::<tantivy::DateTime>("date", Order::Desc),
                        )?
                        .first()
                        .and_then(|(date, _)| *date)
                        .map(|d| d.into_timestamp_secs());
                    let collector = top.tweak_score(move |segment: &tantivy::SegmentReader| {
                        let dates = segment.fast_fields().date("date").ok();
                        move |doc, score: Score| {
                            // The boost applies to relevance, not to the tier lift.
                            let tier = (score / TIER).floor() * TIER;
                            let date = dates.as_ref().and_then(|c| c.first(doc));
                            tier + (score - tier) * recency(date, newest)
                        }
                    });
                    let (hits, total, facets) = searcher.search_with_statistics_provider(
                        &query,
                        &(collector, Count, facet_collector),
                        &stats,
                    )?;
                    (hits, total, facets)
                }
                Sort::Score => searcher.search_with_statistics_provider(
                    &query,
                    &(top.order_by_score(), Count, facet_collector),
                    &stats,
                )?,
                Sort::Date | Sort::DateDesc => {
                    let order = if request.sort == Sort::Date {
                        Order::Asc
                    } else {
                        Order::Desc
                    };
                    let collector = top.order_by_fast_field::<tantivy::DateTime>("date", order);
                    let (hits, total, facets) = searcher.search_with_statistics_provider(
                        &query,
                        &(collector, Count, facet_collector),
                        &stats,
                    )?;
                    let weight = query.weight(EnableScoring::enabled_from_statistics_provider(
                        &stats, &searcher,
                    ))?;
                    let mut scored = Vec::with_capacity(hits.len());
                    for (_, address) in hits {
                        let segment = searcher.segment_reader(address.segment_ord);
                        let score = weight
                            .explain(segment, address.doc_id)
                            .map_or(0.0, |e| e.value());
                        scored.push((score, address));
                    }
                    (scored, total, facets)
                }
            }
        };
        debug_assert!(addresses.len() <= window);

        let mut news = searcher
            .index()
            .tokenizers()
            .get(NEWS_ANALYZER)
            .ok_or_else(|| Error::Internal("news analyzer missing".into()))?;
        let mut hits = Vec::with_capacity(addresses.len());
        for (i, (score, address)) in addresses.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let article = fields.to_article(&doc);
            let snippet = snippet(&mut news, &article.body, &text_terms, request.snippet_chars);
            let title_highlights = article
                .title
                .as_deref()
                .map(|t| highlight_all(&mut news, t, &text_terms))
                .unwrap_or_default();
            hits.push(Hit {
                rank: request.offset + i + 1,
                id: article.id,
                title: article.title,
                title_highlights,
                date: article.date,
                source: article.source,
                author: article.author,
                url: article.url,
                path: article.path,
                score: score.rem_euclid(TIER),
                snippet,
            });
        }
        let suggestion = if total == 0 && request.like.is_none() {
            crate::suggest::suggest(&searcher, fields, &request.query)?
        } else {
            None
        };
        Ok(SearchResults {
            total,
            hits,
            facets,
            suggestion,
        })
    }

    /// The clauses that narrow a request to its dates and sources.
    fn filters(
        &self,
        request: &SearchRequest,
        searcher: &tantivy::Searcher,
    ) -> Result<Vec<(TOccur, Box<dyn Query>)>> {
        let fields = self.index.fields();
        let mut filters: Vec<(TOccur, Box<dyn Query>)> = Vec::new();
        if request.since.is_some() || request.until.is_some() {
            filters.push((
                TOccur::Must,
                date_range(fields.date, request.since, request.until),
            ));
        }
        if !request.sources.is_empty() {
            let mut analyzer = searcher
                .index()
                .tokenizers()
                .get(SOURCE_ANALYZER)
                .ok_or_else(|| Error::Internal("source analyzer missing".into()))?;
            let sources: Vec<(TOccur, Box<dyn Query>)> = request
                .sources
                .iter()
                .filter_map(|s| {
                    let mut stream = analyzer.token_stream(s);
                    let token = stream.next()?.text.clone();
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(fields.source, &token),
                        IndexRecordOption::Basic,
                    ));
                    Some((TOccur::Should, q))
                })
                .collect();
            filters.push((
                TOccur::Must,
                Box::new(BoostQuery::new(Box::new(BooleanQuery::new(sources)), 0.0)),
            ));
        }
        Ok(filters)
    }

    /// For a plain list of words: documents with every word (exact spellings) first, then
    /// those with every word counting variants, then the rest, each by score. For one
    /// word: its exact spelling first, then its variants.
    fn tiered(
        &self,
        builder: &mut Builder<'_>,
        ast: &Ast,
        base: Box<dyn Query>,
    ) -> Result<(Box<dyn Query>, Option<TopTier>)> {
        let words: Vec<&Ast> = match ast {
            // One word: its exact spelling above its variants.
            Ast::Word { .. } => vec![ast],
            Ast::Bool { clauses, .. } => {
                let words: Vec<&Ast> = clauses
                    .iter()
                    .filter(|(o, _)| *o == Occur::Should)
                    .map(|(_, a)| a)
                    .collect();
                let positive = clauses.iter().filter(|(o, _)| *o != Occur::MustNot).count();
                if words.len() < 2 || words.len() != positive {
                    return Ok((base, None));
                }
                words
            }
            _ => return Ok((base, None)),
        };
        let mut every = |exact: bool| -> Result<Option<Box<dyn Query>>> {
            let mut must = Vec::new();
            for word in &words {
                let built = if exact {
                    builder.build_exact(word)?
                } else {
                    builder.build(word)?
                };
                if let Some(q) = built {
                    must.push((TOccur::Must, q));
                }
            }
            Ok((!must.is_empty()).then(|| Box::new(BooleanQuery::new(must)) as Box<dyn Query>))
        };
        let mut tiers: Vec<(TOccur, Box<dyn Query>)> = vec![(TOccur::Must, base)];
        let top = every(true)?;
        if let Some(all_exact) = &top {
            tiers.push((
                TOccur::Should,
                Box::new(ConstScoreQuery::new(all_exact.box_clone(), TIER)),
            ));
        }
        // For one word, "every word counting variants" is what the base query matches.
        if words.len() > 1 {
            if let Some(all_variants) = every(false)? {
                tiers.push((
                    TOccur::Should,
                    Box::new(ConstScoreQuery::new(all_variants, TIER)),
                ));
            }
        }
        // One word's top tier is nearly all it matches: nothing to gain from it.
        let top = top.filter(|_| words.len() > 1);
        Ok((Box::new(BooleanQuery::new(tiers)), top))
    }

    fn like_query(&self, id: &str) -> Result<Box<dyn Query>> {
        let article = self.get(id)?;
        let fields = self.index.fields();
        let mut text = article.title.clone().unwrap_or_default();
        text.push_str("\n\n");
        text.push_str(&article.body);
        let query = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(1)
            .with_max_doc_frequency(u64::MAX)
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(3)
            .with_document_fields(vec![(fields.text, vec![OwnedValue::Str(text)])]);
        Ok(Box::new(query))
    }
}

/// The BM25 statistics newsdex scores with: the index's own, except that the average
/// length of a field is taken as [`LENGTH_SCALE`] times what it is.
struct NewsStatistics<'a>(&'a tantivy::Searcher);

/// How much longer than it is the average article is taken to be when scoring.
///
/// tantivy's BM25 runs at k1 = 1.2, b = 0.75: a term's frequency tf counts as
/// tf / (tf + 1.2 × (0.25 + 0.75 × length / average)). Taking the average as 4 times
/// longer makes the denominator tf + 0.3 + 0.225 × length / average: BM25 at k1 ≈ 0.53,
/// b ≈ 0.43, up to a constant factor. Long articles are penalised less for their length,
/// and repeats of a word saturate sooner. News articles run from two-line flashes to long
/// features, and a long article is not less relevant for being long. Working through the
/// statistics keeps tantivy's fast term scorers.
pub const LENGTH_SCALE: f32 = 4.0;

impl Bm25StatisticsProvider for NewsStatistics<'_> {
    fn total_num_tokens(&self, field: tantivy::schema::Field) -> tantivy::Result<u64> {
        Ok((self.0.total_num_tokens(field)? as f64 * f64::from(LENGTH_SCALE)) as u64)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Bm25StatisticsProvider::total_num_docs(self.0)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        self.0.doc_freq(term)
    }
}

/// `clauses` and then the clauses of `filters`.
fn with_filters(
    mut clauses: Vec<(TOccur, Box<dyn Query>)>,
    filters: &[(TOccur, Box<dyn Query>)],
) -> Vec<(TOccur, Box<dyn Query>)> {
    clauses.extend(filters.iter().map(|(o, q)| (*o, q.box_clone())));
    clauses
}

/// The hits of a tiered request when its top tier (every word, as typed) holds all
/// of them, found without scoring the rest: the top `offset + limit` of `base` among
/// the articles of `top`, ranked by `base`'s score as the tiered query ranks them,
/// then how many articles `base` matches, counted without scoring, with facets.
/// `None` when the top tier holds fewer articles than the page needs.
///
/// For `oil prices` on Reuters ×4, 2,656 of the 17,056 articles that match hold
/// both words: scoring those alone and counting the rest took the median search from
/// 0.75 to 0.64 ms.
fn top_tier_first(
    searcher: &tantivy::Searcher,
    stats: &NewsStatistics<'_>,
    request: &SearchRequest,
    base: &dyn Query,
    top: &dyn Query,
    filters: &[(TOccur, Box<dyn Query>)],
) -> Result<Option<Page>> {
    let in_top = BooleanQuery::new(with_filters(
        vec![
            (TOccur::Must, base.box_clone()),
            (
                TOccur::Must,
                Box::new(BoostQuery::new(top.box_clone(), 0.0)),
            ),
        ],
        filters,
    ));
    let page = TopDocs::with_limit(request.limit)
        .and_offset(request.offset)
        .order_by_score();
    let (hits, top_total) =
        searcher.search_with_statistics_provider(&in_top, &(page, Count), stats)?;
    if top_total < request.offset + request.limit {
        return Ok(None);
    }
    let matching = BooleanQuery::new(with_filters(
        vec![(TOccur::Must, base.box_clone())],
        filters,
    ));
    let facet_collector = request.facets.then_some(FacetCollector);
    let (total, facets) = searcher.search(&matching, &(Count, facet_collector))?;
    Ok(Some((hits, total, facets)))
}

/// The hits of a page (score and address, best first), how many articles match in all,
/// and their facets when asked for.
type Page = (Vec<(Score, DocAddress)>, usize, Option<Facets>);

/// The top tier of a tiered query: the articles that hold every word as typed.
type TopTier = Box<dyn Query>;

fn empty_results() -> SearchResults {
    SearchResults {
        total: 0,
        hits: Vec::new(),
        facets: None,
        suggestion: None,
    }
}

/// The multiplier `--recent` applies: 1.5 for the newest article, halving the bonus every
/// 30 days before it; 1 for undated articles.
fn recency(date: Option<tantivy::DateTime>, newest: Option<i64>) -> Score {
    match (date, newest) {
        (Some(date), Some(newest)) => {
            let age_days = (newest - date.into_timestamp_secs()).max(0) as f32 / 86_400.0;
            1.0 + 0.5 * 0.5f32.powf(age_days / 30.0)
        }
        _ => 1.0,
    }
}

/// The text-field terms of a query, weighted by rarity, for snippets and highlights.
fn collect_terms(
    searcher: &tantivy::Searcher,
    query: Option<&dyn Query>,
    fields: &newsdex_schema::Fields,
) -> Result<Terms> {
    let mut terms: HashMap<String, f32> = HashMap::new();
    let Some(query) = query else {
        return Ok(Terms(terms));
    };
    let mut found: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == fields.text || term.field() == fields.title {
            found.push(term.clone());
        }
    });
    let docs = searcher.num_docs().max(1) as f32;
    for term in found {
        let Some(text) = term.value().as_str().map(str::to_owned) else {
            continue;
        };
        if terms.contains_key(&text) {
            continue;
        }
        let df = searcher.doc_freq(&Term::from_field_text(fields.text, &text))? as f32;
        terms.insert(text, (1.0 + docs / (1.0 + df)).ln());
    }
    Ok(Terms(terms))
}

fn dir_size(dir: &std::path::Path) -> u64 {
    walkdir_size(dir).unwrap_or(0)
}

fn walkdir_size(dir: &std::path::Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            walkdir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}
