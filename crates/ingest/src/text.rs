//! Raw scraped text: title = first non-empty line, body = the rest.

use newsdex_schema::Article;

use crate::FileRead;

pub(crate) fn read(text: &str, key: &str) -> FileRead {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let title = lines
        .by_ref()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_owned);
    let body = lines.collect::<Vec<_>>().join("\n").trim().to_string();
    let mut article = Article::new(body).with_id(Article::derive_id(key, 0));
    article.title = title;
    FileRead {
        articles: vec![article],
        problems: Vec::new(),
    }
}
