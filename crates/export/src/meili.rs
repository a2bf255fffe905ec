//! Pushing an export to a running Meilisearch over its HTTP API.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use newsdex_query::Searcher;
use newsdex_schema::NewsIndex;
use serde::Serialize;
use serde_json::{json, Value};

use crate::document::HASH_FIELD;
use crate::export::Export;
use crate::settings::{self, check_index_name};
use crate::{engine_key, Error, RequestError, Result};

/// The engine's name in messages.
const ENGINE: &str = "Meilisearch";

/// A push of an [`Export`] to a running Meilisearch: the index is created (keyed by
/// `id`) if it is missing, given the export's [settings](Export::settings), then filled
/// in batches, each one a task Meilisearch runs in the background; the push waits for
/// every task and reports the first that fails.
///
/// A push is idempotent and resumable: before sending a batch it asks Meilisearch for
/// the documents it already has under the batch's ids and sends only those that are
/// missing or whose content changed (each document carries a content hash), so pushing
/// twice sends nothing the second time, and a push cut short (Ctrl-C, a lost
/// connection) goes on where Meilisearch got to when run again. Documents are replaced
/// whole, by id. Articles removed from newsdex are not removed from Meilisearch.
///
/// Memory holds one batch (at most [`batch_size`](MeiliPush::batch_size) documents and
/// [`batch_bytes`](MeiliPush::batch_bytes)), however large the index.
///
/// ```no_run
/// use newsdex_export::{Export, MeiliPush};
/// use newsdex_schema::NewsIndex;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let index = NewsIndex::open(".newsdex")?;
/// let report = MeiliPush::new("http://127.0.0.1:7700")
///     .api_key(std::env::var("MEILI_API_KEY").ok())
///     .push_with_progress(&Export::all().index_name("news"), &index, &mut |p| {
///         eprintln!("{}/{} articles, {} sent", p.read, p.total, p.sent);
///     })?;
/// println!("Meilisearch holds {} documents", report.documents);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MeiliPush {
    url: String,
    api_key: Option<String>,
    batch_size: usize,
    batch_bytes: usize,
    in_flight: usize,
    timeout: Duration,
}

impl std::fmt::Debug for MeiliPush {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key stays out of logs.
        f.debug_struct("MeiliPush")
            .field("url", &self.url)
            .field("api_key", &self.api_key.as_ref().map(|_| "…"))
            .field("batch_size", &self.batch_size)
            .field("batch_bytes", &self.batch_bytes)
            .field("in_flight", &self.in_flight)
            .finish()
    }
}

/// How far a push has got, passed to its progress callback after each batch and each
/// task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PushProgress {
    /// Articles the export selects.
    pub total: u64,
    /// Articles read from the index so far.
    pub read: u64,
    /// Documents sent to Meilisearch.
    pub sent: u64,
    /// Documents Meilisearch already had as they are, so not sent.
    pub unchanged: u64,
    /// Documents sent whose task Meilisearch has finished.
    pub indexed: u64,
}

/// What a push did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PushReport {
    /// The Meilisearch pushed to.
    pub url: String,
    /// The index filled.
    pub index: String,
    /// Articles the export selected.
    pub articles: u64,
    /// Documents sent.
    pub sent: u64,
    /// Documents Meilisearch already had as they are.
    pub unchanged: u64,
    /// Whether Meilisearch could tell which documents it had (Meilisearch 1.14 and
    /// later); when it can't, every document is sent.
    pub checked: bool,
    /// Tasks of document additions Meilisearch ran for this push.
    pub tasks: u64,
    /// Documents in the index once the push is done.
    pub documents: u64,
    /// How long the push took, in seconds.
    pub seconds: f64,
}

impl MeiliPush {
    /// A push to the Meilisearch at `url` (`http://127.0.0.1:7700`; a path prefix is
    /// kept), without an API key, in batches of 5,000 documents or 16 MiB.
    pub fn new(url: impl Into<String>) -> MeiliPush {
        MeiliPush {
            url: url.into(),
            api_key: None,
            batch_size: 5_000,
            batch_bytes: 16 * 1024 * 1024,
            in_flight: 4,
            timeout: Duration::from_secs(300),
        }
    }

    /// The API key to send (`Authorization: Bearer KEY`), `None` for an instance without
    /// one. It needs the `indexes.create`, `settings.update`, `documents.add`,
    /// `documents.get`, `tasks.get` and `stats.get` actions.
    pub fn api_key(mut self, key: Option<String>) -> MeiliPush {
        self.api_key = key.filter(|k| !k.is_empty());
        self
    }

