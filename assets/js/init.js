// Starts GOV.UK Frontend's JavaScript components. Loaded as <script type="module">, so it only runs in
// browsers that GOV.UK Frontend supports. The base template should also add these body classes inline,
// before the stylesheet-dependent content paints; adding them here too keeps initAll() working without it.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A field the keyboard reaches is shown whole, not cut off at the window's edge: browsers only scroll
// when a focused element is out of sight entirely, which leaves tall text boxes half hidden.
document.addEventListener("focusin", (event) => {
  const box = event.target.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    event.target.scrollIntoView({ block: "nearest" });
  }
});
