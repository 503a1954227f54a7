"""Addresses for the rows of a list, without `reverse()` for every row: a page of 50 rows with two links each
spent a tenth of its time in `reverse()`."""

from collections.abc import Callable

from django.urls import reverse

_PK = 987654321  # stands for a row's pk in an address reversed once for a whole list


def row_url(name: str, slug: str) -> Callable[[int], str]:
    """A function giving the address of the view `name` (which takes a partnership's `slug` and a `pk`) for
    each row's pk: the same address `reverse()` gives, worked out once."""
    before, _, after = reverse(name, kwargs={"slug": slug, "pk": _PK}).rpartition(str(_PK))
    return lambda pk: f"{before}{pk}{after}"
