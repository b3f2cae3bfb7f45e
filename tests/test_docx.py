"""Word charges: paragraphs, automatic numbering and tables are read; findings name the
instruction and the Word paragraph and still give a line of the extracted text."""

from __future__ import annotations

import docx
from click.testing import CliRunner

from instr_analyzer import analyze_file
from instr_analyzer.cli import main


def _charge(path):
    d = docx.Document()
    d.add_paragraph("Instruction No. 4")
    d.add_paragraph("A single, unusually excessive use of force may be sufficiently out of the "
                    "ordinary to warrant an inference that it was attributable to inadequate "
                    "training on the part of the officials in charge.")
    d.add_paragraph("Verdict Form")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Do you find for the plaintiff and against the City?"
    table.rows[0].cells[1].text = "Yes ____ No ____"
    d.save(path)


def test_docx_finding_names_instruction_and_paragraph(tmp_path):
    path = tmp_path / "draft.docx"
    _charge(str(path))
    report = analyze_file(str(path))
    pl01 = [f for f in report.findings if f.code == "PL01"]
    assert len(pl01) == 1
    f = pl01[0]
    assert (f.instruction_title, f.paragraph, f.span.line) == ("Instruction No. 4", 2, 2)
    assert report.verdict == "general"      # the verdict form was read from the table
    out = CliRunner().invoke(main, ["check", str(path)]).output
    assert "Word paragraph 2" in out


def test_encrypted_or_broken_docx_is_a_clear_error(tmp_path):
    import zipfile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not word")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "not a readable Word document" in result.output
