//! No input makes a reader panic: every format fed arbitrary bytes, and text made of the
//! pieces each format's parser cares about.

use newsdex_ingest::{read_bytes, Format, ReadOptions};
use proptest::prelude::*;

/// Pieces of the syntax every reader looks at, to be shuffled into near-valid inputs.
const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "\\",
    "\\u00",
    "\n",
    "\r\n",
    "\t",
    " ",
    "\u{0}",
    "\u{3}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "–",
    "©",
    "\"id\"",
    "\"title\"",
    "\"body\"",
    "\"date\"",
    "\"26-FEB-1987 15:01:01.79\"",
    "1690416000000",
    "null",
    "true",
    "-1e999",
    "---",
    "+++",
    "...",
    "title: ",
    "date = ",
    "# ",
    "**",
    "[a](b)",
    "![x](y)",
    "<!--",
    "-->",
    "<html>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div class=\"comments\">",
    "</div>",
    "<pre>",
    "<script type=\"application/ld+json\">",
    "</script>",
    "<time datetime=\"2023-09-12\">",
    "<meta property=\"og:title\" content=\"T\">",
    "<br>",
    "&amp;",
    "&#0;",
    "LOGIN",
    "by Lucas Garcia",
    "news 12-Sep-2023 Politcs",
    "October 19, 2023 - 3:46 pm",
    "Reply",
    "AP",
    " Reuter",
    "REUTER^M",
    "© 2023 BBN – Big Big News",
    "READ MORE: x",
    "4 comments",
    "Frequently Asked Questions",
    "Kim and Shoigu talked Wednesday in Pyongyang.",
    " | World | News",
    "Pic - AP news",
    "99:99",
    "31-MAR-1987 605:12:19.12",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat())
}

fn check(bytes: &[u8]) {
    let options = ReadOptions::new()
        .map_field("body=story,date=meta.when")
        .unwrap();
    for format in Format::ALL {
        let read = read_bytes(bytes, format, "fuzz/input", &options);
        for problem in &read.problems {
            assert!(!problem.to_string().contains('\n') || problem.message.contains('\n'));
        }
        for article in &read.articles {
            assert!(!article.id.is_empty());
            assert!(!article.body.contains('\u{3}'));
        }
    }
}

proptest! {
    // 256 cases a property by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check(text.as_bytes());
    }

    #[test]
    fn near_valid_inputs_never_panic(text in pieces()) {
        check(text.as_bytes());
    }

    #[test]
    fn utf16_inputs_never_panic(text in pieces(), big_endian in any::<bool>()) {
        let mut bytes = if big_endian { vec![0xfe, 0xff] } else { vec![0xff, 0xfe] };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        check(&bytes);
    }

    #[test]
    fn json_records_with_any_values_never_panic(
        values in prop::collection::vec(pieces(), 0..8),
        keys in prop::collection::vec(prop::sample::select(&["id", "title", "headline", "body", "story", "text", "date", "timestamp", "source", "author", "url", "meta"][..]), 0..8),
    ) {
        let fields: Vec<String> = keys
            .iter()
            .zip(&values)
            .map(|(k, v)| format!("{}: {}", serde_json::to_string(k).unwrap(), serde_json::to_string(v).unwrap()))
            .collect();
        let record = format!("{{{}}}", fields.join(", "));
        check(format!("[{record}, {record}]").as_bytes());
        check(format!("{record}\n{record}\n").as_bytes());
    }
}
