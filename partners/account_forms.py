"""allauth's password reset and sign-in code forms, answering only for addresses a person has proved.

allauth also matches an address someone has added but not verified yet. Left alone, anyone could add another
person's address to their own account, and a reset link or sign-in code sent there would give that person
the wrong account. So only a verified address, or the account's own address, counts.
"""

from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress


def _proven_owners(users: list, email: str) -> list:
    verified = set(
        EmailAddress.objects.filter(email__iexact=email, verified=True).values_list("user_id", flat=True)
    )
    return [user for user in users if user.pk in verified or user.email.lower() == email.lower()]


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = _proven_owners(self.users, email)
        return email


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def clean_email(self) -> str:
        email = super().clean_email()
        if email and self._user is not None and not _proven_owners([self._user], email):
            self._user = None
        return email
