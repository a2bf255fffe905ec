//! The page in a real headless Chromium, driven over WebDriver (chromedriver): typing,
//! highlights, source and timeline filters, the article view, the back button, the
//! keyboard, a narrow screen and the dark theme. Screenshots are saved under
//! `target/tmp/browser/` (or `$NEWSDEX_SCREENSHOTS`).
//!
//! Needs `chromium` and `chromedriver` (Debian: `chromium`, `chromium-driver`), which
//! `.ci/run` installs; run with `cargo test -p newsdex-server -- --ignored browser`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use newsdex::{DateSpan, NewsIndex, SearchRequest, Searcher};
use newsdex_server::{router, IndexSource, Options};
use serde_json::{json, Value};

use crate::fixture;

/// chromedriver, ended when dropped.
struct Driver {
    child: Child,
    port: u16,
    profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> Driver {
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let port = free_port();
    let child = Command::new(&binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary} ({e}): install chromium-driver"));
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver never listened");
        std::thread::sleep(Duration::from_millis(50));
    }
    Driver {
        child,
        port,
        profile: tempfile::tempdir().unwrap(),
    }
}

async fn browser(driver: &Driver, extra: &[&str]) -> Client {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let profile = driver.profile.path().join(format!("p{}", extra.len()));
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--disable-dev-shm-usage".into(),
        "--window-size=1280,900".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

/// Serves `index` on a free loopback port, on this test's runtime.
async fn serve(index: &NewsIndex) -> SocketAddr {
    let app = router(IndexSource::from(index.clone()), Options::new()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn shots_dir() -> PathBuf {
    let dir = std::env::var_os("NEWSDEX_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser"));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn shot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots_dir().join(name), png).unwrap();
}

async fn js(c: &Client, script: &str) -> Value {
    c.execute(script, vec![]).await.unwrap()
}

/// Waits until `script` returns true.
async fn until(c: &Client, what: &str, script: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if js(c, script).await == json!(true) {
            return;
        }
        if Instant::now() > deadline {
            let summary = js(c, "return document.body.innerText").await;
            panic!("timed out waiting for {what}; the page shows:\n{summary}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn summary(c: &Client) -> String {
    js(c, "return document.getElementById('summary').textContent")
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// The total the summary line states ("1–10 of 36 articles").
async fn total_shown(c: &Client) -> u64 {
    let text = summary(c).await;
    let of = text
        .split(" of ")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    of.split_whitespace()
        .next()
        .unwrap()
        .replace(',', "")
        .parse()
        .unwrap()
}

async fn source_counts(c: &Client) -> Value {
    js(
        c,
        "return Object.fromEntries([...document.querySelectorAll('#sources button')].map(b => \
         [b.dataset.source, Number(b.querySelector('.count').textContent.replace(/,/g, ''))]))",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: .ci/run installs them"]
async fn browser_search_filter_open_and_go_back() {
    let tmp = tempfile::tempdir().unwrap();
    let index = fixture::index_in(tmp.path());
    let searcher = Searcher::new(&index).unwrap();
    let base = format!("http://{}", serve(&index).await);
    let driver = start_driver();
    let c = browser(&driver, &[]).await;

    // The box is focused on load; the page shows what the index holds.
    c.goto(&format!("{base}/")).await.unwrap();
    until(
        &c,
        "the index summary",
        "return document.getElementById('summary').textContent.includes('48 articles')",
    )
    .await;
    assert_eq!(js(&c, "return document.activeElement.id").await, "q");

    // Typing searches, with the query's words marked.
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("Shoigu Pyongyang")
        .await
        .unwrap();
    until(
        &c,
        "highlighted hits",
        "return document.querySelectorAll('#hits .hit mark').length > 0",
    )
    .await;
    assert_eq!(total_shown(&c).await, 12, "{}", summary(&c).await);
    let marks = js(&c, "return [...document.querySelector('#hits .hit .snippet').querySelectorAll('mark')].map(m => m.textContent)").await;
    assert_eq!(marks, json!(["Shoigu", "Pyongyang"]));
    let url = c.current_url().await.unwrap();
    assert_eq!(url.query(), Some("q=Shoigu+Pyongyang"));
    shot(&c, "results.png").await;

    // A broader query, then a source facet: the counts follow the library's.
    let input = c.find(Locator::Id("q")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("said").await.unwrap();
    until(
        &c,
        "the new total",
        "return document.getElementById('summary').textContent.includes('of 36 articles')",
    )
    .await;
    assert_eq!(
        source_counts(&c).await,
        json!({"Reuters": 12, "AP": 12, "BBN": 12})
    );
    let months_before = js(&c, "return document.querySelectorAll('#timeline g').length").await;
    assert_eq!(months_before, 6);
    c.find(Locator::Css("#sources button[data-source='AP']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(&c, "the AP filter", "return document.querySelector(\"#sources button[data-source='AP']\").getAttribute('aria-pressed') === 'true' && !document.getElementById('summary').textContent.includes('of 36')").await;
    let ap = searcher
        .search(&SearchRequest::new("said").source("AP"))
        .unwrap();
    assert_eq!(total_shown(&c).await, ap.total as u64);
    assert_eq!(source_counts(&c).await, json!({"AP": ap.total}));

    // AP's articles that say "said" are from February and May: the timeline spans those
    // months, the two between at zero.
    let bars = js(
        &c,
        "return [...document.querySelectorAll('#timeline g')].map(g => g.dataset.month)",
    )
    .await;
    assert_eq!(bars, json!(["2023-02", "2023-03", "2023-04", "2023-05"]));

    // A bar of the timeline: one month.
    let before = total_shown(&c).await;
    c.find(Locator::Css("#timeline g[data-month='2023-05'] .hitbox"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(&c, "the month filter", "return location.search.includes('since=2023-05-01') && location.search.includes('until=2023-05-31')").await;
    let may = searcher
        .search(
            &SearchRequest::new("said")
                .source("AP")
                .since(DateSpan::parse("2023-05").unwrap())
                .until(DateSpan::parse("2023-05").unwrap()),
        )
        .unwrap();
    assert!(may.total > 0 && (may.total as u64) < before);
    until(
        &c,
        "the month's total",
        &format!(
            "return document.getElementById('summary').textContent.includes('of {} article')",
            may.total
        ),
    )
    .await;
    assert_eq!(
        js(&c, "return document.getElementById('since').value").await,
        "2023-05-01"
    );
    // The timeline still shows every month, the chosen one marked.
    assert_eq!(
        js(
            &c,
            "return document.querySelectorAll('#timeline .bar-rect.on').length"
        )
        .await,
        1
    );
    assert_eq!(
        js(&c, "return document.querySelectorAll('#timeline g').length").await,
        4
    );
    shot(&c, "filtered.png").await;
    let filtered_url = c.current_url().await.unwrap();

    // A drag over the timeline selects a range of months.
    js(&c, "const svg = document.getElementById('timeline'); const r = svg.getBoundingClientRect(); \
        const at = (i) => { const b = svg.querySelectorAll('g')[i].getBoundingClientRect(); return b.left + b.width / 2; }; \
        const ev = (type, i) => svg.dispatchEvent(new PointerEvent(type, {clientX: at(i), clientY: r.top + 10, bubbles: true, pointerId: 1})); \
        ev('pointerdown', 0); ev('pointermove', 1); ev('pointerup', 2); return true").await;
    until(&c, "the dragged range", "return location.search.includes('since=2023-02-01') && location.search.includes('until=2023-04-30')").await;
    until(
        &c,
        "three months marked",
        "return document.querySelectorAll('#timeline .bar-rect.on').length === 3",
    )
    .await;
    c.back().await.unwrap();
    until(
        &c,
        "back to one month",
        "return location.search.includes('until=2023-05-31')",
    )
    .await;

    // Open an article: its words marked, more like this, then back.
    let first_title = js(
        &c,
        "return document.querySelector('#hits .hit .title').textContent",
    )
    .await;
    c.find(Locator::Css("#hits .hit .title"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    until(&c, "the article", "return !document.getElementById('article-view').hidden && document.querySelectorAll('#a-like .hit').length > 0").await;
    assert_eq!(
        js(&c, "return document.getElementById('a-title').textContent").await,
        first_title
    );
    let body_marks = js(&c, "return [...document.querySelectorAll('#a-body mark')].map(m => m.textContent.toLowerCase())").await;
    let body_marks = body_marks.as_array().unwrap();
    assert!(
        !body_marks.is_empty() && body_marks.iter().all(|m| m == "said"),
        "{body_marks:?}"
    );
    assert!(c
        .current_url()
        .await
        .unwrap()
        .query()
        .unwrap()
        .starts_with("id="));
    shot(&c, "article.png").await;
    c.back().await.unwrap();
    until(&c, "the results again", "return !document.getElementById('search-view').hidden && document.querySelectorAll('#hits .hit').length > 0").await;
    assert_eq!(c.current_url().await.unwrap(), filtered_url);
    assert_eq!(total_shown(&c).await, may.total as u64);

    // Keyboard: / focuses the box, arrows move, Enter opens, Escape goes back.
    js(&c, "document.activeElement.blur(); return true").await;
    let body = c.find(Locator::Css("body")).await.unwrap();
    body.send_keys("/").await.unwrap();
    assert_eq!(js(&c, "return document.activeElement.id").await, "q");
    c.find(Locator::Id("q"))
        .await
        .unwrap()
        .send_keys("\u{E015}")
        .await
        .unwrap(); // ArrowDown
    body.send_keys("j").await.unwrap();
    assert_eq!(js(&c, "return [...document.querySelectorAll('#hits .hit')].findIndex(h => h.classList.contains('selected'))").await, 1);
    body.send_keys("k").await.unwrap();
    let chosen = js(
        &c,
        "return document.querySelector('#hits .hit.selected').dataset.id",
    )
    .await;
    body.send_keys("\u{E007}").await.unwrap(); // Enter
    until(
        &c,
        "the chosen article",
        &format!(
            "return location.search.startsWith('?id={}')",
            chosen.as_str().unwrap()
        ),
    )
    .await;
    body.send_keys("\u{E00C}").await.unwrap(); // Escape
    until(
        &c,
        "the results after Escape",
        "return !document.getElementById('search-view').hidden",
    )
    .await;

    // Nothing was fetched from anywhere but this server.
    let foreign = js(&c, &format!("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('{base}'))")).await;
    assert_eq!(foreign, json!([]));

    // 360 px wide: nothing wider than the screen.
    c.set_window_size(360, 780).await.unwrap();
    c.goto(&format!("{base}/?q=oil+prices")).await.unwrap();
    until(
        &c,
        "narrow results",
        "return document.querySelectorAll('#hits .hit').length > 0",
    )
    .await;
    let overflow = js(
        &c,
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth",
    )
    .await;
    assert_eq!(overflow, json!(true), "the page is wider than 360 px");
    shot(&c, "narrow.png").await;
    c.close().await.unwrap();

    // Dark theme, from the system's preference.
    let dark = browser(
        &driver,
        &[
            "--force-dark-mode",
            "--blink-settings=preferredColorScheme=0",
        ],
    )
    .await;
    dark.goto(&format!("{base}/?q=Shoigu")).await.unwrap();
    until(
        &dark,
        "dark results",
        "return document.querySelectorAll('#hits .hit').length > 0",
    )
    .await;
    assert_eq!(
        js(
            &dark,
            "return matchMedia('(prefers-color-scheme: dark)').matches"
        )
        .await,
        json!(true)
    );
    let bg = js(
        &dark,
        "return getComputedStyle(document.body).backgroundColor",
    )
    .await;
    assert_eq!(bg, "rgb(22, 22, 26)");
    shot(&dark, "dark.png").await;
    dark.close().await.unwrap();
}
