"""What a batch run is asked to do: the document pairs of an archive, in a fixed order.

Two ways to name them:

* two directories, paired by file name (as ``align-dir`` pairs them): a name present on
  one side only becomes a *skipped* document of the run manifest;
* a manifest, a TSV file with one pair per line: ``id<TAB>zh path<TAB>en path``, then
  optional ``key=value`` metadata fields. Relative paths are relative to the manifest's
  directory; blank lines and lines starting with ``#`` are ignored, and so is a first
  line naming the columns (``id<TAB>zh<TAB>en``).

The order (sorted names, or manifest order) fixes the shard of every document, so two runs
over the same input, on any engine, write the same files. Everything wrong with the input
as a whole (a missing manifest or file, a duplicate id, an id that cannot name a file) is
found here, before any model is loaded, and raised as an :class:`ArchiveError`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from corpus.errors import BitextualError

MANIFEST_HEADER = ("id", "zh", "en")


class ArchiveError(BitextualError):
    """The archive or the batch's settings cannot be used as given."""

    title = "batch"


@dataclass(frozen=True)
class DocumentJob:
    """One document pair of the archive, at its place in the run's order."""

    index: int
    """0-based position in the run's order (decides the shard)."""
    doc_id: str
    """Name of the pair: the file name, or the manifest's id (beads go to ``ID.align``)."""
    zh_path: str | None
    """None when the pair is skipped (no Chinese file of that name)."""
    en_path: str | None
    meta: tuple[tuple[str, str], ...] = ()
    """Manifest metadata, ``key=value`` fields in their order."""
    skip_reason: str | None = None

    @property
    def collection(self) -> str:
        """The ``collection`` metadata value ('' when none): rules can be learned per one."""
        return dict(self.meta).get("collection", "")

    def key(self) -> str:
        """Everything about the job that decides its output, as one line."""
        meta = ";".join(f"{k}={v}" for k, v in self.meta)
        return f"{self.index}\t{self.doc_id}\t{self.zh_path}\t{self.en_path}\t{meta}"


def check_doc_id(doc_id: str, where: Path, line: int | None) -> None:
    """Refuse an id that cannot name the file ``ID.align``."""
    bad = (not doc_id or doc_id in (".", "..") or doc_id.startswith(".")
           or any(c in doc_id for c in "/\\\0\t\r\n"))
    if bad:
        raise ArchiveError(f"the id {doc_id!r} cannot name a file (ID.align)", path=where,
                           line=line, hint="use ids without '/', '\\' or a leading '.'")


def _visible_files(directory: Path) -> set[str]:
    return {p.name for p in directory.iterdir() if p.is_file() and not p.name.startswith(".")}


def jobs_from_directories(zh_dir: Path, en_dir: Path) -> list[DocumentJob]:
    """Pairs of same-named files; names on one side only become skipped jobs."""
    for directory in (zh_dir, en_dir):
        if not directory.is_dir():
            raise ArchiveError("not a directory", path=directory,
                               hint="give ZH_DIR EN_DIR, or --manifest FILE")
    zh_names, en_names = _visible_files(zh_dir), _visible_files(en_dir)
    if not zh_names & en_names:
        raise ArchiveError("no file name is present in both directories", path=zh_dir,
                           hint="name each English file like its Chinese file, or use "
                                "--manifest")
    jobs: list[DocumentJob] = []
    for index, name in enumerate(sorted(zh_names | en_names)):
        if name not in en_names:
            jobs.append(DocumentJob(index, name, str(zh_dir / name), None,
                                    skip_reason=f"no English file named '{name}' in {en_dir}"))
        elif name not in zh_names:
            jobs.append(DocumentJob(index, name, None, str(en_dir / name),
                                    skip_reason=f"no Chinese file named '{name}' in {zh_dir}"))
        else:
            jobs.append(DocumentJob(index, name, str(zh_dir / name), str(en_dir / name)))
    return jobs


def jobs_from_manifest(manifest: Path) -> list[DocumentJob]:
    """The pairs a manifest lists (see the module docstring), checked."""
    if not manifest.is_file():
        raise ArchiveError("no such manifest file", path=manifest,
                           hint="give a TSV file: id, zh path, en path per line")
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError("the manifest is not UTF-8 text", path=manifest, offset=exc.start,
                           hint="save it as UTF-8") from exc
    except OSError as exc:
        raise ArchiveError(f"cannot read the manifest: {exc.strerror}", path=manifest) from exc
    base = manifest.parent
    jobs: list[DocumentJob] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if not jobs and not first_line and tuple(f.strip().lower() for f in fields[:3]) \
                == MANIFEST_HEADER:
            continue
        if len(fields) < 3:
            raise ArchiveError(f"expected at least 3 tab-separated fields (id, zh path, en "
                               f"path), found {len(fields)}", path=manifest, line=number,
                               hint="separate the fields with tabs")
        doc_id, zh, en = (f.strip() for f in fields[:3])
        check_doc_id(doc_id, manifest, number)
        if doc_id in first_line:
            raise ArchiveError(f"duplicate id {doc_id!r} (first on line {first_line[doc_id]})",
                               path=manifest, line=number,
                               hint="every document pair needs its own id")
        first_line[doc_id] = number
        paths = []
        for side, value in (("Chinese", zh), ("English", en)):
            if not value:
                raise ArchiveError(f"the {side} path of {doc_id!r} is empty", path=manifest,
                                   line=number)
            path = Path(value) if Path(value).is_absolute() else base / value
            if not path.is_file():
                raise ArchiveError(f"the {side} file of {doc_id!r} does not exist: {path}",
                                   path=manifest, line=number,
                                   hint="fix the path (relative paths start at the "
                                        "manifest's directory)")
            paths.append(str(path))
        meta = []
        for extra in fields[3:]:
            if not extra.strip():
                continue
            key, sep, value = extra.partition("=")
            if not sep or not key.strip():
                raise ArchiveError(f"metadata field {extra!r} is not key=value", path=manifest,
                                   line=number, hint="e.g. collection=press-2019")
            meta.append((key.strip(), value.strip()))
        jobs.append(DocumentJob(len(jobs), doc_id, paths[0], paths[1], tuple(meta)))
    if not jobs:
        raise ArchiveError("the manifest lists no document pair", path=manifest,
                           hint="one line per pair: id, zh path, en path (tab-separated)")
    return jobs


def input_fingerprint(jobs: Sequence[DocumentJob]) -> str:
    """A hash of the whole job list: a re-run may resume only over the same input."""
    digest = hashlib.sha256()
    for job in jobs:
        digest.update(job.key().encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()[:16]
