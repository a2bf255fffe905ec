//! The command line, as clap reads it. Doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Search folders of news articles: ranked, highlighted answers in milliseconds.
///
/// `search QUERY` searches the index; the subcommands build and inspect it. Run inside a
/// newsdex checkout, the index is `.newsdex/` at its root, built over `data/` on first
/// use. Exit codes: 0 found, 1 nothing found, 2 error.
#[derive(Debug, Parser)]
#[command(
    name = "search",
    version,
    after_help = "Query language: words (articles with every word rank first), \"phrases\", \
AND OR NOT, +word -word, prefix*, word~1, title: body: source: author: id:, \
date:2023-07, date:[2023-07-01 TO 2023-09-30], (groups), word^2.\n\
To search for a word that is also a subcommand, put -- before it: search -- index"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub search: SearchArgs,

    #[command(flatten)]
    pub global: GlobalArgs,
}

impl Cli {
    /// Whether the command asked for JSON output.
    pub fn json(&self) -> bool {
        match &self.command {
            None => self.search.json,
            Some(Command::Index(a)) => a.json,
            Some(Command::Show(a)) => a.json,
            Some(Command::Stats(a)) => a.json,
            Some(Command::Check(a)) => a.json,
            Some(Command::Export(a)) => a.json,
            Some(Command::Watch(_) | Command::Serve(_)) => false,
        }
    }
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The index folder [default: .newsdex/ in a newsdex checkout, else the per-user data
    /// folder]
    #[arg(long, global = true, env = "NEWSDEX_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index files and folders, or bring the index in sync with the ones it remembers.
    Index(IndexArgs),
    /// Print one article in full.
    Show(ShowArgs),
    /// Print what the index holds: articles, size, dates, sources.
    Stats(StatsArgs),
    /// Verify every file of the index against its checksum.
    Check(CheckArgs),
    /// Keep the index in sync with its folders as files change, until Ctrl-C.
    Watch(WatchArgs),
    /// Serve the index over HTTP: a search page at / and a JSON API under /api/v1.
    Serve(ServeArgs),
    /// Write the articles for Elasticsearch, OpenSearch, Quickwit or Meilisearch, with
    /// the matching index settings, or push them to a running Meilisearch.
    Export(ExportArgs),
}

/// `search QUERY`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query; several words are joined with spaces.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// How many hits to print (0: only count them, as with --facets).
    #[arg(short = 'n', long, default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// How many of the best hits to skip (for paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Print JSON Lines: one object per hit, then a summary; errors as one JSON object on
    /// stderr.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub narrow: Narrow,

    /// Only articles in LANGUAGE: a code such as en, ru, zh, ko, de, fr, or a name
    /// (repeat for several).
    #[arg(long, value_name = "LANGUAGE")]
    pub lang: Vec<String>,

    /// Order of hits: score, date (oldest first) or -date (newest first).
    #[arg(
        long,
        default_value = "score",
        value_name = "ORDER",
        allow_hyphen_values = true
    )]
    pub sort: String,

    /// Require every word of the query.
    #[arg(long)]
    pub all: bool,

    /// Search only the spellings typed (no name variants such as Shoygu for Shoigu, no
    /// soymeal for soy meal).
    #[arg(long)]
    pub exact: bool,

    /// List near-duplicates (copies of one story, re-sent or corrected) as hits of their
    /// own; by default each is folded into the best hit of its story ("+1 similar").
    #[arg(long)]
    pub duplicates: bool,

    /// Search the words of a query that doesn't parse instead of failing.
    #[arg(long)]
    pub lenient: bool,

    /// After the hits, count all matching articles by source and by month.
    #[arg(long)]
    pub facets: bool,

    /// Favour recent articles.
    #[arg(long)]
    pub recent: bool,

    /// List the articles most related to the one with this id (not its copies, unless
    /// --duplicates).
    #[arg(long, value_name = "ID")]
    pub like: Option<String>,

    /// Snippet length in characters (0: no snippet).
    #[arg(long, default_value_t = 160, value_name = "N")]
    pub snippet_chars: usize,

    /// Don't bring the default index in sync with its folders before searching.
    #[arg(long)]
    pub no_sync: bool,
}

