// The newsdex search page: plain JavaScript, no dependencies, nothing loaded from elsewhere.
// The URL holds the state (q, source, since, until, sort, offset; id for an article), so a
// search can be shared and the back button works.
"use strict";

const PAGE = 10;
const $ = (id) => document.getElementById(id);
const els = {
  q: $("q"), form: $("form"), since: $("since"), until: $("until"), sort: $("sort"),
  hits: $("hits"), summary: $("summary"), suggestion: $("suggestion"), variants: $("variants"),
  error: $("error"), sources: $("sources"), timeline: $("timeline"), axis: $("timeline-axis"),
  rangeLabel: $("range-label"), clearDates: $("clear-dates"), prev: $("prev"), next: $("next"),
  pageLabel: $("page-label"), searchView: $("search-view"), articleView: $("article-view"),
  aTitle: $("a-title"), aMeta: $("a-meta"), aBody: $("a-body"), aLike: $("a-like"),
  back: $("back"), tokenBox: $("token-box"), tokenForm: $("token-form"), token: $("token"),
};

let state = readState();
let selected = -1;
let generation = 0;
let typingTimer = 0;
let baseline = { key: null, months: [] };

// ---- state and URL ----------------------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    sources: p.getAll("source"),
    since: p.get("since") || "",
    until: p.get("until") || "",
    sort: p.get("sort") || "score",
    offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    id: p.get("id") || "",
  };
}

function stateURL(s) {
  const p = new URLSearchParams();
  if (s.id) {
    p.set("id", s.id);
    if (s.q) p.set("q", s.q);
  } else {
    if (s.q) p.set("q", s.q);
    for (const source of s.sources) p.append("source", source);
    if (s.since) p.set("since", s.since);
    if (s.until) p.set("until", s.until);
    if (s.sort !== "score") p.set("sort", s.sort);
    if (s.offset) p.set("offset", String(s.offset));
  }
  const query = p.toString();
  return query ? "/?" + query : "/";
}

// Moves to `next`, adding a history entry (`push`) or replacing the current one.
function go(next, push) {
  state = next;
  const url = stateURL(state);
  if (url !== location.pathname + location.search) {
    if (push) history.pushState(null, "", url);
    else history.replaceState(null, "", url);
  }
  render();
}

window.addEventListener("popstate", () => {
  state = readState();
  render();
});

// ---- the API ----------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, detail) {
    super(detail.message || "error " + status);
    this.status = status;
    this.detail = detail;
  }
}

async function api(path, params) {
  const query = params ? "?" + params.toString() : "";
  const headers = { Accept: "application/json" };
  const token = sessionStorage.getItem("newsdex-token");
  if (token) headers.Authorization = "Bearer " + token;
  let response;
  try {
    response = await fetch("/api/v1/" + path + query, { headers });
  } catch (e) {
    throw new ApiError(0, { code: "offline", message: "the server can't be reached", hint: "is `search serve` still running?" });
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (response.status === 401) {
    els.tokenBox.hidden = false;
    els.token.focus();
  }
  if (!response.ok) {
    const detail = (body && body.error) || { code: "http", message: "error " + response.status };
    throw new ApiError(response.status, detail);
  }
  els.tokenBox.hidden = true;
  return body;
}

els.tokenForm.addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem("newsdex-token", els.token.value.trim());
  els.token.value = "";
  render();
});

// ---- building the page ------------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// `text` with the [start, end) character ranges marked.
function marked(text, ranges) {
  const frag = document.createDocumentFragment();
  if (!text) return frag;
  const chars = Array.from(text);
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > chars.length || start >= end) continue;
    frag.append(chars.slice(at, start).join(""));
    frag.append(el("mark", {}, chars.slice(start, end).join("")));
    at = end;
  }
  frag.append(chars.slice(at).join(""));
  return frag;
}

function metaLine(item) {
  const parts = [];
  if (item.source) parts.push(item.source);
  if (item.date) parts.push(item.date.slice(0, 10));
  if (item.author) parts.push(item.author);
  return parts.join(" · ");
}

function showError(e) {
  if (!e) {
    els.error.hidden = true;
    return;
  }
  const detail = e.detail || { message: String(e) };
  els.error.replaceChildren(
    el("strong", {}, detail.message),
    detail.hint ? el("span", { class: "muted" }, " — " + detail.hint) : null,
  );
  els.error.hidden = false;
}

