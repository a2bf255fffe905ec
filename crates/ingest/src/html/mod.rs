//! Saved web pages: metadata from `<meta>` tags and JSON-LD, the article's text without
//! the page around it.
//!
//! `depth` scans a page for nesting too deep to parse before html5ever sees it;
//! `content` finds the article's element and its visible text; `meta` reads JSON-LD,
//! `<time>` and the footer's copyright line.

/// A CSS selector parsed once, on first use.
macro_rules! sel {
    ($css:literal) => {{
        static SELECTOR: std::sync::LazyLock<scraper::Selector> =
            std::sync::LazyLock::new(|| scraper::Selector::parse($css).expect("valid selector"));
        &*SELECTOR
    }};
}

mod content;
mod depth;
mod meta;

use std::path::Path;

use newsdex_schema::{Article, Language};
use scraper::{Html, Selector};

pub use depth::MAX_HTML_SCOPE_STEPS;

use crate::dates::parse_date;
use crate::fields::{collapse_spaces, date_of, text_of};
use crate::options::ReadOptions;
use crate::problem::{FileRead, Problem, ProblemKind};
use crate::text::{extract, strip_site_name};
use content::{article_root, is_body, visible_text};
use depth::too_deep;
use meta::{footer_copyright, json_ld, time_element};

pub(crate) fn read(text: &str, key: &str, path: &Path, _options: &ReadOptions) -> FileRead {
    if let Some(depth) = too_deep(text, MAX_HTML_SCOPE_STEPS) {
        return FileRead::skipped(Problem::new(
            path,
            ProblemKind::TooDeep,
            format!(
                "skipped: its elements nest at least {depth} levels deep, too deep to parse in reasonable time"
            ),
        ));
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
    article.lang = page_language(&html, ld.as_ref());
    article.raw = Some(text.to_string());
    FileRead::one(article, Vec::new())
}

/// The language a page declares: `<html lang>`, `Content-Language`, `og:locale`, or the
/// JSON-LD `inLanguage`.
fn page_language(
    html: &Html,
    ld: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Option<Language> {
    let meta = |css: &Selector| {
        html.select(css)
            .filter_map(|e| e.value().attr("content"))
            .find_map(Language::parse)
    };
    let root = html.root_element();
    root.value()
        .attr("lang")
        .or_else(|| root.value().attr("xml:lang"))
        .and_then(Language::parse)
        .or_else(|| meta(sel!(r#"meta[http-equiv="content-language" i]"#)))
        .or_else(|| meta(sel!(r#"meta[property="og:locale"]"#)))
        .or_else(|| {
            ld.and_then(|o| o.get("inLanguage"))
                .and_then(text_of)
                .and_then(|l| Language::parse(&l))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn reads_the_language_a_page_declares() {
        let page = r#"<html lang="ru-RU"><head><title>Переговоры</title></head><body><p>Текст.</p></body></html>"#;
        assert_eq!(one(page).lang.map(|l| l.code()), Some("ru"));
        let page = r#"<html><head><meta property="og:locale" content="ko_KR"><title>회담</title></head><body><p>본문.</p></body></html>"#;
        assert_eq!(one(page).lang.map(|l| l.code()), Some("ko"));
        let page =
            r#"<html lang="tlh"><head><title>T</title></head><body><p>Body.</p></body></html>"#;
        assert_eq!(one(page).lang, None);
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
