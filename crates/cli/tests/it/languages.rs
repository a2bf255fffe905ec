//! An archive in seven languages (the files of `tests/fixtures/multilingual`, in every
//! format), indexed with no flags: each language searched with its own morphology, CJK
//! words found, names across scripts, dates read, the language filtered and counted.

use std::path::Path;

use serde_json::Value;

use crate::Fixture;

/// A fixture whose data folder holds the multilingual articles (and the five seeds),
/// indexed.
fn archive() -> Fixture {
    let f = Fixture::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/multilingual");
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), f.data().join(entry.file_name())).unwrap();
    }
    f.search().arg("index").arg(f.data()).assert().success();
    f
}

/// The fixture file (its name's first part: `ru_tass_shoigu` → `ru`) of each hit.
fn langs_of(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| {
            let name = Path::new(h["path"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            // The seeds (`000_…`) are English.
            let lang = name.split('_').next().unwrap();
            if lang.starts_with(|c: char| c.is_ascii_digit()) {
                "en".to_string()
            } else {
                lang.to_string()
            }
        })
        .collect()
}

fn hits(f: &Fixture, query: &str) -> Vec<Value> {
    f.json_hits(&[query])
}

#[test]
fn every_article_gets_its_language_and_date() {
    let f = archive();
    // A word of each article, its language (given by the page, the front matter or the
    // record, or detected) and the date written in its language.
    let expect = [
        ("Пхеньян", "ru_tass_shoigu.txt", "ru", "2023-09-13"),
        ("회담", "ko_yonhap_shoigu.txt", "ko", "2023-09-13"),
        ("人民大会堂", "zh_xinhua_xi.txt", "zh", "2023-09-13"),
        ("Beobachter", "de_dpa_verhandlungen.md", "de", "2024-03-05"),
        ("munitions", "fr_afp_negociations.html", "fr", "2024-03-12"),
        ("launch", "en_ap_shoigu.txt", "en", "2023-09-13"),
        (
            "norcoreanos",
            "es_efe_negociaciones.json",
            "es",
            "2024-03-12",
        ),
    ];
    for (word, file, lang, date) in expect {
        let found = f.json_hits(&["--exact", word]);
        let hit = found
            .iter()
            .find(|h| h["path"].as_str().unwrap().ends_with(file))
            .unwrap_or_else(|| panic!("{word} doesn't find {file}"));
        assert_eq!(hit["lang"].as_str(), Some(lang), "{file}");
        assert_eq!(hit["date"].as_str(), Some(date), "{file}");
    }
    // The dateline names the agency where the page doesn't.
    let tass = &f.json_hits(&["Пхеньян"])[0];
    assert_eq!(tass["source"].as_str(), Some("TASS"));
    let yonhap = &f.json_hits(&["회담"])[0];
    assert_eq!(yonhap["source"].as_str(), Some("Yonhap"));
    let xinhua = &f.json_hits(&["人民大会堂"])[0];
    assert_eq!(xinhua["source"].as_str(), Some("Xinhua"));

    let out = f.search().args(["stats", "--json"]).output().unwrap();
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    let count = |code: &str| {
        stats["languages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["lang"] == code)
            .map(|l| l["count"].as_u64().unwrap())
    };
    // The five seeds are English too.
    assert_eq!(count("en"), Some(6));
    for code in ["ru", "ko", "zh", "de", "fr", "es"] {
        assert_eq!(count(code), Some(1), "{code}");
    }
}

#[test]
fn each_language_is_searched_with_its_own_morphology() {
    let f = archive();
    for (query, lang) in [
        ("переговоров", "ru"),
        ("сотрудничества", "ru"),
        ("Verhandlung", "de"),
        ("Zusammenarbeiten", "de"),
        ("négociation", "fr"),
        ("negociación", "es"),
        ("dirigente", "es"),
    ] {
        // Romance languages share stems (`negoci`): the French article may come too.
        let found = langs_of(&hits(&f, query));
        assert!(found.contains(&lang.to_string()), "{query}: {found:?}");
        assert!(!found.contains(&"en".to_string()), "{query}: {found:?}");
    }
    // An English word still finds English articles only by English rules.
    assert_eq!(langs_of(&hits(&f, "arrives"))[0], "en");
}

#[test]
fn stop_words_of_a_language_find_nothing_in_it() {
    let f = archive();
    // `и` (and) in Russian text, `und` in German text are left out of the index.
    for query in ["и", "und", "les"] {
        let found = langs_of(&hits(&f, query));
        assert!(found.is_empty(), "{query}: {found:?}");
    }
}

#[test]
fn cjk_words_are_found_inside_longer_runs() {
    let f = archive();
    for (query, lang) in [
        ("习近平", "zh"),
        ("普京", "zh"),
        ("人民大会堂", "zh"),
        ("평양", "ko"),
        ("국방장관", "ko"),
    ] {
        // Without spellings in other scripts (`평양` is also Pyongyang).
        let found = langs_of(&f.json_hits(&["--exact", query]));
        assert_eq!(found, [lang], "{query}");
    }
}

#[test]
fn names_are_found_across_scripts_below_their_own_spelling() {
    let f = archive();
    let shoigu = langs_of(&hits(&f, "Shoigu"));
    for lang in ["ru", "ko"] {
        assert!(shoigu.contains(&lang.to_string()), "Shoigu: {shoigu:?}");
    }
    let first_other = shoigu.iter().position(|l| l == "ru" || l == "ko").unwrap();
    assert!(
        shoigu[..first_other].iter().all(|l| l == "en"),
        "exact spellings first: {shoigu:?}"
    );
    for (query, must) in [
        ("Шойгу", &["en", "ko"][..]),
        ("쇼이구", &["en", "ru"]),
        ("Lavrov", &["ru", "ko"]),
        ("Лавров", &["en"]),
        ("Pyongyang", &["ko"]),
        ("평양", &["en"]),
    ] {
        let found = langs_of(&hits(&f, query));
        for lang in must {
            assert!(found.contains(&lang.to_string()), "{query}: {found:?}");
        }
    }
    // `--exact` turns them off.
    let exact = langs_of(&f.json_hits(&["--exact", "Shoigu"]));
    assert!(!exact.iter().any(|l| l == "ru" || l == "ko"), "{exact:?}");
}

#[test]
fn the_language_filter_keeps_one_language() {
    let f = archive();
    let found = langs_of(&f.json_hits(&["--lang", "ru", "Шойгу OR Shoigu"]));
    assert_eq!(found, ["ru"]);
    let found = langs_of(&f.json_hits(&[
        "--lang",
        "Korean",
        "--lang",
        "zh",
        "--exact",
        "习近平 OR 평양 OR Pyongyang",
    ]));
    let mut sorted = found.clone();
    sorted.sort();
    assert_eq!(sorted, ["ko", "zh"]);
    let out = f
        .search()
        .args(["--lang", "klingon", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown language"));
}

#[test]
fn matches_are_marked_in_each_script() {
    let f = archive();
    let hit = &hits(&f, "习近平")[0];
    let snippet = hit["snippet"].as_str().unwrap();
    let marked = crate::jq_slices(snippet, &hit["highlights"]);
    assert!(
        !marked.is_empty() && marked.iter().all(|m| m == "习近平"),
        "{marked:?}"
    );
    let korean = hits(&f, "Shoigu")
        .into_iter()
        .find(|h| h["path"].as_str().unwrap().contains("ko_"))
        .unwrap();
    let snippet = korean["snippet"].as_str().unwrap();
    let marked = crate::jq_slices(snippet, &korean["highlights"]);
    assert!(
        marked.iter().any(|m| m == "쇼이구"),
        "{marked:?} in {snippet}"
    );
}
