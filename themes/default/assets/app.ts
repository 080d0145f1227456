// assure portal behaviour. Every page works without it: the matrix shows
// every control and the navigation reaches every page; this adds filtering,
// sorting and search on top.
import { initMatrix } from "./matrix";
import { initSearch } from "./search";

document.addEventListener("DOMContentLoaded", () => {
  initMatrix();
  initSearch();
});
