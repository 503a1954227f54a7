"""Walking a list of pages in one signed-in journey: open each (and act on it), check it answers 200 where
expected, shows what it should, and has no axe violations. Shared by the meetings and the pack sweeps."""

from collections.abc import Callable
from dataclasses import dataclass

from tests.browser.conftest import axe_violations, format_violations, submit_empty


@dataclass(frozen=True)
class Visit:
    page: str  # a key of the sweep's PATHS
    act: Callable | None = None  # done on the page before axe runs; returns the navigation's response or None
    shows_errors: bool = False
    lands_on: str | None = None  # where `act` ends up, a key of PATHS, if not the page itself
    before: Callable | None = None  # a change to the data just before the visit: (extras) -> None
    # Words the page must show, so we know it is the right page in the right state.
    expect: tuple[str, ...] = ()
    expect_selector: str | None = None  # and an element it must have
    check: Callable | None = None  # more checks: (page, extras) -> problems


def errors(name: str, *expect: str) -> Visit:
    """The page's form sent empty: it must show its error summary, linked to the fields."""
    return Visit(name, act=submit_empty, shows_errors=True, expect=expect)


def visit_page(page, url, paths: dict, visit: Visit, extras) -> list[str]:
    """Open one page (and act on it), then check it; the problems found, if any."""
    target = url(paths[visit.page](extras))
    where = f"{visit.page}{' (errors)' if visit.shows_errors else ''} ({target})"
    if visit.before:
        visit.before(extras)
    response = page.goto(target)
    if visit.act:
        response = visit.act(page) or response
    expected_url = url(paths[visit.lands_on](extras)) if visit.lands_on else target
    if response is None or response.status != 200:
        return [f"{where} answered {response.status if response else 'nothing'}, not 200"]
    if page.url != expected_url:
        return [f"{where} ended up at {page.url}, not {expected_url}"]
    problems = []
    if visit.shows_errors:
        summary = page.locator(".govuk-error-summary")
        if not summary.is_visible():
            problems.append(f"{where}: no error summary after submitting")
        elif summary.locator("a[href^='#']").count() < 1:
            problems.append(f"{where}: the error summary does not link to the fields")
    text = page.locator("main").inner_text()
    problems += [f"{where}: the page does not say {words!r}" for words in visit.expect if words not in text]
    if visit.expect_selector and page.locator(visit.expect_selector).count() == 0:
        problems.append(f"{where}: nothing matches {visit.expect_selector}")
    if visit.check:
        problems += [f"{where}: {problem}" for problem in visit.check(page, extras)]
    violations = axe_violations(page)
    if violations:
        problems.append(format_violations(violations, where))
    return problems
