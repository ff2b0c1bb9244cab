"""Text from a file or a person (deal titles, account and rep names, notes...) made safe for a Markdown element.

Streamlit renders Markdown in st.markdown, st.caption, st.write, headers, st.table cells, alerts, toasts, metric
and widget labels, dialog titles and more: a rep named ``**x**`` would come out bold, ``$x$`` as LaTeX,
``:red[x]`` coloured and ``![x](http://host/x.png)`` as an image every viewer's browser fetches. ``plain``
turns any text into Markdown that shows exactly that text.

What its Markdown (Streamlit 1.67's frontend) reads, and how each is neutralised:

- CommonMark and GFM syntax (emphasis, links, images, autolinks, headings, lists, tables, strikethrough,
  footnotes, entities such as ``&lt;``, raw HTML), KaTeX (``$``, ``$$``) and directives (``:red[x]``,
  ``:small[x]``, ``:help[x]``): every ASCII punctuation character is backslash-escaped, which CommonMark
  allows for all of them.
- Replacements made on the text after parsing, where escapes are already gone: icons ``:material/x:``, the
  ``:streamlit:`` logo, emoji shortcodes ``:smile:``, bare links (``http://…``, ``www.…``, ``a@b.com``) and
  the arrows and dashes (``->``, ``<-``, ``<->``, ``--``, ``>=``, ``<=``, ``~=``): an invisible word joiner
  (U+2060) is put after a colon or an ``@`` that a word, ``+``, ``-`` or ``/`` follows, after ``www`` and between
  the characters of those pairs, so that none of the patterns matches while the text reads the same (prose such
  as ``Note: call back`` is left as it is, so that the browser's find still matches it).
- Line breaks (a new paragraph, an indented code block, a heading or a list on the next line): each becomes
  one space, and leading indentation is dropped.
"""

from __future__ import annotations

import re
from typing import Any

WORD_JOINER = "\u2060"
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAK = re.compile(r"[ \t]*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")
_INDENT = re.compile(r"^[ \t]+")
_JOINED = re.compile(r"(?<=:)(?=[\w+/-])|(?<=@)(?=[\w-])|(?<=www)(?=\.)|(?<=[<>=~-])(?=[<>=~-])", re.IGNORECASE)


def plain(text: Any) -> str:
    """``text`` as Markdown that renders exactly as ``text`` reads, on one line (``None`` reads ``None``)."""
    one_line = _INDENT.sub("", _LINE_BREAK.sub(" ", str(text)))
    return _ASCII_PUNCTUATION.sub(r"\\\1", _JOINED.sub(WORD_JOINER, one_line))