/// `search index`.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files and folders to index; they are remembered, so later runs need none.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Delete everything and index again from scratch.
    #[arg(long)]
    pub rebuild: bool,

    /// Stop indexing this remembered file or folder and remove its articles.
    #[arg(long, value_name = "PATH")]
    pub forget: Vec<PathBuf>,

    /// Wait for another process that is updating the index instead of failing.
    #[arg(long)]
    pub wait: bool,

    /// Exit with an error if any file was skipped or had a bad record.
    #[arg(long)]
    pub strict: bool,

    /// Skip files read whole (text, Markdown, HTML, JSON) larger than SIZE: bytes, or
    /// with a unit (100M, 2GiB, 1.5G; K, M, G are powers of 1024). JSON Lines files have
    /// no size limit, only their records.
    #[arg(long, default_value = "64MiB", value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Leave out lines of JSON Lines files longer than SIZE (as --max-file-size).
    #[arg(long, default_value = "16MiB", value_name = "SIZE", value_parser = parse_size)]
    pub max_record_size: u64,

    /// Memory the index writer may fill before it writes a segment to disk, shared by its
    /// threads (a size as --max-file-size takes; default 24M a thread, a thread a core up
    /// to 4; at least 15M a thread, so fewer threads below that). More makes fewer, larger
    /// segments; less makes more, merged as they come.
    #[arg(long, value_name = "SIZE", value_parser = parse_memory)]
    pub memory: Option<u64>,

    /// Read JSON field NAME as the article's FIELD (title, body, date, source, author,
    /// url, id), e.g. --field body=story or --field date=meta.published; repeatable.
    /// Files already indexed are read with a new mapping only after --rebuild.
    #[arg(long = "field", value_name = "FIELD=NAME")]
    pub fields: Vec<String>,

    /// Index only the files that match GLOB (repeatable), as a .gitignore line matches:
    /// `*.txt`, `2023/**`. Remembered with the folders: later runs and searches keep
    /// the globs until a run gives others.
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,

    /// Leave out the files and folders that match GLOB (repeatable): `drafts/`,
    /// `*-old.md`. Remembered as --include is.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Forget the remembered --include and --exclude globs: index every file again.
    #[arg(long, conflicts_with_all = ["include", "exclude"])]
    pub no_globs: bool,

    /// Print the summary as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Don't print a line for each problem, only the summary.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `search show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The article's id, as search prints it, or the start of it (as long as one article's
    /// id starts so).
    pub id: String,

    /// Mark the words this query matches in the article, as search marks them in
    /// snippets.
    #[arg(short = 'q', long, value_name = "QUERY")]
    pub query: Option<String>,

    /// With --query: mark only the spellings typed (no name variants).
    #[arg(long, requires = "query")]
    pub exact: bool,

    /// Print the article as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Print the original text, page clutter included.
    #[arg(long)]
    pub raw: bool,
}

/// `search stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `search check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `search watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Files and folders to add to the ones the index keeps in sync.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Wait this many milliseconds after the last change before syncing.
    #[arg(long, default_value_t = 500, value_name = "MS")]
    pub debounce: u64,

    /// Don't print a line for each problem, only the summaries.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The dates and sources `search` and `search export` narrow to.
#[derive(Debug, Args)]
pub struct Narrow {
    /// Only articles dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Only articles dated on or before DATE (YYYY-MM includes the whole month).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,

    /// Only articles from SOURCE (repeat for several; case doesn't matter).
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,
}

/// `search serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on. Another than a loopback address needs --token or
    /// --public.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,

    /// Answer the API only with the header `Authorization: Bearer TOKEN`.
    #[arg(
        long,
        env = "NEWSDEX_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,

    /// Serve anyone who can reach the address, without a token.
    #[arg(long, conflicts_with = "token")]
    pub public: bool,

    /// Let pages from ORIGIN (such as `https://example.org`) call the API; repeatable.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,

    /// Memory for the results of recent searches, so that a search asked again before the
    /// index changes is answered without searching (a size such as 64M or 1G; 0 keeps
    /// none).
    #[arg(long, default_value = "16M", value_name = "SIZE", value_parser = parse_size)]
    pub cache: u64,

    /// Don't print a line for each request.
    #[arg(short, long)]
    pub quiet: bool,
}

