//! The documents and settings an export writes, checked against the formats the engines
//! document: Elasticsearch's `_bulk` API and mapping types, Quickwit's index config and
//! ingest API, Meilisearch's document and settings rules. No Elasticsearch, OpenSearch
//! or Quickwit server runs here: these tests check field names, types and values, not a
//! live server's answer.

use std::collections::BTreeSet;

use newsdex_export::{engine_key, Engine, Export, Format, HASH_FIELD};
use newsdex_query::{DateSpan, SearchRequest};
use serde_json::Value;

use crate::{corpus, index_of};

fn lines(export: &Export) -> Vec<Value> {
    let index = index_of(&corpus());
    let mut out = Vec::new();
    let report = export.write(&index, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.ends_with('\n'), "every line ends with a newline");
    assert_eq!(report.bytes, text.len() as u64);
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn fields_of(documents: &[Value]) -> BTreeSet<String> {
    documents
        .iter()
        .flat_map(|d| d.as_object().unwrap().keys().cloned())
        .collect()
}

fn settings(engine: Engine, export: &Export) -> Value {
    export.settings(engine, &index_of(&corpus())).unwrap()
}

/// Checks the values every format shares: the dates two ways, agreeing.
fn check_dates(document: &Value) {
    match (&document["date"], &document["timestamp"]) {
        (Value::String(date), Value::Number(seconds)) => {
            let parsed = chrono::DateTime::parse_from_rfc3339(date).unwrap();
            assert!(date.ends_with('Z'), "UTC: {date}");
            assert_eq!(parsed.timestamp(), seconds.as_i64().unwrap(), "{document}");
        }
        (Value::Null, Value::Null) => {}
        other => panic!("date and timestamp come together: {other:?}"),
    }
}

#[test]
fn json_lines_hold_every_article_and_field() {
    let documents = lines(&Export::all());
    assert_eq!(documents.len(), corpus().len());
    let ids: BTreeSet<&str> = documents
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<String> = corpus().into_iter().map(|a| a.id).collect();
    assert_eq!(
        ids,
        expected.iter().map(String::as_str).collect(),
        "ids as they are"
    );
    for document in &documents {
        check_dates(document);
        assert!(document["body"].is_string());
        assert!(document.get("raw").is_none(), "raw only when asked");
        assert!(document.get(HASH_FIELD).is_none());
    }
    let ap = documents.iter().find(|d| d["id"] == "ap-1").unwrap();
    assert_eq!(ap["author"], "Hyung-Jin Kim");
    assert_eq!(ap["url"], "https://apnews.com/article/kim-shoigu");
    assert_eq!(ap["path"], "/news/ap-1.html");
    assert_eq!(ap["date"], "2023-07-27T00:00:00Z");
    let note = documents.iter().find(|d| d["id"] == "note-1").unwrap();
    assert_eq!(
        note.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["id", "body"],
        "missing fields are left out"
    );
    let raw = lines(&Export::all().raw(true));
    let ap = raw.iter().find(|d| d["id"] == "ap-1").unwrap();
    assert!(ap["raw"].as_str().unwrap().starts_with("LOGIN"));
}

#[test]
fn a_request_exports_a_subset() {
    let since = |s: &str| DateSpan::parse(s).unwrap();
    let ids = |export: Export| -> Vec<String> {
        let mut ids: Vec<String> = lines(&export)
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(Export::new(SearchRequest::new("").since(since("2023")))),
        ["ap-1", "https://example.com/2023/10/19/lavrov?ref=rss"]
    );
    assert_eq!(
        ids(Export::new(SearchRequest::new("cocoa OR cooperation"))),
        ["note-1", "reuters-1"]
    );
    assert_eq!(
        ids(Export::new(
            SearchRequest::new("Pyongyang")
                .source("ap")
                .until(since("2023-07"))
        )),
        ["ap-1"]
    );
    let index = index_of(&corpus());
    let none = Export::new(SearchRequest::new("zanzibar"));
    assert_eq!(none.write(&index, Vec::new()).unwrap().documents, 0);
    let bad = Export::new(SearchRequest::new("title:(unclosed"));
    assert!(bad.write(&index, Vec::new()).unwrap_err().is_user_error());
}

/// Elasticsearch `_bulk`: newline-delimited JSON, an action line (`index`, with
/// `_index` and `_id`, at most 512 bytes) and then the document source, the last line
/// ending with a newline too.
#[test]
fn bulk_lines_pair_an_index_action_with_each_document() {
    let export = Export::all().format(Format::EsBulk).index_name("archive");
    let lines = lines(&export);
    assert_eq!(lines.len(), 2 * corpus().len());
    for pair in lines.chunks(2) {
        let (action, source) = (&pair[0], &pair[1]);
        let meta = action["index"].as_object().expect("an index action");
        assert_eq!(meta.len(), 2, "{action}");
        assert_eq!(meta["_index"], "archive");
        let id = meta["_id"].as_str().unwrap();
        assert!(!id.is_empty() && id.len() <= 512 && !id.starts_with('_'));
        assert_eq!(id, engine_key(source["id"].as_str().unwrap()));
        assert!(source.get("index").is_none());
        check_dates(source);
    }
}

/// Elasticsearch and OpenSearch mappings: every field of the documents mapped, with
/// types the mapping docs list, text analysed by an analyzer the settings define.
#[test]
fn the_elasticsearch_mapping_covers_every_field() {
    let export = Export::all().raw(true);
    let mapping = settings(Engine::Elasticsearch, &export);
    assert_eq!(mapping, settings(Engine::OpenSearch, &export));
    let properties = mapping["mappings"]["properties"].as_object().unwrap();
    let mut documents = lines(&export);
    documents.extend(lines(&Export::all().format(Format::Meilisearch)));
    for field in fields_of(&documents) {
        if field == HASH_FIELD {
            continue;
        }
        assert!(properties.contains_key(&field), "{field} is not mapped");
    }
    let analyzers = mapping["settings"]["analysis"]["analyzer"]
        .as_object()
        .unwrap();
    let filters = mapping["settings"]["analysis"]["filter"]
        .as_object()
        .unwrap();
    for (field, spec) in properties {
        let kind = spec["type"].as_str().unwrap();
        assert!(
            ["text", "keyword", "date", "long"].contains(&kind),
            "{field}"
        );
        if let Some(analyzer) = spec["analyzer"].as_str() {
            let analyzer = &analyzers[analyzer];
            assert_eq!(analyzer["type"], "custom");
            assert_eq!(analyzer["tokenizer"], "standard");
            for filter in analyzer["filter"].as_array().unwrap() {
                let name = filter.as_str().unwrap();
                assert!(
                    ["lowercase", "asciifolding"].contains(&name) || filters.contains_key(name),
                    "{name} is neither built in nor defined"
                );
            }
        }
    }
    for (field, kind) in [
        ("title", "text"),
        ("body", "text"),
        ("date", "date"),
        ("source", "keyword"),
        ("id", "keyword"),
        ("timestamp", "long"),
    ] {
        assert_eq!(properties[field]["type"], kind, "{field}");
    }
    assert_eq!(properties["date"]["format"], "strict_date_optional_time");
    assert_eq!(filters["news_stemmer"]["language"], "porter2");
    assert_eq!(filters["news_stop"]["stopwords"], "_english_");
    insta::assert_json_snapshot!("elasticsearch", mapping);
}

/// Quickwit's index config: a version, an index id and field names of the allowed
/// forms, types, tokenizers and date formats from its docs, and a timestamp field that
/// is a fast datetime, given only when every article has a date.
#[test]
fn the_quickwit_config_maps_every_field_and_the_timestamp() {
    let index_id_ok = |s: &str| {
        (3..=255).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    let field_name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 255
            && s.starts_with(|c: char| c.is_ascii_alphabetic() || "@$_-".contains(c))
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "@$_/.-".contains(c))
    };
    let dated = Export::new(SearchRequest::new("").since(DateSpan::parse("1980").unwrap()))
        .index_name("news-archive");
    let config = settings(Engine::Quickwit, &dated);
    assert_eq!(config["version"], "0.8");
    assert_eq!(config["index_id"], "news-archive");
    assert!(index_id_ok(config["index_id"].as_str().unwrap()));
    let mapping = &config["doc_mapping"];
    assert!(["dynamic", "lenient", "strict"].contains(&mapping["mode"].as_str().unwrap()));
    let fields = mapping["field_mappings"].as_array().unwrap();
    let by_name = |name: &str| fields.iter().find(|f| f["name"] == name);
    for field in fields {
        let name = field["name"].as_str().unwrap();
        assert!(field_name_ok(name), "{name}");
        let kind = field["type"].as_str().unwrap();
        assert!(
            ["text", "i64", "u64", "f64", "datetime", "bool", "ip", "bytes", "json"]
                .contains(&kind),
            "{name}: {kind}"
        );
        if let Some(tokenizer) = field["tokenizer"].as_str() {
            assert!(
                [
                    "raw",
                    "raw_lowercase",
                    "default",
                    "en_stem",
                    "whitespace",
                    "lowercase"
                ]
                .contains(&tokenizer),
                "{name}: {tokenizer}"
            );
        }
        if let Some(record) = field["record"].as_str() {
            assert!(["basic", "freq", "position"].contains(&record));
        }
    }
    for text in ["title", "body"] {
        let field = by_name(text).unwrap();
        assert_eq!(field["tokenizer"], "en_stem");
        assert_eq!(field["record"], "position", "phrase queries need positions");
    }
    assert_eq!(by_name("source").unwrap()["tokenizer"], "raw");
    let date = by_name("date").unwrap();
    assert_eq!(date["type"], "datetime");
    assert_eq!(date["input_formats"], serde_json::json!(["rfc3339"]));
    assert_eq!(date["fast"], true);
    assert_eq!(by_name("timestamp").unwrap()["type"], "i64");
    assert_eq!(mapping["timestamp_field"], "date");
    for field in config["search_settings"]["default_search_fields"]
        .as_array()
        .unwrap()
    {
        assert!(by_name(field.as_str().unwrap()).is_some());
    }
    for field in fields_of(&lines(&Export::all().raw(true))) {
        assert!(by_name(&field).is_some(), "{field} is not mapped");
    }
    insta::assert_json_snapshot!("quickwit", config);

    // With undated articles, no timestamp field: Quickwit would refuse them.
    let all = settings(Engine::Quickwit, &Export::all());
    assert!(all["doc_mapping"].get("timestamp_field").is_none());
}

