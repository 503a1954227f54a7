"""Numbers and ids from URLs and query strings: the one place that reads them.

`"²".isdigit()` is True and `int("²")` raises, and a NUL byte reaches the database as an error: anything a
person (or a scanner) can type in the address bar is read here, and what is not a plain number is treated
as not given, never as a crash.
"""

import re

from django.http import Http404, HttpRequest

# ASCII digits only (not `\d`, which matches other scripts' digits), and short enough for a 64-bit id.
_PLAIN_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_int(value: str | None, *, minimum: int | None = None) -> int | None:
    """`value` as a whole number, or None when it is missing, not plain ASCII digits, or below `minimum`."""
    if value is None or not _PLAIN_NUMBER.fullmatch(value):
        return None
    number = int(value)
    if minimum is not None and number < minimum:
        return None
    return number


def query_int(request: HttpRequest, name: str, *, minimum: int | None = None) -> int | None:
    """A whole number from the query string (`?item=12`), or None when it is missing or not a number."""
    return parse_int(request.GET.get(name), minimum=minimum)


def query_int_or_404(request: HttpRequest, name: str, *, minimum: int | None = None) -> int | None:
    """Like `query_int`, but a value that is given and is not a number is a page that does not exist."""
    value = request.GET.get(name)
    if value is None:
        return None
    number = parse_int(value, minimum=minimum)
    if number is None:
        raise Http404
    return number
