// The control matrix: filters narrow the rows, header buttons sort them.
// Without JavaScript the form stays hidden and every row shows.

type Filters = Record<string, string>;

const frequencyOrder = ["continuous", "daily", "weekly", "monthly", "quarterly", "semiannual", "annual", "as-needed"];

export function initMatrix(): void {
  const table = document.getElementById("matrix") as HTMLTableElement | null;
  const form = document.getElementById("matrix-filters") as HTMLFormElement | null;
  if (!table || !form) return;
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const count = document.getElementById("matrix-count");
  form.hidden = false;
  form.addEventListener("submit", (e) => e.preventDefault());

  const controls = Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("[data-filter]"));
  const params = new URLSearchParams(location.search);
  for (const c of controls) {
    const v = params.get(c.dataset.filter!);
    if (v) c.value = v;
  }

  const apply = () => {
    const f: Filters = {};
    for (const c of controls) f[c.dataset.filter!] = c.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const d = row.dataset;
      const ok =
        (!f.text || row.textContent!.toLowerCase().includes(f.text)) &&
        (!f.category || (d.category || "").split(" ").includes(f.category)) &&
        (!f.criterion || (d.criterion || "").toLowerCase().split(" ").includes(f.criterion)) &&
        (!f.owner || (d.owner || "").toLowerCase() === f.owner) &&
        (!f.frequency || d.frequency === f.frequency) &&
        (!f.status || d.status === f.status);
      row.hidden = !ok;
      if (ok) shown++;
    }
    if (count) {
      count.textContent =
        shown === rows.length ? `${rows.length} controls` : shown === 0 ? `No control matches these filters` : `${shown} of ${rows.length} controls`;
    }
    form.classList.toggle("is-filtered", shown !== rows.length);
    // Keep the filters in the address, so a filtered view can be shared.
    const url = new URL(location.href);
    for (const c of controls) {
      const v = c.value.trim();
      if (v) url.searchParams.set(c.dataset.filter!, v);
      else url.searchParams.delete(c.dataset.filter!);
    }
    history.replaceState(null, "", url.toString());
  };
  for (const c of controls) c.addEventListener(c.tagName === "SELECT" ? "change" : "input", apply);
  // The reset event fires before the fields are cleared.
  form.addEventListener("reset", () => setTimeout(apply));
  apply();

  const headers = Array.from(table.tHead!.rows[0].cells).filter((th) => th.dataset.sort);
  for (const th of headers) {
    const button = th.querySelector("button");
    if (!button) continue;
    button.addEventListener("click", () => {
      const key = th.dataset.sort!;
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      for (const h of headers) h.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const value = (r: HTMLTableRowElement): string | number => {
        const v = r.dataset[key] || "";
        if (key === "evidence") return Number(v);
        if (key === "frequency") return frequencyOrder.indexOf(v);
        return v.toLowerCase();
      };
      const sorted = rows.slice().sort((a, b) => {
        const x = value(a), y = value(b);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
        return ascending ? c : -c;
      });
      for (const r of sorted) body.appendChild(r);
    });
  }
}
