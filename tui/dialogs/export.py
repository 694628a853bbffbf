"""Export from the review app: the options of ``bitextual export``, in one dialog."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Checkbox, Input, Select

from tui.dialogs.form import FormDialog
from tui.service import ExportRequest

FORMAT_CHOICES = [("TMX 1.4b (translation memory)", "tmx"), ("XLIFF 2.0", "xliff"),
                  ("TSV", "tsv"), ("JSON lines", "jsonl"), ("Moses (.zh + .en)", "moses")]
EXTENSIONS = {"tmx": ".tmx", "xliff": ".xlf", "tsv": ".tsv", "jsonl": ".jsonl", "moses": "",
              "text": ".txt"}
TEXT_CHOICE = ("this document's reviewed text (.txt, one paragraph a line)", "text")


class ExportDialog(FormDialog[ExportRequest]):
    """The export options; ctrl+s (or enter in a field) exports, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export", tooltip="Export with these options",
                id="export.go"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without exporting",
                id="export.cancel"),
    ]

    DEFAULT_CSS = """
    ExportDialog > .form-dialog--box { max-width: 100; max-height: 100%; }
    ExportDialog .form-dialog--help { width: 100%; margin-bottom: 1; }
    ExportDialog .form-dialog--line > Label { width: 18; padding: 0 1 0 0; text-align: right; }
    ExportDialog Checkbox { margin-left: 18; border: none; height: 1; padding: 0; }
    """

    def __init__(self, folder: Path, documents: tuple[str, ...] = (),
                 document: str | None = None) -> None:
        """``folder``: where the file goes by default; ``documents``: preselected (the pair
        the reviewer came from); ``document``: opened from a document on its own, whose
        reviewed text is offered (and chosen) first."""
        super().__init__()
        self.folder = folder
        self.documents = documents
        self.document = document

    def compose(self) -> ComposeResult:
        choices = [TEXT_CHOICE, *FORMAT_CHOICES] if self.document else FORMAT_CHOICES
        default = f"{Path(self.document).stem}.reviewed.txt" if self.document else "export.tmx"
        with self.box():
            yield self.help_line(
                "Export the aligned, corrected sentence pairs (as 'bitextual export'). ctrl+s "
                "exports, esc cancels. A mined link of a comparable pair is exported only once "
                "accepted.")
            yield self.field_line("format", Select(
                choices, value="text" if self.document else "tmx", allow_blank=False,
                compact=True, id="format"))
            yield self.field_line("file", Input(str(self.folder / default), id="output",
                                                compact=True))
            yield self.field_line("documents", Input(
                ", ".join(self.documents), id="documents", compact=True,
                placeholder="all pairs (or names, comma-separated)"))
            yield self.field_line("beads", Select(
                [("pending and accepted (status in the output)", "all"),
                 ("accepted only", "accepted")], value="all", allow_blank=False, compact=True,
                id="status"))
            yield self.field_line("min. confidence", Input(
                "", id="min-confidence", compact=True,
                placeholder="skip pending beads scored below (0-1)"))
            yield self.field_line("text", Select(
                [("corrected (reviewed)", "corrected"), ("original (as imported)", "original")],
                value="corrected", allow_blank=False, compact=True, id="text"))
            yield self.field_line("Chinese script", Select(
                [("as in each document", "keep"), ("Simplified", "hans"),
                 ("Traditional", "hant")], value="keep", allow_blank=False, compact=True,
                id="zh-script"))
            yield self.field_line("TSV columns", Input(
                "", id="columns", compact=True,
                placeholder="default; or zh,en,id,score,status,document,…"))
            yield Checkbox("skip n-m beads (one-to-one only)", id="one-to-one", compact=True)
            yield Checkbox("TSV: no header lines", id="no-header", compact=True)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#format", Select).focus()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        output = self.query_one("#output", Input)
        path = Path(output.value or str(self.folder / "export"))
        stem = path.with_suffix("") if path.suffix in EXTENSIONS.values() else path
        output.value = str(stem) + EXTENSIONS.get(str(event.value), "")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Return the request when the options make sense."""
        fmt = str(self.query_one("#format", Select).value)
        output = self.query_one("#output", Input).value.strip()
        if not output:
            self.notify("say where to write the export (file)", severity="warning")
            return
        confidence_text = self.query_one("#min-confidence", Input).value.strip()
        try:
            confidence = float(confidence_text) if confidence_text else None
        except ValueError:
            confidence = -1.0
        if confidence is not None and not 0.0 <= confidence <= 1.0:
            self.notify(f"min. confidence '{confidence_text}' is not a number from 0 to 1",
                        severity="warning")
            return
        columns = tuple(c.strip() for c in self.query_one("#columns", Input).value.split(",")
                        if c.strip())
        no_header = self.query_one("#no-header", Checkbox).value
        if fmt != "tsv" and (columns or no_header):
            self.notify("TSV columns and 'no header' apply to the TSV format only",
                        severity="warning")
            return
        script = str(self.query_one("#zh-script", Select).value)
        self.dismiss(ExportRequest(
            fmt=fmt, output=Path(output).expanduser(), document=self.document or "",
            documents=tuple(d.strip() for d in self.query_one("#documents", Input).value
                            .split(",") if d.strip()),
            status=str(self.query_one("#status", Select).value), min_confidence=confidence,
            text=str(self.query_one("#text", Select).value),
            one_to_one=self.query_one("#one-to-one", Checkbox).value,
            zh_script=None if script == "keep" else script, columns=columns,
            header=not no_header))
