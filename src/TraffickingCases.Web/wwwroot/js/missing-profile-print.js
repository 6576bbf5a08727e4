// The "Print this page" button of the police profile: shown only when JavaScript runs (the browser's own
// print works without it). A module, so the page keeps its strict Content-Security-Policy.
for (const button of document.querySelectorAll('[data-app-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
