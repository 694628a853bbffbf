"""``bitextual check`` / ``bitextual fix`` from the command line, and the project mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus import segment_edits, suggestions
from corpus.decisions import undo
from corpus.store import Project, now_iso, segment_id
from glossary.garble.project import check_project
from tui.cli import app, main

runner = CliRunner()

ENGLISH = [
    "Round Table Conference On Pformation Of Industrial Clusters, China'S 5Th Expo",
    "The cluster will promote pformation and upgrading of the garment industry.",
    "Firms pfer production to lower cost areas; the pfer of industries was discussed.",
    "Their pport and paction costs were reviewed by the regional representatives.",
    "Representatives reviewed recent research reports, and the conference described "
    "regional development in detail.",
    "The kference was held in Humen.",
]
CHINESE = ["产业集群转型升级圆桌会议", "集群将推动服装产业转型升级。",
           "企业把生产转移到低成本地区。", "运输和交易成本由地区代表审查。",
           "代表们审查了最近的研究报告。", "会议在虎门举行。"]


def test_check_files_jsonl(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(doc), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert {"file", "line", "start", "end", "original", "replacement", "rule", "confidence",
            "evidence"} <= set(rows[0])
    found = {(r["line"], r["original"], r["replacement"]) for r in rows}
    assert (1, "Pformation", "Transformation") in found
    assert (3, "pfer", "transfer") in found
    assert (1, "S", "s") in found
    for row in rows:
        assert ENGLISH[row["line"] - 1][row["start"]:row["end"]] == row["original"]


def test_check_table_shows_rules_with_evidence(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("\n".join(ENGLISH), encoding="utf-8")
    result = runner.invoke(app, ["check", str(doc)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "garble:p->trans" in result.stdout
    assert "pformation→transformation" in result.stdout


def test_fix_command_writes_out_dir_and_report(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "doc.txt").write_bytes("\r\n".join(ENGLISH).encode("utf-8"))
    out, report = tmp_path / "out", tmp_path / "report.jsonl"
    result = runner.invoke(app, ["fix", str(src), "--out", str(out), "--report", str(report)])
    assert result.exit_code == 0, result.output
    fixed = (out / "sub" / "doc.txt").read_bytes().decode("utf-8")
    assert fixed.startswith("Round Table Conference On Transformation Of Industrial Clusters, "
                            "China's 5th Expo\r\n")
    assert "pfer" not in fixed and fixed.count("\r\n") == len(ENGLISH) - 1
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(r["applied"], bool) for r in rows)


def test_fix_refuses_input_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "doc.txt").write_text("text\n", encoding="utf-8")
    with pytest.raises(SystemExit) as info:
        main(["fix", str(tmp_path), "--out", str(tmp_path)])
    assert info.value.code == 2
    assert "input directory" in capsys.readouterr().err


def _add_document(project: Project, name: str, lang: str, lines: list[str]) -> list[str]:
    now = now_iso()
    cur = project.conn.execute(
        "INSERT INTO documents(name, path, checksum, format, lang, added_at, updated_at) "
        "VALUES (?, ?, '', 'txt', ?, ?, ?)", (name, name, lang, now, now))
    doc_id = cur.lastrowid
    ids = []
    for position, text in enumerate(lines):
        seg = segment_id(name, text, 0)
        project.conn.execute(
            "INSERT INTO segments(id, document_id, position, paragraph, line, text, norm) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (seg, doc_id, position, position, position + 1, text,
                                             text))
        ids.append(seg)
    return ids


@pytest.fixture
def bilingual(project: Project) -> Project:
    """English with garbles, aligned 1-1 with a Chinese text; 转型 and 会议 in the glossary."""
    with project.transaction():
        en = _add_document(project, "news.en.txt", "en", ENGLISH)
        zh = _add_document(project, "news.zh.txt", "zh", CHINESE)
        zh_doc, en_doc = (project.conn.execute("SELECT id FROM documents WHERE name = ?",
                                               (n,)).fetchone()[0]
                          for n in ("news.zh.txt", "news.en.txt"))
        pair = project.conn.execute(
            "INSERT INTO doc_pairs(zh_doc, en_doc, mode, created_at) VALUES (?, ?, 'parallel', ?)",
            (zh_doc, en_doc, now_iso())).lastrowid
        for i, (z, e) in enumerate(zip(zh, en, strict=True)):
            project.conn.execute(
                "INSERT INTO beads(pair_id, position, zh_ids, en_ids, score) VALUES (?,?,?,?,1)",
                (pair, i, json.dumps([z]), json.dumps([e])))
    termbase = pytest.importorskip("glossary.termbase")
    termbase.add_concept(project, termbase.make_concept("转型", "transformation"))
    termbase.add_concept(project, termbase.make_concept("会议", "conference"))
    return project


def test_project_check_stores_suggestions_and_rules(bilingual: Project) -> None:
    report = check_project(bilingual)
    assert "garble:p->trans" in [r.name for r in report.rules]
    rows = bilingual.conn.execute("SELECT * FROM suggestions").fetchall()
    assert rows and all(r["status"] == "open" for r in rows)
    rule = bilingual.conn.execute(
        "SELECT * FROM garble_rules WHERE name = 'garble:p->trans'").fetchone()
    assert (rule["pattern"], rule["replacement"], rule["status"]) == ("p", "trans", "proposed")
    assert "pformation" in rule["evidence"]
    # The glossary (转型 -> transformation on the Chinese side) raises confidence and says so.
    rule_confidence = next(r.confidence for r in report.rules if r.name == "garble:p->trans")
    boosted = [f.finding for f in report.found if f.finding.original == "pformation"
               and f.finding.rule == "garble:p->trans"]
    plain = [f.finding for f in report.found if f.finding.original == "pfer"
             and f.finding.rule == "garble:p->trans"]
    assert boosted and plain and plain[0].confidence == rule_confidence
    assert boosted[0].confidence > rule_confidence
    assert "glossary" in boosted[0].evidence and "glossary" not in plain[0].evidence
    # A lone garble no rule explains is still proposed when the glossary expects its repair.
    hint = [f.finding for f in report.found if f.finding.original == "kference"]
    assert hint and hint[0].replacement == "conference" and not hint[0].safe


def test_project_check_rerun_keeps_status_and_marks_stale(bilingual: Project) -> None:
    check_project(bilingual)
    total = bilingual.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0]
    first = bilingual.conn.execute("SELECT id FROM suggestions ORDER BY id").fetchone()[0]
    with bilingual.transaction():
        bilingual.conn.execute("UPDATE suggestions SET status = 'rejected' WHERE id = ?", (first,))
    report = check_project(bilingual)
    assert report.inserted == 0
    assert bilingual.conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == total
    assert bilingual.conn.execute("SELECT status FROM suggestions WHERE id = ?",
                                  (first,)).fetchone()[0] == "rejected"
    # The text changes: the title-case suggestion on line 1 vanishes and becomes stale.
    with bilingual.transaction():
        bilingual.conn.execute("UPDATE segments SET text = replace(text, 'China''S', 'China''s')")
    report = check_project(bilingual)
    assert report.stale >= 1
    stale = bilingual.conn.execute(
        "SELECT original FROM suggestions WHERE status = 'stale'").fetchall()
    assert [r[0] for r in stale] == ["S"]


def test_rejected_rule_makes_no_suggestions(bilingual: Project) -> None:
    check_project(bilingual)
    outcome = suggestions.reject_rule(bilingual, "garble:p->trans")
    assert outcome.rejected > 0
    report = check_project(bilingual)
    assert not [f for f in report.found if f.finding.rule == "garble:p->trans"]
    decision = bilingual.conn.execute(
        "SELECT action, target FROM decisions ORDER BY id DESC").fetchone()
    assert tuple(decision) == ("reject_rule", "rule:garble:p->trans")


def test_rule_decision_from_the_cli_is_one_undoable_decision(bilingual: Project) -> None:
    check_project(bilingual)
    open_before = suggestions.count_open_for_rule(bilingual, "garble:p->trans")
    assert open_before > 0
    result = runner.invoke(app, ["check", "--project", str(bilingual.root), "--format", "jsonl",
                                 "--accept-rule", "garble:p->trans"])
    assert result.exit_code == 0, result.output
    rows = bilingual.conn.execute(
        "SELECT action FROM decisions WHERE action NOT IN ('add_term')").fetchall()
    assert [r[0] for r in rows] == ["accept_rule"]
    status = bilingual.conn.execute(
        "SELECT status FROM garble_rules WHERE name = 'garble:p->trans'").fetchone()[0]
    assert status == "accepted"
    assert bilingual.conn.execute(
        "SELECT count(*) FROM segments WHERE corrected LIKE '%transfer%'").fetchone()[0] > 0
    reverted = undo(bilingual)
    assert reverted is not None and reverted.action == "accept_rule"
    assert suggestions.count_open_for_rule(bilingual, "garble:p->trans") == open_before
    status = bilingual.conn.execute(
        "SELECT status FROM garble_rules WHERE name = 'garble:p->trans'").fetchone()[0]
    assert status == "proposed"
    assert bilingual.conn.execute(
        "SELECT count(*) FROM segments WHERE corrected IS NOT NULL").fetchone()[0] == 0


def test_unknown_rule_is_refused(bilingual: Project,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--project", str(bilingual.root), "--accept-rule", "garble:nothing"])
    assert info.value.code == 2
    assert "no garble rule named 'garble:nothing'" in capsys.readouterr().err


def test_project_check_cli(bilingual: Project) -> None:
    result = runner.invoke(app, ["check", "--project", str(bilingual.root), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert any(r["original"] == "pfer" and r["replacement"] == "transfer" for r in rows)


def test_rule_status_from_the_command_line(bilingual: Project) -> None:
    check_project(bilingual)
    result = runner.invoke(app, ["check", "--project", str(bilingual.root), "--format", "jsonl",
                                 "--reject-rule", "garble:p->trans"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert not [r for r in rows if r["rule"] == "garble:p->trans"]
    status = bilingual.conn.execute(
        "SELECT status FROM garble_rules WHERE name = 'garble:p->trans'").fetchone()[0]
    assert status == "rejected"


def test_accepting_a_weak_rule_applies_it_and_trusts_it(project: Project) -> None:
    # Too little text for the learner to be sure (p->re would explain it too).
    with project.transaction():
        _add_document(project, "short.en.txt", "en", [
            "Round Table On Pformation Of Clusters",
            "The industry pformation helps firms pfer production; the pfer went well."])
    report = check_project(project)
    weak = [f.finding for f in report.found if f.finding.kind == "garble"]
    assert weak and not any(s.safe for s in weak)
    rule = weak[0].rule
    open_of_rule = suggestions.count_open_for_rule(project, rule)
    outcome = suggestions.accept_rule(project, rule)
    assert (outcome.applied, outcome.stale) == (open_of_rule, 0)
    assert suggestions.rule_statuses(project)[rule] == "accepted"
    # The repaired segments are the reviewer's now: a re-check proposes nothing on them.
    report = check_project(project)
    assert not [f for f in report.found if f.finding.kind == "garble"]


def test_accepted_rule_applies_to_new_text(project: Project) -> None:
    with project.transaction():
        _add_document(project, "a.en.txt", "en", ["The cluster needs pformation."])
        project.conn.execute(
            "INSERT INTO garble_rules(name, pattern, replacement, status, created_at) "
            "VALUES ('garble:p->trans', 'p', 'trans', 'accepted', ?)", (now_iso(),))
    report = check_project(project)
    sugs = [f.finding for f in report.found if f.finding.rule == "garble:p->trans"]
    assert [(s.original, s.replacement) for s in sugs] == [("pformation", "transformation")]
    assert all(s.safe and s.evidence.startswith("rule accepted by the reviewer") for s in sugs)


def _segment_of(project: Project, needle: str) -> str:
    return str(project.conn.execute(
        "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document_id "
        "WHERE d.lang = 'en' AND s.text LIKE ?", (f"%{needle}%",)).fetchone()[0])


def _statuses(project: Project, seg: str) -> dict[int, str]:
    return {row[0]: row[1] for row in project.conn.execute(
        "SELECT id, status FROM suggestions WHERE segment_id = ?", (seg,))}


def test_edited_segment_is_left_to_the_reviewer(bilingual: Project) -> None:
    check_project(bilingual)
    edited = _segment_of(bilingual, "Firms pfer")
    before = _statuses(bilingual, edited)
    assert before and set(before.values()) == {"open"}
    segment_edits.edit_segments(bilingual, {edited: "Firms move production to lower cost areas."})
    assert set(_statuses(bilingual, edited).values()) == {"stale"}
    report = check_project(bilingual)
    # Found again in the original text, but the reviewer owns the segment: nothing reopens,
    # nothing new is made for it.
    assert set(_statuses(bilingual, edited).values()) == {"stale"}
    assert _statuses(bilingual, edited).keys() == before.keys()
    assert not [f for f in report.found if f.segment_id == edited]
    assert report.reviewed_segments == 1
    # The other segments are checked as before; the rule is still learned from all text.
    assert any(f.finding.original == "pformation" for f in report.found)
    assert "garble:p->trans" in [r.name for r in report.rules]


def test_segment_with_an_accepted_suggestion_keeps_its_open_ones(bilingual: Project) -> None:
    check_project(bilingual)
    title = _segment_of(bilingual, "Round Table")
    statuses = _statuses(bilingual, title)
    assert len(statuses) >= 3
    first = min(statuses)
    suggestions.accept_suggestion(bilingual, first)
    after_accept = _statuses(bilingual, title)
    # The segment changed: check neither marks its open suggestions stale nor touches them.
    with bilingual.transaction():
        bilingual.conn.execute("UPDATE segments SET text = replace(text, 'China''S', 'China''s') "
                               "WHERE id = ?", (title,))
    check_project(bilingual)
    assert _statuses(bilingual, title) == after_accept
    assert after_accept[first] == "accepted"
    assert "open" in after_accept.values()


def test_segment_edited_before_the_first_check_gets_no_suggestions(bilingual: Project) -> None:
    edited = _segment_of(bilingual, "pport and paction")
    segment_edits.edit_segments(
        bilingual, {edited: "Their support and transaction costs were reviewed."})
    report = check_project(bilingual)
    assert not _statuses(bilingual, edited)
    assert not [f for f in report.found if f.segment_id == edited]
    # Unedited segments still get theirs.
    assert _statuses(bilingual, _segment_of(bilingual, "Firms pfer"))


def test_project_check_table_at_80_columns(bilingual: Project) -> None:
    from rich.cells import cell_len  # noqa: PLC0415 - only this test measures cells

    result = runner.invoke(app, ["check", "--project", str(bilingual.root)],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    assert any("garble:p->trans" in ln and "proposed" in ln for ln in lines)  # rules + status
    assert any("[pfer → transfer]" in ln for ln in lines)
    assert any(ln.startswith("stored:") for ln in lines)
