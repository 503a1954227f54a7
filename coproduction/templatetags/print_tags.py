"""Tags for the print templates (`templates/print/`): pictures for easy read points, hard words in bold, and
the picture credit the OpenMoji licence asks for."""

import base64
import mimetypes
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlparse

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MAX_INLINE_BYTES = 512 * 1024  # a web page carries an uploaded picture inline up to this size


@register.simple_tag(takes_context=True)
def print_picture(context, code: str, alt: str = "") -> dict | None:
    """The picture for an easy read point: {"src", "alt"}, or None when there is none to show.

    `code` names a picture ("openmoji:1F4C5", "upload:12", resolved by `coproduction.easy_read.pictures`)
    or is a file:// URL with its `alt` given. The PDF loads the file; the web page gets a URL a browser can
    load.
    """
    if not code:
        return None
    code = str(code)
    # One document shows the same few pictures many times (every point without its own has the default):
    # each is found once a render (`coproduction.printing` gives the render its `print_picture_cache`).
    cache = context.get("print_picture_cache")
    if cache is None:
        return _picture(context, code, alt)
    if (code, alt) not in cache:
        cache[code, alt] = _picture(context, code, alt)
    found = cache[code, alt]
    used = context.get("print_pictures_used")
    if found is not None and used is not None:
        used.add(code)
    return found


def _picture(context, code: str, alt: str) -> dict | None:
    from coproduction.easy_read import pictures as easy_read

    if code.startswith(("file:", "data:", "/")):
        source, web = code, None
    else:
        source, web = easy_read.picture_file(code), easy_read.picture_url(code)
        alt = alt or easy_read.picture_alt(code)
    if not source or not alt:  # a picture nobody can describe is left out rather than printed without alt
        return None
    if source.startswith("/"):
        source = Path(source).as_uri()
    used = context.get("print_pictures_used")
    if used is not None:
        used.add(code)
    if context.get("medium") != "print":
        source = web or _web_source(source)
        if not source:
            return None
    return {"src": source, "alt": alt}


def _web_source(source: str) -> str:
    """A file the print pipeline loads, as something a browser can load: a static URL for a static file,
    the bytes inline for anything else (small enough), or "" to leave it out."""
    if not source.startswith("file:"):
        return source
    path = Path(unquote(urlparse(source).path))
    for entry in settings.STATICFILES_DIRS:
        prefix, root = entry if isinstance(entry, tuple) else ("", entry)
        if path.is_relative_to(root):
            return static(f"{prefix}/{path.relative_to(root).as_posix()}".lstrip("/"))
    if not path.is_file() or path.stat().st_size > MAX_INLINE_BYTES:
        return ""
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@register.simple_tag(takes_context=True)
def print_credit(context) -> str:
    """The credit for the bundled OpenMoji pictures, when the document used any."""
    from coproduction.easy_read import pictures as easy_read

    return easy_read.credit_for(context.get("print_pictures_used") or ())


@register.filter
def print_words(text, hard_words: Iterable | None = None) -> SafeString:
    """Plain text as paragraphs (a blank line between them, a line break kept), with each hard word in bold.
    `hard_words`: words, or glossary terms with a `word`."""
    from coproduction.easy_read.guidance import hard_words_pattern

    pattern = hard_words_pattern(str(getattr(w, "word", w)) for w in hard_words or () if w)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text or "")) if p.strip()]
    out = []
    for paragraph in paragraphs:
        lines = [_bold(line.strip(), pattern) for line in paragraph.splitlines() if line.strip()]
        out.append("<p>" + "<br>".join(lines) + "</p>")
    return mark_safe("".join(out))  # noqa: S308 -- every piece of text is escaped in _bold


def _bold(text: str, pattern: re.Pattern | None) -> str:
    if pattern is None:
        return escape(text)
    pieces, at = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[at : match.start()]))
        pieces.append(f'<strong class="cp-hard-word">{escape(match.group(0))}</strong>')
        at = match.end()
    pieces.append(escape(text[at:]))
    return "".join(pieces)
