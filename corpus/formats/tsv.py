"""Tab-separated bilingual files: one unit per line, ``zh<TAB>en`` or ``en<TAB>zh``.

Which column is Chinese is decided over the whole file by the share of Han characters, so
either order works. Blank lines are skipped; a first line that names the languages
(``zh<TAB>en``, ``source<TAB>target``…) is taken as a header.

A TSV written by ``bitextual export`` reads back too: its first line is the export's
signature (``# bitextual export | …``), its second names the columns (``zh``, ``en`` and
others such as ``id`` or ``score``), and its fields are backslash-escaped, so the ``zh``
and ``en`` columns are taken by name and unescaped.
"""

from __future__ import annotations

from pathlib import Path

from corpus.errors import FormatError
from corpus.export.tsv import unescape_field
from corpus.formats.encoding import read_text_bytes
from corpus.formats.units import BilingualUnit
from corpus.language import count_letters, lang_family

_HEADER_WORDS = {"source", "target", "src", "tgt", "chinese", "english", "中文", "英文"}
_EXPORT_SIGNATURE = "# bitextual export"


def _is_header(fields: list[str]) -> bool:
    names = [f.strip().lower() for f in fields]
    return all(lang_family(n) is not None or n in _HEADER_WORDS for n in names)


def split_records(text: str) -> list[str]:
    """The records of a TSV text: only ``\n`` (or ``\r\n``) ends one.

    ``str.splitlines`` would also break at U+2028/U+2029, NEL, VT, FF and ``\x1c``–``\x1e``,
    which are ordinary characters inside a cell (a TSV export keeps them verbatim), and
    every later line number would be off. A final newline adds no record.
    """
    records = text.split("\n")
    if records and records[-1] == "":
        records.pop()
    return [record[:-1] if record.endswith("\r") else record for record in records]


def read_tsv(path: str | Path) -> list[BilingualUnit]:
    """Units of a two-column TSV; raises ``FormatError`` naming the line of a bad row."""
    path = Path(path)
    text, _encoding = read_text_bytes(path)
    rows: list[tuple[int, str, str]] = []
    header: list[str] | None = None
    lines = split_records(text)
    if lines and lines[0].startswith(_EXPORT_SIGNATURE):
        return _read_export(path, lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise FormatError(
                f"malformed TSV: expected 2 tab-separated columns (Chinese and English), "
                f"found {len(fields)}", path=path, line=number,
                hint="each line must be 'Chinese<TAB>English'; tabs inside a text are not "
                     "allowed")
        if not rows and header is None and _is_header(fields):
            header = fields
            continue
        rows.append((number, fields[0].strip(), fields[1].strip()))
    zh_column = _chinese_column(path, rows, header)
    units: list[BilingualUnit] = []
    for number, first, second in rows:
        zh, en = (first, second) if zh_column == 0 else (second, first)
        if zh or en:
            units.append(BilingualUnit(zh=zh, en=en, zh_lang="zh", en_lang="en",
                                       unit_id=None, line=number))
    return units


def _read_export(path: Path, lines: list[str]) -> list[BilingualUnit]:
    """Units of a TSV written by ``bitextual export``: columns by name, fields unescaped."""
    if len(lines) < 2:
        raise FormatError("bitextual export TSV without its column line", path=path, line=2,
                          hint="line 2 must name the columns, e.g. 'zh<TAB>en'")
    columns = lines[1].split("\t")
    if "zh" not in columns or "en" not in columns:
        raise FormatError(f"the column line names no 'zh' and 'en' columns: {columns}",
                          path=path, line=2, hint="export with --columns zh,en,...")
    zh_at, en_at = columns.index("zh"), columns.index("en")
    units: list[BilingualUnit] = []
    for number, line in enumerate(lines[2:], start=3):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise FormatError(f"malformed TSV: expected {len(columns)} columns as line 2 "
                              f"names them, found {len(fields)}", path=path, line=number)
        zh, en = unescape_field(fields[zh_at]), unescape_field(fields[en_at])
        if zh or en:
            units.append(BilingualUnit(zh=zh, en=en, zh_lang="zh", en_lang="en",
                                       unit_id=None, line=number))
    return units


def _chinese_column(path: Path, rows: list[tuple[int, str, str]],
                    header: list[str] | None) -> int:
    if header is not None:
        families = [lang_family(h.strip()) for h in header]
        if families == ["zh", "en"]:
            return 0
        if families == ["en", "zh"]:
            return 1
    if not rows:
        return 0  # nothing to decide; the caller reports the file as empty
    han = [0, 0]
    for _, first, second in rows:
        han[0] += count_letters(first)[0]
        han[1] += count_letters(second)[0]
    if han[0] == han[1]:
        raise FormatError("cannot tell which column is Chinese: both columns have "
                          f"{'no' if han[0] == 0 else 'as many'} Han characters", path=path,
                          hint="a bilingual TSV needs a Chinese and an English column")
    return 0 if han[0] > han[1] else 1
