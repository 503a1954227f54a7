// Starts GOV.UK Frontend's JavaScript components. Loaded as <script type="module">, so it only runs in
// browsers that GOV.UK Frontend supports. The base template should also add these body classes inline,
// before the stylesheet-dependent content paints; adding them here too keeps initAll() working without it.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// GOV.UK Frontend marks a radio or checkbox that reveals a box (a need's detail, say) with aria-expanded,
// which ARIA does not allow on those roles (axe: aria-allowed-attr, critical). aria-controls stays; the
// revealed box comes straight after the input, so nothing is lost. Taken off now and whenever it is set again.
const INPUTS = "input[type=radio], input[type=checkbox]";
const dropExpanded = (element) => {
  if (element.matches(INPUTS) && element.hasAttribute("aria-expanded")) element.removeAttribute("aria-expanded");
};
document.querySelectorAll(INPUTS).forEach(dropExpanded);
new MutationObserver((changes) => changes.forEach((change) => dropExpanded(change.target))).observe(document.body, {
  attributes: true,
  attributeFilter: ["aria-expanded"],
  subtree: true,
});

// A field the keyboard reaches is shown whole, not cut off at the window's edge: browsers only scroll
// when a focused element is out of sight entirely, which leaves tall text boxes half hidden.
document.addEventListener("focusin", (event) => {
  const box = event.target.getBoundingClientRect();
  if (box.top < 0 || box.bottom > window.innerHeight) {
    event.target.scrollIntoView({ block: "nearest" });
  }
});
