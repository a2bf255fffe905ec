//! TREC files and the measures of a run: graded qrels, runs, nDCG@10, average precision,
//! P@10, R@100, and the paired randomisation test between two runs.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Judgments: for each query id, each judged document's grade (> 0 is relevant).
pub type Qrels = BTreeMap<String, HashMap<String, u32>>;

/// A run: for each query id, the documents in rank order.
pub type Run = BTreeMap<String, Vec<String>>;

/// Reads TREC qrels, `qid iteration docid grade` a line. Lines that don't read are
/// reported with their number and skipped.
pub fn read_qrels(path: &Path) -> Result<Qrels, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut qrels = Qrels::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let grade = parts.get(3).and_then(|g| g.parse::<f64>().ok());
        match (parts.as_slice(), grade) {
            ([qid, _, doc, _], Some(grade)) => {
                let grade = grade.max(0.0) as u32;
                qrels
                    .entry(qid.to_string())
                    .or_default()
                    .insert(doc.to_string(), grade);
            }
            _ => {
                return Err(format!(
                    "{}:{}: not a qrels line (qid iteration docid grade): {line:?}",
                    path.display(),
                    n + 1
                ))
            }
        }
    }
    Ok(qrels)
}

/// Reads a TREC run, `qid Q0 docid rank score tag` a line. Each query's documents are
/// ordered by score, best first, ties by rank, as trec_eval does.
pub fn read_run(path: &Path) -> Result<Run, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut lines: BTreeMap<String, Vec<(f64, i64, String)>> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        let parsed = match parts.as_slice() {
            [qid, _, doc, rank, score, ..] => rank
                .parse::<i64>()
                .ok()
                .zip(score.parse::<f64>().ok())
                .map(|(rank, score)| (qid.to_string(), doc.to_string(), rank, score)),
            _ => None,
        };
        let Some((qid, doc, rank, score)) = parsed else {
            return Err(format!(
                "{}:{}: not a run line (qid Q0 docid rank score tag): {line:?}",
                path.display(),
                n + 1
            ));
        };
        lines.entry(qid).or_default().push((score, rank, doc));
    }
    Ok(lines
        .into_iter()
        .map(|(qid, mut hits)| {
            hits.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            (qid, hits.into_iter().map(|(_, _, doc)| doc).collect())
        })
        .collect())
}

/// Writes a run in TREC format, the score falling with the rank.
pub fn write_run(out: &mut impl std::io::Write, run: &Run, tag: &str) -> std::io::Result<()> {
    for (qid, docs) in by_number(run) {
        for (rank, doc) in docs.iter().enumerate() {
            writeln!(
                out,
                "{qid} Q0 {doc} {} {} {tag}",
                rank + 1,
                docs.len() - rank
            )?;
        }
    }
    Ok(())
}

/// The entries of a map keyed by query id, in numeric order where the ids are numbers.
pub fn by_number<V>(map: &BTreeMap<String, V>) -> Vec<(&String, &V)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| (a.0.len(), a.0).cmp(&(b.0.len(), b.0)));
    entries
}

/// The measures of one query's ranking.
#[derive(Clone, Copy, Debug, Default)]
pub struct Measures {
    /// nDCG over the first 10 ranks, the grade as a linear gain (trec_eval's ndcg_cut).
    pub ndcg10: f64,
    /// Average precision over the run, divided by the number of relevant documents.
    pub ap: f64,
    /// Precision at 10.
    pub p10: f64,
    /// The share of the relevant documents in the first 100.
    pub r100: f64,
}

