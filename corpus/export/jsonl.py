"""JSON Lines writer: a header object first, then one object per unit.

The first line is ``{"type": "header", "bitextual_export": {...signature...}}``; every
other line is ``{"type": "unit", "id": ..., "zh": ..., "en": ..., ...}``. Readers tell them
apart by ``type`` (the header has no ``zh``/``en`` keys, so a reader that only looks for
those skips it too). JSON escaping keeps every character; only lone surrogates, which
UTF-8 cannot hold, are removed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar, TextIO

from corpus.export.units import ExportPlan, ExportUnit
from corpus.export.xmltext import strip_unencodable


def header_object(plan: ExportPlan) -> dict[str, Any]:
    """The first line: the signature, languages and documents of the export."""
    return {
        "type": "header",
        "bitextual_export": {
            **plan.signature.as_dict(),
            "zh_langs": list(plan.zh_langs),
            "en_lang": plan.en_lang,
            "documents": [pair.label for pair in plan.pairs],
        },
    }


def unit_object(unit: ExportUnit) -> dict[str, Any]:
    """One unit as a JSON-ready mapping."""
    return {
        "type": "unit",
        "id": unit.unit_id,
        "zh": unit.zh,
        "en": unit.en,
        "zh_original": unit.zh_original,
        "en_original": unit.en_original,
        "score": unit.score,
        "status": unit.status,
        "document": unit.document,
        "zh_document": unit.zh_document,
        "en_document": unit.en_document,
        "zh_lang": unit.zh_lang,
        "en_lang": unit.en_lang,
        "bead": unit.bead_id,
        "origin": unit.origin,
        "zh_ids": list(unit.zh_ids),
        "en_ids": list(unit.en_ids),
    }


# The json module's C string encoder (non-ASCII kept as is), as ensure_ascii=False uses it.
_quote: Callable[[str], str] = json.encoder.encode_basestring
# One encoder for the whole export: json.dumps with options builds a new one per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def unit_line(unit: ExportUnit) -> str:
    """``unit_object(unit)`` as compact JSON, built directly (three times faster than dumps).

    Strings go through the json module's own C string encoder, so the result is exactly
    what ``json.dumps(unit_object(unit), ensure_ascii=False, separators=(",", ":"))`` gives.
    """
    q = _quote
    zh_original = "null" if unit.zh_original is None else q(unit.zh_original)
    en_original = "null" if unit.en_original is None else q(unit.en_original)
    score = "null" if unit.score is None else float.__repr__(unit.score)
    zh_ids = ",".join([q(i) for i in unit.zh_ids])
    en_ids = ",".join([q(i) for i in unit.en_ids])
    return strip_unencodable(
        f'{{"type":"unit","id":{q(unit.unit_id)},"zh":{q(unit.zh)},"en":{q(unit.en)},'
        f'"zh_original":{zh_original},"en_original":{en_original},"score":{score},'
        f'"status":{q(unit.status)},"document":{q(unit.document)},'
        f'"zh_document":{q(unit.zh_document)},"en_document":{q(unit.en_document)},'
        f'"zh_lang":{q(unit.zh_lang)},"en_lang":{q(unit.en_lang)},"bead":{int(unit.bead_id)},'
        f'"origin":{q(unit.origin)},"zh_ids":[{zh_ids}],"en_ids":[{en_ids}]}}')


def _dumps(obj: dict[str, Any]) -> str:
    # With ensure_ascii=False lone surrogates pass through as they are, and UTF-8 cannot
    # encode them.
    return strip_unencodable(_ENCODER.encode(obj))


class JsonlWriter:
    """JSON Lines: header object, then one object per unit."""

    name: ClassVar[str] = "jsonl"
    description: ClassVar[str] = "JSON Lines, one object per unit after a header object"

    def output_paths(self, path: Path) -> tuple[Path, ...]:
        """The file written for ``-o path``."""
        return (path,)

    def write(self, outputs: Sequence[TextIO], units: Iterable[ExportUnit],
              plan: ExportPlan) -> None:
        """Stream ``units`` into ``outputs[0]``."""
        out = outputs[0]
        out.write(_dumps(header_object(plan)) + "\n")
        batch: list[str] = []
        for unit in units:
            batch.append(unit_line(unit) + "\n")
            if len(batch) >= 1000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
