// Initialises GOV.UK Frontend and MOJ Frontend components.
// Loaded from the layout as an external ES module so it works under a strict
// Content-Security-Policy (script-src 'self'): no inline script is needed.
// Imports are relative to this file (wwwroot/js/), so they also work when the
// app is hosted under a path base.
import { initAll as govukInitAll } from '../lib/govuk-frontend.min.js'
import { initAll as mojInitAll } from '../lib/moj-frontend.min.js'

// Replaces the inline snippet from the GOV.UK page template:
//   document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
// Module scripts are deferred, so document.body exists here.
document.body.classList.add('js-enabled')
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('govuk-frontend-supported')
}

govukInitAll()
mojInitAll()
