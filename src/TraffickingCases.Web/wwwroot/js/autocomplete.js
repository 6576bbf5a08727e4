// Progressive enhancement of long lists (nationalities): each <select data-module="app-autocomplete"> becomes a
// text box that suggests as the person types ("Alb" finds Albanian), with accessible-autocomplete. Without
// JavaScript, or if this fails, the select itself still works.
import '../lib/accessible-autocomplete.min.js'

const selects = document.querySelectorAll('select[data-module="app-autocomplete"]')
const autocomplete = window.accessibleAutocomplete

if (selects.length > 0 && autocomplete) {
  const stylesheet = document.createElement('link')
  stylesheet.rel = 'stylesheet'
  stylesheet.href = new URL('../lib/accessible-autocomplete.min.css', import.meta.url).href
  document.head.append(stylesheet)

  for (const select of selects) {
    const id = select.id
    autocomplete.enhanceSelectElement({ selectElement: select, defaultValue: '', showAllValues: true, dropdownArrow: () => '' })
    // A box emptied by the person clears the choice too (the library keeps the last one it confirmed).
    const input = document.getElementById(id)
    if (input) {
      input.addEventListener('blur', () => {
        if (input.value.trim() === '') {
          select.value = ''
        }
      })
    }
  }
}
