"""``bitextual batch`` with the local engine: outputs, bad documents, resuming, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archive.inputs import ArchiveError, jobs_from_manifest
from tests.batch_archive import (
    CORRUPT,
    EMPTY,
    ONLY_ZH,
    batch_env,
    batch_test_archive,
    build_archive,
    data_files,
    kill_after_first_shard,
    run_batch,
    seed_manifest,
)
from tests.conftest import DATA, REPO, require_shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Six WMT22 pairs, a corrupt one, an empty one and a Chinese file without English."""
    return batch_test_archive(tmp_path_factory)


@pytest.fixture(scope="module")
def reference(archive: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """An uninterrupted run, one worker, every stage and export format."""
    out = tmp_path_factory.mktemp("ref") / "out"
    result = run_batch(*archive, "--out", out, "--workers", "1", "--shard-size", "2",
                       "--stages", "align,fix,export", "--export-format", "tmx,tsv,jsonl")
    return out, result


def _manifest(out: Path) -> dict[str, dict[str, str]]:
    lines = (out / "manifest.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return {row["id"]: row for row in (dict(zip(header, line.split("\t"), strict=True))
                                       for line in lines[1:])}


def _add_message(path: Path, name: str) -> str:
    """What ``bitextual add`` says about the file: the same IngestError."""
    from corpus.errors import IngestError
    from corpus.ingest import IngestOptions, InputFile, plan_file

    with pytest.raises(IngestError) as caught:
        plan_file(InputFile(path, name), IngestOptions())
    return caught.value.describe()


