// Progressive enhancement: the pages work without JavaScript. Kept out of the HTML so a
// Content Security Policy without 'unsafe-inline' can allow it.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
