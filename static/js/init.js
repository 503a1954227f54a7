// Starts GOV.UK Frontend's JavaScript components. Loaded as <script type="module">, so it only runs in
// browsers that GOV.UK Frontend supports. The base template should also add these body classes inline,
// before the stylesheet-dependent content paints; adding them here too keeps initAll() working without it.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
