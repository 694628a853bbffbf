"""Export of the corrected parallel text: TMX 1.4b, XLIFF 2.0, TSV, JSON Lines, Moses.

``export_project(project, "tmx", path, ExportOptions())`` streams the selected units from
the store into the writer named by the format, through an all-or-nothing temporary file.
Writers are looked up in :data:`FORMATS` and imported only when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

from corpus.errors import BitextualError
from corpus.export.files import STDOUT, atomic_outputs, stdout_output
from corpus.export.units import (
    ExportOptions,
    ExportPlan,
    ExportTally,
    ExportUnit,
    count_beads,
    iter_units,
    plan_export,
)
from corpus.store import Project

__all__ = ["FORMATS", "ExportOptions", "ExportReport", "ExportWriter", "export_project",
           "make_writer", "preview_export"]


class ExportWriter(Protocol):
    """A format: which files ``-o PATH`` means, and how to stream units into them."""

    name: str
    description: str

    def output_paths(self, path: Path) -> tuple[Path, ...]:
        """The files written for ``-o path``."""
        ...

    def write(self, outputs: Sequence[TextIO], units: Iterable[ExportUnit],
              plan: ExportPlan) -> None:
        """Write every unit; must consume ``units`` as a stream."""
        ...


FORMATS: dict[str, str] = {
    "tmx": "corpus.export.tmx:TmxWriter",
    "xliff": "corpus.export.xliff:XliffWriter",
    "tsv": "corpus.export.tsv:TsvWriter",
    "jsonl": "corpus.export.jsonl:JsonlWriter",
    "moses": "corpus.export.moses:MosesWriter",
}
"""Format name → ``module:class`` of its writer."""


def make_writer(name: str, **settings: Any) -> ExportWriter:
    """Instantiate the writer of format ``name`` (``settings`` go to its constructor)."""
    try:
        target = FORMATS[name]
    except KeyError:
        raise BitextualError(f"unknown export format {name!r}",
                             hint="choose one of " + ", ".join(FORMATS)) from None
    module_name, class_name = target.split(":")
    writer_class: type[ExportWriter] = getattr(importlib.import_module(module_name), class_name)
    return writer_class(**settings)


@dataclass(frozen=True)
class ExportReport:
    """The outcome of one export (or of :func:`preview_export`, with no paths)."""

    paths: tuple[Path, ...]
    written: int
    considered: int
    skipped: dict[str, int]
    """Beads left out, by reason ('rejected', 'comparable link not accepted', …)."""
    signature: str

    def describe_skipped(self) -> str:
        """'skipped 14 bead(s): 12 comparable link not accepted, 2 rejected'; '' if none."""
        if not self.skipped:
            return ""
        reasons = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items()))
        return f"skipped {sum(self.skipped.values())} bead(s): {reasons}"


def preview_export(project: Project, options: ExportOptions | None = None) -> ExportReport:
    """What ``export_project`` would write with ``options``: the same counts and reasons,
    without writing anything (for the review UI's export dialog)."""
    options = options or ExportOptions()
    conn = project.conn
    started = not conn.in_transaction
    if started:
        conn.execute("BEGIN")
    try:
        plan = plan_export(project, options)
        tally = ExportTally()
        for _ in iter_units(project, plan, tally):
            pass
    finally:
        if started:
            conn.execute("COMMIT")
    return ExportReport(paths=(), written=tally.written, considered=tally.considered,
                        skipped=dict(tally.skipped), signature=plan.signature.describe())


def export_project(project: Project, writer: ExportWriter | str, path: str | Path,
                   options: ExportOptions | None = None,
                   on_bead: Callable[[], None] | None = None,
                   on_plan: Callable[[int], None] | None = None) -> ExportReport:
    """Export the units selected by ``options`` to ``path`` in the writer's format.

    ``on_plan(total_beads)`` is called once before streaming and ``on_bead()`` for every
    bead considered (for a progress bar). Nothing is left on disk if anything fails, and an
    export that would contain no unit is refused. ``path`` "-" means standard output (for the
    formats that write one file); a symbolic link is followed, never replaced. The export
    reads inside one transaction of ``project.conn``: give it a connection no other thread
    writes on meanwhile.
    """
    options = options or ExportOptions()
    if isinstance(writer, str):
        writer = make_writer(writer)
    to_stdout = str(path) == STDOUT
    paths = writer.output_paths(Path(path))
    if to_stdout and len(paths) != 1:
        raise BitextualError(f"--format {writer.name} writes {len(paths)} files, so it cannot "
                             "go to standard output ('-o -')", hint="give -o a file prefix")
    conn = project.conn
    # One read transaction: the plan and the streamed units see the same state of the store
    # even if the reviewer keeps working while a long export runs.
    started = not conn.in_transaction
    if started:
        conn.execute("BEGIN")
    try:
        plan = plan_export(project, options)
        if on_plan is not None:
            on_plan(count_beads(project, plan))
        tally = ExportTally()
        try:
            with stdout_output() if to_stdout else atomic_outputs(paths) as outputs:
                writer.write(outputs, iter_units(project, plan, tally, on_bead), plan)
                if tally.written == 0:
                    skipped = tally.describe_skipped() or "no beads"
                    raise BitextualError(
                        f"nothing to export: {tally.considered} bead(s) considered ({skipped})",
                        hint="check --document, --status and --min-confidence, accept the "
                             "links of comparable pairs in the review UI, or align first")
        except OSError as exc:
            raise BitextualError(f"cannot write the export: {exc.strerror or exc}",
                                 path=exc.filename or paths[0],
                                 hint="check that the output directory exists and is "
                                      "writable, and that -o names a file") from exc
    finally:
        if started:
            conn.execute("COMMIT")
    return ExportReport(paths=paths, written=tally.written, considered=tally.considered,
                        skipped=dict(tally.skipped), signature=plan.signature.describe())