    /// The most documents one request sends (default 5,000; at least 1).
    pub fn batch_size(mut self, documents: usize) -> MeiliPush {
        self.batch_size = documents.max(1);
        self
    }

    /// The most bytes one request sends (default 16 MiB; Meilisearch takes 100 MB by
    /// default). A larger document goes alone.
    pub fn batch_bytes(mut self, bytes: usize) -> MeiliPush {
        self.batch_bytes = bytes.max(1);
        self
    }

    /// How many sent batches may wait for Meilisearch at once before the push waits for
    /// the oldest (default 4; at least 1). Meilisearch indexes waiting batches together.
    pub fn in_flight(mut self, tasks: usize) -> MeiliPush {
        self.in_flight = tasks.max(1);
        self
    }

    /// How long one HTTP request may take (default 5 minutes).
    pub fn timeout(mut self, timeout: Duration) -> MeiliPush {
        self.timeout = timeout;
        self
    }

    /// The Meilisearch pushed to.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Pushes the articles `export` selects from the last commit of `index` (its format
    /// is not used: Meilisearch gets [`Format::Meilisearch`](crate::Format) documents).
    pub fn push(&self, export: &Export, index: &NewsIndex) -> Result<PushReport> {
        self.push_with_progress(export, index, &mut |_| {})
    }

    /// [`MeiliPush::push`], calling `progress` after each batch and each finished task.
    pub fn push_with_progress(
        &self,
        export: &Export,
        index: &NewsIndex,
        progress: &mut dyn FnMut(&PushProgress),
    ) -> Result<PushReport> {
        let start = Instant::now();
        let name = export.name().to_string();
        check_index_name(&name)?;
        let client = Client::new(&self.url, self.api_key.clone(), self.timeout)?;
        client.ensure_index(&name)?;
        let task = client.task_of(client.call(
            Method::Patch,
            &format!("/indexes/{name}/settings"),
            Some(Body::json(&settings::meilisearch())),
        )?)?;
        client.wait(task)?;

        let scan = export.scan(&Searcher::snapshot(index)?)?;
        let mut state = PushState {
            client: &client,
            name: &name,
            checked: true,
            pending: VecDeque::new(),
            tasks: 0,
            progress: PushProgress {
                total: scan.total(),
                ..PushProgress::default()
            },
            in_flight: self.in_flight,
        };
        progress(&state.progress);
        let mut batch = Batch::default();
        for article in scan {
            let article = article?;
            let start = batch.body.len();
            let hash = export.meili_document(&article, &mut batch.body);
            batch.body.push(b'\n');
            batch.docs.push(BatchDoc {
                key: engine_key(&article.id),
                hash,
                range: (start, batch.body.len()),
            });
            state.progress.read += 1;
            if batch.docs.len() >= self.batch_size || batch.body.len() >= self.batch_bytes {
                state.send(&mut batch)?;
                progress(&state.progress);
            }
        }
        if !batch.docs.is_empty() {
            state.send(&mut batch)?;
            progress(&state.progress);
        }
        while let Some((task, count)) = state.pending.pop_front() {
            client.wait(task)?;
            state.progress.indexed += count;
            progress(&state.progress);
        }
        let stats = client.call(Method::Get, &format!("/indexes/{name}/stats"), None)?;
        Ok(PushReport {
            url: self.url.clone(),
            index: name.clone(),
            articles: state.progress.read,
            sent: state.progress.sent,
            unchanged: state.progress.unchanged,
            checked: state.checked,
            tasks: state.tasks,
            documents: stats["numberOfDocuments"].as_u64().unwrap_or(0),
            seconds: start.elapsed().as_secs_f64(),
        })
    }
}

/// The documents of one batch, one line each in `body`.
#[derive(Default)]
struct Batch {
    body: Vec<u8>,
    docs: Vec<BatchDoc>,
}

struct BatchDoc {
    key: String,
    hash: String,
    /// Where its line is in the batch's body.
    range: (usize, usize),
}

/// What a push carries from batch to batch.
struct PushState<'a> {
    client: &'a Client,
    name: &'a str,
    /// Whether Meilisearch can say which documents it has.
    checked: bool,
    /// Tasks sent and not yet seen finished, with their number of documents.
    pending: VecDeque<(u64, u64)>,
    tasks: u64,
    progress: PushProgress,
    in_flight: usize,
}

