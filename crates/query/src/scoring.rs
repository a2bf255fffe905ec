//! How hits are scored and ordered: newsdex's BM25 statistics, the lift that puts one
//! tier of articles above the next, the recency bonus, the score shown (the one hits are
//! ranked by), and the collection of a page in each order.

use std::sync::Arc;

use newsdex_schema::Fields;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{AllQuery, Bm25StatisticsProvider, EnableScoring, Query};
use tantivy::{DocAddress, Order, Score, Term};

use crate::facets::{FacetCollector, Facets};
use crate::request::{SearchRequest, Sort};
use crate::ties;
use crate::Result;

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

/// The BM25 statistics newsdex scores with: the index's own, except that the average
/// length of a field is taken as [`LENGTH_SCALE`] times what it is.
pub(crate) struct NewsStatistics<'a>(pub(crate) &'a tantivy::Searcher);

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

/// Scores of documents that hold every word of a plain word list are lifted by this much
/// (twice for exact spellings), so they rank above documents that hold only some; the
/// score shown counts the lifts in its whole part ([`shown`]).
pub(crate) const TIER: Score = 10_000.0;

/// The tier lift in a score.
pub(crate) fn lift(score: Score) -> Score {
    (score / TIER).floor() * TIER
}

/// The relevance (BM25, title and variants weighted) at which the fraction of a score
/// shown is one half: a relevance r is shown as r / (r + 10).
pub const RELEVANCE_HALF: Score = 10.0;

/// The score a hit shows and is ranked by, from its raw score (relevance plus tier
/// lifts): the number of tiers it is lifted by, plus its relevance r as r / (r + 10), in
/// [0, 1). It grows with the raw score, so ranking by it is ranking by the raw score,
/// and a list ranked by relevance shows its scores in order, whatever its tiers.
pub(crate) fn shown(raw: Score) -> Score {
    let raw = raw.max(0.0);
    let tiers = (raw / TIER).floor();
    let relevance = raw - tiers * TIER;
    tiers + relevance / (relevance + RELEVANCE_HALF)
}

/// A raw score below every raw score whose [`shown`] score is `score` or more: the bound
/// under which a search may skip articles when `score` is the worst it keeps. Rounding
/// is met with a margin, so that the bound errs low (less skipped, never too much).
pub(crate) fn raw_floor(score: Score) -> Score {
    if score <= 0.0 {
        return Score::MIN;
    }
    let tiers = f64::from(score.floor());
    let fraction = (f64::from(score) - tiers).clamp(0.0, 1.0 - 1e-9);
    let relevance = f64::from(RELEVANCE_HALF) * fraction / (1.0 - fraction);
    let relevance = relevance * (1.0 - 1e-3) - 1e-3;
    let raw = tiers * f64::from(TIER) + relevance;
    (raw as Score).next_down().next_down()
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

/// The hits of a page (score and address, best first), how many articles match in all,
/// and their facets when asked for.
pub(crate) struct Page {
    pub(crate) hits: Vec<(Score, DocAddress)>,
    pub(crate) total: usize,
    pub(crate) facets: Option<Facets>,
    /// How many stories the hits are, when they were collected by story ([`Take`]).
    pub(crate) stories: Option<usize>,
}

/// What a search takes from the ranking: the request's page, or (ranked by score) every
/// hit down to the `k`-th story of exact copies ([`crate::ties::by_story`]), from the
/// first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Take {
    Page,
    Stories(usize),
}

/// Whether a search counts the articles that match (and their facets, when asked for),
/// or only finds the page: a wider page of a list counted before needs no count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Counting {
    Count,
    PageOnly,
}

/// What `collector` finds, with the count and facets of the matches when `counting`
/// asks for them (else 0 and none).
fn run<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: C,
    facets: Option<FacetCollector>,
    counting: Counting,
) -> Result<(C::Fruit, usize, Option<Facets>)> {
    let stats = NewsStatistics(searcher);
    Ok(match counting {
        Counting::Count => {
            crate::threads::search(searcher, query, &(collector, Count, facets), &stats)?
        }
        Counting::PageOnly => (
            crate::threads::search(searcher, query, &collector, &stats)?,
            0,
            None,
        ),
    })
}

/// The page of `request` among the articles `query` matches, in the request's order,
/// each hit with its score.
pub(crate) fn collect(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    query: &dyn Query,
    request: &SearchRequest,
    sort: Sort,
    counting: Counting,
    take: Take,
) -> Result<Page> {
    let stats = NewsStatistics(searcher);
    let top = TopDocs::with_limit(request.limit).and_offset(request.offset);
    let facet_collector = request.facets.then_some(FacetCollector);
    let date = fields.schema.get_field_name(fields.date);
    let mut stories = None;
    let (hits, total, facets) = match (sort, take) {
        (Sort::Score, Take::Stories(k)) if !request.recent => {
            let collector = crate::ties::by_story(k);
            let (found, total, facets) =
                run(searcher, query, collector, facet_collector, counting)?;
            stories = Some(found.stories);
            (found.hits, total, facets)
        }
        (Sort::Score, _) if request.recent => {
            let newest = searcher
                .search(
                    &AllQuery,
                    &TopDocs::with_limit(1)
                        .order_by_fast_field::<tantivy::DateTime>(date, Order::Desc),
                )?
                .first()
                .and_then(|(date, _)| *date)
                .map(|d| d.into_timestamp_secs());
            let tweak: ties::Tweak = Arc::new(move |segment: &tantivy::SegmentReader| {
                let dates = crate::columns::of(segment).date();
                Box::new(move |doc, score: Score| {
                    // The boost applies to relevance, not to the tier lift.
                    let tier = lift(score);
                    let date = dates.as_ref().and_then(|c| c.first(doc));
                    tier + (score - tier) * recency(date, newest)
                })
            });
            let collector = ties::by_score(top, Some(tweak));
            let (hits, total, facets) = run(searcher, query, collector, facet_collector, counting)?;
            (ties::scored(hits), total, facets)
        }
        (Sort::Score, _) => {
            let collector = ties::by_score(top, None);
            let (hits, total, facets) = run(searcher, query, collector, facet_collector, counting)?;
            (ties::scored(hits), total, facets)
        }
        (Sort::Date | Sort::DateDesc, _) => {
            let order = if sort == Sort::Date {
                Order::Asc
            } else {
                Order::Desc
            };
            let collector = ties::by_date(top, date, order);
            let (hits, total, facets) = run(searcher, query, collector, facet_collector, counting)?;
            let weight = query.weight(EnableScoring::enabled_from_statistics_provider(
                &stats, searcher,
            ))?;
            let mut scored = Vec::with_capacity(hits.len());
            for (_, address) in hits {
                let segment = searcher.segment_reader(address.segment_ord);
                let score = weight
                    .explain(segment, address.doc_id)
                    .map_or(0.0, |e| shown(e.value()));
                scored.push((score, address));
            }
            (scored, total, facets)
        }
    };
    Ok(Page {
        hits,
        total,
        facets,
        stories,
    })
}
