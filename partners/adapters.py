from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: people join a partnership through an invitation, which makes their account."""

    def is_open_for_signup(self, request) -> bool:
        return False