impl PushState<'_> {
    /// Sends the documents of `batch` that Meilisearch doesn't have as they are, then
    /// waits while too many tasks are pending. Empties the batch.
    fn send(&mut self, batch: &mut Batch) -> Result<()> {
        let known = if self.checked {
            match self.client.known_hashes(self.name, &batch.docs)? {
                Some(known) => known,
                None => {
                    self.checked = false;
                    HashMap::new()
                }
            }
        } else {
            HashMap::new()
        };
        let mut body = Vec::with_capacity(batch.body.len());
        let mut count = 0;
        for doc in &batch.docs {
            if known.get(&doc.key) == Some(&doc.hash) {
                self.progress.unchanged += 1;
            } else {
                body.extend_from_slice(&batch.body[doc.range.0..doc.range.1]);
                count += 1;
            }
        }
        batch.body.clear();
        batch.docs.clear();
        if count > 0 {
            let answer = self.client.call(
                Method::Post,
                &format!("/indexes/{}/documents?primaryKey=id", self.name),
                Some(Body {
                    content_type: "application/x-ndjson",
                    bytes: body,
                }),
            )?;
            let task = self.client.task_of(answer)?;
            self.pending.push_back((task, count));
            self.tasks += 1;
            self.progress.sent += count;
        }
        while self.pending.len() > self.in_flight {
            if let Some((task, count)) = self.pending.pop_front() {
                self.client.wait(task)?;
                self.progress.indexed += count;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug)]
enum Method {
    Get,
    Post,
    Patch,
}

struct Body {
    content_type: &'static str,
    bytes: Vec<u8>,
}

impl Body {
    fn json(value: &Value) -> Body {
        Body {
            content_type: "application/json",
            bytes: value.to_string().into_bytes(),
        }
    }
}

/// A Meilisearch HTTP client: JSON in and out, errors as one line.
struct Client {
    agent: ureq::Agent,
    base: String,
    key: Option<String>,
}

impl Client {
    fn new(url: &str, key: Option<String>, timeout: Duration) -> Result<Client> {
        let base = url.trim().trim_end_matches('/').to_string();
        let bad = |reason: &str| -> Error {
            RequestError::BadUrl {
                url: url.to_string(),
                reason: reason.to_string(),
            }
            .into()
        };
        let rest = base
            .strip_prefix("http://")
            .or_else(|| base.strip_prefix("https://"))
            .ok_or_else(|| bad("it must start with http:// or https://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("it names no host"));
        }
        if base.parse::<ureq::http::Uri>().is_err() {
            return Err(bad("it is not a URL"));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_per_call(Some(timeout))
            .build()
            .into();
        Ok(Client { agent, base, key })
    }

    /// Makes one request and reads its JSON answer; an answer other than 2xx is the
    /// error Meilisearch gave.
    fn call(&self, method: Method, path: &str, body: Option<Body>) -> Result<Value> {
        let (status, value) = self.call_raw(method, path, body)?;
        if (200..300).contains(&status) {
            Ok(value)
        } else {
            Err(self.refusal(status, &value))
        }
    }

    /// One request: the status and the JSON answer (`Null` when empty).
    fn call_raw(&self, method: Method, path: &str, body: Option<Body>) -> Result<(u16, Value)> {
        let uri = format!("{}{path}", self.base);
        let auth = self.key.as_ref().map(|k| format!("Bearer {k}"));
        let result = match (method, body) {
            (Method::Get, _) => {
                let mut request = self.agent.get(&uri);
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                request.call()
            }
            (method, body) => {
                let mut request = match method {
                    Method::Patch => self.agent.patch(&uri),
                    _ => self.agent.post(&uri),
                };
                if let Some(auth) = &auth {
                    request = request.header("Authorization", auth);
                }
                let body = body.unwrap_or(Body {
                    content_type: "application/json",
                    bytes: b"{}".to_vec(),
                });
                request
                    .header("Content-Type", body.content_type)
                    .send(&body.bytes[..])
            }
        };
        let mut response = result.map_err(|e| Error::EngineUnreachable {
            url: self.base.clone(),
            reason: match e {
                ureq::Error::Io(io) => io.to_string(),
                other => other.to_string(),
            },
        })?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| Error::EngineUnreachable {
                url: self.base.clone(),
                reason: e.to_string(),
            })?;
        let value = if text.trim().is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).map_err(|_| Error::EngineProtocol {
                engine: ENGINE,
                url: self.base.clone(),
                reason: format!(
                    "{} {path} answered {status} with something that is not JSON: {:?}",
                    method_name(method),
                    text.chars().take(120).collect::<String>()
                ),
            })?
        };
        Ok((status, value))
    }

    /// The error for an answer Meilisearch gave with `status`.
    fn refusal(&self, status: u16, value: &Value) -> Error {
        Error::EngineRefused {
            engine: ENGINE,
            url: self.base.clone(),
            status,
            code: value["code"].as_str().map(str::to_owned),
            message: match value["message"].as_str() {
                Some(message) => message.to_string(),
                None if value.is_null() => {
                    "no error message (is this the address of Meilisearch's API?)".into()
                }
                None => value.to_string(),
            },
        }
    }

    /// The uid of the task an answer enqueued.
    fn task_of(&self, answer: Value) -> Result<u64> {
        answer["taskUid"]
            .as_u64()
            .ok_or_else(|| Error::EngineProtocol {
                engine: ENGINE,
                url: self.base.clone(),
                reason: format!("expected a task, got {answer}"),
            })
    }

    /// Waits for a task to finish; a task that failed or was canceled is an error.
    fn wait(&self, task: u64) -> Result<Value> {
        let mut pause = Duration::from_millis(10);
        loop {
            let value = self.call(Method::Get, &format!("/tasks/{task}"), None)?;
            match value["status"].as_str() {
                Some("succeeded") => return Ok(value),
                Some("failed" | "canceled") => {
                    let error = &value["error"];
                    return Err(Error::EngineTaskFailed {
                        engine: ENGINE,
                        url: self.base.clone(),
                        task,
                        code: error["code"].as_str().map(str::to_owned),
                        message: error["message"].as_str().map_or_else(
                            || format!("the task was {}", value["status"]),
                            str::to_owned,
                        ),
                    });
                }
                _ => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
            }
        }
    }

    /// Creates the index keyed by `id` if it is missing; an index keyed by another field
    /// is refused.
    fn ensure_index(&self, name: &str) -> Result<()> {
        let (status, value) = self.call_raw(Method::Get, &format!("/indexes/{name}"), None)?;
        match status {
            200..=299 => match value["primaryKey"].as_str() {
                None | Some("id") => Ok(()),
                Some(other) => Err(Error::EngineIndexKeyed {
                    engine: ENGINE,
                    url: self.base.clone(),
                    index: name.to_string(),
                    found: other.to_string(),
                }),
            },
            404 if value["code"] == "index_not_found" => {
                let answer = self.call(
                    Method::Post,
                    "/indexes",
                    Some(Body::json(&json!({"uid": name, "primaryKey": "id"}))),
                )?;
                let task = self.task_of(answer)?;
                match self.wait(task) {
                    // Another push created it meanwhile.
                    Err(Error::EngineTaskFailed {
                        code: Some(code), ..
                    }) if code == "index_already_exists" => Ok(()),
                    other => other.map(|_| ()),
                }
            }
            _ => Err(self.refusal(status, &value)),
        }
    }

    /// The content hashes Meilisearch holds for the documents of a batch, by key;
    /// `None` when it can't fetch documents by id (before 1.14).
    fn known_hashes(
        &self,
        name: &str,
        docs: &[BatchDoc],
    ) -> Result<Option<HashMap<String, String>>> {
        let ids: Vec<&str> = docs.iter().map(|d| d.key.as_str()).collect();
        let request = json!({"ids": ids, "fields": ["id", HASH_FIELD], "limit": ids.len()});
        let (status, value) = self.call_raw(
            Method::Post,
            &format!("/indexes/{name}/documents/fetch"),
            Some(Body::json(&request)),
        )?;
        if status == 400
            && value["message"]
                .as_str()
                .is_some_and(|m| m.contains("`ids`"))
        {
            return Ok(None);
        }
        if !(200..300).contains(&status) {
            return Err(self.refusal(status, &value));
        }
        let mut known = HashMap::new();
        for doc in value["results"].as_array().into_iter().flatten() {
            if let (Some(id), Some(hash)) = (doc["id"].as_str(), doc[HASH_FIELD].as_str()) {
                known.insert(id.to_string(), hash.to_string());
            }
        }
        Ok(Some(known))
    }
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Post => "POST",
        Method::Patch => "PATCH",
    }
}
