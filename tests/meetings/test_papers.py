"""Papers for agenda items and the background library: accepted by content, kept in versions, and served
only through access-checked views."""

import re
from uuid import uuid4

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, MeetingRole, Paper, PaperVersion
from partners.models import Role
from tests.factories import (
    make_docx_bytes,
    make_image_bytes,
    make_meeting,
    make_member,
    make_odt_bytes,
    make_paper,
    make_pdf_bytes,
    make_upload,
    make_user,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def item(meeting):
    return AgendaItem.objects.create(
        partnership=meeting.partnership,
        meeting=meeting,
        position=3,
        title="Transport strategy",
        purpose="decision",
    )


@pytest.fixture
def paper(meeting, item, alice):
    return make_paper(
        meeting.partnership, meeting=meeting, agenda_item=item, uploaded_by=alice, title="Draft strategy"
    )


@pytest.fixture
def library_paper(partnership, bob):
    return make_paper(partnership, uploaded_by=bob, title="Independent Living in Scotland report")


@pytest.fixture
def expert(partnership):
    return make_member(partnership, role=Role.VISITING_EXPERT).person


@pytest.fixture
def observer_client(partnership):
    return _client(make_member(partnership, role=Role.OBSERVER).person)


def _url(name, partnership, **kwargs):
    return reverse(f"meetings:{name}", kwargs={"slug": partnership.slug, **kwargs})


def _meeting_urls(partnership, meeting, paper):
    version = paper.versions.get()
    ids = {"pk": meeting.pk}
    return {
        "paper_list": _url("paper_list", partnership, **ids),
        "paper_add": _url("paper_add", partnership, **ids),
        "paper_detail": _url("paper_detail", partnership, paper_pk=paper.pk, **ids),
        "paper_version_add": _url("paper_version_add", partnership, paper_pk=paper.pk, **ids),
        "paper_download": _url(
            "paper_download", partnership, paper_pk=paper.pk, version_pk=version.pk, **ids
        ),
    }


def _library_urls(partnership, paper):
    version = paper.versions.get()
    return {
        "library": _url("library", partnership),
        "library_add": _url("library_add", partnership),
        "library_paper_detail": _url("library_paper_detail", partnership, paper_pk=paper.pk),
        "library_version_add": _url("library_version_add", partnership, paper_pk=paper.pk),
        "library_download": _url("library_download", partnership, paper_pk=paper.pk, version_pk=version.pk),
    }


def _signed_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def _paper_data(item=None, **overrides):
    data = {
        "title": "Budget for the year",
        "description": "What we can spend on access.",
        "format": "standard",
        "file": make_upload("budget.pdf", make_pdf_bytes(), "application/pdf"),
        "once": uuid4().hex,  # each form shown carries a new one-time token (coproduction.forms.OnceMixin)
    }
    if item is not None:
        data["agenda_item"] = str(item.pk)
    data.update(overrides)
    return data


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------- meeting papers: adding


def test_a_coordinator_adds_a_paper_to_an_agenda_item(partnership, meeting, item, alice, alice_client):
    form = alice_client.get(_url("paper_add", partnership, pk=meeting.pk) + f"?item={item.pk}")
    page = form.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert f'<option value="{item.pk}" selected>' in page
    assert "choose the file again" in page
    response = alice_client.post(_url("paper_add", partnership, pk=meeting.pk), _paper_data(item))
    assert response.status_code == 302
    assert response["Location"] == _url("paper_list", partnership, pk=meeting.pk)
    paper = Paper.objects.get()
    assert (paper.partnership, paper.meeting, paper.agenda_item) == (partnership, meeting, item)
    assert paper.title == "Budget for the year"
    version = paper.versions.get()
    assert (version.format, version.number) == ("standard", 1)
    assert version.content_type == "application/pdf"
    assert version.size == len(make_pdf_bytes())
    assert version.original_name == "budget.pdf"
    assert version.uploaded_by == alice
    assert "budget" not in version.file.name  # stored under a name of our own
    assert version.file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "terms.docx",
            make_docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("terms.odt", make_odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("terms.txt", "Terms of reference – draft\n".encode(), "text/plain; charset=utf-8"),
        ("map.png", make_image_bytes("PNG", (40, 30)), "image/png"),
        ("map.jpeg", make_image_bytes("JPEG", (40, 30)), "image/jpeg"),
    ],
)
def test_every_allowed_type_is_accepted_by_content(
    name, content, content_type, partnership, meeting, item, alice_client
):
    response = alice_client.post(
        _url("paper_add", partnership, pk=meeting.pk),
        _paper_data(item, file=make_upload(name, content, "application/octet-stream")),
    )
    assert response.status_code == 302
    assert PaperVersion.objects.get().content_type == content_type


