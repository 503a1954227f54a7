"""Addresses for the rows of a page, without `reverse()` for every row (as `partners.rows.row_url`, for
views whose rows sit under a meeting or take another argument than `pk`)."""

from collections.abc import Callable

from django.urls import reverse

_PK = 987654321  # stands for a row's key in an address reversed once for a whole list


def row_address(name: str, key: str = "pk", **kwargs) -> Callable[[int], str]:
    """A function giving, for each row's key, the address `reverse(name, kwargs={**kwargs, key: row_key})`
    gives, worked out once."""
    before, _, after = reverse(name, kwargs={**kwargs, key: _PK}).rpartition(str(_PK))
    return lambda pk: f"{before}{pk}{after}"
