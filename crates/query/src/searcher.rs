//! [`Searcher`]: a reader of one index, and the steps of a search.

use std::collections::HashMap;
use std::sync::Arc;

use newsdex_schema::{Article, Language, NewsIndex};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, Occur as TOccur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, ReloadPolicy, Score, TantivyDocument, Term};

use crate::build::unscored;
use crate::build::{Builder, Expansions};
use crate::cache::{Pages, DEFAULT_RESULT_CACHE};
use crate::columns::Pinned;
use crate::facets::{FacetCollector, Facets};
use crate::filters::{filters, split as split_filters, with_filters, Clauses};
use crate::parser::{is_scored, parse, parse_lenient, Ast, MAX_WORDS};
use crate::request::{SearchRequest, Sort};
use crate::results::{Hit, SearchResults, Stats};
use crate::scoring::{collect, Counting, Page, Take};
use crate::snippet::{highlight_all, snippet, KeptWords, NameKeys, Terms, Words};
use crate::tiers::{tiered, top_tier_first, TopTier};
use crate::{Error, Result};

/// Hits beyond `FOLD_RATIO` times the page read to fold near-duplicates out of it.
const FOLD_EXTRA: usize = 10;

/// How many times longer than the page the first list a folded page is cut from is. A
/// longer list costs little more to find (the matches are scored all the same), and
/// one search that finds enough spares a second: a story sent four times, as each of
/// Reuters ×4's are, leaves a page of ten short in a list of 30 but not of 50.
const FOLD_RATIO: usize = 4;

/// Stories beyond the page in the first list a folded page ranked by score is cut from
/// ([`Take::Stories`]): exact copies are one story already, so only copies that differ
/// (corrected, re-sent with a new line) fold further, and few of them do. Every story
/// more costs the copies it has: on Reuters ×4, a first list of 50 stories took 0.26 ms
/// for `coffee` at the median, and one of 15 0.22 ms.
const STORY_EXTRA: usize = 5;

/// The longest list a page is cut from when near-duplicates are folded.
const MAX_FOLD_WINDOW: usize = 4 * crate::request::MAX_WINDOW;

/// A reader of one index that follows its commits. Cheap to clone, safe to share.
#[derive(Clone)]
pub struct Searcher {
    index: NewsIndex,
    reader: IndexReader,
    /// Fuzzy expansions of the commit searched, shared by the clones.
    expansions: Arc<Expansions>,
    /// The results of recent requests on the commit searched, shared by the clones.
    pages: Arc<Pages>,
    /// The columns of the segments of the commit searched, shared by the clones.
    columns: Arc<Pinned>,
    /// Analyzers of articles' words for snippets, shared by the clones.
    words: Arc<KeptWords>,
}

impl std::fmt::Debug for Searcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Searcher")
            .field("index", &self.index)
            .finish()
    }
}

/// What a request searches for, built once from it.
struct Plan {
    /// The whole query: the text with its tiers, the filters, related articles.
    query: Box<dyn Query>,
    /// The text query without its tiers, and its top tier, when a page may be taken from
    /// the top tier alone.
    split: Option<(Box<dyn Query>, TopTier)>,
    /// The clauses of the request's filters.
    filters: Clauses,
    /// The words to mark in snippets and titles.
    terms: Terms,
    /// The keys of names in other scripts the query looks for, to mark them.
    keys: NameKeys,
    /// The query as parsed.
    ast: Ast,
    /// The order of hits: the request's, except that a list nothing scores is newest first.
    sort: Sort,
    /// The name variants searched, as index terms.
    variants: Vec<String>,
}

/// The text part of a request: its query (tiers included), and what [`Plan`] keeps.
struct Text {
    /// The whole query as parsed.
    ast: Ast,
    /// The query without its top-level filters, with its tiers.
    query: Option<Box<dyn Query>>,
    /// The query without tiers, and its top tier.
    split: Option<(Box<dyn Query>, TopTier)>,
    /// The query's top-level filters, unscored.
    filters: Clauses,
    /// Whether anything but filters was typed.
    typed: bool,
    /// Whether the query scores articles (see [`is_scored`]).
    scored: bool,
    /// The name variants searched, as index terms.
    variants: Vec<String>,
}