def test_chairs_and_the_meetings_minute_taker_add_papers_but_plain_members_do_not(
    partnership, meeting, item, paper, bob, bob_client, dana_client
):
    assert (
        dana_client.post(_url("paper_add", partnership, pk=meeting.pk), _paper_data(item)).status_code == 302
    )
    urls = _meeting_urls(partnership, meeting, paper)
    assert bob_client.get(urls["paper_add"]).status_code == 403
    assert bob_client.post(urls["paper_add"], _paper_data(item)).status_code == 403
    assert bob_client.get(urls["paper_version_add"]).status_code == 403
    assert bob_client.post(urls["paper_version_add"], _paper_data()).status_code == 403
    assert Paper.objects.count() == 2
    MeetingRole.objects.create(partnership=partnership, meeting=meeting, person=bob, role="minute_taker")
    assert bob_client.post(urls["paper_add"], _paper_data(item)).status_code == 302
    assert bob_client.post(urls["paper_version_add"], _paper_data()).status_code == 302
    assert Paper.objects.count() == 3
    assert paper.versions.count() == 2


def test_observers_and_experts_read_but_never_add(partnership, meeting, item, paper, expert, observer_client):
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    urls = _meeting_urls(partnership, meeting, paper)
    for client in (observer_client, _client(expert)):
        assert client.get(urls["paper_list"]).status_code == 200
        assert client.get(urls["paper_download"]).status_code == 200
        assert client.get(urls["paper_add"]).status_code == 403
        assert client.post(urls["paper_add"], _paper_data(item)).status_code == 403
        assert client.post(urls["paper_version_add"], _paper_data()).status_code == 403
    assert Paper.objects.count() == 1


def test_a_visiting_expert_sees_only_the_papers_of_their_meeting(partnership, meeting, item, paper, expert):
    other = make_meeting(partnership, title="Another meeting")
    other_paper = make_paper(partnership, meeting=other, title="Not for the expert")
    Attendance.objects.create(partnership=partnership, meeting=meeting, person=expert)
    client = _client(expert)
    assert "Draft strategy" in client.get(_url("paper_list", partnership, pk=meeting.pk)).content.decode()
    for url in _meeting_urls(partnership, other, other_paper).values():
        assert client.get(url).status_code == 404
    library = make_paper(partnership, title="Background")
    for url in _library_urls(partnership, library).values():
        assert client.get(url).status_code == 404


def test_outsiders_get_404_and_anonymous_visitors_sign_in_everywhere(
    partnership, meeting, paper, library_paper, charlie_client, client
):
    urls = {**_meeting_urls(partnership, meeting, paper), **_library_urls(partnership, library_paper)}
    for name, url in urls.items():
        assert charlie_client.get(url).status_code == 404, name
        assert charlie_client.post(url, _paper_data()).status_code == 404, name
        assert _signed_in_redirect(client.get(url)), name
        assert _signed_in_redirect(client.post(url, _paper_data())), name
    assert Paper.objects.count() == 2


# ---------------------------------------------------------------- bad input


