"""A coordinator's journey with the keyboard alone: sign in, record an access need, invite someone.

Only the first page is opened by address; everything after is Tab, Enter, arrow keys and typing. At every
Tab stop the focused element must show a visible focus indicator and lie inside the viewport (WCAG 2.4.7,
2.4.11).
"""

from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from partners.models import AccessNeed, Invitation, Role
from tests.browser.conftest import COORDINATOR, SLUG

INVITED = "new.colleague@example.org"
NOTE = "Please face me when you speak."
MAX_TABS = 60

# What the focused element is, whether a user can see it has focus, and whether it is in view.
FOCUS_STATE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return {element: "the page itself (nothing focused)", problems: ["focus is on no element"]};
  }
  const describe = (node) => node.tagName.toLowerCase() + (node.id ? "#" + node.id : "")
    + [...node.classList].map((c) => "." + c).join("")
    + ` "${(node.innerText || node.value || node.getAttribute("aria-label") || "").trim().slice(0, 50)}"`;
  const transparent = (colour) => colour === "transparent" || /rgba\\(.*,\\s*0\\)$/.test(colour);
  const outlined = (style) => style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
    && !transparent(style.outlineColor);
  const shadowed = (style) => style.boxShadow && style.boxShadow !== "none";
  const style = getComputedStyle(el);
  let indicator = outlined(style) || shadowed(style);
  if (!indicator && !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) {
    // A changed background counts: compare with an unfocused copy of the element in the same place.
    const copy = el.cloneNode(true);
    copy.removeAttribute("id");
    el.after(copy);
    const unfocused = getComputedStyle(copy).backgroundColor;
    copy.remove();
    indicator = unfocused !== style.backgroundColor;
  }
  if (!indicator && (el.type === "radio" || el.type === "checkbox")) {
    // GOV.UK hides the native control and draws its focus ring on the label's ::before.
    indicator = [...(el.labels || [])].some((label) => {
      const ring = getComputedStyle(label, "::before");
      return outlined(ring) || shadowed(ring);
    });
  }
  const problems = [];
  if (!indicator) problems.push("no visible focus indicator (no outline, box-shadow or background change)");
  const box = el.getBoundingClientRect();
  if (box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
    problems.push(`not inside the viewport: box ${Math.round(box.left)},${Math.round(box.top)} to `
      + `${Math.round(box.right)},${Math.round(box.bottom)} in ${innerWidth}x${innerHeight}`);
  } else {
    const first = el.getClientRects()[0] || box;
    const onTop = document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
    const labels = [...(el.labels || [])];
    if (onTop && !el.contains(onTop) && !labels.some((label) => label.contains(onTop))) {
      problems.push(`covered by ${describe(onTop)}`);
    }
  }
  return {element: describe(el), problems};
}"""


class Keyboard:
    """Drives the page with the keyboard and records every Tab stop that fails the focus checks."""

    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        self.stops = 0

    def check_focus(self) -> str:
        state = self.page.evaluate(FOCUS_STATE)
        for problem in state["problems"]:
            self.problems.append(f"{self.page.url} {state['element']}: {problem}")
        return state["element"]

    def tab(self) -> str:
        self.page.keyboard.press("Tab")
        self.stops += 1
        return self.check_focus()

    def tab_to(self, what: str, predicate: str) -> None:
        """Tab until the focused element matches the JS predicate `(el) => boolean`."""
        passed = []
        for _ in range(MAX_TABS):
            passed.append(self.tab())
            if self.page.evaluate(f"() => ({predicate})(document.activeElement)"):
                return
        raise AssertionError(f"Tabbing never reached {what} on {self.page.url}. Tab stops: {passed}")

    def tab_to_link(self, text: str) -> None:
        self.tab_to(f"the link {text!r}", f"el => el.tagName === 'A' && el.innerText.trim() === {text!r}")

    def tab_to_button(self, text: str) -> None:
        self.tab_to(
            f"the button {text!r}",
            f"el => el.tagName === 'BUTTON' && el.innerText.trim().toLowerCase() === {text.lower()!r}",
        )

    def tab_to_field(self, name: str) -> None:
        self.tab_to(f"the field {name!r}", f"el => el.name === {name!r}")

    def follow(self, expected_path: str) -> None:
        """Press Enter on the focused link or button and land on the expected page."""
        with self.page.expect_navigation() as navigation:
            self.page.keyboard.press("Enter")
        response = navigation.value
        assert response.status == 200, f"{self.page.url} answered {response.status}"
        landed = self.page.url.split("?")[0]
        assert landed.endswith(expected_path), f"Expected to land on {expected_path}, at {self.page.url}"

    def choose(self, key: str, field: str, js_value: str, wanted: str, presses: int = 60) -> None:
        """Press an arrow key until the field's value (read by `js_value`) is `wanted`."""
        for _ in range(presses):
            if self.page.evaluate(js_value) == wanted:
                return
            self.page.keyboard.press(key)
            self.check_focus()
        assert self.page.evaluate(js_value) == wanted, f"Could not choose {wanted!r} in {field} with {key}"


