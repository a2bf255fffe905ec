//! The depth scan that runs before html5ever: a page whose elements nest so deep that
//! building its tree would take too long is found in one linear pass and skipped.

/// How many open elements html5ever may step over, in all, checking which are open when a
/// block starts (`<div>`, `<p>`, `<h1>`…): each such check walks up the open elements to
/// the nearest table, so a page of 20,000 nested `<div>`s took half a second and one of
/// 200,000 over a minute. 400,000,000 steps, about 28,000 nested `<div>`s, take about a
/// second; real pages take a few thousand.
pub const MAX_HTML_SCOPE_STEPS: u64 = 400_000_000;

/// How deep the elements of `text` nest where parsing it would take more than `budget`
/// steps of checking open elements (see [`MAX_HTML_SCOPE_STEPS`]), or `None`. Follows the
/// elements roughly as a parser opens them: an end tag closes the innermost open element
/// of its name and those inside it, and is ignored when none is open; a link closes an
/// open link; void elements (`<br>`), those closed by their next sibling (`<p>`, `<li>`)
/// and raw text (`<script>`, `<style>`) open nothing. Linear in the text.
pub(crate) fn too_deep(text: &str, budget: u64) -> Option<usize> {
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
}
