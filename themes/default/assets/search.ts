// Search over the index built at build time (window.ASSURE_SEARCH), in the
// browser: no server, and it works from file://.

interface Entry {
  k: string; // kind
  i: string; // ID
  t: string; // title
  u: string; // page path from the site root
  m?: string; // who and where: owner, area, source
  x: string; // text
}

declare global {
  interface Window {
    ASSURE_SEARCH?: Entry[];
  }
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

// highlight marks the terms in text in one pass over the text as written:
// the matches are found first, then each piece is escaped once. Marking term
// by term in the escaped text would find a later term inside an earlier
// <mark> ("ma" in "mark") or an entity ("amp" in "&amp;"), and show markup
// as text.
function highlight(text: string, terms: string[]): string {
  const words = terms.filter((t) => t.length >= 2).sort((a, b) => b.length - a.length);
  if (words.length === 0) return escape(text);
  const re = new RegExp(words.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi");
  let out = "";
  let at = 0;
  for (const m of text.matchAll(re)) {
    out += escape(text.slice(at, m.index)) + "<mark>" + escape(m[0]) + "</mark>";
    at = m.index + m[0].length;
  }
  return out + escape(text.slice(at));
}

function snippet(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    at = lower.indexOf(t);
    if (at >= 0) break;
  }
  // Cut at word boundaries, around the first match.
  let start = Math.max(0, at - 60);
  if (start > 0) start = text.indexOf(" ", start) + 1 || start;
  let end = Math.min(text.length, start + 200);
  if (end < text.length && text.lastIndexOf(" ", end) > start) end = text.lastIndexOf(" ", end);
  return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
}

export function search(entries: Entry[], query: string): Entry[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const scored: [number, Entry][] = [];
  for (const e of entries) {
    const id = e.i.toLowerCase(), title = e.t.toLowerCase(), text = e.x.toLowerCase(), meta = (e.m || "").toLowerCase();
    let score = 0;
    let all = true;
    for (const t of terms) {
      if (id === t) score += 100;
      else if (id.includes(t)) score += 40;
      if (title.includes(t)) score += 20;
      if (text.includes(t) || meta.includes(t)) score += 2;
      if (!id.includes(t) && !title.includes(t) && !text.includes(t) && !meta.includes(t)) {
        all = false;
        break;
      }
    }
    if (all) scored.push([score, e]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1].t.localeCompare(b[1].t));
  return scored.slice(0, 50).map(([, e]) => e);
}

export function initSearch(): void {
  const root = document.body.dataset.root || "";
  const masthead = document.getElementById("q") as HTMLInputElement | null;
  const params = new URLSearchParams(location.search);
  const query = params.get("q") || "";
  if (masthead && query) masthead.value = query;

  const input = document.getElementById("search-input") as HTMLInputElement | null;
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const form = document.getElementById("search-form");
  if (!input || !list || !status || !form) return;
  const entries = window.ASSURE_SEARCH || [];
  form.addEventListener("submit", (e) => e.preventDefault());

  const run = () => {
    const q = input.value.trim();
    const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
    const results = search(entries, q);
    list.innerHTML = results
      .map(
        (e) =>
          `<li><p class="result-head"><span class="kind kind-${escape(e.k.toLowerCase())}">${escape(e.k)}</span> <a href="${escape(root + e.u)}">${e.i ? `<span class="id">${escape(e.i)}</span> ` : ""}${highlight(e.t, terms)}</a></p>${e.m ? `<p class="result-meta">${highlight(e.m, terms)}</p>` : ""}${e.x ? `<p class="result-text">${highlight(snippet(e.x, terms), terms)}</p>` : ""}</li>`,
      )
      .join("");
    status.textContent = q === "" ? "Type to search." : results.length === 0 ? `No results for “${q}”.` : `${results.length} result${results.length === 1 ? "" : "s"} for “${q}”.`;
    const url = new URL(location.href);
    if (q) url.searchParams.set("q", q);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url.toString());
  };
  input.value = query;
  input.addEventListener("input", run);
  run();
}
