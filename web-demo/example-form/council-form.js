// The council's own script for its form, as it was before screening was
// added: GOV.UK Frontend's usual start-up (the template's inline snippet
// lives here so the page needs no inline script under its CSP).
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled');
if ('noModule' in HTMLScriptElement.prototype) document.body.classList.add('govuk-frontend-supported');
initAll();
