import re

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import confirm_password, error_summary, our_page, page_title, sign_in


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def in_groups_of_four(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def turn_on_two_factor(person) -> str:
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)
    return secret


def test_setting_up_an_authenticator_app(alice):
    client = Client()
    sign_in(client, "alice@example.org")
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    response = client.post(response.url, {"password": "correct-horse-battery"})
    assert response.url == reverse("mfa_activate_totp")

    response = client.get(reverse("mfa_activate_totp"))
    body = our_page(response)
    assert page_title(body) == "Set up an authenticator app – Co-production workspace"
    secret = response.context["form"].secret
    # For people who cannot scan the QR code: the key as text, in groups that are easy to copy by eye.
    assert f'id="totp-secret">{in_groups_of_four(secret)}</p>' in body
    qr = re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', body)
    assert qr and "QR code" in qr.group(1)
    assert 'inputmode="numeric"' in body
    assert 'autocomplete="one-time-code"' in body

    wrong = client.post(
        reverse("mfa_activate_totp"), {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert [href for href, _ in error_summary(our_page(wrong))] == ["#id_code"]
    assert not Authenticator.objects.filter(user=alice).exists()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()

    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    body = our_page(codes_page)
    assert page_title(body) == "Your recovery codes – Co-production workspace"
    unused = codes_page.context["unused_codes"]
    assert unused and all(f"<li>{code}</li>" in body for code in unused)
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert unused[0] in download.content.decode()

    index = our_page(client.get(reverse("mfa_index")))
    assert "You sign in with a code from your authenticator app." in index
    assert f"You have {len(unused)} of {len(unused)} recovery codes left." in index


def test_sign_in_asks_for_the_app_code_when_two_factor_is_on(dana):
    secret = turn_on_two_factor(dana)
    client = Client()
    response = sign_in(client, "dana@example.org")
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert not get_user(client).is_authenticated

    body = our_page(client.get(response.url))
    assert page_title(body) == "Enter the code from your authenticator app – Co-production workspace"
    assert 'autocomplete="one-time-code"' in body

    wrong = client.post(reverse("mfa_authenticate"), {"code": "12345"})
    assert error_summary(our_page(wrong)) == [
        ("#id_code", "That code is not right. Check the code in your authenticator app and try again.")
    ]

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert response.url == "/"
    assert get_user(client) == dana


def test_a_recovery_code_works_instead_of_the_app(dana):
    turn_on_two_factor(dana)
    code = RecoveryCodes(
        Authenticator.objects.get(user=dana, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    client = Client()
    sign_in(client, "dana@example.org")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert get_user(client) == dana


def test_pages_for_people_with_two_factor_on(dana):
    secret = turn_on_two_factor(dana)
    client = Client()
    sign_in(client, "dana@example.org")
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    confirm_password(client)

    expected = {
        "mfa_index": "Two-factor authentication",
        "mfa_deactivate_totp": "Turn off two-factor authentication",
        "mfa_generate_recovery_codes": "Make new recovery codes",
        "mfa_view_recovery_codes": "Your recovery codes",
        "mfa_reauthenticate": "Enter a code to carry on",
    }
    for url_name, title in expected.items():
        response = client.get(reverse(url_name))
        assert response.status_code == 200, url_name
        assert page_title(our_page(response)) == f"{title} – Co-production workspace"

    reauthenticate = our_page(client.get(reverse("account_reauthenticate")))
    assert "Other ways to confirm it is you" in reauthenticate
    assert f'href="{reverse("mfa_reauthenticate")}' in reauthenticate

    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=dana, type=Authenticator.Type.TOTP).exists()
