"""Browser tests: the demo partnership served by a live server and driven in Debian's Chromium.

Every test here carries the `browser` marker. Chromium is launched once per session and its one context
is reused; each test starts signed out (no cookies) on a freshly loaded demo (live_server needs the
transactional database, which is emptied after every test) and signs in through the real sign-in form.
"""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from coproduction import demo as demo_data
from partners.models import Invitation, Partnership, Role, User

# Playwright's sync API runs an event loop in the main thread, which Django otherwise takes for async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = HERE / "axe.min.js"
AXE_RUN = """async () => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    resultTypes: ["violations"],
  });
  return results.violations;
}"""

VIEWPORT = {"width": 1280, "height": 800}
SLUG = "work-together-riverside"
COORDINATOR = "coordinator@example.org"
MEMBER = "member@example.org"
NEW_PARTNER = "new.partner@example.org"
LATE_PARTNER = "late.partner@example.org"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # tryfirst: the marker must be on the items before `-m "not browser"` deselects by it.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium(live_server):
    # Depending on the live server makes pytest close Chromium first, so no keep-alive connection is still
    # open (and warning) when the server stops.
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}. CI must run the browser tests, not skip them.", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, live_server, settings):
    """The demo partnerships in the test database the live server reads."""
    # Hashing 13 demo passwords with the production hasher costs seconds per test; the form is the same.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    demo_data.load()
    cache.clear()
    return live_server


@pytest.fixture(scope="session")
def context(chromium):
    """One browser context for the session; each test starts it signed out (no cookies)."""
    # The pages' Content-Security-Policy would stop axe (a script we add) from loading; test_csp.py checks the
    # policy in a context of its own that keeps it.
    ctx = chromium.new_context(viewport=VIEWPORT, locale="en-GB", bypass_csp=True)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, demo):
    context.clear_cookies()
    page = context.pages[0] if context.pages else context.new_page()
    page.set_viewport_size(VIEWPORT)
    yield page
    # Leave nothing behind for the next test: no half-loaded page still talking to this test's server.
    page.goto("about:blank")


@pytest.fixture
def url(live_server):
    """Absolute URL on the live server, from a path or a URL name with args."""

    def build(path_or_name: str, *args) -> str:
        path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args)
        return f"{live_server.url}{path}"

    return build


def sign_in(page, base_url: str, email: str, password: str | None = None) -> None:
    """Sign in through the real sign-in form, as a person would, and check it worked."""
    cache.clear()  # allauth's rate limits live in the cache
    page.goto(f"{base_url}{reverse('account_login')}")
    page.locator("input[name=login]").fill(email)
    password_field = page.locator("input[name=password]")
    password_field.fill(password or django_settings.DEMO_PASSWORD)
    with page.expect_navigation():
        password_field.press("Enter")
    assert reverse("account_login") not in page.url, f"Signing in as {email} failed; still on {page.url}"
    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.is_visible(), f"No sign-out button after signing in as {email}"


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(AXE_RUN)


def format_violations(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:10]:
            lines.append(f"    target: {node['target']}")
            lines.append(f"      html: {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      why:  {summary[:400]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_no_axe_violations(page, where: str | None = None) -> None:
    violations = axe_violations(page)
    assert not violations, format_violations(violations, where or page.url)


@pytest.fixture
def signed_in(page, live_server):
    """Sign the test's page in as one demo person, through the form."""

    def as_person(email: str) -> None:
        sign_in(page, live_server.url, email)

    return as_person


@pytest.fixture
def invitations(demo):
    """One invitation waiting for a new address and one that has expired."""
    partnership = Partnership.objects.get(slug=SLUG)
    coordinator = User.objects.get(email=COORDINATOR)
    now = timezone.now()
    Invitation.objects.create(
        partnership=partnership, email=NEW_PARTNER, role=Role.MEMBER, invited_by=coordinator, sent_at=now
    )
    Invitation.objects.create(
        partnership=partnership,
        email=LATE_PARTNER,
        role=Role.OBSERVER,
        invited_by=coordinator,
        sent_at=now - timedelta(days=20),
        expires_at=now - timedelta(days=6),
    )


def submit_empty(page):
    """Press the form's main button with nothing filled in; the server answers with the errors."""
    with page.expect_navigation() as navigation:
        page.locator("main form button:not([type=button])").last.click()
    return navigation.value
