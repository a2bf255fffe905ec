//! From bytes to text: binary detection, byte-order marks, lossy UTF-8.

use std::borrow::Cow;

/// Known file signatures of formats that are not text, with a name for the skip reason.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office or EPUB file)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ\x90\x00", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Office document",
    ),
    (b"RIFF", "a media file"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
    (b"wOFF", "a font"),
    (b"wOF2", "a font"),
];

/// Why bytes are not text, or the text they hold.
pub(crate) enum Decoded<'a> {
    /// Not text; the reason says what it looks like.
    Binary(String),
    /// The text, and a warning when bytes had to be replaced.
    Text(Cow<'a, str>, Option<String>),
}

/// Decodes the bytes of a text file: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or
/// UTF-8 decoded lossily with a warning. Binary content (a known signature, NUL bytes,
/// many control characters) is refused.
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        return utf16(rest, u16::from_be_bytes);
    }
    if let Some(why) = binary_reason(bytes) {
        return Decoded::Binary(why);
    }
    utf8(bytes)
}

/// Why bytes without a byte-order mark are not text, judging by their start (a known
/// signature, many control characters in the first 8 KiB) and by a NUL anywhere in them.
pub(crate) fn binary_reason(bytes: &[u8]) -> Option<String> {
    if let Some((_, name)) = MAGIC.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(format!("binary file ({name})"));
    }
    if bytes.contains(&0) {
        return Some("binary file (contains NUL bytes)".into());
    }
    let head = &bytes[..bytes.len().min(8192)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x03 | 0x1b))
        .count();
    if head.len() >= 32 && controls * 10 > head.len() {
        return Some("binary file (mostly control characters)".into());
    }
    None
}

fn utf8(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::Text(Cow::Borrowed(text), None),
        Err(e) => Decoded::Text(
            String::from_utf8_lossy(bytes),
            Some(format!(
                "invalid UTF-8 at byte {}, decoded lossily",
                e.valid_up_to()
            )),
        ),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded<'static> {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut bad = bytes.len() % 2 == 1;
    let text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                bad = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    let warning = bad.then(|| "invalid UTF-16, decoded lossily".to_string());
    Decoded::Text(Cow::Owned(text), warning)
}

/// Removes control characters other than newline and tab (`\x03` ends every Reuters
/// record), and turns `\r\n` and lone `\r` into `\n`.
pub(crate) fn strip_controls(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8]) -> (String, Option<String>) {
        match decode(bytes) {
            Decoded::Text(t, w) => (t.into_owned(), w),
            Decoded::Binary(why) => panic!("unexpected binary: {why}"),
        }
    }

    fn binary(bytes: &[u8]) -> String {
        match decode(bytes) {
            Decoded::Binary(why) => why,
            Decoded::Text(t, _) => panic!("unexpected text: {t:?}"),
        }
    }

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(
            text(b"Kim \xe2\x80\x93 Shoigu"),
            ("Kim – Shoigu".into(), None)
        );
        assert_eq!(text(b"\xef\xbb\xbfKim"), ("Kim".into(), None));
    }

    #[test]
    fn reads_utf16_with_bom() {
        let le: Vec<u8> = "\u{feff}Kim – Shoigu"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(text(&le), ("Kim – Shoigu".into(), None));
        let be: Vec<u8> = "\u{feff}Pyongyang"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(text(&be), ("Pyongyang".into(), None));
    }

    #[test]
    fn decodes_bad_utf8_lossily_with_a_warning() {
        let (t, warning) = text(b"caf\xe9 au lait");
        assert_eq!(t, "caf\u{fffd} au lait");
        assert_eq!(
            warning.as_deref(),
            Some("invalid UTF-8 at byte 3, decoded lossily")
        );
    }

    #[test]
    fn refuses_binary() {
        assert_eq!(binary(b"%PDF-1.7\n..."), "binary file (a PDF document)");
        assert_eq!(
            binary(b"\x89PNG\r\n\x1a\n\0\0"),
            "binary file (a PNG image)"
        );
        assert!(binary(b"PK\x03\x04rest").contains("ZIP"));
        assert!(binary(b"\x1f\x8b\x08\x00").contains("gzip"));
        assert!(binary(b"text\0more").contains("NUL"));
        assert!(binary(&[1u8; 64]).contains("control"));
    }

    #[test]
    fn strips_control_characters() {
        assert_eq!(strip_controls("a\r\nb\rc\x03\x07\td"), "a\nb\nc\td");
        assert!(matches!(strip_controls("plain\ntext"), Cow::Borrowed(_)));
    }
}