function articleHref(id) {
  return stateURL({ ...state, id, offset: 0 });
}

function hitItem(hit, compact) {
  const open = (e) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    openArticle(hit.id);
  };
  return el("li", { class: "hit", "data-id": hit.id },
    compact ? null : el("span", { class: "rank" }, hit.rank + "."),
    el("a", { class: "title", href: articleHref(hit.id), onclick: open },
      marked(hit.title || "(untitled)", hit.title_highlights)),
    el("div", { class: "meta" }, metaLine(hit), ...similarLinks(hit)),
    hit.snippet ? el("p", { class: "snippet" }, marked(hit.snippet, hit.highlights)) : null,
  );
}

// The copies of the story folded into a hit, each a link to the article.
function similarLinks(hit) {
  const ids = hit.similar || [];
  if (!ids.length) return [];
  const links = ids.flatMap((id, i) => [
    i ? ", " : "",
    el("a", { href: articleHref(id), onclick: (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
      e.preventDefault();
      openArticle(id);
    } }, id),
  ]);
  return [(metaLine(hit) ? " · " : "") + "+" + ids.length + " similar (", ...links, ")"];
}

function openArticle(id) {
  go({ ...state, id }, true);
}

// ---- months -----------------------------------------------------------------------------

function monthAfter(month) {
  let [y, m] = month.split("-").map(Number);
  m += 1;
  if (m > 12) { m = 1; y += 1; }
  return y + "-" + String(m).padStart(2, "0");
}

function lastDay(month) {
  const [y, m] = month.split("-").map(Number);
  return month + "-" + String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, "0");
}

// Every month from the first to the last of `months`, with 0 for those without articles.
function filledMonths(months) {
  if (!months.length) return [];
  const counts = new Map(months.map((m) => [m.month, m.count]));
  const out = [];
  const last = months[months.length - 1].month;
  for (let month = months[0].month; ; month = monthAfter(month)) {
    out.push({ month, count: counts.get(month) || 0 });
    if (month >= last || out.length > 2400) break;
  }
  return out;
}

const SVG = "http://www.w3.org/2000/svg";
let timelineMonths = [];
let drag = null;
// At least this many slots wide, so that a few months don't make a few slabs.
const MIN_SLOTS = 12;
let slots = MIN_SLOTS;
let slotOffset = 0;

