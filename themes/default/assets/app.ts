// assure portal behaviour. Every page works without it: the matrix shows
// every control and the navigation reaches every page; this adds filtering,
// sorting and search on top.
import { initMatrix } from "./matrix";
import { initRequests } from "./requests";
import { initSearch } from "./search";

// On narrow screens the section tabs scroll sideways: bring the current one
// into view and mark the edges more tabs lie past, and fold a document's
// table of contents so the text comes first.
function initLayout(): void {
  const nav = document.querySelector<HTMLElement>(".mainnav");
  const tabs = nav?.querySelector<HTMLElement>("ul");
  if (nav && tabs) {
    const current = tabs.querySelector<HTMLElement>('[aria-current="page"]');
    if (current && tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft = current.offsetLeft - tabs.offsetLeft - (tabs.clientWidth - current.offsetWidth) / 2;
    }
    const cue = () => {
      nav.classList.toggle("more-left", tabs.scrollLeft > 1);
      nav.classList.toggle("more-right", tabs.scrollLeft + tabs.clientWidth < tabs.scrollWidth - 1);
    };
    tabs.addEventListener("scroll", cue, { passive: true });
    window.addEventListener("resize", cue);
    cue();
  }
  // A table that scrolls sideways must be reachable by keyboard.
  document.querySelectorAll<HTMLElement>(".table-wrap, .prose table, .panel.chart").forEach((el) => {
    if (el.scrollWidth > el.clientWidth + 1) el.tabIndex = 0;
  });
  if (window.matchMedia("screen and (max-width: 900px)").matches) {
    document.querySelectorAll<HTMLDetailsElement>(".toc details").forEach((d) => (d.open = false));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  initLayout();
  initMatrix();
  initRequests();
  initSearch();
});
