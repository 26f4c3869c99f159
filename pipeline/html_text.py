"""HTML pages → their visible text, keeping the map back to the raw HTML.

A seed saved as HTML keeps its markup in ``raw_text`` (the file's text as decoded), and every
offset the warehouse publishes points into that markup. :func:`html_to_text` therefore never
builds a new string from a parser's tree: it is a sequence of :meth:`MappedText.sub` rewrites
(drop scripts, styles and comments; tags become nothing, or a line break for block elements;
entities decoded), so a span found in the extracted text maps back, through
:meth:`MappedText.raw_span`, to the raw HTML it was read from. :func:`looks_like_html` tells
an HTML page from plain text that merely contains a ``<``.

What does not belong here: character repair (``repair.py``), boilerplate and sections
(``clean.py``), and anything about what the text says.
"""

from __future__ import annotations

import html
import re

from pipeline.text import MappedText

# elements whose content is never visible text
_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b[^>]*>.*?(?:</\1\s*>|\Z)",
                        re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?\]\]>", re.DOTALL)
_DECLARATION = re.compile(r"<![A-Za-z][^>]*>|<\?[^>]*\?>")
# a start or end tag, attribute values may hold ">" inside quotes
_TAG = re.compile(r"""<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
# elements that start a new line in rendered text (HTML's block-level and line-breaking ones)
_BLOCK = frozenset("""
    address article aside blockquote body br caption dd details div dl dt fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 head header hr html li main nav ol p pre section
    summary table tbody td tfoot th thead title tr ul
""".split())
# runs to collapse: two or more whitespace characters, or one that is not a space (a lone
# space is left as it is, so its characters keep their one-to-one map)
_HTML_WHITESPACE = re.compile(r"[ \t\r\n\f]{2,}|[\t\r\n\f]")
_SPACE_AROUND_NEWLINE = re.compile(r" +\n *| *\n +")
_BLANK_LINES = re.compile(r"\n{3,}")
_EDGE_NEWLINES = re.compile(r"\A\n+|\n+\Z")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# evidence that a text is markup: a document start, or several well-known tags
_DOCUMENT_START = re.compile(r"\A[\ufeff\s]*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html\b|\?xml)",
                             re.IGNORECASE | re.DOTALL)
_KNOWN_TAG = re.compile(
    r"</?(?:html|head|body|p|div|br|span|table|tr|td|li|ul|ol|h[1-6]|a|meta|title|script|style|"
    r"sup|sub|em|strong|b|i|section|article)\b[^<>]*>", re.IGNORECASE)
_MIN_KNOWN_TAGS = 3


def looks_like_html(raw_text: str) -> bool:
    """True for an HTML page: it opens like one, or holds several well-known tags
    (``p<0.05`` or ``<10^6 cells`` in plain text are not tags)."""
    if _DOCUMENT_START.match(raw_text[:4096]):
        return True
    count = 0
    for _ in _KNOWN_TAG.finditer(raw_text):
        count += 1
        if count >= _MIN_KNOWN_TAGS:
            return True
    return False


def _tag(m: re.Match[str]) -> str:
    name = m.group(2).lower()
    if name in _BLOCK:
        return "\n"
    if name == "sup" and not m.group(1) and m.start() and m.string[m.start() - 1].isdigit():
        return "^"  # "10<sup>6</sup>" reads "10^6", which the dose parser understands
    return ""


def _entity(m: re.Match[str]) -> str:
    return html.unescape(m.group(0))


def html_to_text(text: MappedText) -> MappedText:
    """The visible text of the HTML in ``text``; every character still maps to raw offsets
    (an entity or a tag's line break maps to the markup it replaced)."""
    out = text.sub(_INVISIBLE, "")
    out = out.sub(_COMMENT, "")
    out = out.sub(_DECLARATION, "")
    out = out.sub(_HTML_WHITESPACE, " ")  # source line breaks are not line breaks in HTML
    out = out.sub(_TAG, _tag)
    out = out.sub(_SPACE_AROUND_NEWLINE, "\n")
    out = out.sub(_BLANK_LINES, "\n\n")
    out = out.sub(_EDGE_NEWLINES, "")
    out = out.sub(_ENTITY, _entity)  # after tags, so "&lt;p&gt;" stays text
    return out