impl Measures {
    /// The measures by name, in the order they are printed.
    pub const NAMES: [&'static str; 4] = ["nDCG@10", "MAP", "P@10", "R@100"];

    /// The measures in the order of [`Measures::NAMES`].
    pub fn values(&self) -> [f64; 4] {
        [self.ndcg10, self.ap, self.p10, self.r100]
    }
}

/// The measures of `ranked` against one query's judgments; `None` when the query has no
/// relevant document (it is then left out of every average, as trec_eval does).
pub fn measure(judged: &HashMap<String, u32>, ranked: &[String]) -> Option<Measures> {
    let relevant = judged.values().filter(|g| **g > 0).count();
    if relevant == 0 {
        return None;
    }
    let grade = |doc: &String| judged.get(doc).copied().unwrap_or(0);
    let discount = |i: usize| 1.0 / ((i + 2) as f64).log2();
    let dcg: f64 = ranked
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, d)| f64::from(grade(d)) * discount(i))
        .sum();
    let mut ideal: Vec<u32> = judged.values().copied().filter(|g| *g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let idcg: f64 = ideal
        .iter()
        .take(10)
        .enumerate()
        .map(|(i, g)| f64::from(*g) * discount(i))
        .sum();
    let mut found = 0usize;
    let mut precision_sum = 0.0;
    for (i, doc) in ranked.iter().enumerate() {
        if grade(doc) > 0 {
            found += 1;
            precision_sum += found as f64 / (i + 1) as f64;
        }
    }
    let in_top = |k: usize| ranked.iter().take(k).filter(|d| grade(d) > 0).count() as f64;
    Some(Measures {
        ndcg10: dcg / idcg,
        ap: precision_sum / relevant as f64,
        p10: in_top(10) / 10.0,
        r100: in_top(100) / relevant as f64,
    })
}

/// The measures of every judged query with a relevant document; a query the run lacks
/// scores 0.
pub fn measure_run(qrels: &Qrels, run: &Run) -> BTreeMap<String, Measures> {
    qrels
        .iter()
        .filter_map(|(qid, judged)| {
            let ranked = run.get(qid).map(Vec::as_slice).unwrap_or_default();
            measure(judged, ranked).map(|m| (qid.clone(), m))
        })
        .collect()
}

/// The mean of each measure over `qids`.
pub fn mean(per_query: &BTreeMap<String, Measures>, qids: &[&String]) -> Measures {
    let n = qids.len().max(1) as f64;
    let mut sum = [0.0; 4];
    for qid in qids {
        if let Some(m) = per_query.get(*qid) {
            for (s, v) in sum.iter_mut().zip(m.values()) {
                *s += v;
            }
        }
    }
    Measures {
        ndcg10: sum[0] / n,
        ap: sum[1] / n,
        p10: sum[2] / n,
        r100: sum[3] / n,
    }
}

/// How many times [`randomisation_p`] relabels the pairs.
pub const PERMUTATIONS: u32 = 100_000;

/// The two-sided p-value of a paired randomisation test (Fisher's, as in Smucker, Allan
/// and Carterette 2007) on the per-query differences `diffs`: the share of random sign
/// flips of the differences whose mean is at least as far from 0 as the observed one.
/// The generator is seeded, so the figure repeats.
pub fn randomisation_p(diffs: &[f64]) -> f64 {
    if diffs.is_empty() {
        return 1.0;
    }
    let observed = diffs.iter().sum::<f64>().abs();
    let mut rng = SplitMix64(0x006e_6577_7364_6578);
    let mut as_far = 0u32;
    for _ in 0..PERMUTATIONS {
        let mut sum = 0.0;
        let mut bits = 0u64;
        for (i, d) in diffs.iter().enumerate() {
            if i % 64 == 0 {
                bits = rng.next();
            }
            sum += if bits & 1 == 1 { *d } else { -*d };
            bits >>= 1;
        }
        // A tolerance, so that sums equal to the observed one in exact arithmetic count.
        if sum.abs() >= observed - 1e-12 {
            as_far += 1;
        }
    }
    (f64::from(as_far) + 1.0) / (f64::from(PERMUTATIONS) + 1.0)
}