def test_a_text_file_called_pdf_is_refused_and_the_typing_stays(partnership, meeting, item, alice_client):
    response = alice_client.post(
        _url("paper_add", partnership, pk=meeting.pk),
        _paper_data(item, file=make_upload("budget.pdf", b"Not a PDF at all\n", "application/pdf")),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This file is called .pdf but it is not a PDF" in page
    assert "There is a problem" in page and 'href="#id_file"' in page
    assert 'value="Budget for the year"' in page
    assert "What we can spend on access." in page
    assert "choose the file again" in page
    assert not Paper.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            make_upload("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64),
            "The file must be a PDF, Word (.docx), OpenDocument text (.odt), plain text, PNG or JPEG file",
        ),
        (make_upload("empty.pdf", b""), "The file you chose is empty"),
        (None, "Choose the file to upload"),
    ],
)
def test_wrong_empty_and_missing_files_get_plain_messages(
    upload, message, partnership, meeting, item, alice_client
):
    data = _paper_data(item, file=upload)
    if upload is None:
        del data["file"]
    response = alice_client.post(_url("paper_add", partnership, pk=meeting.pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Paper.objects.exists()


def test_a_file_over_the_limit_is_refused(partnership, meeting, item, alice_client, settings):
    settings.MAX_UPLOAD_MB = 1
    big = make_upload("notes.txt", b"notes " * 200_000)
    response = alice_client.post(_url("paper_add", partnership, pk=meeting.pk), _paper_data(item, file=big))
    page = response.content.decode()
    assert "The file must be smaller than 1 MB" in page
    assert "smaller than 1 MB. If something else" in page  # the hint follows the setting
    assert not Paper.objects.exists()


def test_the_default_limit_is_20_mb(settings):
    from django.conf import settings as django_settings

    from meetings.uploads import UploadRejected, check_size

    assert django_settings.MAX_UPLOAD_MB == 20
    with pytest.raises(UploadRejected, match="The file must be smaller than 20 MB"):
        check_size(make_upload("huge.txt", b"x" * (20 * 1024 * 1024)))


def test_a_missing_title_keeps_the_rest(partnership, meeting, item, alice_client):
    response = alice_client.post(_url("paper_add", partnership, pk=meeting.pk), _paper_data(item, title="  "))
    page = response.content.decode()
    assert "Enter the paper’s title" in page
    assert "What we can spend on access." in page
    assert not Paper.objects.exists()


def test_an_agenda_item_of_another_meeting_or_partnership_is_refused(
    partnership, other_partnership, meeting, alice_client
):
    other_meeting = make_meeting(partnership)
    foreign = make_meeting(other_partnership)
    for wrong in (other_meeting.agenda_items.first(), foreign.agenda_items.first(), None):
        data = _paper_data(wrong)
        if wrong is None:
            data["agenda_item"] = "not-a-number"
        response = alice_client.post(_url("paper_add", partnership, pk=meeting.pk), data)
        assert response.status_code == 200
        assert "Choose an agenda item from this meeting’s agenda" in response.content.decode()
    assert not Paper.objects.exists()


def test_the_service_refuses_an_item_of_another_meeting(partnership, meeting, alice):
    from django.core.exceptions import ValidationError

    other_item = make_meeting(partnership).agenda_items.first()
    with pytest.raises(ValidationError):
        make_paper(partnership, meeting=meeting, agenda_item=other_item, uploaded_by=alice)
    assert not Paper.objects.exists()


# ---------------------------------------------------------------- the meeting's papers page


def test_papers_are_grouped_by_agenda_item_in_agenda_order(partnership, meeting, alice, bob_client):
    items = list(meeting.agenda_items.exclude(purpose="break").order_by("position"))
    first, last = items[0], items[-1]
    make_paper(partnership, meeting=meeting, agenda_item=last, title="Process check questions")
    make_paper(partnership, meeting=meeting, agenda_item=first, title="Access check notes")
    page = bob_client.get(_url("paper_list", partnership, pk=meeting.pk)).content.decode()
    assert page.index(first.title) < page.index("Access check notes") < page.index(last.title)
    assert page.index(last.title) < page.index("Process check questions")
    assert "Add a paper" not in page  # bob may read, not add
    assert 'Standard<span class="govuk-visually-hidden"> version of Access check notes</span> (PDF' in page


def test_a_paper_whose_item_was_removed_still_shows(partnership, meeting, item, paper, alice_client):
    item.delete()
    page = alice_client.get(_url("paper_list", partnership, pk=meeting.pk)).content.decode()
    assert "Other papers for this meeting" in page
    assert "Draft strategy" in page


# ---------------------------------------------------------------- versions and downloads


def test_a_new_version_is_added_and_the_old_one_kept(partnership, meeting, paper, alice, dana, dana_client):
    first = paper.versions.get()
    url = _url("paper_version_add", partnership, pk=meeting.pk, paper_pk=paper.pk)
    new_text = b"The revised strategy\n"
    response = dana_client.post(
        url, {"format": "standard", "file": make_upload("strategy v2.txt", new_text), "once": uuid4().hex}
    )
    assert response["Location"] == _url("paper_detail", partnership, pk=meeting.pk, paper_pk=paper.pk)
    second = paper.versions.get(number=2)
    assert (second.format, second.uploaded_by, second.content_type) == (
        "standard",
        dana,
        "text/plain; charset=utf-8",
    )
    large = dana_client.post(
        url,
        {"format": "large_print", "file": make_upload("large.pdf", make_pdf_bytes()), "once": uuid4().hex},
    )
    assert large.status_code == 302
    assert paper.versions.get(format="large_print").number == 1
    assert paper.versions.count() == 3

    page = dana_client.get(
        _url("paper_detail", partnership, pk=meeting.pk, paper_pk=paper.pk)
    ).content.decode()
    today = timezone.localdate().strftime("%-d %B %Y")
    assert f"uploaded {today} by Dana Chair (the current version)" in page
    assert f"uploaded {today} by Alice Coordinator." in page
    assert "Large print version" in page
    old = dana_client.get(
        _url("paper_download", partnership, pk=meeting.pk, paper_pk=paper.pk, version_pk=first.pk)
    )
    assert _content(old) == make_pdf_bytes()
    new = dana_client.get(
        _url("paper_download", partnership, pk=meeting.pk, paper_pk=paper.pk, version_pk=second.pk)
    )
    assert _content(new) == new_text
    assert 'filename="strategy v2.txt"' in new["Content-Disposition"]


def test_downloads_are_attachments_with_a_safe_name(partnership, meeting, item, alice_client, bob_client):
    alice_client.post(
        _url("paper_add", partnership, pk=meeting.pk),
        _paper_data(item, file=make_upload('Plan "final" – ñ.pdf', make_pdf_bytes())),
    )
    version = PaperVersion.objects.get()
    response = bob_client.get(
        _url("paper_download", partnership, pk=meeting.pk, paper_pk=version.paper_id, version_pk=version.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Plan%20%22final%22%20%E2%80%93%20%C3%B1.pdf" in disposition
    assert "\n" not in disposition and "\r" not in disposition


def test_image_papers_open_in_the_browser(partnership, meeting, item, alice_client):
    alice_client.post(
        _url("paper_add", partnership, pk=meeting.pk),
        _paper_data(item, file=make_upload("map.png", make_image_bytes("PNG", (30, 30)))),
    )
    version = PaperVersion.objects.get()
    response = alice_client.get(
        _url("paper_download", partnership, pk=meeting.pk, paper_pk=version.paper_id, version_pk=version.pk)
    )
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_version_is_found_only_under_its_own_paper_and_meeting(
    partnership, meeting, item, paper, alice_client
):
    other = make_paper(partnership, meeting=meeting, agenda_item=item)
    version = paper.versions.get()
    wrong_paper = _url("paper_download", partnership, pk=meeting.pk, paper_pk=other.pk, version_pk=version.pk)
    assert alice_client.get(wrong_paper).status_code == 404
    other_meeting = make_meeting(partnership)
    wrong_meeting = _url(
        "paper_download", partnership, pk=other_meeting.pk, paper_pk=paper.pk, version_pk=version.pk
    )
    assert alice_client.get(wrong_meeting).status_code == 404
    assert (
        alice_client.get(
            _url("paper_detail", partnership, pk=other_meeting.pk, paper_pk=paper.pk)
        ).status_code
        == 404
    )
    library = make_paper(partnership)
    assert (
        alice_client.get(
            _url("library_download", partnership, paper_pk=paper.pk, version_pk=version.pk)
        ).status_code
        == 404
    )
    assert (
        alice_client.get(_url("paper_detail", partnership, pk=meeting.pk, paper_pk=library.pk)).status_code
        == 404
    )


def test_a_missing_file_is_404_not_500(partnership, meeting, paper, alice_client):
    version = paper.versions.get()
    version.file.storage.delete(version.file.name)
    url = _url("paper_download", partnership, pk=meeting.pk, paper_pk=paper.pk, version_pk=version.pk)
    assert alice_client.get(url).status_code == 404


# ---------------------------------------------------------------- the background library


def test_any_partner_adds_to_the_library(partnership, bob, bob_client):
    response = bob_client.post(_url("library_add", partnership), _paper_data())
    assert response["Location"] == _url("library", partnership)
    paper = Paper.objects.get()
    assert paper.meeting is None and paper.agenda_item is None
    assert paper.versions.get().uploaded_by == bob
    page = bob_client.get(_url("library", partnership)).content.decode()
    assert "Budget for the year" in page
    assert "by Bob Member" in page


def test_observers_read_the_library_but_do_not_add(partnership, library_paper, observer_client):
    urls = _library_urls(partnership, library_paper)
    assert observer_client.get(urls["library"]).status_code == 200
    assert observer_client.get(urls["library_paper_detail"]).status_code == 200
    assert observer_client.get(urls["library_download"]).status_code == 200
    assert "Add to the library" not in observer_client.get(urls["library"]).content.decode()
    assert observer_client.get(urls["library_add"]).status_code == 403
    assert observer_client.post(urls["library_add"], _paper_data()).status_code == 403
    assert observer_client.post(urls["library_version_add"], _paper_data()).status_code == 403
    assert Paper.objects.count() == 1


def test_a_partner_replaces_a_library_paper(partnership, library_paper, dana_client):
    url = _url("library_version_add", partnership, paper_pk=library_paper.pk)
    response = dana_client.post(
        url, {"format": "standard", "file": make_upload("report.pdf", make_pdf_bytes()), "once": uuid4().hex}
    )
    assert response["Location"] == _url("library_paper_detail", partnership, paper_pk=library_paper.pk)
    assert list(library_paper.versions.values_list("number", flat=True)) == [2, 1]
    bad = dana_client.post(
        url, {"format": "easy_read", "file": make_upload("report.jpg", make_pdf_bytes()), "once": uuid4().hex}
    )
    assert "This file is called .jpg but it is not a JPEG image" in bad.content.decode()
    assert library_paper.versions.count() == 2


def test_library_papers_are_not_meeting_papers(partnership, meeting, library_paper, alice_client):
    version = library_paper.versions.get()
    assert (
        alice_client.get(
            _url(
                "paper_download", partnership, pk=meeting.pk, paper_pk=library_paper.pk, version_pk=version.pk
            )
        ).status_code
        == 404
    )
    meeting_paper = make_paper(partnership, meeting=meeting)
    assert (
        alice_client.get(_url("library_paper_detail", partnership, paper_pk=meeting_paper.pk)).status_code
        == 404
    )
    page = alice_client.get(_url("library", partnership)).content.decode()
    assert meeting_paper.title not in page


def test_another_partnerships_library_is_not_found(partnership, other_partnership, alice_client):
    theirs = make_paper(other_partnership)
    for url in _library_urls(other_partnership, theirs).values():
        assert alice_client.get(url).status_code == 404
    version = theirs.versions.get()
    assert (
        alice_client.get(
            _url("library_download", partnership, paper_pk=theirs.pk, version_pk=version.pk)
        ).status_code
        == 404
    )


def test_an_empty_library_says_what_to_do(partnership, bob_client):
    assert "Nothing in the library yet" in bob_client.get(_url("library", partnership)).content.decode()


# ---------------------------------------------------------------- query budgets


def _grow_papers(partnership, n, **where):
    for _ in range(n):
        person = make_user()
        paper = make_paper(partnership, uploaded_by=person, **where)
        from meetings.services.papers import paper_version_add
        from meetings.uploads import check_paper

        paper_version_add(
            paper=paper,
            format="large_print",
            checked=check_paper(make_upload("large.txt", b"Large print\n")),
            uploaded_by=make_user(),
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_library_costs_the_same_with_5_or_50_papers(partnership, alice_client):
    url = _url("library", partnership)
    _grow_papers(partnership, 5)
    small = _count(alice_client, url)
    _grow_papers(partnership, 45)
    assert _count(alice_client, url) == small
    # session, user, membership, count for the pages, papers, their versions with who uploaded them
    assert small <= 7


def test_the_meeting_papers_page_costs_the_same_with_5_or_50_papers(partnership, meeting, alice_client):
    items = list(meeting.agenda_items.exclude(purpose="break"))
    url = _url("paper_list", partnership, pk=meeting.pk)

    def grow(n):
        for i in range(n):
            _grow_papers(partnership, 1, meeting=meeting, agenda_item=items[i % len(items)])

    grow(5)
    small = _count(alice_client, url)
    grow(45)
    assert _count(alice_client, url) == small
    # session, user, membership, meeting, meeting roles, agenda items, papers, versions with uploaders
    assert small <= 9


# ---------------------------------------------------------------- sent twice


def _add_pages(partnership, meeting, item, paper, library_paper):
    """Each page that adds: its address, what to post, where saving goes, and how many of what it adds."""
    return {
        "paper_add": (
            _url("paper_add", partnership, pk=meeting.pk),
            lambda **once: _paper_data(item, **once),
            _url("paper_list", partnership, pk=meeting.pk),
            lambda: Paper.objects.filter(meeting=meeting).count(),
        ),
        "library_add": (
            _url("library_add", partnership),
            lambda **once: _paper_data(**once),
            _url("library", partnership),
            lambda: Paper.objects.filter(meeting__isnull=True).count(),
        ),
        "paper_version_add": (
            _url("paper_version_add", partnership, pk=meeting.pk, paper_pk=paper.pk),
            lambda **once: _paper_data(**once),
            _url("paper_detail", partnership, pk=meeting.pk, paper_pk=paper.pk),
            lambda: paper.versions.count(),
        ),
        "library_version_add": (
            _url("library_version_add", partnership, paper_pk=library_paper.pk),
            lambda **once: _paper_data(**once),
            _url("library_paper_detail", partnership, paper_pk=library_paper.pk),
            lambda: library_paper.versions.count(),
        ),
    }


@pytest.mark.parametrize("page", ["paper_add", "library_add", "paper_version_add", "library_version_add"])
def test_the_same_upload_sent_twice_adds_once(
    page, partnership, meeting, item, paper, library_paper, alice_client
):
    url, data, success, count = _add_pages(partnership, meeting, item, paper, library_paper)[page]
    form = alice_client.get(url).content.decode()
    token = re.search(r'<input type="hidden" name="once" value="([0-9a-f]{32})"', form).group(1)
    before = count()
    first = alice_client.post(url, data(once=token))
    second = alice_client.post(url, data(once=token))  # the same form sent again, with the file again
    assert count() == before + 1
    # The second goes where saving would have gone, and says so: never an error page.
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == success
    shown = alice_client.post(url, data(once=token), follow=True).content.decode()
    assert "That was already saved." in shown
    assert count() == before + 1


@pytest.mark.parametrize("page", ["paper_add", "library_add", "paper_version_add", "library_version_add"])
def test_two_uploads_add_two(page, partnership, meeting, item, paper, library_paper, alice_client):
    url, data, _, count = _add_pages(partnership, meeting, item, paper, library_paper)[page]
    before = count()
    alice_client.post(url, data(once=uuid4().hex))
    alice_client.post(url, data(once=uuid4().hex))
    assert count() == before + 2


def test_an_upload_refused_can_be_sent_again_with_the_same_form(partnership, meeting, item, alice_client):
    url = _url("paper_add", partnership, pk=meeting.pk)
    token = uuid4().hex
    refused = alice_client.post(url, _paper_data(item, once=token, file=make_upload("x.pdf", b"not a pdf")))
    assert refused.status_code == 200 and f'name="once" value="{token}"' in refused.content.decode()
    assert alice_client.post(url, _paper_data(item, once=token)).status_code == 302
    assert Paper.objects.count() == 1


# ---------------------------------------------------------------- one read-only rule


@pytest.mark.parametrize("role", list(Role))
def test_only_the_read_only_roles_cannot_add(role, partnership, meeting):
    from coproduction.access import is_read_only
    from meetings.permissions import powers_for
    from meetings.services.papers import LIBRARY_CONTRIBUTORS, can_add_meeting_papers, can_add_to_library

    membership = make_member(partnership, role=role)
    read_only = role in {Role.OBSERVER, Role.VISITING_EXPERT}
    assert is_read_only(membership) is read_only
    assert can_add_to_library(membership) is (not read_only)
    assert (role in LIBRARY_CONTRIBUTORS) is (not read_only)
    MeetingRole.objects.create(
        partnership=partnership, meeting=meeting, person=membership.person, role=MeetingRole.Role.CHAIR
    )
    # Even chairing this meeting, a read-only partner adds no papers.
    assert can_add_meeting_papers(membership, powers_for(meeting, membership)) is (not read_only)


@pytest.mark.parametrize("asked", ["large_print", "easy_read", "²", "nonsense"])
def test_add_a_version_comes_with_the_format_asked_for(asked, partnership, meeting, paper, dana_client):
    url = _url("paper_version_add", partnership, pk=meeting.pk, paper_pk=paper.pk)
    page = dana_client.get(f"{url}?format={asked}").content.decode()
    usual = re.findall(r'value="(\w+)"\s+checked', dana_client.get(url).content.decode())
    expected = [asked] if asked in {"large_print", "easy_read"} else usual
    assert re.findall(r'value="(\w+)"\s+checked', page) == expected


def test_a_paper_with_many_versions_lists_the_newest_and_links_to_all(
    partnership, meeting, paper, alice_client
):
    from meetings.services.papers import paper_version_add
    from meetings.uploads import check_paper

    for n in range(2, 9):
        paper_version_add(
            paper=paper,
            format="standard",
            checked=check_paper(make_upload(f"draft {n}.txt", b"Draft\n")),
            uploaded_by=make_user(),
        )
    url = _url("paper_detail", partnership, pk=meeting.pk, paper_pk=paper.pk)
    page = alice_client.get(url).content.decode()
    assert "Version 8<" in page and "Version 4<" in page
    assert "Version 3<" not in page  # older ones wait behind the link
    assert "See all 8 versions" in page and "(3 older not listed here)" in page
    everything = alice_client.get(url + "?versions=standard").content.decode()
    assert all(f"Version {n}<" in everything for n in range(1, 9))
    assert "See all" not in everything
