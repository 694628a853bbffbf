"""``bitextual glossary …``: the term base — add, list, import/export, consistency, bootstrap."""

from __future__ import annotations

import json
from enum import Enum, StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from corpus.errors import BitextualError
from glossary import termbase as tb
from glossary.tabular import read_tabular, write_tabular
from glossary.tbx import read_tbx, write_tbx
from tui.cli.common import (
    ProjectOption,
    console,
    err_console,
    open_project,
    report_waiting,
)


class FileFormat(StrEnum):
    """Glossary file formats."""

    csv = "csv"
    tsv = "tsv"
    tbx = "tbx"


class OnConflict(Enum):
    """What an import does with an entry that clashes with a stored one."""

    skip = "skip"
    replace = "replace"
    fail = "fail"


STARTER_GLOSSARY = "garment.tsv"


def _format_of(path: Path, explicit: FileFormat | None) -> str:
    if explicit is not None:
        return explicit.value
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        return "tbx"
    if suffix in (".tsv", ".tab", ".txt"):
        return "tsv"
    if suffix == ".csv":
        return "csv"
    raise BitextualError(f"cannot tell the format of {path.name} from its extension",
                         path=path, hint="pass --format csv|tsv|tbx")


def _read_glossary_file(path: Path, fmt: str) -> list[tb.SourcedConcept]:
    return read_tbx(path) if fmt == "tbx" else read_tabular(path, fmt)