/// `search export`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
search export --format es-bulk > news.bulk           documents for Elasticsearch _bulk\n  \
search export --settings elasticsearch > news.json   the matching index mapping\n  \
search export --since 2023 --source AP > ap.jsonl     a subset, as JSON Lines\n  \
MEILI_API_KEY=... search export --to meilisearch http://127.0.0.1:7700")]
pub struct ExportArgs {
    /// Only the articles this query matches (every article without one).
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// The form of the documents: jsonl (one article a line; Quickwit's ingest API),
    /// es-bulk (Elasticsearch and OpenSearch _bulk) or meilisearch.
    #[arg(long, default_value = "jsonl", value_name = "FORMAT")]
    pub format: String,

    /// Print the index settings of ENGINE that match the documents, instead of the
    /// documents: elasticsearch, opensearch, quickwit or meilisearch.
    #[arg(long, value_name = "ENGINE", conflicts_with = "to")]
    pub settings: Option<String>,

    /// Push the articles to a running engine instead of printing them (only meilisearch).
    /// The API key, if it needs one, is read from the MEILI_API_KEY environment variable.
    #[arg(long, num_args = 2, value_names = ["ENGINE", "URL"])]
    pub to: Vec<String>,

    /// The name of the index in the other engine.
    #[arg(long, default_value = "news", value_name = "NAME")]
    pub index_name: String,

    #[command(flatten)]
    pub narrow: Narrow,

    /// Require every word of the query.
    #[arg(long)]
    pub all: bool,

    /// Match only the spellings typed (no name variants, no two words searched as one).
    #[arg(long)]
    pub exact: bool,

    /// Read a query that doesn't parse as plain words instead of failing.
    #[arg(long)]
    pub lenient: bool,

    /// Only the articles most related to the one with this id.
    #[arg(long, value_name = "ID")]
    pub like: Option<String>,

    /// Also export each article's original text, page clutter included (field raw).
    #[arg(long)]
    pub raw: bool,

    /// Documents per request when pushing.
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub batch_size: usize,

    /// Print the push summary as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// No progress and no summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Don't bring the default index in sync with its folders first.
    #[arg(long)]
    pub no_sync: bool,
}

/// A writer's memory budget: a [`parse_size()`] from 15M (one thread's least) to 4000M
/// (a little under what tantivy lets one thread use).
pub fn parse_memory(text: &str) -> Result<u64, String> {
    const LEAST: u64 = 15_000_000;
    const MOST: u64 = 4000 * 1024 * 1024;
    let bytes = parse_size(text)?;
    if bytes < LEAST {
        return Err(format!("{text} is less than the 15M an index writer needs"));
    }
    if bytes > MOST {
        return Err(format!(
            "{text} is more than the 4000M an index writer can use"
        ));
    }
    Ok(bytes)
}

/// A size as people write it: `1048576`, `100M`, `2GiB`, `1.5 G` (K, M, G, T and KB, MB,
/// GB, TB are powers of 1024, as in ripgrep's `--max-filesize`).
pub fn parse_size(text: &str) -> Result<u64, String> {
    parse_size::Config::new()
        .with_binary()
        .parse_size(text.trim())
        .map_err(|e| format!("{e}: expected a size such as 100M, 2GiB or 1048576"))
}

#[cfg(test)]
mod tests {
    use super::{parse_memory, parse_size};

    #[test]
    fn a_writer_budget_is_one_a_writer_can_use() {
        assert_eq!(parse_memory("64M"), Ok(64 << 20));
        assert_eq!(parse_memory("4000MiB"), Ok(4000 << 20));
        for bad in ["10M", "0", "5G", "lots"] {
            let err = parse_memory(bad).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
        assert!(parse_memory("10M").unwrap_err().contains("15M"));
        assert!(parse_memory("5G").unwrap_err().contains("4000M"));
    }

    #[test]
    fn sizes_read_like_sizes() {
        for (text, bytes) in [
            ("1048576", 1 << 20),
            ("100M", 100 << 20),
            ("100MB", 100 << 20),
            ("2GiB", 2 << 30),
            ("2g", 2 << 30),
            ("1.5 G", 3 << 29),
            ("64KiB", 64 << 10),
            (" 10k ", 10 << 10),
            ("0", 0),
        ] {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        for bad in ["", "M", "ten", "-1M", "1.2.3G", "5 parsecs"] {
            let err = parse_size(bad).unwrap_err();
            assert!(err.contains("expected a size such as 100M"), "{bad}: {err}");
        }
    }
}
