//! Copies of one story through the binary: folded into the best hit with "+N similar"
//! and `similar` in JSON; `--duplicates` lists each.

use crate::Fixture;

const STORY: &str = "Iraq said its warplanes attacked a supertanker and two other ships in the Gulf on Tuesday, in the heaviest raids on shipping for a month. Military sources in Baghdad said the tanker was hit near Kharg Island, Iran's main oil terminal, and was burning. There was no word on casualties or on the ship's flag, and Iran made no comment.";

#[test]
fn copies_are_folded_with_a_count_and_listed_with_duplicates() {
    let f = Fixture::new();
    let news = f.tmp.path().join("wire");
    std::fs::create_dir(&news).unwrap();
    let record = |id: &str, title: &str, body: &str| {
        serde_json::json!({"id": id, "title": title, "date": "1987-04-14", "body": body})
            .to_string()
    };
    let lines = [
        record("r1", "IRAQ REPORTS ATTACKS ON SUPERTANKER", STORY),
        record("r2", "IRAQ REPORTS ATTACKS ON SUPERTANKER, OIL TARGETS", &STORY.replace("no word", "no immediate word")),
        record("r3", "SUPERTANKER SAFE", "The supertanker reached port safely on Wednesday, its owners said in a statement issued in Oslo after a night of rumours."),
    ];
    std::fs::write(news.join("wire.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = f.search().arg("index").arg(&news).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = f
        .search()
        .args(["--color", "never", "supertanker"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("IRAQ REPORTS").count(), 1, "{text}");
    let copy = if text.contains("id r1") { "r2" } else { "r1" };
    assert!(text.contains(&format!(" · +1 similar ({copy})")), "{text}");
    assert!(text.contains("1–2 of 3 articles"), "{text}");

    let hits = f.json_hits(&["supertanker"]);
    assert_eq!(hits.len(), 2);
    let story = hits.iter().find(|h| h["id"] != "r3").unwrap();
    assert_eq!(story["similar"], serde_json::json!([copy]));
    let other = hits.iter().find(|h| h["id"] == "r3").unwrap();
    assert_eq!(other["similar"], serde_json::json!([]));

    let all = f.json_hits(&["--duplicates", "supertanker"]);
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|h| h["similar"] == serde_json::json!([])));
}
