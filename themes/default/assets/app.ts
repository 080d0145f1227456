// assure portal behaviour. Every page works without it: the matrix shows
// every control and the navigation reaches every page; this adds filtering,
// sorting and search on top.
import { initMatrix } from "./matrix";
import { initSearch } from "./search";

// On narrow screens the section tabs scroll sideways: bring the current one
// into view, and fold a document's table of contents so the text comes first.
function initLayout(): void {
  const nav = document.querySelector<HTMLElement>(".mainnav");
  const current = nav?.querySelector<HTMLElement>('[aria-current="page"]');
  if (nav && current && nav.scrollWidth > nav.clientWidth) {
    nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
  }
  // A table that scrolls sideways must be reachable by keyboard.
  document.querySelectorAll<HTMLElement>(".table-wrap, .prose table").forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
  });
  if (window.matchMedia("screen and (max-width: 900px)").matches) {
    document.querySelectorAll<HTMLDetailsElement>(".toc details").forEach((d) => (d.open = false));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  initLayout();
  initMatrix();
  initSearch();
});
