"""One way to cut a growing list into pages: `paginate(request, queryset)` gives a Paginator page with its
rows fetched and `elided_range` set for templates/_pagination.html (the GOV.UK pagination component).
A page number that is not a number, or past the end, shows the nearest real page rather than an error."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from .params import query_int

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE, *, param: str = "page") -> Page:
    page = Paginator(queryset, per_page).get_page(query_int(request, param, minimum=1))
    page.object_list = list(page.object_list)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page
