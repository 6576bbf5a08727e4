// The chronology's "Print" button. Without JavaScript the button stays hidden and the browser's own Print
// command does the same; the print stylesheet (Styles/_child-page.scss) decides what reaches the paper.
for (const button of document.querySelectorAll('[data-app-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
