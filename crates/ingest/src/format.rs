//! The formats newsdex reads, by file extension.

use std::fmt;
use std::path::Path;

/// The file formats newsdex reads, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Format {
    /// `.txt`, `.text`: a scraped page saved as text.
    Text,
    /// `.md`, `.markdown`: Markdown, with or without front matter.
    Markdown,
    /// `.html`, `.htm`: a saved web page.
    Html,
    /// `.json`: one JSON object, or an array of objects.
    Json,
    /// `.jsonl`, `.ndjson`: one JSON object a line.
    #[serde(rename = "jsonl")]
    JsonLines,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 5] = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::JsonLines,
    ];

    /// The extensions newsdex reads, as messages list them.
    pub const EXTENSIONS: &'static str =
        ".txt, .text, .md, .markdown, .html, .htm, .json, .jsonl, .ndjson";

    /// The format of a file, from its extension; `None` for files newsdex doesn't read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// A short name (`text`, `markdown`, `html`, `json`, `jsonl`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
        }
    }

    /// Whether a file of this format holds one article (and keeps its text in
    /// [`Article::raw`](crate::Article::raw)) rather than records.
    pub fn is_single_article(self) -> bool {
        matches!(self, Format::Text | Format::Markdown | Format::Html)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
