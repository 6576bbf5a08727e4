// GOV.UK Frontend marks a radio or checkbox that reveals questions with aria-expanded, which ARIA does not allow on
// those roles (axe: aria-allowed-attr). The revealed questions follow the answer in reading order, so the attribute
// adds nothing: it is removed when set (init.js runs first, so the initial ones are already there).
const strip = (input) => input.removeAttribute('aria-expanded')

const inputs = document.querySelectorAll('.govuk-radios__input[aria-controls], .govuk-checkboxes__input[aria-controls]')
inputs.forEach(strip)

const observer = new MutationObserver((changes) => {
  for (const change of changes) {
    if (change.target.hasAttribute('aria-expanded')) {
      strip(change.target)
    }
  }
})
inputs.forEach((input) => observer.observe(input, { attributes: true, attributeFilter: ['aria-expanded'] }))