function drawTimeline(months) {
  timelineMonths = filledMonths(months);
  const svg = els.timeline;
  svg.replaceChildren();
  const n = timelineMonths.length;
  if (!n) {
    els.axis.replaceChildren();
    return;
  }
  slots = Math.max(n, MIN_SLOTS);
  slotOffset = Math.floor((slots - n) / 2);
  const width = slots * 10;
  const height = 80;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const max = Math.max(...timelineMonths.map((m) => m.count), 1);
  const since = state.since.slice(0, 7);
  const until = state.until.slice(0, 7);
  const ranged = Boolean(since || until);
  timelineMonths.forEach((m, i) => {
    const h = m.count ? Math.max(2, (m.count / max) * (height - 4)) : 0;
    const inRange = (!since || m.month >= since) && (!until || m.month <= until);
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("data-month", m.month);
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${m.month}: ${m.count} article${m.count === 1 ? "" : "s"}`;
    const hit = document.createElementNS(SVG, "rect");
    hit.setAttribute("class", "hitbox");
    hit.setAttribute("x", (slotOffset + i) * 10);
    hit.setAttribute("y", 0);
    hit.setAttribute("width", 10);
    hit.setAttribute("height", height);
    const bar = document.createElementNS(SVG, "rect");
    bar.setAttribute("class", "bar-rect" + (ranged ? (inRange ? " on" : " off") : ""));
    bar.setAttribute("x", (slotOffset + i) * 10 + 1);
    bar.setAttribute("y", height - h);
    bar.setAttribute("width", 8);
    bar.setAttribute("height", h);
    g.append(title, bar, hit);
    svg.append(g);
  });
  // Labels under the first, middle and last bars.
  const at = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  els.axis.replaceChildren(...at.map((i) => {
    const label = el("span", {}, timelineMonths[i].month);
    const left = ((slotOffset + i + 0.5) / slots) * 100;
    label.style.left = left.toFixed(2) + "%";
    // Near an edge, a label is aligned to it rather than centred past it.
    if (left < 10) label.style.transform = "translateX(-" + (left * 5).toFixed(0) + "%)";
    if (left > 90) label.style.transform = "translateX(-" + (100 - (100 - left) * 5).toFixed(0) + "%)";
    return label;
  }));
}

function monthAt(clientX) {
  const box = els.timeline.getBoundingClientRect();
  const n = timelineMonths.length;
  if (!n || box.width === 0) return -1;
  const i = Math.floor(((clientX - box.left) / box.width) * slots) - slotOffset;
  return Math.min(n - 1, Math.max(0, i));
}

function drawSelection(a, b) {
  let rect = els.timeline.querySelector(".sel");
  if (!rect) {
    rect = document.createElementNS(SVG, "rect");
    rect.setAttribute("class", "sel");
    els.timeline.append(rect);
  }
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  rect.setAttribute("x", (slotOffset + lo) * 10);
  rect.setAttribute("y", 0);
  rect.setAttribute("width", (hi - lo + 1) * 10);
  rect.setAttribute("height", 80);
}

els.timeline.addEventListener("pointerdown", (e) => {
  const i = monthAt(e.clientX);
  if (i < 0) return;
  drag = { start: i, end: i };
  els.timeline.setPointerCapture(e.pointerId);
  drawSelection(i, i);
});
els.timeline.addEventListener("pointermove", (e) => {
  if (!drag) return;
  drag.end = monthAt(e.clientX);
  drawSelection(drag.start, drag.end);
});
els.timeline.addEventListener("pointerup", (e) => {
  if (!drag) return;
  const end = monthAt(e.clientX);
  const [lo, hi] = drag.start <= end ? [drag.start, end] : [end, drag.start];
  drag = null;
  const first = timelineMonths[lo].month;
  const last = timelineMonths[hi].month;
  go({ ...state, since: first + "-01", until: lastDay(last), offset: 0 }, true);
});
els.timeline.addEventListener("pointercancel", () => {
  drag = null;
  render();
});

// ---- sources ----------------------------------------------------------------------------

function drawSources(facets) {
  const counts = new Map((facets ? facets.sources : []).map((s) => [s.source, s.count]));
  const names = [...counts.keys()].slice(0, 30);
  // A chosen source stays listed (and can be turned off) even when it has no match.
  for (const chosen of state.sources) {
    if (!names.some((n) => n.toLowerCase() === chosen.toLowerCase())) names.push(chosen);
  }
  const chosen = (name) => state.sources.some((s) => s.toLowerCase() === name.toLowerCase());
  els.sources.replaceChildren(...names.map((name) => el("li", {},
    el("button", {
      type: "button", "aria-pressed": chosen(name) ? "true" : "false", "data-source": name,
      onclick: () => {
        const sources = chosen(name)
          ? state.sources.filter((s) => s.toLowerCase() !== name.toLowerCase())
          : [...state.sources, name];
        go({ ...state, sources, offset: 0 }, true);
      },
    }, el("span", {}, name), el("span", { class: "count" }, (counts.get(name) || 0).toLocaleString())),
  )));
  if (facets && facets.no_source && !state.sources.length) {
    els.sources.append(el("li", { class: "muted no-source" },
      el("span", {}, "(no source)"), el("span", { class: "count" }, facets.no_source.toLocaleString())));
  }
}

// ---- the search view --------------------------------------------------------------------

function searchParams(s, overrides) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const source of s.sources) p.append("source", source);
  if (s.since) p.set("since", s.since);
  if (s.until) p.set("until", s.until);
  const sort = s.sort === "score" && !s.q.trim() ? "-date" : s.sort;
  if (sort !== "score") p.set("sort", sort);
  p.set("limit", String(PAGE));
  if (s.offset) p.set("offset", String(s.offset));
  p.set("facets", "true");
  for (const [k, v] of Object.entries(overrides || {})) {
    if (v === null) p.delete(k);
    else p.set(k, v);
  }
  return p;
}

async function renderSearch() {
  const mine = ++generation;
  els.articleView.hidden = true;
  els.searchView.hidden = false;
  document.title = state.q ? state.q + " · newsdex" : "newsdex";
  // The box keeps what is being typed; otherwise it shows the state's query.
  if (!typingTimer) els.q.value = state.q;
  els.since.value = state.since;
  els.until.value = state.until;
  els.sort.value = state.sort;
  const ranged = Boolean(state.since || state.until);
  els.clearDates.hidden = !ranged;
  els.rangeLabel.textContent = ranged ? `${state.since || "…"} – ${state.until || "…"}` : "";

  if (!state.q.trim() && !state.sources.length && !ranged) {
    try {
      const stats = await api("stats");
      if (mine !== generation) return;
      showError(null);
      els.hits.replaceChildren();
      els.suggestion.hidden = true;
      els.variants.hidden = true;
      els.summary.textContent = `${stats.documents.toLocaleString()} articles in the index. Type to search them.`;
      els.prev.hidden = els.next.hidden = true;
      els.pageLabel.textContent = "";
      drawTimeline(stats.facets.months);
      drawSources(stats.facets);
    } catch (e) {
      if (mine === generation) showError(e);
    }
    return;
  }

  let results;
  try {
    const main = api("search", searchParams(state));
    // The timeline shows the query over all dates, with the chosen range marked.
    const key = searchParams(state, { since: null, until: null, offset: null }).toString();
    let wide = null;
    if (ranged && baseline.key !== key) {
      wide = api("search", searchParams(state, { since: null, until: null, offset: null, limit: "1", snippet_chars: "0" }));
    }
    results = await main;
    if (wide) {
      const w = await wide;
      baseline = { key, months: w.facets ? w.facets.months : [] };
    } else if (!ranged) {
      baseline = { key, months: results.facets ? results.facets.months : [] };
    }
  } catch (e) {
    if (mine !== generation) return;
    showError(e);
    els.hits.replaceChildren();
    els.summary.textContent = "";
    els.prev.hidden = els.next.hidden = true;
    els.pageLabel.textContent = "";
    return;
  }
  if (mine !== generation) return;
  showError(null);
  const { total, hits, took_ms: took } = results;
  const from = hits.length ? results.offset + 1 : 0;
  const to = results.offset + hits.length;
  els.summary.textContent = total
    ? `${from}–${to} of ${total.toLocaleString()} article${total === 1 ? "" : "s"} (${took.toFixed(1)} ms)`
    : `No articles match (${took.toFixed(1)} ms).`;
  if (results.suggestion) {
    els.suggestion.replaceChildren("Did you mean ",
      el("a", { href: stateURL({ ...state, q: results.suggestion, offset: 0 }), onclick: (e) => {
        e.preventDefault();
        els.q.value = results.suggestion;
        go({ ...state, q: results.suggestion, offset: 0 }, true);
      } }, el("strong", {}, results.suggestion)), "?");
    els.suggestion.hidden = false;
  } else {
    els.suggestion.hidden = true;
  }
  const variants = results.variants || [];
  els.variants.hidden = !variants.length;
  els.variants.textContent = variants.length ? "Also matched: " + variants.join(", ") : "";
  els.hits.replaceChildren(...hits.map((h) => hitItem(h, false)));
  selected = -1;
  els.prev.hidden = els.next.hidden = total <= PAGE;
  els.prev.disabled = results.offset === 0;
  els.next.disabled = to >= total;
  const pages = Math.ceil(total / PAGE);
  els.pageLabel.textContent = total > PAGE ? `page ${Math.floor(results.offset / PAGE) + 1} of ${pages.toLocaleString()}` : "";
  drawTimeline(baseline.months);
  drawSources(results.facets);
}

// ---- the article view -------------------------------------------------------------------

async function renderArticle() {
  const mine = ++generation;
  els.searchView.hidden = true;
  els.articleView.hidden = false;
  // The box shows the query the article's words are marked by.
  if (!typingTimer) els.q.value = state.q;
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  let article;
  try {
    article = await api("articles/" + encodeURIComponent(state.id), params);
  } catch (e) {
    if (mine !== generation) return;
    els.aTitle.textContent = e.status === 404 ? "No such article" : "The article can't be shown";
    els.aMeta.textContent = e.detail ? e.detail.message : String(e);
    els.aBody.replaceChildren();
    els.aLike.replaceChildren();
    return;
  }
  if (mine !== generation) return;
  document.title = (article.title || article.id) + " · newsdex";
  els.aTitle.replaceChildren(marked(article.title || "(untitled)", article.title_highlights));
  const meta = [];
  const line = metaLine(article);
  if (line) meta.push(line);
  if (article.url) meta.push(el("a", { href: article.url, rel: "noopener noreferrer" }, "original"));
  if (article.path) meta.push(el("a", { href: "file://" + encodeURI(article.path), title: "the file it was read from" }, article.path));
  meta.push("id " + article.id);
  els.aMeta.replaceChildren(...meta.flatMap((part, i) => (i ? [" · ", part] : [part])));
  els.aBody.replaceChildren(marked(article.body, article.body_highlights));
  window.scrollTo(0, 0);
  try {
    const like = await api("search", new URLSearchParams({ like: article.id, limit: "5", snippet_chars: "140" }));
    if (mine !== generation) return;
    els.aLike.replaceChildren(...like.hits.map((h) => hitItem(h, true)));
    if (!like.hits.length) els.aLike.replaceChildren(el("li", { class: "muted" }, "No related articles."));
  } catch (e) {
    if (mine === generation) els.aLike.replaceChildren(el("li", { class: "muted" }, e.message));
  }
}

els.back.addEventListener("click", (e) => {
  e.preventDefault();
  closeArticle();
});

function closeArticle() {
  if (history.length > 1 && history.state !== "first") history.back();
  else go({ ...state, id: "" }, true);
}

function render() {
  if (state.id) renderArticle();
  else renderSearch();
}

// ---- input ------------------------------------------------------------------------------

els.q.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    typingTimer = 0;
    go({ ...state, q: els.q.value, offset: 0, id: "" }, false);
  }, 150);
});
els.form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(typingTimer);
  typingTimer = 0;
  if (selected >= 0 && els.q.value === state.q) {
    const item = els.hits.querySelectorAll(".hit")[selected];
    if (item) return openArticle(item.dataset.id);
  }
  go({ ...state, q: els.q.value, offset: 0, id: "" }, true);
});
els.since.addEventListener("change", () => go({ ...state, since: els.since.value, offset: 0 }, true));
els.until.addEventListener("change", () => go({ ...state, until: els.until.value, offset: 0 }, true));
els.sort.addEventListener("change", () => go({ ...state, sort: els.sort.value, offset: 0 }, true));
els.clearDates.addEventListener("click", () => go({ ...state, since: "", until: "", offset: 0 }, true));
els.prev.addEventListener("click", () => go({ ...state, offset: Math.max(0, state.offset - PAGE) }, true));
els.next.addEventListener("click", () => go({ ...state, offset: state.offset + PAGE }, true));
$("home").addEventListener("click", (e) => {
  e.preventDefault();
  els.q.value = "";
  go({ q: "", sources: [], since: "", until: "", sort: "score", offset: 0, id: "" }, true);
  els.q.focus();
});

function select(i) {
  const items = els.hits.querySelectorAll(".hit");
  if (!items.length) return;
  selected = Math.min(items.length - 1, Math.max(0, i));
  items.forEach((item, j) => item.classList.toggle("selected", j === selected));
  items[selected].scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (e) => {
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === "/" && !typing) {
    e.preventDefault();
    if (state.id) go({ ...state, id: "" }, true);
    els.q.focus();
    els.q.select();
    return;
  }
  if (e.key === "Escape") {
    if (state.id) closeArticle();
    else if (typing) e.target.blur();
    return;
  }
  if (state.id || e.metaKey || e.ctrlKey || e.altKey) return;
  const inBox = e.target === els.q;
  if (e.key === "ArrowDown" || (e.key === "j" && !typing)) {
    if (typing && !inBox) return;
    e.preventDefault();
    if (inBox) els.q.blur();
    select(selected + 1);
  } else if (e.key === "ArrowUp" || (e.key === "k" && !typing)) {
    if (typing) return;
    e.preventDefault();
    if (selected <= 0) {
      selected = -1;
      els.hits.querySelectorAll(".hit").forEach((item) => item.classList.remove("selected"));
      els.q.focus();
    } else {
      select(selected - 1);
    }
  } else if (e.key === "Enter" && !typing && selected >= 0) {
    const item = els.hits.querySelectorAll(".hit")[selected];
    if (item) openArticle(item.dataset.id);
  }
});

history.replaceState("first", "", stateURL(state));
render();
if (!state.id) els.q.focus();
