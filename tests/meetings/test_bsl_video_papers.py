"""BSL video is a format for papers: a link to a video (not an upload), shown as "Watch in BSL" on the paper's
page and in the papers list, kept in versions like any other format."""

import re
from uuid import uuid4

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import AgendaItem, PaperVersion
from meetings.services.papers import paper_bsl_video_add
from tests.factories import make_paper

VIDEO = "https://www.youtube.com/watch?v=bsl-draft-strategy"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def paper(meeting, alice):
    item = AgendaItem.objects.create(
        partnership=meeting.partnership,
        meeting=meeting,
        position=3,
        title="Transport strategy",
        purpose="decision",
    )
    return make_paper(
        meeting.partnership, meeting=meeting, agenda_item=item, uploaded_by=alice, title="Draft strategy"
    )


def _urls(paper) -> dict[str, str]:
    ids = {"slug": paper.partnership.slug, "pk": paper.meeting_id, "paper_pk": paper.pk}
    return {
        "add": reverse("meetings:paper_version_add", kwargs=ids) + "?format=bsl_video",
        "detail": reverse("meetings:paper_detail", kwargs=ids),
        "list": reverse("meetings:paper_list", kwargs={"slug": ids["slug"], "pk": ids["pk"]}),
    }


def _post(client: Client, url: str, video_url: str):
    return client.post(url, {"video_url": video_url, "once": uuid4().hex})


def _watch_links(html: str) -> list[str]:
    return re.findall(r'<a class="govuk-link[^"]*" href="([^"]+)"[^>]*>Watch in BSL', html)


def test_a_coordinator_adds_a_bsl_video_link_and_partners_watch_it_in_bsl(paper, alice_client, bob_client):
    urls = _urls(paper)
    assert _watch_links(bob_client.get(urls["detail"]).content.decode()) == []

    form = alice_client.get(urls["add"])
    assert form.status_code == 200
    assert "Link to the BSL video" in form.content.decode()
    assert 'type="file"' not in form.content.decode()  # a link, not an upload

    response = _post(alice_client, urls["add"], VIDEO)

    assert response.status_code == 302 and response.url == urls["detail"]
    version = paper.versions.get(format=PaperVersion.Format.BSL_VIDEO)
    assert (version.video_url, version.number, version.file.name) == (VIDEO, 1, "")
    page = bob_client.get(urls["detail"]).content.decode()
    assert _watch_links(page) == [VIDEO]
    assert "BSL video version" in page  # its own place in the paper's versions
    assert _watch_links(bob_client.get(urls["list"]).content.decode()) == [VIDEO]


def test_a_new_bsl_video_replaces_the_current_one_and_the_first_stays_listed(paper, alice, bob_client):
    paper_bsl_video_add(paper=paper, video_url=VIDEO, added_by=alice)
    newer = "https://vimeo.com/123456"
    paper_bsl_video_add(paper=paper, video_url=newer, added_by=alice)

    page = bob_client.get(_urls(paper)["detail"]).content.decode()

    assert _watch_links(page) == [newer]
    assert VIDEO in page  # version 1 is still listed


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "Give the link to the BSL video"),
        ("http://www.youtube.com/watch?v=abc", "Give a link that starts with https://"),
        ("https://", "Give a link to the video, like https://www.youtube.com/watch?v=abc123"),
        ("javascript:alert(1)", "Give a link that starts with https://"),
    ],
)
def test_a_link_that_is_not_an_https_address_is_refused_with_a_clear_message(
    paper, alice_client, given, message
):
    response = _post(alice_client, _urls(paper)["add"], given)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not paper.versions.filter(format=PaperVersion.Format.BSL_VIDEO).exists()


def test_the_file_upload_does_not_offer_bsl_video(paper, alice_client):
    ids = {"slug": paper.partnership.slug, "pk": paper.meeting_id, "paper_pk": paper.pk}
    page = alice_client.get(reverse("meetings:paper_version_add", kwargs=ids)).content.decode()

    assert 'value="large_print"' in page
    assert 'value="bsl_video"' not in page  # a video is given as a link on its own form


def test_a_bsl_video_has_no_file_to_download(paper, alice, alice_client):
    version = paper_bsl_video_add(paper=paper, video_url=VIDEO, added_by=alice)
    url = reverse(
        "meetings:paper_download",
        kwargs={
            "slug": paper.partnership.slug,
            "pk": paper.meeting_id,
            "paper_pk": paper.pk,
            "version_pk": version.pk,
        },
    )

    assert alice_client.get(url).status_code == 404


def test_who_may_add_a_bsl_video(paper, bob_client, charlie_client, client):
    url = _urls(paper)["add"]

    assert _post(bob_client, url, VIDEO).status_code == 403  # a partner member reads papers, adds none
    assert _post(charlie_client, url, VIDEO).status_code == 404  # another partnership's member
    anonymous = _post(client, url, VIDEO)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.url
    assert not paper.versions.filter(format=PaperVersion.Format.BSL_VIDEO).exists()


def test_the_library_takes_a_bsl_video_too(partnership, bob, bob_client):
    paper = make_paper(partnership, uploaded_by=bob, title="Independent Living in Scotland report")
    ids = {"slug": partnership.slug, "paper_pk": paper.pk}

    response = _post(
        bob_client, reverse("meetings:library_version_add", kwargs=ids) + "?format=bsl_video", VIDEO
    )

    assert response.status_code == 302
    page = bob_client.get(reverse("meetings:library_paper_detail", kwargs=ids)).content.decode()
    assert _watch_links(page) == [VIDEO]


@pytest.mark.parametrize("variant", ["standard", "large_print", "easy_read"])
def test_the_meeting_pack_gives_each_papers_bsl_video_link(variant, paper, meeting, alice):
    from meetings.services import documents

    paper_bsl_video_add(paper=paper, video_url=VIDEO, added_by=alice)
    context = documents.document_context(meeting, "pack", variant)
    page = documents.document_html(context, "pack", variant)
    papers = page[page.index('id="papers"') :]
    assert f'In BSL: <a href="{VIDEO.replace("&", "&amp;")}">' in papers
