import base64
import hashlib
import html
import logging
import re
from urllib.parse import unquote_plus

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from .access import SignInRequired, TwoFactorRequired
from .printing import PrintError

logger = logging.getLogger(__name__)

# Control characters: C0, DEL and C1. No address of ours has one, and a NUL byte breaks PostgreSQL queries.
_CONTROL_IN_PATH = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A query may carry text a person typed, where a tab or a line break is ordinary.
_CONTROL_IN_QUERY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class ControlCharactersMiddleware:
    """Answers 404 for any address whose path or query holds a control character, before a view or the
    database sees it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if _CONTROL_IN_PATH.search(request.path) or _CONTROL_IN_QUERY.search(query):
            raise Http404("The address has a control character in it.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Switches off the browser features we never use (camera, microphone, location...), on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in person is kept by the browser or anything on the way: pages can show
    access needs (health data) and personal details, and a shared computer's back button or disk cache must
    not show them to the next person. A response the view marked private is treated the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or "private" in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


# The web version of a printed document is the print pipeline's own HTML, which carries its variant
# stylesheet in a <style> element (and an easy read paper link in a style attribute), so that the page and
# the PDF are made from the same markup. Those pages allow exactly those styles, by hash, and nothing else.
_DOCUMENT_PAGES = {
    "meetings:document_web",
    "meetings:action_log_web",
    "groundrules:current_web",
    "groundrules:version_web",
    "workplan:print_web",
}
_STYLE_ELEMENT = re.compile(r"<style(?:\s[^>]*)?>(.*?)</style>", re.DOTALL | re.IGNORECASE)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle=(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_style_sources(page: str) -> list[str]:
    """CSP sources that allow the page's own inline styles: the hash of each <style> element and, with
    'unsafe-hashes', of each style attribute (as the browser reads it, entities decoded)."""
    sources = [_hash_source(css) for css in _STYLE_ELEMENT.findall(page)]
    attributes = [html.unescape(double or single) for double, single in _STYLE_ATTRIBUTE.findall(page)]
    if attributes:
        sources += ["'unsafe-hashes'"] + [_hash_source(css) for css in attributes]
    return list(dict.fromkeys(sources))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy from settings.CONTENT_SECURITY_POLICY on every response, plus the inline styles of
    the document web pages (see above)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        match = getattr(request, "resolver_match", None)
        if (
            match is not None
            and match.view_name in _DOCUMENT_PAGES
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
        ):
            styles = inline_style_sources(response.content.decode(response.charset, errors="replace"))
            if styles:
                parts.update = {**(parts.update or {}), "style-src": styles}
        return parts


class AccessMiddleware:
    """Turns the access helper's two redirects into responses, so every tenant view stays one line long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            # The access helper switches to the partnership's time zone; the next request starts afresh.
            timezone.deactivate()

    def process_exception(self, request, exception):
        if isinstance(exception, SignInRequired):
            return redirect_to_login(request.get_full_path())
        if isinstance(exception, PrintError):
            # A document that cannot be printed (a picture that will not load, say) is our problem to fix,
            # not the person's: say so plainly, keep the details in the log.
            logger.error("Could not print %s", request.path, exc_info=exception)
            return render(request, "print_failed.html", status=503)
        if isinstance(exception, TwoFactorRequired):
            messages.warning(
                request,
                f"{exception.partnership.name} asks coordinators and chairs to use two-factor "
                "authentication, because you can see partners' access needs. Set it up to carry on.",
            )
            return redirect("mfa_activate_totp")
        return None
