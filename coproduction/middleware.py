import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone

from .access import SignInRequired, TwoFactorRequired
from .printing import PrintError

logger = logging.getLogger(__name__)


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
                f"{exception.partnership.name} asks coordinators to use two-factor authentication. "
                "Set it up to carry on.",
            )
            return redirect("mfa_activate_totp")
        return None
