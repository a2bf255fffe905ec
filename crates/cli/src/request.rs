//! Arguments turned into library requests, in one place.

use anyhow::Context;
use newsdex::{DateSpan, Export, ReadOptions, SearchRequest, SyncOptions, WalkOptions};

use crate::args::{ExportArgs, IndexArgs, Narrow, SearchArgs};

/// The search request the flags describe.
pub fn search(args: &SearchArgs) -> anyhow::Result<SearchRequest> {
    let mut request = SearchRequest::new(args.query.join(" "))
        .limit(args.limit)
        .offset(args.offset)
        .sort(args.sort.parse()?)
        .all(args.all)
        .exact(args.exact)
        .duplicates(args.duplicates)
        .lenient(args.lenient)
        .facets(args.facets)
        .recent(args.recent)
        .snippet_chars(args.snippet_chars);
    request = narrowed(request, &args.narrow, args.like.as_deref())?;
    for lang in &args.lang {
        let language: newsdex::Language = lang.parse().context("--lang")?;
        request = request.lang(language);
    }
    Ok(request)
}

/// `request` narrowed to the dates and sources the flags name, and to the articles like
/// the one `--like` names.
fn narrowed(
    mut request: SearchRequest,
    narrow: &Narrow,
    like: Option<&str>,
) -> anyhow::Result<SearchRequest> {
    if let Some(since) = &narrow.since {
        request = request.since(DateSpan::parse(since).context("--since")?);
    }
    if let Some(until) = &narrow.until {
        request = request.until(DateSpan::parse(until).context("--until")?);
    }
    for source in &narrow.source {
        request = request.source(source);
    }
    if let Some(id) = like {
        request = request.like(id);
    }
    Ok(request)
}

/// The sync options the flags describe.
pub fn sync(args: &IndexArgs) -> anyhow::Result<SyncOptions> {
    let mut read = ReadOptions::new()
        .max_file_size(args.max_file_size)
        .max_record_size(args.max_record_size);
    for spec in &args.fields {
        read = read.map_field(spec)?;
    }
    let mut options = SyncOptions::new()
        .read_options(read)
        .rebuild(args.rebuild)
        .forget(&args.forget);
    if args.no_globs || !args.include.is_empty() || !args.exclude.is_empty() {
        let walk = args
            .include
            .iter()
            .fold(WalkOptions::new(), |w, g| w.include(g));
        let walk = args.exclude.iter().fold(walk, |w, g| w.exclude(g));
        walk.check()?;
        options = options.walk_options(walk);
    }
    Ok(options)
}

/// The export the flags describe.
pub fn export(args: &ExportArgs) -> anyhow::Result<Export> {
    let request = SearchRequest::new(args.query.join(" "))
        .all(args.all)
        .exact(args.exact)
        .lenient(args.lenient);
    let request = narrowed(request, &args.narrow, args.like.as_deref())?;
    Ok(Export::new(request)
        .format(args.format.parse()?)
        .index_name(&args.index_name)
        .raw(args.raw))
}