/// Meilisearch: document ids of the allowed form (letters, digits, `-`, `_`; at most
/// 511 bytes), the newsdex id kept where the key differs, and settings whose attributes
/// are fields of the documents.
#[test]
fn meilisearch_documents_and_settings_follow_its_rules() {
    let documents = lines(&Export::all().format(Format::Meilisearch));
    for document in &documents {
        let id = document["id"].as_str().unwrap();
        assert!(
            !id.is_empty()
                && id.len() <= 511
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "{id}"
        );
        assert_eq!(document[HASH_FIELD].as_str().unwrap().len(), 32);
        check_dates(document);
    }
    let lavrov = documents
        .iter()
        .find(|d| d["title"] == "Lavrov visits Pyongyang")
        .unwrap();
    assert_eq!(
        lavrov["newsdex_id"],
        "https://example.com/2023/10/19/lavrov?ref=rss"
    );
    assert!(lavrov["id"].as_str().unwrap().starts_with("nx-"));

    let config = settings(Engine::Meilisearch, &Export::all());
    let known = [
        "displayedAttributes",
        "searchableAttributes",
        "filterableAttributes",
        "sortableAttributes",
        "rankingRules",
        "stopWords",
        "synonyms",
        "distinctAttribute",
        "typoTolerance",
        "faceting",
        "pagination",
        "proximityPrecision",
    ];
    let fields = fields_of(&lines(&Export::all().format(Format::Meilisearch).raw(true)));
    for (key, value) in config.as_object().unwrap() {
        assert!(known.contains(&key.as_str()), "{key}");
        for attribute in value.as_array().unwrap() {
            let attribute = attribute.as_str().unwrap();
            assert!(fields.contains(attribute), "{key}: {attribute}");
        }
    }
    assert_eq!(
        config["filterableAttributes"],
        serde_json::json!(["source", "timestamp"])
    );
    assert_eq!(
        config["sortableAttributes"],
        serde_json::json!(["timestamp"])
    );
    let displayed = config["displayedAttributes"].as_array().unwrap();
    assert!(!displayed.iter().any(|a| a == HASH_FIELD));
    insta::assert_json_snapshot!("meilisearch", config);
}

#[test]
fn names_and_formats_are_checked() {
    let index = index_of(&corpus());
    for name in ["News", "x", "my index"] {
        let export = Export::all().index_name(name);
        assert!(export
            .write(&index, Vec::new())
            .unwrap_err()
            .is_user_error());
        assert!(export.settings(Engine::Quickwit, &index).is_err());
    }
    assert_eq!("es-bulk".parse::<Format>().unwrap(), Format::EsBulk);
    assert!("csv".parse::<Format>().is_err());
}