impl Searcher {
    /// A searcher of `index` that sees each new commit shortly after it is made, and
    /// keeps the results of recent requests ([`DEFAULT_RESULT_CACHE`] bytes of them, see
    /// [`Searcher::cache_results`]).
    pub fn new(index: &NewsIndex) -> Result<Searcher> {
        Ok(
            Searcher::with_policy(index, ReloadPolicy::OnCommitWithDelay)?
                .cache_results(DEFAULT_RESULT_CACHE),
        )
    }

    /// A searcher of `index` as it is now, that does not follow later commits (no
    /// background reload) and keeps no results: the cheapest to open, for one-shot
    /// searches.
    pub fn snapshot(index: &NewsIndex) -> Result<Searcher> {
        Searcher::with_policy(index, ReloadPolicy::Manual)
    }

    /// Keeps the results of recent requests in at most `bytes` (0: none), so that a
    /// request made again on the same commit is answered without searching: the same
    /// results, every field of the request alike. The least recently used are forgotten
    /// first, a page heavier than an eighth of `bytes` is not kept, and a new commit
    /// forgets them all. Shared by this searcher's clones made after the call.
    ///
    /// ```
    /// use newsdex_query::{SearchRequest, Searcher};
    /// use newsdex_schema::{Article, NewsIndex};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let index = NewsIndex::create_in_ram();
    /// let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
    /// let article = Article::new("Kim and Shoigu talked in Pyongyang.").with_id("a1");
    /// writer.add_document(index.fields().to_document(&article))?;
    /// writer.commit()?;
    ///
    /// let searcher = Searcher::new(&index)?.cache_results(4 << 20);
    /// let request = SearchRequest::new("Shoigu");
    /// assert_eq!(searcher.search(&request)?.total, 1);
    /// assert_eq!(searcher.search(&request)?.total, 1); // kept: not searched again
    ///
    /// // A new commit is searched afresh.
    /// let article = Article::new("Shoigu left Pyongyang.").with_id("a2");
    /// writer.add_document(index.fields().to_document(&article))?;
    /// writer.commit()?;
    /// searcher.reload()?;
    /// assert_eq!(searcher.search(&request)?.total, 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn cache_results(mut self, bytes: usize) -> Searcher {
        self.pages = Arc::new(Pages::new(bytes));
        self
    }

    fn with_policy(index: &NewsIndex, policy: ReloadPolicy) -> Result<Searcher> {
        let reader = index.guard(|| {
            index
                .tantivy()
                .reader_builder()
                .reload_policy(policy)
                .try_into()
                .map_err(|e| index.error(e))
        })?;
        Ok(Searcher {
            index: index.clone(),
            reader,
            expansions: Arc::default(),
            pages: Arc::new(Pages::new(0)),
            columns: Arc::default(),
            words: Arc::default(),
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
        // tantivy panics on some damaged files: that is damage, named, not a crash.
        self.index.guard(|| self.get_unguarded(id))
    }

    fn get_unguarded(&self, id: &str) -> Result<Article> {
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        let query = TermQuery::new(
            Term::from_field_text(fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        let (_, address) = top
            .first()
            .ok_or_else(|| Error::ArticleNotFound { id: id.to_string() })?;
        let doc: TantivyDocument = searcher.doc(*address)?;
        Ok(fields.to_article(&doc))
    }

    /// The id of the one article whose id is `prefix` or starts with it, as git finds a
    /// commit by the start of its hash: an id in full is itself; a prefix of no id is
    /// [`Error::ArticleNotFound`]; of several, [`Error::AmbiguousId`] with some of them.
    pub fn find_id(&self, prefix: &str) -> Result<String> {
        self.index.guard(|| self.find_id_unguarded(prefix))
    }

    fn find_id_unguarded(&self, prefix: &str) -> Result<String> {
        /// The ids an ambiguous prefix lists.
        const SHOWN: usize = 8;
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        let exact = TermQuery::new(
            Term::from_field_text(fields.id, prefix),
            IndexRecordOption::Basic,
        );
        if searcher.search(&exact, &tantivy::collector::Count)? > 0 {
            return Ok(prefix.to_string());
        }
        let not_found = || Error::ArticleNotFound {
            id: prefix.to_string(),
        };
        if prefix.is_empty() {
            return Err(not_found());
        }
        // Every character escaped: the prefix is matched as written.
        let pattern: String = prefix
            .chars()
            .flat_map(|c| {
                let escape = c.is_ascii_punctuation() && c != '<' && c != '>';
                escape.then_some('\\').into_iter().chain([c])
            })
            .chain(".*".chars())
            .collect();
        let query = tantivy::query::RegexQuery::from_pattern(&pattern, fields.id)?;
        let (top, count) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(SHOWN + 1).order_by_score(),
                tantivy::collector::Count,
            ),
        )?;
        let seen_all = count <= top.len();
        let mut ids = Vec::with_capacity(top.len());
        for (_, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            ids.push(fields.to_article(&doc).id);
        }
        ids.sort();
        ids.dedup();
        match ids.len() {
            0 => Err(not_found()),
            1 if seen_all => Ok(ids.remove(0)),
            _ => {
                let more = !seen_all || ids.len() > SHOWN;
                ids.truncate(SHOWN);
                Err(Error::AmbiguousId {
                    prefix: prefix.to_string(),
                    candidates: ids,
                    more,
                })
            }
        }
    }

    /// How many articles the index holds, as of the commit this searcher sees.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The byte ranges of each of `texts` that hold a word `query` matches, marked as
    /// search marks them in snippets (name variants and words joined included unless
    /// `exact`). The query
    /// is read leniently: one that doesn't parse marks its words. The texts' words are read
    /// by the rules of `language` (English when `None`), as the article's are indexed.
    ///
    /// For showing a whole article with a query's words marked.
    pub fn highlight(
        &self,
        query: &str,
        exact: bool,
        language: Option<Language>,
        texts: &[&str],
    ) -> Result<Vec<Vec<std::ops::Range<usize>>>> {
        let searcher = self.reader.searcher();
        let fields = self.index.fields();
        let ast = parse_lenient(query, crate::parser::Occur::Should);
        let mut builder = Builder::new(
            &searcher,
            fields,
            newsdex_schema::DEFAULT_TITLE_BOOST,
            !exact,
            true,
        )?
        .sharing(&self.expansions);
        let ast = if exact {
            ast
        } else {
            crate::compounds::joined(&ast, &mut builder)?
        };
        let built = builder.build(&ast)?;
        let terms = Terms::of_query(&searcher, built.as_deref(), fields)?;
        let keys = NameKeys::of_query(built.as_deref(), fields);
        let mut words = Words::of(language.unwrap_or(Language::ENGLISH));
        Ok(texts
            .iter()
            .map(|text| highlight_all(&mut words, text, &terms, &keys))
            .collect())
    }

    /// Counts, size, date range and sources of the whole index.
    pub fn stats(&self) -> Result<Stats> {
        // tantivy panics on some damaged files: that is damage, named, not a crash.
        self.index.guard(|| self.stats_unguarded())
    }

    fn stats_unguarded(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        self.columns.pin(&searcher);
        let facets = crate::threads::search_plain(&searcher, &AllQuery, &FacetCollector)?;
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
            format: newsdex_schema::FORMAT_VERSION,
        })
    }

    /// The results of `request` if they are kept from an earlier search of the same
    /// commit ([`Searcher::cache_results`]): what [`Searcher::search`] would answer,
    /// without searching. It takes microseconds, so a caller that hands searches to
    /// another thread (a server) can answer a kept request where it is.
    ///
    /// ```
    /// use newsdex_query::{SearchRequest, Searcher};
    /// use newsdex_schema::{Article, NewsIndex};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let index = NewsIndex::create_in_ram();
    /// let mut writer: tantivy::IndexWriter = index.tantivy().writer(15_000_000)?;
    /// let article = Article::new("Kim and Shoigu talked in Pyongyang.").with_id("a1");
    /// writer.add_document(index.fields().to_document(&article))?;
    /// writer.commit()?;
    ///
    /// let searcher = Searcher::new(&index)?.cache_results(4 << 20);
    /// let request = SearchRequest::new("Shoigu");
    /// assert!(searcher.kept(&request).is_none());
    /// let searched = searcher.search(&request)?;
    /// let kept = searcher.kept(&request).expect("kept by the search");
    /// assert_eq!((kept.total, &kept.hits[0].id), (searched.total, &searched.hits[0].id));
    ///
    /// // Not kept: another page, another commit, or a searcher that keeps nothing.
    /// assert!(searcher.kept(&request.clone().offset(1)).is_none());
    /// assert!(Searcher::new(&index)?.cache_results(0).kept(&request).is_none());
    /// let article = Article::new("Shoigu left Pyongyang.").with_id("a2");
    /// writer.add_document(index.fields().to_document(&article))?;
    /// writer.commit()?;
    /// searcher.reload()?;
    /// assert!(searcher.kept(&request).is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn kept(&self, request: &SearchRequest) -> Option<SearchResults> {
        let generation = self.reader.searcher().generation().generation_id();
        let key = self.pages.key(request)?;
        self.pages.get(generation, &key)
    }

    /// Runs a request.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        // tantivy panics on some damaged files: that is damage, named, not a crash.
        self.index.guard(|| {
            let searcher = self.reader.searcher();
            let generation = searcher.generation().generation_id();
            let key = self.pages.key(request);
            if let Some(kept) = key.as_deref().and_then(|k| self.pages.get(generation, k)) {
                return Ok(kept);
            }
            self.columns.pin(&searcher);
            let results = self.search_unguarded(request, &searcher)?;
            if let Some(key) = key {
                self.pages.put(generation, key, &results);
            }
            Ok(results)
        })
    }

    fn search_unguarded(
        &self,
        request: &SearchRequest,
        searcher: &tantivy::Searcher,
    ) -> Result<SearchResults> {
        request.validate()?;
        // A limit of 0 counts: one hit is found and dropped (a top-0 collector is none).
        let counted;
        let given = request;
        let request = if request.limit == 0 {
            counted = request.clone().limit(1);
            &counted
        } else {
            request
        };
        let Some(plan) = self.plan(request, searcher)? else {
            return Ok(SearchResults::empty());
        };
        let (mut page, mut similar) = if request.duplicates {
            let page = self.page(request, searcher, &plan, Counting::Count, Take::Page)?;
            let none = vec![Vec::new(); page.hits.len()];
            (page, none)
        } else {
            self.folded_page(request, searcher, &plan)?
        };
        page.hits.truncate(given.limit);
        similar.truncate(given.limit);
        let mut hits = self.hits(request, searcher, page.hits, &plan.terms, &plan.keys)?;
        // The ids of every hit's copies, read in one pass: a column is opened once.
        let copies: Vec<DocAddress> = similar.iter().flatten().copied().collect();
        let mut names = crate::similar::ids(searcher, &copies)?.into_iter();
        for (hit, similar) in hits.iter_mut().zip(&similar) {
            hit.similar = names.by_ref().take(similar.len()).collect();
        }
        let suggestion = if page.total == 0 && request.like.is_none() {
            let fields = self.index.fields();
            crate::suggest::suggest(searcher, fields, &plan.ast, request.default_occur())?
        } else {
            None
        };
        Ok(SearchResults {
            total: page.total,
            hits,
            facets: page.facets,
            suggestion,
            variants: plan.variants,
        })
    }

    /// The query that selects every article a request matches, as a search counts
    /// them, with the commit it was built on; `None` when nothing can match. A request
    /// with neither text nor filter selects every article.
    pub(crate) fn selection(
        &self,
        request: &SearchRequest,
    ) -> Result<(tantivy::Searcher, Option<Box<dyn Query>>)> {
        request.validate_selection()?;
        let searcher = self.reader.searcher();
        let query = match self.plan(request, &searcher) {
            Ok(plan) => plan.map(|plan| plan.query),
            Err(Error::EmptyQuery) => Some(Box::new(AllQuery) as Box<dyn Query>),
            Err(e) => return Err(e),
        };
        Ok((searcher, query))
    }

    /// The query of a request. `None` when its text can match nothing (only stop words,
    /// say), so that no article matches.
    fn plan(&self, request: &SearchRequest, searcher: &tantivy::Searcher) -> Result<Option<Plan>> {
        let fields = self.index.fields();
        let Text {
            ast,
            query,
            split,
            filters: query_filters,
            typed,
            scored,
            variants,
        } = self.text(request, searcher)?;
        let terms = Terms::of_query(searcher, query.as_deref(), fields)?;
        let keys = NameKeys::of_query(query.as_deref(), fields);
        let mut filters = filters(request, searcher, fields)?;
        filters.extend(query_filters);
        let mut clauses: Clauses = Vec::new();
        if let Some(id) = &request.like {
            let article = self.get(id)?;
            match query {
                // The query only narrows the related articles; they rank by likeness.
                Some(q) => clauses.push((TOccur::Must, unscored(q))),
                None if typed => return Ok(None),
                None => {}
            }
            let like = crate::related::like(searcher, fields, &article, request.title_boost)?;
            if !request.duplicates {
                // Copies of the article itself are not related articles: they are left
                // out, unless every copy is asked for.
                let copies = crate::related::copies(searcher, fields, &article.id, &like)?;
                clauses.extend(copies);
            }
            clauses.extend(like);
        } else if let Some(q) = query {
            clauses.push((TOccur::Must, q));
        } else if typed {
            return Ok(None);
        }
        let mut clauses = with_filters(clauses, &filters);
        if clauses.is_empty() {
            return Err(Error::EmptyQuery);
        }
        if clauses.iter().all(|(o, _)| *o != TOccur::Must) {
            clauses.push((TOccur::Must, unscored(Box::new(AllQuery))));
        }
        // A list that nothing scores (filters alone, `*`) is shown newest first.
        let sort = match request.sort {
            Sort::Score if !scored && request.like.is_none() => Sort::DateDesc,
            sort => sort,
        };
        Ok(Some(Plan {
            query: Box::new(BooleanQuery::new(clauses)),
            split,
            filters,
            terms,
            keys,
            ast,
            sort,
            variants,
        }))
    }

    /// The request's query text, parsed and built, with its tiers when sorted by score,
    /// and its top-level filters apart.
    fn text(&self, request: &SearchRequest, searcher: &tantivy::Searcher) -> Result<Text> {
        let default = request.default_occur();
        let ast = if request.lenient {
            parse_lenient(&request.query, default)
        } else {
            parse(&request.query, default)?
        };
        let words = ast.word_count();
        if words > MAX_WORDS {
            return Err(Error::UnsupportedQuery {
                message: format!("{words} words, more than the {MAX_WORDS} one query may search"),
                hint: "search fewer words at a time".into(),
            });
        }
        let mut builder = Builder::new(
            searcher,
            self.index.fields(),
            request.title_boost,
            !request.exact,
            request.lenient,
        )?
        .sharing(&self.expansions);
        let (text, filter_asts) = split_filters(&ast);
        // Compounds are variants of a kind: `--exact` searches the words as typed.
        let text = if request.exact {
            text
        } else {
            crate::compounds::joined(&text, &mut builder)?
        };
        let mut filters: Clauses = Vec::new();
        for filter in &filter_asts {
            if let Some(q) = builder.build(filter)? {
                filters.push((TOccur::Must, unscored(q)));
            }
        }
        // Text that reads as nothing (`((`, stop words) still asks for something; a query
        // of filters alone does not.
        let text_left = !matches!(&text, Ast::Bool { clauses, .. } if clauses.is_empty());
        let typed = text_left || (filter_asts.is_empty() && !request.query.trim().is_empty());
        let scored = is_scored(&text);
        let query = builder.build(&text)?;
        let (query, split) = match query {
            Some(base) if request.sort == Sort::Score && !request.all => {
                let (with_tiers, top) = tiered(&mut builder, &text, base.box_clone())?;
                (Some(with_tiers), top.map(|top| (base, top)))
            }
            query => (query, None),
        };
        Ok(Text {
            ast,
            query,
            split,
            filters,
            typed,
            scored,
            variants: builder.variants_used.into_iter().collect(),
        })
    }

    /// The page of hits a plan finds, their total and facets (when `counting` asks).
    fn page(
        &self,
        request: &SearchRequest,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        counting: Counting,
        take: Take,
    ) -> Result<Page> {
        if let Some((base, top)) = &plan.split {
            if request.like.is_none() && !request.recent {
                if let Some(page) = top_tier_first(
                    searcher,
                    self.index.fields(),
                    request,
                    base.as_ref(),
                    top,
                    &plan.filters,
                    counting,
                    take,
                )? {
                    return Ok(page);
                }
            }
        }
        let page = collect(
            searcher,
            self.index.fields(),
            plan.query.as_ref(),
            request,
            plan.sort,
            counting,
            take,
        )?;
        debug_assert!(take != Take::Page || page.hits.len() <= request.limit);
        Ok(page)
    }

    /// The page of a request with near-duplicates folded: cut from a list of hits longer
    /// than the page, longer again while folding leaves the page short; with the
    /// addresses of the near-duplicates folded into each hit. Ranked by score, the list
    /// is of stories of exact copies ([`Take::Stories`]): however many copies each
    /// story has, one search finds enough of them.
    fn folded_page(
        &self,
        request: &SearchRequest,
        searcher: &tantivy::Searcher,
        plan: &Plan,
    ) -> Result<(Page, Vec<Vec<DocAddress>>)> {
        let want = request.offset.saturating_add(request.limit);
        let by_story = plan.sort == Sort::Score && !request.recent;
        let mut window = if by_story {
            want.saturating_add(STORY_EXTRA)
        } else {
            want.saturating_mul(FOLD_RATIO).saturating_add(FOLD_EXTRA)
        };
        let prints = crate::similar::Prints::of(searcher);
        // The first search counts; a wider one only finds more hits.
        let mut counted: Option<(usize, Option<Facets>)> = None;
        loop {
            let wide = request.clone().offset(0).limit(window);
            let counting = match counted {
                None => Counting::Count,
                Some(_) => Counting::PageOnly,
            };
            let take = if by_story {
                Take::Stories(window)
            } else {
                Take::Page
            };
            let page = self.page(&wide, searcher, plan, counting, take)?;
            let (total, facets) = counted.get_or_insert((page.total, page.facets));
            let exhausted = page.stories.unwrap_or(page.hits.len()) < window;
            let folded = crate::similar::fold(&prints, page.hits);
            if folded.len() >= want || exhausted || window >= MAX_FOLD_WINDOW {
                let (hits, similar) = folded
                    .into_iter()
                    .skip(request.offset)
                    .take(request.limit)
                    .map(|f| ((f.score, f.address), f.similar))
                    .unzip();
                let page = Page {
                    hits,
                    total: *total,
                    facets: facets.take(),
                    stories: None,
                };
                return Ok((page, similar));
            }
            // Widen by what folding took from this window, and as much again: the first
            // window holds the copies of its few best stories whole, so it tells too few
            // copies a story, and a list of many copies needs one more search, not several
            // (a million Reuters articles, 48 copies each: two searches instead of three).
            let kept = folded.len().max(1);
            let needed = want.saturating_mul(window).div_ceil(kept);
            window = needed
                .saturating_add(needed)
                .saturating_add(FOLD_EXTRA)
                .max(window.saturating_mul(2))
                .min(MAX_FOLD_WINDOW);
        }
    }

    /// The hits of a page, read from the store, with snippets and highlights.
    fn hits(
        &self,
        request: &SearchRequest,
        searcher: &tantivy::Searcher,
        addresses: Vec<(Score, DocAddress)>,
        terms: &Terms,
        keys: &NameKeys,
    ) -> Result<Vec<Hit>> {
        let fields = self.index.fields();
        // Each article's words are matched by its own language's rules.
        let mut analyzers: HashMap<Language, Words> = HashMap::new();
        let mut hits = Vec::with_capacity(addresses.len());
        for (i, (score, address)) in addresses.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let article = fields.to_article(&doc);
            let language = article.lang.unwrap_or(Language::ENGLISH);
            let words = analyzers
                .entry(language)
                .or_insert_with(|| self.words.take(language));
            let snippet = snippet(words, &article.body, terms, keys, request.snippet_chars);
            let title_highlights = article
                .title
                .as_deref()
                .map(|t| highlight_all(words, t, terms, keys))
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
                lang: article.lang,
                score,
                snippet,
                similar: Vec::new(),
            });
        }
        self.words.give_back(analyzers.into_values());
        Ok(hits)
    }
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
