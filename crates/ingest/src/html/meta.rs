//! The metadata of a page beyond its `<meta>` tags: JSON-LD, `<time>` elements, the
//! copyright line of its footer.

use newsdex_schema::NewsDate;
use scraper::{ElementRef, Html};
use serde_json::Value;

use super::content::{is_body, skipped, visible_text};
use crate::dates::parse_date;
use crate::text::copyright;

/// The JSON-LD object describing the article (`NewsArticle`, `Article`, `BlogPosting`…),
/// from a `<script type="application/ld+json">`, a list or an `@graph`.
pub(crate) fn json_ld(html: &Html) -> Option<serde_json::Map<String, Value>> {
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

/// A `<time datetime>` that dates the article: one marked as the publication date, or
/// the first inside the article itself.
pub(crate) fn time_element(html: &Html, root: Option<ElementRef>) -> Option<NewsDate> {
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
pub(crate) fn footer_copyright(html: &Html) -> Option<String> {
    html.select(sel!("footer"))
        .flat_map(|f| {
            visible_text(f, false)
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .find_map(|l| copyright(l.trim()))
}
