"""Making arbitrary text safe inside XML 1.0 (and inside any UTF-8 text file).

Segment texts come from scraped web pages, Word files and old TMs: they can hold control
characters that XML 1.0 forbids outright (a parser must reject the whole file, not just the
character), and Python strings can even hold lone surrogates, which UTF-8 cannot encode.
Removing those characters is the only way to make every export parse; the removal is
deliberate, documented loss (the project store keeps the untouched text).
"""

from __future__ import annotations

import re

# XML 1.0 Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Everything else (C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF) must go.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""One character XML 1.0 forbids (a match means the text cannot go into XML as it is)."""
_XML_FORBIDDEN = XML_FORBIDDEN
# Anything xml_text must change: & < > " ' CR, or a forbidden character. Most texts have
# none, and one search is much cheaper than a substitution and six replacements. One negated
# class (the XML Char ranges minus the five markup characters) runs three times faster than
# an alternation.
_XML_NEEDS_WORK = re.compile(
    "[^\t\n\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\ud7ff\ue000-\ufffd"
    "\U00010000-\U0010ffff]")
# UTF-8 cannot encode a surrogate code point; every text file we write is UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def strip_xml_forbidden(text: str) -> str:
    """Remove the characters XML 1.0 forbids (C0 controls but tab/LF/CR, surrogates, U+FFFE/F)."""
    return _XML_FORBIDDEN.sub("", text)


def strip_unencodable(text: str) -> str:
    """Remove lone surrogates, the only code points a UTF-8 file cannot hold."""
    try:
        # Encoding is five times faster than scanning with the regex, and almost always
        # succeeds: texts from the store cannot even hold surrogates.
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("", text)
    return text


def xml_text(text: str) -> str:
    """Element content: forbidden characters removed, the five XML entities and CR escaped.

    Quotes need no escaping in element content, but escaping all five everywhere means one
    rule for every XML file we write, whichever consumer reads it. CR is written as
    ``&#13;`` because a parser turns a literal CR (or CRLF) into LF;
    the escape keeps the text exactly as it was.
    """
    if _XML_NEEDS_WORK.search(text) is None:
        return text
    return (
        _XML_FORBIDDEN.sub("", text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
        .replace("\r", "&#13;")
    )


def xml_attr(text: str) -> str:
    """A double-quoted attribute value: as :func:`xml_text`, plus tab and LF escaped.

    Tab and LF are escaped too, because attribute-value normalisation would turn them into
    spaces.
    """
    return (
        xml_text(text)
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
    )
