"""Until a page is written: a plain 404, so links to it can be written already. Delete when unused."""

from django.http import Http404


def placeholder(request, slug, **kwargs):
    raise Http404
