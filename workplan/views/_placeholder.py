"""A stand-in for pages being written (removed once every page has landed)."""

from django.http import HttpRequest, HttpResponse

from coproduction.access import partnership_access


def coming(request: HttpRequest, slug: str, **kwargs) -> HttpResponse:
    partnership_access(request, slug, visiting_experts=True)
    return HttpResponse("This page is being written.")
