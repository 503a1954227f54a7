"""`tidy(html)`: HTML with the spaces that do not change what a browser or screen reader gets taken out (runs
of white space made one, none between tags or before a tag's end), so a page written out by hand can be
held to what crispy-forms drew, whatever either's line breaks."""

import re


def tidy(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r">\s+<", "><", html)
    html = re.sub(r"\s+>", ">", html)
    html = re.sub(r">\s+", ">", html)
    return re.sub(r"\s+<", "<", html).strip()
