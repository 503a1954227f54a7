"""Two coordinators (or one double press on two app servers) inviting the same person at the same moment make
one invitation, held by the database and not only by the form's cache guard.

Two threads, each with its own connection. Each pauses just after checking "has this person an invitation
waiting?", so without a database lock both would find none and both would insert. With the lock the second
waits for the first to finish, then finds its invitation and is told so. Skipped on SQLite, which locks the
whole file for any write (see test_minutes_concurrency.py); CI runs it on PostgreSQL.
"""

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import RequestFactory

from partners import services
from partners.models import Invitation, Role

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite cannot overlap two writers"),
]


def test_two_invitations_for_one_person_at_once_make_one(partnership, alice, monkeypatch):
    checked = threading.Barrier(2, timeout=3)
    real_check = services.invitation_check_email

    def check_then_pause(**kwargs):
        real_check(**kwargs)
        # Both past the check at once, if nothing holds the second back; if the other one is waiting for our
        # lock, the barrier breaks and we carry on alone.
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait()

    monkeypatch.setattr(services, "invitation_check_email", check_then_pause)
    results: list = [None, None]

    def invite(index: int) -> None:
        try:
            results[index] = services.invitation_create(
                partnership=partnership,
                invited_by=alice,
                email="new.partner@example.org",
                role=Role.MEMBER,
                group=None,
                message="",
                request=RequestFactory().get("/"),
            )
        except ValidationError as refused:
            results[index] = refused
        finally:
            connections.close_all()

    threads = [threading.Thread(target=invite, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
        assert not thread.is_alive(), "an invitation never finished: the two deadlocked"

    assert Invitation.objects.filter(email="new.partner@example.org").count() == 1
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1
    assert "already has an invitation waiting" in str(refused[0])
