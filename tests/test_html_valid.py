"""Every page is valid HTML, as the W3C Nu HTML checker (vnu) reads it: a form nested in another form, a
duplicate id or a stray closing tag breaks pages for assistive technology in ways axe does not see.

Every page a coordinator can open inside a partnership (the tenant walk's routes, with real ids), the profile
pages and the signed-out pages are fetched and checked in one run of the checker. It needs Java and the
`vnu-jar` npm package (`make vnu` installs it into .vnu/); the test skips without them on a laptop,
and fails in CI, which installs both.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_tenant_walk import TENANT_URLS, _url, tenant_objects  # noqa: F401 (a fixture)

VNU = Path(settings.BASE_DIR) / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SIGNED_OUT = ["account_login", "account_reset_password", "account_request_login_code", "home", "help"]
PROFILE = ["partners:profile", "partners:profile_edit", "partners:communication", "partners:my_access_needs"]


def _checker() -> list[str]:
    java = shutil.which("java")
    if java and VNU.exists():
        return [java, "-Xss4m", "-jar", str(VNU)]
    reason = "the W3C checker needs Java and the vnu-jar package (make vnu)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must check HTML, not skip it.", pytrace=False)
    pytest.skip(reason)


def _pages(alice_client, partnership, objects) -> dict[str, str]:
    """URL → HTML of every page to check."""
    pages = {}
    anonymous = Client()
    for name in SIGNED_OUT:
        pages[reverse(name)] = anonymous.get(reverse(name))
    for name in PROFILE:
        pages[reverse(name)] = alice_client.get(reverse(name))
    for name, route in TENANT_URLS:
        url = _url(name, route, partnership, objects)
        pages[url] = alice_client.get(url)
    return {
        url: response.content.decode()
        for url, response in pages.items()
        if response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    }


def test_every_page_is_valid_html(alice_client, bob, partnership, tenant_objects, tmp_path):  # noqa: F811
    command = _checker()
    pages = _pages(alice_client, partnership, tenant_objects)
    assert len(pages) > 40, "the walk found too few pages to mean anything"
    files = {}
    for number, (url, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page-{number:03}.html"
        path.write_text(html)
        files[path.name] = url
    result = subprocess.run(  # noqa: S603 (our own checker, on files this test wrote)
        [*command, "--errors-only", "--format", "json", *map(str, sorted(tmp_path.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: "
        f"{m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(sorted(set(problems))[:60])
