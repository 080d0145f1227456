// The Requests page: a status filter and a text filter narrow the rows.
// Without JavaScript the form stays hidden and every request shows.

export function initRequests(): void {
  const table = document.getElementById("requests") as HTMLTableElement | null;
  const form = document.getElementById("request-filters") as HTMLFormElement | null;
  if (!table || !form) return;
  const rows = Array.from(table.tBodies[0].rows);
  const count = document.getElementById("request-count");
  const status = form.querySelector<HTMLSelectElement>('[data-filter="status"]')!;
  const text = form.querySelector<HTMLInputElement>('[data-filter="text"]')!;
  form.hidden = false;
  form.addEventListener("submit", (e) => e.preventDefault());
  const params = new URLSearchParams(location.search);
  status.value = params.get("status") || "";
  text.value = params.get("text") || "";

  const apply = () => {
    const s = status.value;
    const t = text.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const ok =
        (!s || (s === "overdue" ? row.hasAttribute("data-overdue") : row.dataset.status === s)) &&
        (!t || row.textContent!.toLowerCase().includes(t));
      row.hidden = !ok;
      if (ok) shown++;
    }
    if (count) {
      count.textContent =
        shown === rows.length ? `${rows.length} requests` : shown === 0 ? "No request matches these filters" : `${shown} of ${rows.length} requests`;
    }
    form.classList.toggle("is-filtered", shown !== rows.length);
    // Keep the filters in the address, so a filtered view can be shared.
    const url = new URL(location.href);
    for (const [k, v] of [["status", s], ["text", text.value.trim()]]) {
      if (v) url.searchParams.set(k, v);
      else url.searchParams.delete(k);
    }
    history.replaceState(null, "", url.toString());
  };
  status.addEventListener("change", apply);
  text.addEventListener("input", apply);
  // The reset event fires before the fields are cleared.
  form.addEventListener("reset", () => setTimeout(apply));
  apply();
}
