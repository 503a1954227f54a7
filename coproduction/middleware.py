from django.contrib import messages
from django.shortcuts import redirect

from .access import TwoFactorRequired


class TwoFactorRequiredMiddleware:
    """Sends a coordinator who must use two-factor authentication to set it up, with a reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TwoFactorRequired):
            messages.warning(
                request,
                f"{exception.partnership.name} asks coordinators to use two-factor authentication. "
                "Set it up to carry on.",
            )
            return redirect("mfa_activate_totp")
        return None
