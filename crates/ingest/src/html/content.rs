//! The article's text inside a page: which element holds it, and its visible text
//! without navigation, comments, sharing blocks or footers.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use crate::fields::collapse_spaces;

/// The element holding the article: `[itemprop=articleBody]`, else the `<article>` with
/// the most text, else `<main>`, else `<body>`.
pub(crate) fn article_root(html: &Html) -> Option<ElementRef<'_>> {
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

pub(crate) fn is_body(e: ElementRef) -> bool {
    matches!(e.value().name(), "body" | "html")
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
pub(crate) fn skipped(e: &ElementRef) -> bool {
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
pub(crate) fn visible_text(root: ElementRef, in_body: bool) -> String {
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
