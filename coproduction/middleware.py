from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import timezone

from .access import SignInRequired, TwoFactorRequired


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
        if isinstance(exception, TwoFactorRequired):
            messages.warning(
                request,
                f"{exception.partnership.name} asks coordinators to use two-factor authentication. "
                "Set it up to carry on.",
            )
            return redirect("mfa_activate_totp")
        return None
