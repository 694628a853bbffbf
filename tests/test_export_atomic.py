"""A failed export leaves nothing behind; exports stream instead of building the file in memory."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import corpus.export as export_package
from corpus.errors import BitextualError
from corpus.export import FORMATS, ExportOptions, export_project, make_writer
from corpus.export.units import ExportPlan, ExportTally, ExportUnit, iter_units, plan_export
from corpus.store import Project
from tests.export_builder import ProjectBuilder

UNITS = 40


class InjectedFailure(RuntimeError):
    """Raised in the middle of the unit stream."""


@pytest.fixture
def forty(project: Project) -> Project:
    with project.transaction():
        ProjectBuilder(project).parallel(
            "doc", [f"第{i}句。" for i in range(UNITS)], [f"Sentence {i}." for i in range(UNITS)])
    return project


def leftovers(directory: Path) -> list[str]:
    """Temporary files an interrupted write could have left."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_failure_mid_stream_leaves_no_file(forty: Project, tmp_path: Path, fmt: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_units(project: Project, plan: ExportPlan, tally: ExportTally | None = None,
                      on_bead: Callable[[], None] | None = None) -> Iterator[ExportUnit]:
        for count, unit in enumerate(iter_units(project, plan, tally, on_bead), start=1):
            if count == UNITS // 2:
                raise InjectedFailure("disk full, say")
            yield unit

    monkeypatch.setattr(export_package, "iter_units", failing_units)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "export"
    paths = make_writer(fmt).output_paths(target)
    for path in paths:  # an earlier good export must survive a failed one untouched
        path.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(InjectedFailure):
        export_project(forty, fmt, target)
    assert leftovers(out_dir) == []
    assert [p.read_text(encoding="utf-8") for p in paths] == ["previous export\n"] * len(paths)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_failure_before_any_previous_export_creates_nothing(
        forty: Project, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_units(*args: object) -> Iterator[ExportUnit]:
        yield from ()
        raise InjectedFailure("cursor died")

    monkeypatch.setattr(export_package, "iter_units", failing_units)
    out = tmp_path / "out"
    with pytest.raises(InjectedFailure):
        export_project(forty, fmt, out / "export")
    assert list(out.iterdir()) == []


def test_moses_writes_all_files_or_none_even_when_the_last_one_fails(
        forty: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sidecar is written after both text files; its failure must take them along."""
    def broken_dumps(*args: object, **kwargs: object) -> str:
        raise InjectedFailure("cannot serialise")

    monkeypatch.setattr("corpus.export.moses.json.dumps", broken_dumps)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InjectedFailure):
        export_project(forty, "moses", out / "corpus")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_an_export_with_no_unit_is_refused_and_writes_nothing(project: Project, tmp_path: Path,
                                                              fmt: str) -> None:
    with project.transaction():
        ProjectBuilder(project).parallel("doc", ["一", "二"], ["one", "two"],
                                         statuses=["rejected", "pending"])
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(BitextualError, match=r"nothing to export: 2 bead\(s\) considered "
                                             r"\(1 not accepted, 1 rejected\)"):
        export_project(project, fmt, out / "export", ExportOptions(status="accepted"))
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_writers_stream_their_output(forty: Project, fmt: str) -> None:
    """Output reaches the file while units are still coming: nothing builds the whole file."""
    writer = make_writer(fmt)
    plan = plan_export(forty, ExportOptions())
    outputs = [io.StringIO() for _ in writer.output_paths(Path("x"))]
    seen_before_end: list[int] = []
    many = 3000

    def units() -> Iterator[ExportUnit]:
        template = next(iter_units(forty, plan))
        for index in range(many):
            if index == many - 1:
                seen_before_end.append(sum(len(o.getvalue()) for o in outputs))
            yield ExportUnit(**{**{f: getattr(template, f) for f in template.__slots__},
                                "unit_id": f"u{index}", "en": f"Sentence {index}."})

    writer.write(outputs, units(), plan)
    total = sum(len(o.getvalue()) for o in outputs)
    assert seen_before_end[0] > total / 2, "the writer held the output back until the end"


def test_unwritable_output_is_a_clear_error(forty: Project, tmp_path: Path) -> None:
    directory = tmp_path / "a-directory"
    directory.mkdir()
    with pytest.raises(BitextualError, match="cannot write the export") as caught:
        export_project(forty, "tmx", directory)
    assert "a-directory" in str(caught.value)
    assert list(directory.iterdir()) == []
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_get_the_mode_a_plain_open_would_give(forty: Project, tmp_path: Path,
                                                      fmt: str) -> None:
    """The temporary file is private (mkstemp); the export must not stay so."""
    import os
    import stat

    umask = os.umask(0o022)
    try:
        report = export_project(forty, fmt, tmp_path / "new")
        for path in report.paths:
            assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
        existing = report.paths[0]
        existing.chmod(0o640)  # an export over an existing file keeps that file's mode
        export_project(forty, fmt, tmp_path / "new")
        assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    finally:
        os.umask(umask)


def _failing_replace(fail_at: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the ``fail_at``-th rename of a temporary export file fail (``os.replace`` is
    patched for the test); returns the targets renamed onto (the failing one included)."""
    import os

    real = os.replace
    seen: list[str] = []

    def replace(src: str, dst: str) -> None:
        if str(src).endswith(".tmp"):
            seen.append(os.path.basename(dst))
            if len(seen) == fail_at:
                raise PermissionError(13, "Permission denied (injected)", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return seen


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_moses_a_failed_rename_puts_the_old_files_back(forty: Project, tmp_path: Path,
                                                       fail_at: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    paths = make_writer("moses").output_paths(out / "corpus")
    for path in paths:
        path.write_text(f"previous {path.name}\n", encoding="utf-8")
    renamed = _failing_replace(fail_at, monkeypatch)
    with pytest.raises(BitextualError, match="cannot write the export: Permission denied"):
        export_project(forty, "moses", out / "corpus")
    assert renamed == [p.name for p in paths][:fail_at]
    assert [p.read_text(encoding="utf-8") for p in paths] == \
        [f"previous {p.name}\n" for p in paths]
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_moses_a_failed_last_rename_leaves_no_file_where_there_was_none(
        forty: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    _failing_replace(3, monkeypatch)
    with pytest.raises(BitextualError, match="cannot write the export: Permission denied"):
        export_project(forty, "moses", out / "corpus")
    assert list(out.iterdir()) == []


def test_moses_exports_where_old_files_cannot_be_hard_linked(
        forty: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeping the old files is a safeguard: a file system without hard links still exports."""
    import os

    def no_link(src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted (injected)", dst)

    out = tmp_path / "out"
    out.mkdir()
    paths = make_writer("moses").output_paths(out / "corpus")
    for path in paths:
        path.write_text("previous\n", encoding="utf-8")
    monkeypatch.setattr(os, "link", no_link)
    export_project(forty, "moses", out / "corpus")
    assert paths[0].read_text(encoding="utf-8").count("\n") == UNITS
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)


def test_moses_a_successful_export_leaves_no_old_copy(forty: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    paths = make_writer("moses").output_paths(out / "corpus")
    for path in paths:
        path.write_text("previous\n", encoding="utf-8")
    export_project(forty, "moses", out / "corpus")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert all(p.read_text(encoding="utf-8") != "previous\n" for p in paths)
