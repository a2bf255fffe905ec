//! Saved web pages: metadata from `<meta>` tags and JSON-LD, the article's text without
//! the page around it.

use std::path::Path;
use std::sync::LazyLock;

use ego_tree::NodeRef;
use newsdex_schema::{Article, NewsDate};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::dates::parse_date;
use crate::fields::{collapse_spaces, date_of, text_of};
use crate::text::{copyright, extract, strip_site_name};
use crate::{FileRead, Problem, ProblemKind, ReadOptions};

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("valid selector")
}

macro_rules! sel {
    ($css:literal) => {{
        static SELECTOR: LazyLock<Selector> = LazyLock::new(|| selector($css));
        &*SELECTOR
    }};
}

/// How many open elements html5ever may step over, in all, checking which are open when a
/// block starts (`<div>`, `<p>`, `<h1>`…): each such check walks up the open elements to
/// the nearest table, so a page of 20,000 nested `<div>`s took half a second and one of
/// 200,000 over a minute. 400,000,000 steps, about 28,000 nested `<div>`s, take about a
/// second; real pages take a few thousand.
pub const MAX_HTML_SCOPE_STEPS: u64 = 400_000_000;

pub(crate) fn read(text: &str, key: &str, path: &Path, _options: &ReadOptions) -> FileRead {
    if let Some(depth) = too_deep(text, MAX_HTML_SCOPE_STEPS) {
        return FileRead {
            articles: Vec::new(),
            problems: vec![Problem::new(
                path,
                ProblemKind::TooDeep,
                format!(
                    "skipped: its elements nest at least {depth} levels deep, too deep to parse in reasonable time"
                ),
            )],
            empty_records: 0,
        };
    }
    let html = Html::parse_document(text);
    let ld = json_ld(&html);
    let meta = |css: &Selector| {
        html.select(css)
            .filter_map(|e| e.value().attr("content"))
            .map(str::trim)
            .find(|c| !c.is_empty())
            .map(str::to_string)
    };
    let ld_text = |name: &str| ld.as_ref().and_then(|o| o.get(name)).and_then(text_of);
    let element_text = |css: &Selector| {
        html.select(css)
            .map(|e| collapse_spaces(&e.text().collect::<String>()))
            .find(|t| !t.is_empty())
    };

    let site_name = meta(sel!(r#"meta[property="og:site_name"]"#));
    let title = meta(sel!(r#"meta[property="og:title"]"#))
        .or_else(|| ld_text("headline"))
        .or_else(|| meta(sel!(r#"meta[name="twitter:title"]"#)))
        .or_else(|| element_text(sel!("title")))
        .or_else(|| element_text(sel!("h1")))
        .map(|t| strip_site_name(&collapse_spaces(&t), site_name.as_deref()));

    let root = article_root(&html);
    let date = meta(sel!(r#"meta[property="article:published_time"]"#))
        .or_else(|| meta(sel!(r#"meta[itemprop="datePublished"]"#)))
        .and_then(|d| parse_date(&d))
        .or_else(|| ld.as_ref().and_then(|o| o.get("datePublished")).and_then(date_of))
        .or_else(|| time_element(&html, root))
        .or_else(|| {
            meta(sel!(
                r#"meta[name="date"], meta[name="pubdate"], meta[name="publishdate"], meta[name="DC.date.issued"], meta[name="parsely-pub-date"]"#
            ))
            .and_then(|d| parse_date(&d))
        });
    let source = site_name
        .or_else(|| {
            ld.as_ref()
                .and_then(|o| o.get("publisher"))
                .and_then(text_of)
        })
        .or_else(|| footer_copyright(&html));
    let author = meta(sel!(r#"meta[name="author"]"#))
        .or_else(|| ld.as_ref().and_then(|o| o.get("author")).and_then(text_of))
        .or_else(|| meta(sel!(r#"meta[property="article:author"]"#)))
        .filter(|a| !a.starts_with("http"));
    let url = html
        .select(sel!(r#"link[rel="canonical"]"#))
        .filter_map(|e| e.value().attr("href"))
        .map(str::trim)
        .find(|h| !h.is_empty())
        .map(str::to_string)
        .or_else(|| meta(sel!(r#"meta[property="og:url"]"#)))
        .or_else(|| ld_text("url"));

    let page_text = root
        .map(|r| visible_text(r, is_body(r)))
        .unwrap_or_default();
    let mut extracted = extract(&page_text, title.as_deref());
    if extracted.body.is_empty() {
        if let Some(body) = ld_text("articleBody") {
            extracted = extract(&body, title.as_deref());
        }
    }
    let mut article = Article::new(extracted.body).with_id(Article::derive_id(key, 0));
    article.title = title.or(extracted.title);
    article.date = date.or(extracted.date);
    article.source = source.or(extracted.source);
    article.author = author.map(|a| collapse_spaces(&a)).or(extracted.author);
    article.url = url;
    article.raw = Some(text.to_string());
    FileRead {
        articles: vec![article],
        problems: Vec::new(),
        empty_records: 0,
    }
}

/// The JSON-LD object describing the article (`NewsArticle`, `Article`, `BlogPosting`…),
/// from a `<script type="application/ld+json">`, a list or an `@graph`.
fn json_ld(html: &Html) -> Option<serde_json::Map<String, Value>> {
    const TYPES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    ];
    fn is_article(value: &Value) -> bool {
        match value.get("@type") {
            Some(Value::String(t)) => TYPES.contains(&t.as_str()),
            Some(Value::Array(ts)) => ts
                .iter()
                .any(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))),
            _ => false,
        }
    }
    fn find(value: Value, depth: usize) -> Option<serde_json::Map<String, Value>> {
        if depth > 8 {
            return None;
        }
        match value {
            Value::Array(items) => items.into_iter().find_map(|v| find(v, depth + 1)),
            Value::Object(mut map) => {
                if is_article(&Value::Object(map.clone())) {
                    return Some(map);
                }
                map.remove("@graph").and_then(|g| find(g, depth + 1))
            }
            _ => None,
        }
    }
    html.select(sel!(r#"script[type="application/ld+json"]"#))
        .filter_map(|s| serde_json::from_str::<Value>(s.text().collect::<String>().trim()).ok())
        .find_map(|v| find(v, 0))
}

/// The element holding the article: `[itemprop=articleBody]`, else the `<article>` with
/// the most text, else `<main>`, else `<body>`.
fn article_root(html: &Html) -> Option<ElementRef<'_>> {
    if let Some(body) = html.select(sel!(r#"[itemprop="articleBody"]"#)).next() {
        return Some(body);
    }
    let text_len = |e: &ElementRef| e.text().map(str::len).sum::<usize>();
    html.select(sel!("article"))
        .filter(|e| !skipped(e) && text_len(e) > 0)
        .max_by_key(text_len)
        .or_else(|| html.select(sel!(r#"main, [role="main"]"#)).next())
        .or_else(|| html.select(sel!("body")).next())
        .or_else(|| Some(html.root_element()))
}

fn is_body(e: ElementRef) -> bool {
    matches!(e.value().name(), "body" | "html")
}

/// A `<time datetime>` that dates the article: one marked as the publication date, or
/// the first inside the article itself.
fn time_element(html: &Html, root: Option<ElementRef>) -> Option<NewsDate> {
    let marked = html
        .select(sel!(
            r#"time[itemprop="datePublished"][datetime], time[pubdate][datetime]"#
        ))
        .filter_map(|t| t.value().attr("datetime"))
        .find_map(parse_date);
    if marked.is_some() {
        return marked;
    }
    let root = root.filter(|r| !is_body(*r))?;
    root.select(sel!("time[datetime]"))
        .filter(|t| {
            !t.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| skipped(&a))
        })
        .filter_map(|t| t.value().attr("datetime"))
        .find_map(parse_date)
}

/// The holder of a copyright line in the page's `<footer>`.
fn footer_copyright(html: &Html) -> Option<String> {
    html.select(sel!("footer"))
        .flat_map(|f| {
            visible_text(f, false)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find_map(|l| copyright(l.trim()))
}

/// Elements that are never the article's text.
fn skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "iframe"
            | "svg"
            | "figure"
            | "figcaption"
            | "select"
            | "textarea"
            | "input"
            | "label"
            | "dialog"
            | "menu"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "head"
            | "title"
    )
}

/// Elements whose role, class or id marks them as page furniture: comments, sharing,
/// related links, newsletters, navigation.
fn skipped(e: &ElementRef) -> bool {
    const WORDS: &[&str] = &[
        "comment",
        "comments",
        "disqus",
        "share",
        "sharing",
        "social",
        "related",
        "newsletter",
        "advert",
        "advertisement",
        "promo",
        "sidebar",
        "footer",
        "nav",
        "navbar",
        "navigation",
        "breadcrumb",
        "breadcrumbs",
        "cookie",
        "cookies",
        "subscribe",
        "subscription",
        "signup",
        "popup",
        "modal",
        "recommended",
        "recommendations",
        "trending",
    ];
    let v = e.value();
    if skipped_tag(v.name()) || v.attr("hidden").is_some() || v.attr("aria-hidden") == Some("true")
    {
        return true;
    }
    if matches!(
        v.attr("role"),
        Some("navigation" | "complementary" | "contentinfo" | "banner" | "search" | "dialog")
    ) {
        return true;
    }
    let names = v.attr("class").unwrap_or("").to_string() + " " + v.attr("id").unwrap_or("");
    names
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .any(|w| WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "br"
            | "hr"
            | "tr"
            | "table"
            | "blockquote"
            | "pre"
            | "address"
            | "body"
    )
}

/// The text of an element, one block a line, without skipped elements. `in_body` also
/// skips the page's `<header>` (the site's banner) when there is no `<article>`.
/// Walks with an explicit stack, so deep nesting cannot overflow.
fn visible_text(root: ElementRef, in_body: bool) -> String {
    enum Step<'a> {
        Enter(NodeRef<'a, Node>),
        Leave(bool),
    }
    let mut out = String::new();
    let mut pre = 0usize;
    let mut stack = vec![Step::Enter(*root)];
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(is_pre) => {
                if is_pre {
                    pre -= 1;
                }
                newline(&mut out);
            }
            Step::Enter(node) => match node.value() {
                Node::Text(text) => {
                    if pre > 0 {
                        out.push_str(text);
                    } else {
                        let collapsed = collapse_spaces(text);
                        if collapsed.is_empty() {
                            if !out.ends_with([' ', '\n']) && !out.is_empty() && !text.is_empty() {
                                out.push(' ');
                            }
                            continue;
                        }
                        if text.starts_with(char::is_whitespace)
                            && !out.ends_with([' ', '\n'])
                            && !out.is_empty()
                        {
                            out.push(' ');
                        }
                        out.push_str(&collapsed);
                        if text.ends_with(char::is_whitespace) {
                            out.push(' ');
                        }
                    }
                }
                Node::Element(element) => {
                    let Some(e) = ElementRef::wrap(node) else {
                        continue;
                    };
                    if node != *root && (skipped(&e) || (in_body && element.name() == "header")) {
                        continue;
                    }
                    let block = is_block(element.name());
                    let is_pre = element.name() == "pre";
                    if block {
                        newline(&mut out);
                        if is_pre {
                            pre += 1;
                        }
                        stack.push(Step::Leave(is_pre));
                    }
                    for child in node.children().rev() {
                        stack.push(Step::Enter(child));
                    }
                }
                Node::Document | Node::Fragment => {
                    for child in node.children().rev() {
                        stack.push(Step::Enter(child));
                    }
                }
                _ => {}
            },
        }
    }
    out.lines().map(str::trim).collect::<Vec<_>>().join("\n")
}

/// How deep the elements of `text` nest where parsing it would take more than `budget`
/// steps of checking open elements (see [`MAX_HTML_SCOPE_STEPS`]), or `None`. Follows the
/// elements roughly as a parser opens them: an end tag closes the innermost open element
/// of its name and those inside it, and is ignored when none is open; a link closes an
/// open link; void elements (`<br>`), those closed by their next sibling (`<p>`, `<li>`)
/// and raw text (`<script>`, `<style>`) open nothing. Linear in the text.
fn too_deep(text: &str, budget: u64) -> Option<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "basefont", "bgsound", "frame", "keygen",
    ];
    const SIBLING_CLOSED: &[&str] = &[
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
        "colgroup", "rb", "rt", "rtc", "rp",
    ];
    const RAW_TEXT: &[&str] = &[
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "plaintext",
    ];
    // Start tags that first look for an open `<p>` to close, up to the nearest boundary.
    const CHECKS_SCOPE: &[&str] = &[
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hgroup",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "search",
        "section",
        "summary",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "listing",
        "form",
        "table",
        "hr",
        "li",
        "dd",
        "dt",
    ];
    const SCOPE_BOUNDARY: &[&str] = &[
        "applet", "button", "caption", "marquee", "object", "table", "template",
    ];
    let bytes = text.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // Where in `open` the boundaries are, innermost last.
    let mut boundaries: Vec<usize> = Vec::new();
    // How many elements of each name are open, so an end tag with none open costs nothing.
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut steps: u64 = 0;
    let mut at = 0;
    let close_through =
        |name: &str,
         open: &mut Vec<String>,
         boundaries: &mut Vec<usize>,
         counts: &mut std::collections::HashMap<String, usize>| {
            while let Some(inner) = open.pop() {
                if let Some(n) = counts.get_mut(&inner) {
                    *n -= 1;
                }
                if inner == name {
                    break;
                }
            }
            while boundaries.last().is_some_and(|&b| b >= open.len()) {
                boundaries.pop();
            }
        };
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        at += offset + 1;
        let rest = &bytes[at..];
        if rest.starts_with(b"!--") {
            at = find(bytes, at + 3, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = at + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = text[name_start..name_start + name_len].to_ascii_lowercase();
        at = find(bytes, name_start + name_len, b">").map_or(bytes.len(), |end| end + 1);
        let is_open = |name: &str, counts: &std::collections::HashMap<String, usize>| {
            counts.get(name).is_some_and(|&n| n > 0)
        };
        if closing {
            if is_open(&name, &counts) {
                close_through(&name, &mut open, &mut boundaries, &mut counts);
            }
            continue;
        }
        if CHECKS_SCOPE.contains(&name.as_str()) {
            let boundary = boundaries.last().map_or(0, |&b| b + 1);
            steps += (open.len() - boundary) as u64;
            if steps > budget {
                return Some(open.len());
            }
        }
        if RAW_TEXT.contains(&name.as_str()) {
            let end = format!("</{name}");
            at = find_ignoring_case(bytes, at, end.as_bytes()).unwrap_or(bytes.len());
        } else if !VOID.contains(&name.as_str()) && !SIBLING_CLOSED.contains(&name.as_str()) {
            if name == "a" && is_open("a", &counts) {
                close_through("a", &mut open, &mut boundaries, &mut counts);
            }
            if SCOPE_BOUNDARY.contains(&name.as_str()) {
                boundaries.push(open.len());
            }
            *counts.entry(name.clone()).or_default() += 1;
            open.push(name);
        }
    }
    None
}

/// Where `needle` first occurs in `bytes` from `from` on.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

/// [`find`], with ASCII letters of either case.
fn find_ignoring_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_deep_follows_elements_as_a_parser_opens_them() {
        // 1,000 nested blocks cost 500,000 steps: over this budget.
        let budget = 100_000;
        let n = 1000;
        for (name, page) in [
            ("blocks", "<div>".repeat(n)),
            ("self-closed blocks", "<DIV/>".repeat(n)),
            ("end tags of elements not open", "<div></span>".repeat(n)),
            (
                "blocks in deep inline elements",
                "<font>".repeat(n) + &"<h2>".repeat(n),
            ),
        ] {
            assert!(too_deep(&page, budget).is_some(), "{name}");
        }
        for (name, page) in [
            ("paragraphs", "<p>line<br><img src=x.png>".repeat(3 * n)),
            ("list items", "<ul>".to_string() + &"<li>item".repeat(3 * n)),
            (
                "links closing links",
                "<a href=x>link <div>b</div>".repeat(3 * n),
            ),
            ("inline elements only", "<b><i>word ".repeat(3 * n)),
            (
                "blocks in tables in tables",
                "<table><tr><td><div>b</div>".repeat(3 * n),
            ),
            (
                "tags as text",
                format!(
                    "<script>{0}</script><style>{0}</STYLE><!--{0}-->",
                    "<div>".repeat(3 * n)
                ),
            ),
            ("outer end tags", "<div><span><b>x</div>".repeat(3 * n)),
        ] {
            assert_eq!(too_deep(&page, budget), None, "{name}");
        }
        assert_eq!(
            too_deep(&"<div>".repeat(n), budget),
            Some(447),
            "depth when over"
        );
    }

    fn one(html: &str) -> Article {
        read(html, "p.html", Path::new("p.html"), &ReadOptions::default())
            .articles
            .remove(0)
    }

    const PAGE: &str = r#"<!doctype html>
<html><head>
<title>Kim meets Shoigu | World | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-07-27T10:30:00+09:00">
<link rel="canonical" href="https://example.com/kim-shoigu">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Kim meets Shoigu","author":{"@type":"Person","name":"Jane Doe"}}</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<article>
  <h1>Kim meets Shoigu</h1>
  <div class="share-buttons"><a>Facebook</a><a>Twitter</a></div>
  <p>Kim and <b>Shoigu</b> talked Wednesday in the capital, Pyongyang.</p>
  <figure><img src="x.jpg"><figcaption>Photo: AP</figcaption></figure>
  <p>They reached a consensus on <i>matters of mutual concern</i>.</p>
  <section class="comments"><p>Reader: 2023-07-28 great!</p></section>
</article>
<aside>Most read</aside>
<footer>© 2023 Example News Ltd</footer>
</body></html>"#;

    #[test]
    fn reads_meta_tags_and_the_article_text() {
        let a = one(PAGE);
        assert_eq!(a.title.as_deref(), Some("Kim meets Shoigu"));
        assert_eq!(
            a.date.map(|d| d.to_string()).as_deref(),
            Some("2023-07-27T01:30:00Z")
        );
        assert_eq!(a.source.as_deref(), Some("Example News"));
        assert_eq!(a.author.as_deref(), Some("Jane Doe"));
        assert_eq!(a.url.as_deref(), Some("https://example.com/kim-shoigu"));
        assert_eq!(
            a.body,
            "Kim and Shoigu talked Wednesday in the capital, Pyongyang.\nThey reached a consensus on matters of mutual concern."
        );
        assert_eq!(a.raw.as_deref(), Some(PAGE));
    }

    #[test]
    fn falls_back_to_json_ld_time_and_footer() {
        let page = r#"<html><head><title>Talks</title>
<script type="application/ld+json">[{"@type":"WebSite"},{"@graph":[{"@type":["NewsArticle"],"datePublished":"2023-09-12","publisher":{"@type":"Organization","name":"TASS"}}]}]</script>
</head><body><p>Peskov said Shoigu will take part in the talks with Kim.</p></body></html>"#;
        let a = one(page);
        assert_eq!(a.title.as_deref(), Some("Talks"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-09-12"));
        assert_eq!(a.source.as_deref(), Some("TASS"));
        assert_eq!(
            a.body,
            "Peskov said Shoigu will take part in the talks with Kim."
        );

        let page = r#"<html><body><main><h1>A headline here</h1><time datetime="2023-10-19">Oct 19</time>
<p>The story in one sentence of some length.</p></main><footer><p>Copyright 2023 Big Big News. All rights reserved.</p></footer></body></html>"#;
        let a = one(page);
        assert_eq!(a.title.as_deref(), Some("A headline here"));
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-10-19"));
        assert_eq!(a.source.as_deref(), Some("Big Big News"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = "<title>Deep</title>".to_string()
            + &"<div>".repeat(3_000)
            + "The deep text, at the bottom of it all."
            + &"</div>".repeat(3_000);
        let a = one(&page);
        assert_eq!(a.body, "The deep text, at the bottom of it all.");
    }
}
