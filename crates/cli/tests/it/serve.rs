//! `search serve`: the real binary over HTTP on loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use serde_json::Value;

use crate::Fixture;

/// The server process, ended when dropped.
struct Server {
    child: Child,
    addr: String,
    stderr: BufReader<std::process::ChildStderr>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(f: &Fixture, extra: &[&str]) -> Server {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("search"));
    cmd.current_dir(f.tmp.path())
        .env_remove("NEWSDEX_INDEX")
        .env_remove("NEWSDEX_TOKEN")
        .arg("--index")
        .arg(f.index_dir())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let addr = loop {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "serve exited");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split(':').take(2).collect::<Vec<_>>().join(":");
        }
    };
    assert!(
        line.contains("only programs on this machine can reach it") || !extra.is_empty(),
        "{line}"
    );
    Server {
        child,
        addr,
        stderr,
    }
}

/// GET `path` over a plain HTTP/1.1 connection: the status and the body.
fn get(addr: &str, path: &str, headers: &[&str]) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for h in headers {
        request.push_str(h);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status: u16 = answer[9..12].parse().unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").unwrap();
        let size = usize::from_str_radix(size.trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

#[test]
fn serve_answers_the_same_hits_in_the_same_order_as_search() {
    let f = Fixture::indexed();
    let mut server = start(&f, &[]);
    for query in [
        "Shoigu Pyongyang",
        "talks",
        "\"Kim Jong Un\"",
        "military -Lavrov",
    ] {
        let cli: Vec<String> = f
            .json_hits(&[query])
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        let encoded: String = form_encode(query);
        let (status, json) = get(&server.addr, &format!("/api/v1/search?q={encoded}"), &[]);
        assert_eq!(status, 200, "{json}");
        let api: Vec<String> = json["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect();
        assert!(!cli.is_empty(), "{query}");
        assert_eq!(api, cli, "{query}");
    }
    let (status, page) = get(&server.addr, "/api/v1/health", &[]);
    assert_eq!(status, 200);
    assert_eq!(page["documents"], 5);
    // One log line per request on stderr: method, path, status, time.
    let mut line = String::new();
    server.stderr.read_line(&mut line).unwrap();
    assert!(line.starts_with("GET /api/v1/search 200 "), "{line}");
    assert!(line.trim_end().ends_with(" ms"), "{line}");
}

fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            b' ' => "+".into(),
            b => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn serve_with_a_token_refuses_requests_without_it() {
    let f = Fixture::indexed();
    let server = start(&f, &["--token", "tok-123", "--quiet"]);
    assert_eq!(get(&server.addr, "/api/v1/health", &[]).0, 401);
    assert_eq!(
        get(
            &server.addr,
            "/api/v1/health",
            &["Authorization: Bearer nope"]
        )
        .0,
        401
    );
    let (status, json) = get(
        &server.addr,
        "/api/v1/health",
        &["Authorization: Bearer tok-123"],
    );
    assert_eq!(status, 200, "{json}");
}

#[test]
fn serve_refuses_an_address_others_can_reach_without_a_token() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["serve", "--addr", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("error: refusing to listen on 0.0.0.0:0"),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: listen on 127.0.0.1, or pass --token TOKEN, or --public"),
        "{stderr}"
    );
}

#[test]
fn serve_answers_a_search_asked_again_as_it_did_the_first_time() {
    let f = Fixture::indexed();
    let kept = start(&f, &["--quiet"]);
    let searched = start(&f, &["--quiet", "--cache", "0"]);
    let answer = |addr: &str, uri: &str| {
        let (status, mut json) = get(addr, uri, &[]);
        assert_eq!(status, 200, "{json}");
        json.as_object_mut().unwrap().remove("took_ms").unwrap();
        json
    };
    for uri in [
        "/api/v1/search?q=Shoigu+Pyongyang&facets=true",
        "/api/v1/search?q=talks&limit=2&offset=1",
        "/api/v1/search?q=talks&limit=2&offset=1&snippet_chars=40",
    ] {
        let first = answer(&kept.addr, uri);
        assert!(first["total"].as_u64().unwrap() > 0, "{uri}: {first}");
        for _ in 0..2 {
            assert_eq!(answer(&kept.addr, uri), first, "{uri}");
        }
        assert_eq!(answer(&searched.addr, uri), first, "{uri}");
    }
}

#[test]
fn serve_refuses_a_cache_size_it_cannot_read() {
    let f = Fixture::indexed();
    let out = f
        .search()
        .args(["serve", "--cache", "lots"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--cache"), "{stderr}");
    assert!(stderr.contains("expected a size"), "{stderr}");
}
