use serde::{Deserialize, Serialize};

use crate::{Language, NewsDate};

/// One news article, whatever file it came from.
///
/// Only `body` is required; every other field is `None` when the input does not support
/// it. `id` is stable: the same input gives the same id every time it is read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The stable id: the record's own id where it has one, else derived from its file.
    pub id: String,
    /// The file the article was read from.
    pub path: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// When the article was published.
    pub date: Option<NewsDate>,
    /// The outlet or agency (`AP`, `Reuters`).
    pub source: Option<String>,
    /// The byline.
    pub author: Option<String>,
    /// Where the article was published.
    pub url: Option<String>,
    /// The article's text, without page clutter.
    pub body: String,
    /// The original text of the file, where cleaning changed it, so it can be shown as it
    /// was (`search show --raw`). `None` for records of multi-record files, whose fields
    /// are the record.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub raw: Option<String>,
    /// The language the article is written in: given by its record, front matter or page
    /// (`lang`, `language`, `<html lang>`), else detected from its text; `None` where it
    /// could not be told. Its text is analysed by that language's rules.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lang: Option<Language>,
    /// Size, modification time and content hash of the file when it was read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stamp: Option<FileStamp>,
    /// The line of its file the record starts on, for files of many records (JSON Lines,
    /// JSON arrays), so that a warning about it can name the line. Not stored.
    #[serde(skip)]
    pub line: Option<usize>,
}

/// What incremental sync remembers of a file: its size, modification time and content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    /// Length in bytes.
    pub size: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub mtime_nanos: i64,
    /// BLAKE3 hash of the content, in hex.
    pub hash: String,
}

impl FileStamp {
    /// The modification time of a file in nanoseconds since the Unix epoch, as stamps hold
    /// it (0 where the platform doesn't tell).
    pub fn mtime_of(metadata: &std::fs::Metadata) -> i64 {
        metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
    }

    /// Whether a file's current metadata matches this stamp's size and time, so it can be
    /// taken as unchanged without reading it.
    pub fn matches(&self, metadata: &std::fs::Metadata) -> bool {
        self.size == metadata.len() && self.mtime_nanos == FileStamp::mtime_of(metadata)
    }
}

impl Article {
    /// An article with this body and nothing else.
    pub fn new(body: impl Into<String>) -> Article {
        Article {
            body: body.into(),
            ..Article::default()
        }
    }

    /// Sets the id.
    pub fn with_id(mut self, id: impl Into<String>) -> Article {
        self.id = id.into();
        self
    }

    /// Sets the title.
    pub fn with_title(mut self, title: impl Into<String>) -> Article {
        self.title = Some(title.into());
        self
    }

    /// Sets the publication date.
    pub fn with_date(mut self, date: NewsDate) -> Article {
        self.date = Some(date);
        self
    }

    /// Sets the source.
    pub fn with_source(mut self, source: impl Into<String>) -> Article {
        self.source = Some(source.into());
        self
    }

    /// Sets the author.
    pub fn with_author(mut self, author: impl Into<String>) -> Article {
        self.author = Some(author.into());
        self
    }

    /// Sets the URL.
    pub fn with_url(mut self, url: impl Into<String>) -> Article {
        self.url = Some(url.into());
        self
    }

    /// Sets the language.
    pub fn with_lang(mut self, language: Language) -> Article {
        self.lang = Some(language);
        self
    }

    /// The language of the article's title and body, detected from their letters (see
    /// [`Language::detect`]); `None` where it can't be told.
    pub fn detect_lang(&self) -> Option<Language> {
        match &self.title {
            Some(title) if self.body.len() < 1200 => {
                Language::detect(&format!("{title}\n{}", self.body))
            }
            _ => Language::detect(&self.body),
        }
    }

    /// Sets the path of the file the article came from.
    pub fn with_path(mut self, path: impl Into<String>) -> Article {
        self.path = Some(path.into());
        self
    }

    /// Sets the original text.
    pub fn with_raw(mut self, raw: impl Into<String>) -> Article {
        self.raw = Some(raw.into());
        self
    }

    /// Sets the file stamp.
    pub fn with_stamp(mut self, stamp: FileStamp) -> Article {
        self.stamp = Some(stamp);
        self
    }

    /// A stable id for the `ordinal`-th article of the file known by `key`: the first 16 hex
    /// digits of the BLAKE3 hash of `key` (plus `#ordinal` after the first article).
    pub fn derive_id(key: &str, ordinal: usize) -> String {
        let hash = if ordinal == 0 {
            blake3::hash(key.as_bytes())
        } else {
            blake3::hash(format!("{key}#{ordinal}").as_bytes())
        };
        hash.to_hex()[..16].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_and_distinct() {
        let a = Article::derive_id("data/001.txt", 0);
        assert_eq!(a, Article::derive_id("data/001.txt", 0));
        assert_eq!(a.len(), 16);
        assert_ne!(a, Article::derive_id("data/001.txt", 1));
        assert_ne!(a, Article::derive_id("data/002.txt", 0));
    }
}
