"""Plain text (.txt) and Markdown (.md) documents.

Markdown is reduced to its text line by line, so line numbers stay those of the file:
headings lose their ``#``, emphasis and code marks go, links become their text, list and
quote markers go, and lines that are only markup (rules, fences, setext underlines, HTML
comments) become empty. Images are left as written, for the boilerplate rules to set aside
with the reason "image" rather than silently dropping them.
"""

from __future__ import annotations

import re
from pathlib import Path

from corpus.errors import BitextualError, FormatError
from corpus.formats.encoding import read_text_bytes
from corpus.formats.units import SourceLine, SourceText

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$")
_RULE_ONLY = re.compile(r"^\s{0,3}(?:(?:[-*_]\s*){3,}|=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\((?:[^()\s]+|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")
_REF_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\[[^\]]*\]")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPH_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
# Underscore emphasis only at word boundaries, so snake_case names survive.
_EMPH_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`+([^`]+)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def strip_markdown_line(line: str) -> str:
    """Text of one Markdown line (images kept as written, see the module docstring)."""
    if _RULE_ONLY.match(line) or _FENCE.match(line) or _LINK_DEF.match(line) \
            or _TABLE_RULE.match(line):
        return ""
    # Escaped characters are literal: hide them from the emphasis and link patterns.
    text = _ESCAPE.sub(lambda m: f"\x01{ord(m.group(1))}\x01", _HTML_COMMENT.sub("", line))
    heading = _HEADING.match(text)
    if heading:
        text = heading.group(1)
    text = _QUOTE.sub("", text)
    text = _LIST.sub("", text)
    images: list[str] = []

    def keep_image(match: re.Match[str]) -> str:
        images.append(match.group(0))
        return f"\x00{len(images) - 1}\x00"

    text = _IMAGE.sub(keep_image, text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _STRONG.sub(r"\2", text)
    text = _STRONG.sub(r"\2", text)  # nested strong/emphasis: one more pass
    text = _EMPH_STAR.sub(r"\1", text)
    text = _EMPH_UNDERSCORE.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    if text.lstrip().startswith("|") and text.rstrip().endswith("|"):
        text = " ".join(cell.strip() for cell in text.strip().strip("|").split("|"))
    text = re.sub("\x00(\\d+)\x00", lambda m: images[int(m.group(1))], text)
    text = re.sub("\x01(\\d+)\x01", lambda m: chr(int(m.group(1))), text)
    return text.strip()


def split_lines(text: str) -> list[str]:
    """Lines of a decoded text (any newline convention; a final newline adds no line)."""
    return text.splitlines()


MAX_FRONT_MATTER_LINES = 60
_FRONT_MATTER_FENCES = {"---": ("---", "..."), "+++": ("+++",)}


def _front_matter_end(lines: list[str]) -> int:
    """Number of lines of YAML (``---``) or TOML (``+++``) front matter at the top of a
    Markdown file, fences included; 0 if there is none."""
    if not lines:
        return 0
    closers = _FRONT_MATTER_FENCES.get(lines[0].strip())
    if closers is None:
        return 0
    for index, line in enumerate(lines[1:MAX_FRONT_MATTER_LINES], start=2):
        if line.strip() in closers:
            return index
    return 0


def read_text(path: Path) -> SourceText:
    """Read a .txt file."""
    text, encoding = read_text_bytes(path)
    lines = [SourceLine(text=line, line=number)
             for number, line in enumerate(split_lines(text), start=1)]
    return SourceText(lines=lines, format="txt", encoding=encoding)


def read_sentence_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 file that holds one sentence per line already (``--presplit``).

    No encoding is guessed: line i must stay sentence i of a gold alignment, so a file that
    is not UTF-8 is an error rather than a guess.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})", path=path, offset=exc.start,
                          hint="convert the file to UTF-8, or drop --presplit to let "
                               "bitextual detect the encoding") from exc
    except OSError as exc:
        raise BitextualError(f"cannot read the file: {exc.strerror}", path=path) from exc
    return text.splitlines()


def read_markdown(path: Path) -> SourceText:
    """Read a .md file, markup removed line by line (inside code fences nothing is removed)."""
    text, encoding = read_text_bytes(path)
    lines: list[SourceLine] = []
    in_fence = False
    raw_lines = split_lines(text)
    front_matter_end = _front_matter_end(raw_lines)
    for number, raw in enumerate(raw_lines, start=1):
        if number <= front_matter_end:
            # metadata for a site generator (title, date, tags), not text of the document
            lines.append(SourceLine(text="", line=number, raw=raw))
            continue
        if _FENCE.match(raw):
            in_fence = not in_fence
            lines.append(SourceLine(text="", line=number, raw=raw))
            continue
        if in_fence:
            lines.append(SourceLine(text=raw, line=number))
            continue
        stripped = strip_markdown_line(raw)
        lines.append(SourceLine(text=stripped, line=number,
                                raw=raw if stripped != raw else None))
    return SourceText(lines=lines, format="md", encoding=encoding)
