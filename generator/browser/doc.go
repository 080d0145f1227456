// Package browser holds the end-to-end tests that drive the built example
// portal in headless Chromium: filters, sorting, search, cross-links,
// file:// use, console errors, accessibility (axe-core), keyboard
// navigation, screenshots and printing. It has no code of its own.
package browser