def test_bad_documents_are_reported_and_the_rest_is_done(
        archive: tuple[Path, Path],
        reference: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out, result = reference
    zh_dir, _ = archive
    assert result.returncode == 2, result.stderr
    assert "2 of 9 documents failed (the others are done)" in result.stderr
    rows = _manifest(out)
    assert len(rows) == 9
    assert rows[CORRUPT]["status"] == "failed"
    assert rows[CORRUPT]["error"] == _add_message(zh_dir / CORRUPT, f"{CORRUPT}#zh")
    assert "binary data" in rows[CORRUPT]["error"]
    assert rows[EMPTY]["status"] == "failed"
    assert rows[EMPTY]["error"] == _add_message(zh_dir / EMPTY, f"{EMPTY}#zh")
    assert rows[ONLY_ZH]["status"] == "skipped"
    assert "no English file named 'only-zh.txt'" in rows[ONLY_ZH]["error"]
    done = [name for name, row in rows.items() if row["status"] == "done"]
    assert len(done) == 6
    assert f"failed {CORRUPT}:" in result.stderr and "sentences/s" in result.stderr


def test_outputs_agree_with_each_other(
        reference: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    import pyarrow.parquet as pq

    from aligner.beads import check_coverage, read_beads

    out, _ = reference
    rows = _manifest(out)
    table = pq.read_table(out / "pairs").to_pylist()
    assert sorted(p.name for p in (out / "pairs").iterdir()) == \
        [f"part-{k:05d}.parquet" for k in range(5)]
    for name, row in rows.items():
        mine = [r for r in table if r["doc_id"] == name]
        if row["status"] != "done":
            assert not mine and not (out / "align" / f"{name}.align").exists()
            continue
        beads = read_beads(out / "align" / f"{name}.align")
        assert len(beads) == len(mine) == int(row["beads"])
        check_coverage(beads, int(row["zh_sentences"]), int(row["en_sentences"]))
        for bead, record in zip(beads, mine, strict=True):
            assert list(bead.zh) == record["zh_pos"] and list(bead.en) == record["en_pos"]
            assert round(record["confidence"], 4) == bead.score
            assert record["bead_type"] == f"{len(bead.zh)}-{len(bead.en)}"
            assert record["en_corrected"] is not None
    assert {r["signature"] for r in table} == {json.loads(
        (out / "run.json").read_text(encoding="utf-8"))["plan"]["signature"]}
    units = sum(1 for r in table if r["zh_pos"] and r["en_pos"])
    tsv = [line for p in sorted((out / "export").glob("*.tsv"))
           for line in p.read_text(encoding="utf-8").splitlines()[2:]]
    assert len(tsv) == units
    assert sum(p.read_text(encoding="utf-8").count("<tu ")
               for p in (out / "export").glob("*.tmx")) == units


def test_two_workers_write_the_same_bytes_as_one(
        archive: tuple[Path, Path], tmp_path: Path,
        reference: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out = tmp_path / "out"
    result = run_batch(*archive, "--out", out, "--workers", "2", "--shard-size", "2",
                       "--stages", "align,fix,export", "--export-format", "tmx,tsv,jsonl")
    assert result.returncode == 2, result.stderr
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["workers"] == 2
    assert data_files(out) == data_files(reference[0])


def test_a_run_killed_mid_way_resumes_to_the_same_output(
        archive: tuple[Path, Path], tmp_path: Path,
        reference: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    out = tmp_path / "out"
    args: list[str | Path] = [*archive, "--out", out, "--workers", "1", "--shard-size", "2",
                              "--stages", "align,fix,export", "--export-format", "tmx,tsv,jsonl"]
    kill_after_first_shard(args, out)
    assert not (out / "manifest.tsv").exists()
    done_before = sorted(p.name for p in (out / "status").iterdir() if p.suffix == ".tsv")
    assert 1 <= len(done_before) < 5
    result = run_batch(*args)
    assert result.returncode == 2, result.stderr
    assert "done by an earlier run" in result.stderr
    assert not [p for p in out.rglob("*.tmp")]
    assert data_files(out) == data_files(reference[0])
    # A third run has nothing left to do and changes nothing.
    again = run_batch(*args)
    assert "every shard" in again.stderr and data_files(out) == data_files(reference[0])


def test_collection_rules_repair_what_one_document_cannot_prove(tmp_path: Path) -> None:
    require_shared(DATA)
    manifest = seed_manifest(tmp_path)
    alone = run_batch("--manifest", manifest, "--out", tmp_path / "alone", "--workers", "1")
    together = run_batch("--manifest", manifest, "--out", tmp_path / "together",
                         "--workers", "1", "--collection-rules")
    assert alone.returncode == 0 and together.returncode == 0, alone.stderr + together.stderr

    def edits(out: Path) -> dict[str, int]:
        return {name: int(row["edits"]) for name, row in _manifest(out).items()}

    assert edits(tmp_path / "alone")["002_682bd6d5f2543916"] == 0
    assert edits(tmp_path / "together")["002_682bd6d5f2543916"] >= 5
    import pyarrow.parquet as pq

    fixed = [r["en_corrected"] for r in pq.read_table(tmp_path / "together" / "pairs")
             .to_pylist() if r["en_original"] and "pformation" in r["en_original"]]
    assert fixed and all("transformation" in text and "pformation" not in text
                         for text in fixed)


def test_a_glossary_replaces_forbidden_renderings(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    zh, en = tmp_path / "zh", tmp_path / "en"
    zh.mkdir()
    en.mkdir()
    _write(zh / "a.txt", "中国服装协会在杭州召开了年度会议。\n今天天气很好。\n")
    _write(en / "a.txt", "The China Garment Association held its annual meeting in Hangzhou.\n"
                         "The weather is fine today.\n")
    terms = _write(tmp_path / "terms.csv", "zh,en,en_forbidden\n服装,apparel,garment\n")
    result = run_batch(zh, en, "--out", tmp_path / "out", "--workers", "1",
                       "--glossary", terms)
    assert result.returncode == 0, result.stderr
    rows = pq.read_table(tmp_path / "out" / "pairs").to_pylist()
    assert [(r["en_corrected"], r["repairs"]) for r in rows] == [
        ("The China Apparel Association held its annual meeting in Hangzhou.",
         ["term-forbidden:服装"]),
        ("The weather is fine today.", []),
    ]
    assert rows[0]["en_original"].startswith("The China Garment Association")
    assert _manifest(tmp_path / "out")["a.txt"]["edits"] == "1"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


BAD_INPUT = [
    # (case, arguments ({tmp}, {zh}, {en}, {wmt}: paths), expected message fragment)
    ("missing manifest", ["--manifest", "{tmp}/nowhere.tsv"],
     "{tmp}/nowhere.tsv: no such manifest file"),
    ("duplicate id", ["--manifest", "{tmp}/dup.tsv"],
     "{tmp}/dup.tsv:3: duplicate id 'a' (first on line 2)"),
    ("missing document", ["--manifest", "{tmp}/missing.tsv"],
     "{tmp}/missing.tsv:1: the English file of 'a' does not exist: {tmp}/gone.txt"),
    ("bad id", ["--manifest", "{tmp}/slash.tsv"],
     "{tmp}/slash.tsv:1: the id 'x/y' cannot name a file (ID.align)"),
    ("too few fields", ["--manifest", "{tmp}/short.tsv"],
     "{tmp}/short.tsv:1: expected at least 3 tab-separated fields"),
    ("not a directory", ["{tmp}/nodir", "{en}"], "{tmp}/nodir: not a directory"),
    ("both inputs", ["{zh}", "{en}", "--manifest", "{tmp}/dup.tsv"],
     "give either ZH_DIR EN_DIR or --manifest, not both"),
    ("unknown stage", ["{zh}", "{en}", "--stages", "align,polish"],
     "--stages: unknown value 'polish'"),
    ("no align", ["{zh}", "{en}", "--stages", "fix"], "--stages must include align"),
    ("address without ray", ["{zh}", "{en}", "--address", "127.0.0.1:1"],
     "--address is for --engine ray"),
    ("unreachable address", ["{zh}", "{en}", "--engine", "ray", "--address", "127.0.0.1:{port}"],
     "cannot reach a Ray cluster at 127.0.0.1:{port}"),
    ("missing glossary", ["{zh}", "{en}", "--glossary", "{tmp}/terms.tbx"],
     "{tmp}/terms.tbx: no such file"),
    ("glossary without fix", ["{zh}", "{en}", "--stages", "align", "--glossary", "{tmp}/dup.tsv"],
     "--glossary guides the fix stage"),
    ("malformed address", ["{zh}", "{en}", "--engine", "ray", "--address", "somewhere"],
     "the Ray address 'somewhere' is not HOST:PORT"),
]


@pytest.mark.parametrize(("case", "args", "expected"), BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_refused_with_exit_2(case: str, args: list[str], expected: str,
                                          tmp_path: Path) -> None:
    from tests.ray_cluster import free_port

    zh = tmp_path / "zh"
    en = tmp_path / "en"
    zh.mkdir()
    en.mkdir()
    _write(zh / "a.txt", "今天天气很好。\n")
    _write(en / "a.txt", "The weather is fine today.\n")
    _write(tmp_path / "dup.tsv", f"id\tzh\ten\na\t{zh}/a.txt\t{en}/a.txt\n"
                                 f"a\t{zh}/a.txt\t{en}/a.txt\n")
    _write(tmp_path / "missing.tsv", f"a\t{zh}/a.txt\t{tmp_path}/gone.txt\n")
    _write(tmp_path / "slash.tsv", f"x/y\t{zh}/a.txt\t{en}/a.txt\n")
    _write(tmp_path / "short.tsv", f"a\t{zh}/a.txt\n")
    port = str(free_port())
    values = {"tmp": str(tmp_path), "zh": str(zh), "en": str(en), "port": port}
    started = time.monotonic()
    result = run_batch(*[a.format(**values) for a in args], "--out", tmp_path / "out",
                       timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    assert expected.format(**values) in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30
    assert not (tmp_path / "out" / "manifest.tsv").exists()


def test_a_chinese_path_holding_english_fails_that_document(tmp_path: Path) -> None:
    require_shared(DATA)
    english = DATA / "wmt22-zhen-news" / "en" / "xinhua-zh-01.104135.txt"
    chinese = DATA / "wmt22-zhen-news" / "zh" / "xinhua-zh-01.104135.txt"
    manifest = _write(tmp_path / "m.tsv", f"swapped\t{english}\t{chinese}\nright\t{chinese}\t"
                                          f"{english}\n")
    result = run_batch("--manifest", manifest, "--out", tmp_path / "out", "--workers", "1")
    assert result.returncode == 2
    rows = _manifest(tmp_path / "out")
    assert rows["right"]["status"] == "done"
    assert rows["swapped"]["status"] == "failed"
    assert rows["swapped"]["error"] == (
        f"{english}: this is the Chinese side of 'swapped', but its text is English (check "
        "the order of the columns (id, zh, en) or of the directories (ZH_DIR EN_DIR))")


def test_a_rerun_with_other_settings_is_refused(tmp_path: Path) -> None:
    require_shared(DATA)
    zh, en = build_archive(tmp_path / "a", good=1, bad=False)
    first = run_batch(zh, en, "--out", tmp_path / "out", "--workers", "1", "--stages", "align")
    assert first.returncode == 0, first.stderr
    second = run_batch(zh, en, "--out", tmp_path / "out", "--workers", "1")
    assert second.returncode == 2
    assert "the directory holds a run with other stages" in " ".join(second.stderr.split())


def test_without_ray_the_ray_engine_names_the_install_command(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['ray'] = None\n"  # as if Ray were not installed
            "from tui.cli import main; main()")
    result = subprocess.run(
        [sys.executable, "-c", code, "batch", str(tmp_path), str(tmp_path), "--out",
         str(tmp_path / "out"), "--engine", "ray"], env=batch_env(), capture_output=True,
        text=True, timeout=60, cwd=REPO)
    assert result.returncode == 2
    assert "pip install 'bitextual[ray]'" in result.stderr


@pytest.mark.parametrize(("text", "ids"), [
    ("id\tzh\ten\na\t{zh}\t{en}\n", ["a"]),
    ("# comment\n\nb\t{zh}\t{en}\tcollection=c1\tyear=2019\n", ["b"]),
])
def test_manifest_reading(text: str, ids: list[str], tmp_path: Path) -> None:
    zh = _write(tmp_path / "z.txt", "中文。\n")
    en = _write(tmp_path / "e.txt", "English.\n")
    manifest = _write(tmp_path / "m.tsv", text.format(zh=zh.name, en=en.name))
    jobs = jobs_from_manifest(manifest)
    assert [j.doc_id for j in jobs] == ids
    assert jobs[0].zh_path == str(zh) and jobs[0].en_path == str(en)
    if ids == ["b"]:
        assert jobs[0].collection == "c1" and jobs[0].meta == (("collection", "c1"),
                                                              ("year", "2019"))


def test_manifest_metadata_must_be_key_value(tmp_path: Path) -> None:
    zh = _write(tmp_path / "z.txt", "中文。\n")
    en = _write(tmp_path / "e.txt", "English.\n")
    manifest = _write(tmp_path / "m.tsv", f"a\t{zh}\t{en}\tjunk\n")
    with pytest.raises(ArchiveError, match="metadata field 'junk' is not key=value"):
        jobs_from_manifest(manifest)


def test_memo_caches_are_emptied_between_tasks_without_changing_outputs(tmp_path: Path) -> None:
    """Worker memory stays flat: caches keyed by the input are emptied, and results do not
    depend on what a worker remembered from earlier documents."""
    import aligner.features
    from archive.inputs import jobs_from_directories
    from archive.work import BatchSettings, WorkerContext, trim_caches

    require_shared(DATA)
    zh, en = build_archive(tmp_path, good=2, bad=False)
    jobs = jobs_from_directories(zh, en)
    context = WorkerContext.load(BatchSettings())
    first = [context.process([job])[0].data() for job in jobs]
    assert aligner.features._sentence_keys.cache_info().currsize > 0
    assert trim_caches(limit=0) >= 1
    assert aligner.features._sentence_keys.cache_info().currsize == 0
    again = [outcome.data() for outcome in context.process(jobs[::-1])][::-1]
    assert again == first