/// Steele, Lea and Flood's SplitMix64: a small, well-mixed generator for the test.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(pairs: &[(&str, u32)]) -> HashMap<String, u32> {
        pairs.iter().map(|(d, g)| (d.to_string(), *g)).collect()
    }

    fn ranked(docs: &[&str]) -> Vec<String> {
        docs.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn measures_of_a_small_ranking() {
        let j = judged(&[("a", 2), ("b", 1), ("c", 0)]);
        let m = measure(&j, &ranked(&["c", "a", "x", "b"])).unwrap();
        // DCG = 2/log2(3) + 1/log2(5); ideal = 2 + 1/log2(3).
        let dcg = 2.0 / 3f64.log2() + 1.0 / 5f64.log2();
        let idcg = 2.0 + 1.0 / 3f64.log2();
        assert!((m.ndcg10 - dcg / idcg).abs() < 1e-12);
        assert!((m.ap - (0.5 + 0.5) / 2.0).abs() < 1e-12);
        assert!((m.p10 - 0.2).abs() < 1e-12);
        assert!((m.r100 - 1.0).abs() < 1e-12);
        assert!(measure(&judged(&[("c", 0)]), &ranked(&["c"])).is_none());
    }

    #[test]
    fn randomisation_tells_a_steady_gain_from_noise() {
        let steady: Vec<f64> = (0..40).map(|i| 0.05 + 0.001 * f64::from(i % 3)).collect();
        assert!(randomisation_p(&steady) < 0.001);
        let noise: Vec<f64> = (0..40)
            .map(|i| if i % 2 == 0 { 0.05 } else { -0.05 })
            .collect();
        assert!(randomisation_p(&noise) > 0.5);
    }

    #[test]
    fn runs_are_read_by_score_then_rank() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("run.trec");
        std::fs::write(
            &path,
            "# mode=warm\n2 Q0 b 2 1.5 x\n2 Q0 a 1 1.5 x\n2 Q0 c 3 9 x\n\n10 Q0 d 1 1 x\n",
        )
        .unwrap();
        let run = read_run(&path).unwrap();
        assert_eq!(run["2"], ranked(&["c", "a", "b"]));
        assert_eq!(run["10"], ranked(&["d"]));
        let mut written = Vec::new();
        write_run(&mut written, &run, "t").unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            "2 Q0 c 1 3 t\n2 Q0 a 2 2 t\n2 Q0 b 3 1 t\n10 Q0 d 1 1 t\n"
        );
        std::fs::write(&path, "1 Q0 a one 1.0 x\n").unwrap();
        let e = read_run(&path).unwrap_err();
        assert!(
            e.ends_with(":1: not a run line (qid Q0 docid rank score tag): \"1 Q0 a one 1.0 x\""),
            "{e}"
        );
    }

    #[test]
    fn qrels_keep_grades_and_name_a_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("qrels.txt");
        std::fs::write(&path, "1 0 a 2\n1 0 b 0\n2 0 c 1\n").unwrap();
        let qrels = read_qrels(&path).unwrap();
        assert_eq!(qrels["1"]["a"], 2);
        assert_eq!(qrels["1"]["b"], 0);
        let per_query = measure_run(&qrels, &Run::from([("1".into(), ranked(&["a"]))]));
        // Query 2 is judged but missing from the run: it counts, with 0.
        assert_eq!(per_query["2"].ndcg10, 0.0);
        let both = mean(&per_query, &per_query.keys().collect::<Vec<_>>());
        assert!((both.ndcg10 - 0.5).abs() < 1e-12);
        std::fs::write(&path, "1 0 a 1\n1 0 b\n").unwrap();
        let e = read_qrels(&path).unwrap_err();
        assert!(e.contains(":2: not a qrels line"), "{e}");
    }

    #[test]
    fn ranks_below_ten_count_for_ap_and_recall_only() {
        let j = judged(&[("r", 1)]);
        let mut docs: Vec<String> = (0..10).map(|i| format!("n{i}")).collect();
        docs.push("r".into());
        let m = measure(&j, &docs).unwrap();
        assert_eq!(m.ndcg10, 0.0);
        assert_eq!(m.p10, 0.0);
        assert!((m.ap - 1.0 / 11.0).abs() < 1e-12);
        assert_eq!(m.r100, 1.0);
    }

    #[test]
    fn equal_runs_are_not_told_apart() {
        assert_eq!(randomisation_p(&[0.0; 30]), 1.0);
        assert_eq!(randomisation_p(&[]), 1.0);
        // A lone difference: every relabelling is as far from 0 as it is.
        let mut one = vec![0.0; 30];
        one[7] = 0.2;
        let p = randomisation_p(&one);
        assert!((p - 1.0).abs() < 1e-9, "{p}");
    }
}