def _concept_table(concepts: list[tb.Concept], title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("id", justify="right")
    table.add_column("Chinese")
    table.add_column("preferred English")
    table.add_column("variants / to replace")
    table.add_column("domain")
    for c in concepts:
        admitted = c.en_with("admitted")
        bad = c.en_with(*tb.REPLACE_STATUSES)
        extra = "; ".join(admitted) + (" ✗ " + "; ".join(bad) if bad else "")
        # Terms are data, not markup: a '[…]' in a term or note must print as written.
        table.add_row(str(c.id), escape(" · ".join(t.text for t in c.zh)),
                      escape(c.en_preferred), escape(extra), escape(c.domain or ""))
    return table


def _print_report(report: tb.ImportReport, verbose: bool) -> None:
    console.print(f"added {len(report.added)}, replaced {len(report.replaced)}, "
                  f"duplicates {len(report.duplicates)}, conflicts {len(report.conflicts)} "
                  f"(glossary version {report.version})")
    for message in report.conflicts:
        err_console.print(f"[yellow]conflict:[/] {escape(message)}", highlight=False,
                          emoji=False)
    if verbose:
        for message in report.duplicates:
            err_console.print(f"duplicate: {escape(message)}", highlight=False, emoji=False)
    elif report.duplicates:
        err_console.print(f"{len(report.duplicates)} duplicate(s) not imported (--verbose lists "
                          "them)")


def _parse_ids(values: list[str]) -> list[int]:
    ids: list[int] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            if not part.strip().isdigit():
                raise BitextualError(f"'{part}' is not an entry id",
                                     hint="ids are the numbers in 'bitextual glossary list'")
            ids.append(int(part))
    return ids


def register(app: typer.Typer) -> None:
    """Add the ``glossary`` command group to ``app``."""
    group = typer.Typer(help="The glossary (term base): entries, import/export, term consistency,"
                        " proposals from aligned text.", no_args_is_help=True)
    app.add_typer(group, name="glossary")

    @group.command("add")
    def add(
        zh: Annotated[str, typer.Argument(help="Chinese term (Simplified or Traditional).")],
        en: Annotated[str, typer.Argument(help="Preferred English rendering.")],
        zh_variant: Annotated[list[str], typer.Option(
            "--zh-variant", help="Another Chinese form (synonym, abbreviation); repeatable.")] = [],  # noqa: B006
        admitted: Annotated[list[str], typer.Option(
            "--admitted", "-a", help="Acceptable English variant; repeatable.")] = [],  # noqa: B006
        deprecated: Annotated[list[str], typer.Option(
            "--deprecated", help="English rendering to replace by the preferred one.")] = [],  # noqa: B006
        superseded: Annotated[list[str], typer.Option(
            "--superseded", help="Former official English rendering.")] = [],  # noqa: B006
        forbidden: Annotated[list[str], typer.Option(
            "--forbidden", "-f", help="English rendering that is always wrong.")] = [],  # noqa: B006
        domain: Annotated[str | None, typer.Option(help="Subject field, e.g. textile.")] = None,
        note: Annotated[str | None, typer.Option(help="Free note.")] = None,
        source: Annotated[str | None, typer.Option(help="Where the rendering comes from.")] = None,
        project: ProjectOption = None,
    ) -> None:
        """Add an entry, e.g. [bold]add 转型升级 "transformation and upgrading" --forbidden
        "pformation and upgrading" --domain textile[/]."""
        concept = tb.make_concept([zh, *zh_variant], en, admitted=admitted,
                                  deprecated=deprecated, superseded=superseded,
                                  forbidden=forbidden, domain=domain, note=note, source=source)
        with open_project(project) as proj, proj.exclusive("glossary add",
                                                            report_waiting("glossary add")):
            concept_id = tb.add_concept(proj, concept)
            version = tb.glossary_version(proj)
        console.print(f"added entry {concept_id}: {zh} → {en} (glossary version {version})",
                      markup=False, highlight=False)

    @group.command("list")
    def list_(
        search: Annotated[str | None, typer.Option(
            "--search", "-s", help="Only entries with a term containing this (zh or en).")] = None,
        domain: Annotated[str | None, typer.Option(help="Only this domain.")] = None,
        proposals: Annotated[bool, typer.Option(
            "--proposals", help="List bootstrap proposals instead of entries.")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="JSON lines output.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """List glossary entries (or proposals awaiting review)."""
        with open_project(project) as proj:
            concepts = tb.list_concepts(proj, search=search, domain=domain, proposals=proposals)
            version = tb.glossary_version(proj)
        if as_json:
            for c in concepts:
                typer.echo(json.dumps(tb.concept_to_dict(c), ensure_ascii=False))
            return
        what = "proposals" if proposals else "entries"
        console.print(_concept_table(concepts, f"{len(concepts)} {what} (glossary version "
                                     f"{version})"))

    @group.command("show")
    def show(
        entry: Annotated[str, typer.Argument(help="Entry id, or a Chinese term.")],
        project: ProjectOption = None,
    ) -> None:
        """Show one entry with all its terms, notes and source."""
        with open_project(project) as proj:
            ids = [int(entry)] if entry.isdigit() else tb.find_concepts_by_zh(
                proj, entry, include_proposals=True)
            if not ids:
                raise tb.GlossaryError(f"'{entry}' is not in the glossary",
                                       hint="search with 'bitextual glossary list --search'")
            concepts = [tb.get_concept(proj, i) for i in ids]
        for c in concepts:
            console.print(f"[bold]entry {c.id}[/]" + (" (proposal)" if c.is_proposal else ""))
            for t in c.zh:
                console.print(f"  zh  {t.status:<10} {t.text}", highlight=False, markup=False)
            traditional = tb.traditional_variants(c)
            if traditional:
                console.print(f"  zh-Hant (OpenCC) {' · '.join(traditional)}", highlight=False,
                              markup=False)
            for t in c.en:
                console.print(f"  en  {t.status:<10} {t.text}", highlight=False, markup=False)
            for label, value in (("domain", c.domain), ("note", c.note), ("source", c.source)):
                if value:
                    console.print(f"  {label}: {value}", highlight=False, markup=False)

    @group.command("remove")
    def remove(
        ids: Annotated[list[str], typer.Argument(help="Entry ids (space or comma separated).")],
        project: ProjectOption = None,
    ) -> None:
        """Remove entries (the decision log keeps what they were)."""
        with open_project(project) as proj, proj.exclusive(
                "glossary remove", report_waiting("glossary remove")):
            for concept_id in _parse_ids(ids):
                removed = tb.remove_concept(proj, concept_id)
                console.print(f"removed entry {concept_id}: {removed.zh_preferred} → "
                              f"{removed.en_preferred}", markup=False, highlight=False)

    @group.command("import")
    def import_(
        file: Annotated[Path | None, typer.Argument(help="CSV, TSV or TBX file.")] = None,
        starter: Annotated[bool, typer.Option(
            "--starter", help="Import the bundled garment/textile starter glossary.")] = False,
        fmt: Annotated[FileFormat | None, typer.Option(
            "--format", help="File format (default: from the extension).")] = None,
        on_conflict: Annotated[OnConflict, typer.Option(
            help="Entry whose Chinese is already stored with another English: skip it "
            "(reported), replace the stored entry, or fail the whole import.")] =
            OnConflict.skip,
        dry_run: Annotated[bool, typer.Option(help="Read and validate only.")] = False,
        verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                              help="List duplicates too.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """Import a glossary file; duplicates and conflicts are reported, never merged."""
        if starter == (file is not None):
            raise BitextualError("give either a FILE or --starter",
                                 hint="bitextual glossary import --starter")
        if starter:
            ref = resources.files("glossary.data").joinpath(STARTER_GLOSSARY)
            with resources.as_file(ref) as path:
                entries = read_tabular(path, "tsv")
        else:
            assert file is not None
            entries = _read_glossary_file(file, _format_of(file, fmt))
        if dry_run:
            console.print(f"{len(entries)} entries read, nothing imported (--dry-run)")
            return
        with open_project(project) as proj, proj.exclusive(
                "glossary import", report_waiting("glossary import")):
            report = tb.import_concepts(proj, entries, on_conflict.value)
        _print_report(report, verbose)

    @group.command("export")
    def export(
        output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
        fmt: Annotated[FileFormat | None, typer.Option(
            "--format", help="File format (default: from the extension).")] = None,
        tbx_version: Annotated[int, typer.Option(
            help="TBX flavour: 3 (TBX-Basic, ISO 30042:2019) or 2 (martif).")] = 3,
        no_signature: Annotated[bool, typer.Option(
            "--no-signature", help="CSV/TSV: leave out the '# signature' first line, for "
            "tools that take the first row as the header.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """Export the glossary (atomically) with its version in the signature."""
        chosen = _format_of(output, fmt)
        if no_signature and chosen == "tbx":
            raise typer.BadParameter("--no-signature applies to CSV/TSV (TBX keeps the "
                                     "signature in its header)")
        with open_project(project) as proj:
            concepts = tb.list_concepts(proj)
            signature = tb.glossary_file_signature(proj)
        if chosen == "tbx":
            count = write_tbx(output, concepts, signature, tbx_version)
        else:
            count = write_tabular(output, concepts, signature, chosen,
                                  with_signature=not no_signature)
        console.print(f"wrote {count} entries to {output} ({signature})", highlight=False,
                      markup=False)

    @group.command("stats")
    def stats(
        as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """Counts: entries, terms by status, domains, proposals, version."""
        with open_project(project) as proj:
            figures = tb.glossary_stats(proj)
        if as_json:
            console.print_json(json.dumps(figures, ensure_ascii=False))
            return
        console.print(f"glossary version {figures['version']}: {figures['concepts']} entries, "
                      f"{figures['zh_terms']} Chinese terms, {figures['proposals']} proposals "
                      "awaiting review")
        console.print("English renderings: " + ", ".join(
            f"{n} {s}" for s, n in sorted(figures["en_terms"].items())))
        console.print("domains: " + ", ".join(
            f"{d} {n}" for d, n in sorted(figures["domains"].items())))

    @group.command("consistency")
    def consistency(
        show_all: Annotated[bool, typer.Option("--all", help="Include consistent terms.")] = False,
        original: Annotated[bool, typer.Option(
            "--original", help="Report on the imported text instead of the reviewed text "
            "(corrections applied).")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """How each glossary term was rendered across the aligned pairs, with counts."""
        from glossary.consistency import consistency_report

        with open_project(project) as proj:
            report = consistency_report(proj, corrected=not original)
        if as_json:
            console.print_json(json.dumps(report.to_dict(), ensure_ascii=False))
            return
        usages = [u for u in report.usages if show_all or not u.consistent]
        text = "imported" if original else "reviewed"
        table = Table(title=escape(f"Term renderings in the {text} text of aligned pairs "
                                   f"({report.signature})"), title_justify="left")
        for column in ("Chinese", "preferred", "beads", "renderings found", "missing"):
            table.add_column(column, justify="right" if column in ("beads", "missing")
                             else "left")
        for u in usages:
            found = "; ".join(f"{text} ×{n} ({cat})" for (cat, text), n in
                              u.renderings.most_common())
            table.add_row(escape(u.zh), escape(u.preferred), str(u.beads), escape(found),
                          str(len(u.missing_beads)))
        console.print(table)
        hidden = len(report.usages) - len(usages)
        if hidden:
            console.print(f"{hidden} consistently rendered term(s) not shown (--all shows them)")

    @group.command("bootstrap")
    def bootstrap(
        kind: Annotated[list[str], typer.Option(
            "--kind", "-k", help="person, org or ngram; repeatable (default: all).")] = [],  # noqa: B006
        min_count: Annotated[int, typer.Option(
            help="Beads an n-gram pair must share to be proposed.")] = 3,
        dry_run: Annotated[bool, typer.Option(help="Print proposals without storing.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """Propose entries from aligned pairs (names via pinyin, organisations, recurring
        n-grams); review them with [bold]glossary accept/reject[/]."""
        from glossary.bootstrap import KINDS, bootstrap_project

        kinds = [k.strip() for value in kind for k in value.split(",") if k.strip()] or KINDS
        with open_project(project) as proj, proj.exclusive(
                "glossary bootstrap", report_waiting("glossary bootstrap")):
            results = bootstrap_project(proj, kinds, min_count, store=not dry_run)
        table = Table(title=f"{len(results)} new proposal(s)" +
                      (" (dry run, not stored)" if dry_run else ""), title_justify="left")
        # "seen": beads, or for a name found in a comparable pair, its Chinese sentences
        for column in ("id", "kind", "Chinese", "English", "seen", "score", "other forms"):
            table.add_column(column, justify="right" if column in ("id", "seen", "score")
                             else "left")
        for concept_id, p in results:
            table.add_row("" if concept_id is None else str(concept_id), p.kind, escape(p.zh),
                          escape(p.en), str(p.count), f"{p.score:.2f}",
                          escape("; ".join(p.variants)))
        console.print(table)
        if results and not dry_run:
            console.print("accept with: bitextual glossary accept ID… (or --all); "
                          "reject with: bitextual glossary reject ID…")

    @group.command("accept")
    def accept(
        ids: Annotated[list[str] | None, typer.Argument(help="Proposal ids.")] = None,
        accept_all: Annotated[bool, typer.Option("--all", help="Accept every proposal.")] = False,
        project: ProjectOption = None,
    ) -> None:
        """Accept bootstrap proposals into the glossary."""
        with open_project(project) as proj, proj.exclusive(
                "glossary accept", report_waiting("glossary accept")):
            chosen = ([c.id for c in tb.list_concepts(proj, proposals=True) if c.id is not None]
                      if accept_all else _parse_ids(ids or []))
            if not chosen:
                raise BitextualError("no proposals named", hint="give ids or --all")
            for concept_id in chosen:
                tb.accept_proposal(proj, concept_id)
            console.print(f"accepted {len(chosen)} proposal(s); glossary version "
                          f"{tb.glossary_version(proj)}")

    @group.command("reject")
    def reject(
        ids: Annotated[list[str], typer.Argument(help="Proposal ids.")],
        project: ProjectOption = None,
    ) -> None:
        """Reject (delete) bootstrap proposals."""
        with open_project(project) as proj, proj.exclusive(
                "glossary reject", report_waiting("glossary reject")):
            chosen = _parse_ids(ids)
            for concept_id in chosen:
                tb.reject_proposal(proj, concept_id)
        console.print(f"rejected {len(chosen)} proposal(s)")