def test_coordinator_journey_with_the_keyboard_only(page, url):
    keys = Keyboard(page)
    cache.clear()  # allauth's sign-in rate limits live in the cache
    page.goto(url("account_login"))

    # The skip link is the first Tab stop, and it takes focus to the main content.
    first = keys.tab()
    assert page.evaluate("() => document.activeElement.matches('a.govuk-skip-link')"), (
        f"The first Tab stop is {first}, not the skip link"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement === document.querySelector('main')"), (
        "The skip link did not move focus to <main>"
    )

    # Sign in through the form.
    keys.tab_to_field("login")
    page.keyboard.type(COORDINATOR)
    keys.tab_to_field("password")
    page.keyboard.type(settings.DEMO_PASSWORD)
    keys.tab_to_button("Sign in")
    keys.follow(reverse("home"))

    # Landing page -> profile -> access needs -> add one.
    keys.tab_to_link("Your profile")
    keys.follow(reverse("partners:profile"))
    keys.tab_to_link("Add or change your access needs")
    keys.follow(reverse("partners:my_access_needs"))
    keys.tab_to_link("Add an access need")
    keys.follow(reverse("partners:access_need_add"))
    keys.tab_to_field("code")
    # The needs are one group of radios (grouped by kind): arrow keys move through them and choose.
    keys.choose(
        "ArrowDown",
        "the access need radios",
        "() => document.activeElement.labels[0].textContent.trim()",
        "Lipspeaker",
    )
    keys.tab_to_field("note")
    page.keyboard.type(NOTE)
    keys.tab_to_button("Save access need")
    keys.follow(reverse("partners:my_access_needs"))
    assert page.get_by_role("status").filter(has_text="Lipspeaker").is_visible(), "No saved message"
    assert page.locator("dt", has_text="Lipspeaker").is_visible(), "The new need is not listed"
    assert page.get_by_text(NOTE).is_visible()
    assert AccessNeed.objects.filter(person__email=COORDINATOR, code="lipspeaker", note=NOTE).exists()

    # The partnership -> invite someone as a chair.
    keys.tab_to_link("Your partnerships")
    keys.follow(reverse("home"))
    keys.tab_to_link("Work Together Riverside")
    keys.follow(reverse("workspace", args=[SLUG]))
    keys.tab_to_link("Invite someone")
    keys.follow(reverse("partners:invitation_new", args=[SLUG]))
    keys.tab_to_field("email")
    page.keyboard.type(INVITED)
    keys.tab_to_field("role")
    keys.choose(
        "ArrowDown",
        "the role radios",
        "() => document.querySelector('input[name=role]:checked').value",
        Role.CHAIR.value,
    )
    keys.tab_to_button("Send invitation")
    keys.follow(reverse("partners:invitation_list", args=[SLUG]))
    sent_message = page.get_by_role("status").filter(has_text=f"An invitation is on its way to {INVITED}")
    assert sent_message.is_visible(), "No message that the invitation was sent"

    invitation = Invitation.objects.get(partnership__slug=SLUG, email=INVITED)
    assert invitation.role == Role.CHAIR
    assert invitation.invited_by.email == COORDINATOR
    sent = [message for message in mail.outbox if INVITED in message.to]
    assert len(sent) == 1, f"Expected one email to {INVITED}; the outbox has {[m.to for m in mail.outbox]}"
    assert invitation.get_accept_url() in sent[0].body

    assert keys.stops > 20, "The journey should have taken many Tab stops"
    assert not keys.problems, "Focus problems at these Tab stops:\n" + "\n".join(keys.problems)
