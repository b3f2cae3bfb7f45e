"""`instr report`: the brief-prep report, checked for the facts a lawyer relies on.

Quotations must be the charge's words exactly, citations must follow the verified/unverified
rule of doctrine.md, the report must not change between runs, and the HTML page must stand
alone (no scripts, nothing fetched) with every finding marked where it occurs in the charge.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from instr_analyzer import analyze_file
from instr_analyzer.cli import main
from instr_analyzer.reports.html_marks import Highlight, highlight

ROOT = Path(__file__).resolve().parents[1]
TUTTLE = str(ROOT / "samples" / "tuttle.txt")
SOUND = str(ROOT / "samples" / "sound" / "ninth_9_5.txt")
UNREAD = str(ROOT / "samples" / "ca" / "CA02_fire_1.txt")  # one sentence the grammar cannot read


def run(*args: str):
    result = CliRunner().invoke(main, ["report", *args], catch_exceptions=False)
    return result


def sections(markdown: str) -> dict[str, str]:
    """Defect sections by code (the first of each code), from '### n. CODE name' headings."""
    out: dict[str, str] = {}
    for chunk in markdown.split("\n### ")[1:]:
        code = chunk.split()[1]
        out.setdefault(code, chunk.split("\n## ")[0])
    return out


@pytest.fixture(scope="module")
def tuttle_md() -> str:
    result = run(TUTTLE, "--verdict", "general")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def tuttle_html() -> str:
    result = run(TUTTLE, "--verdict", "general", "--format", "html")
    assert result.exit_code == 0, result.output
    return result.output


def test_markdown_header_names_version_and_rule_set_without_timestamp(tuttle_md):
    from instr_analyzer import __version__
    from instr_analyzer.rulebook import load

    assert tuttle_md.startswith("# Brief-prep report")
    assert f"instr-analyzer {__version__}" in tuttle_md
    for spec in load().rules:
        assert spec.code in tuttle_md.split("\n## ")[0]
    assert "Generated:" not in tuttle_md


def test_markdown_quotes_every_finding_and_sentence_verbatim(tuttle_md):
    report = analyze_file(TUTTLE, "general")
    assert report.findings
    for f in report.findings:
        assert "\n".join(f"> {ln}" for ln in f.quote.split("\n")) in tuttle_md
        assert "\n".join(f"> {ln}" for ln in f.sentence.split("\n")) in tuttle_md
        assert f"`{TUTTLE}:{f.span.line}:{f.span.col}`" in tuttle_md


def test_markdown_orders_errors_before_warnings(tuttle_md):
    heads = re.findall(r"^### \d+\. \w+ \S+ \((\w+)\)$", tuttle_md, re.M)
    assert heads == sorted(heads, key=["error", "warning", "note"].index)
    assert "error" in heads and "warning" in heads


def test_pl01_section_in_plain_words_with_authority_and_verdict_effect(tuttle_md):
    pl01 = sections(tuttle_md)["PL01"]
    assert "**Instruction:** Instruction No. 2" in pl01
    told = pl01.split("#### What the jury was told")[1].split("####")[0]
    assert re.search(r"The jury was permitted to infer the city's [^.]*training[^.]* from a "
                     r"single incident\.", told)
    assert "`(permit suffice (subject single incident)" in told
    why = pl01.split("#### Why this is error")[1].split("####")[0]
    assert "- Tuttle, 471 U.S. at 823-824 (plurality opinion): \u201c[p]roof of a single " \
           "incident of unconstitutional activity is not sufficient to impose " \
           "liability\u201d" in why
    assert "- id. at 831 (Brennan, J., concurring in part and concurring in the judgment): " \
           "\u201cTo infer the existence" in why
    effect = pl01.split("#### Effect on the verdict")[1].split("####")[0]
    assert "general verdict may rest on this invalid theory" in effect
    assert "harmless-error review" in effect
    cure = pl01.split("#### Curative language")[1]
    assert "\n> You may not infer that the City had a policy or custom" in cure


@pytest.mark.parametrize("sentence, words", [
    ("You may not infer that the City had a policy solely from a single incident of excessive "
     "force by Officer Jones.", "The jury was told it may not infer the city's policy solely "
     "from a single incident of excessive force by an employee."),
    ("You may award punitive damages against the City.",
     "The jury was permitted to award punitive damages against the city."),
    ("The City must prove that it adequately trained its officers.",
     "The jury was told that the city must prove its adequate training of its officers."),
])
def test_plain_words_follow_the_deontic_and_roles(sentence, words):
    from instr_analyzer import analyze_text
    from instr_analyzer.reports.brief import muni_word
    from instr_analyzer.reports.plain_words import describe

    report = analyze_text(f"Instruction No. 1\n{sentence}\n")
    (s,) = report.sentences
    assert describe(s.frames[0], muni_word(report)) == words


def test_unverified_pins_are_cited_with_see_and_never_quoted(tuttle_md):
    vd01 = sections(tuttle_md)["VD01"]
    lines = [ln for ln in tuttle_md.splitlines() if "Stromberg" in ln or "Sunkist" in ln
             or "367-368" in ln or "29-30" in ln]
    assert lines
    for ln in lines:
        assert "\u201c" not in ln and '"' not in ln, ln  # no quotation of any kind
    assert "\n- see Stromberg, 283 U.S. at 367-368 (pin not verified: cited with a see " \
           "signal, not quoted)\n" in vd01
    assert "\n- see Sunkist Growers, 370 U.S. at 29-30 (pin not verified" in vd01
    toa = tuttle_md.split("## Table of Authorities")[1]
    assert "- see 283 U.S. at 367-368 (unverified pin" in toa


def test_table_of_authorities_alphabetical_with_pins_and_codes(tuttle_md):
    toa = tuttle_md.split("## Table of Authorities")[1]
    cases = re.findall(r"^\*\*(.+?), \d+ U\.S\. \d+ \(\d{4}\)\*\*$", toa, re.M)
    assert cases == sorted(cases, key=str.casefold)
    assert "City of Oklahoma City v. Tuttle" in cases and "Stromberg v. California" in cases
    tuttle = toa.split("**City of Oklahoma City v. Tuttle, 471 U.S. 808 (1985)**")[1]
    tuttle = tuttle.split("\n**")[0]
    assert "- 471 U.S. at 823-824 (plurality opinion): cited for PL01" in tuttle
    assert re.search(r"^- 471 U\.S\. at 831 \(Brennan, J\.[^)]*\): cited for PL01$", tuttle, re.M)
    assert tuttle.index("at 823-824") < tuttle.index("at 827") < tuttle.index("at 831")


def test_verdict_unknown_or_special_is_said(tmp_path):
    unknown = sections(run(TUTTLE).output)["PL01"]
    assert "verdict form is unknown" in unknown
    special = sections(run(TUTTLE, "--verdict", "special").output)["PL01"]
    assert "The verdict is special" in special


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_two_runs_are_byte_identical(tmp_path, fmt):
    outs = []
    for n in (1, 2):
        out = tmp_path / f"r{n}.{fmt}"
        result = run(TUTTLE, UNREAD, "--verdict", "general", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0 and result.output == ""
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and len(outs[0]) > 1000
    stamped = run(TUTTLE, "--format", fmt, "--timestamp").output
    assert "Generated: " in stamped


def test_sound_charge_reports_no_defects():
    md = run(SOUND, "--verdict", "general").output
    assert "No defects found in this charge." in md and "No authorities cited." in md
    assert "### " not in md
    page = run(SOUND, "--format", "html").output
    assert "data-code=" not in page and "No findings in this charge." in page


def test_notes_are_summarized_as_sentences_to_check_by_hand():
    md = run(UNREAD).output
    hand = md.split("## Sentences to check by hand")[1].split("## Table")[0]
    assert "PR01 unanalyzed-sentence" in hand and "but for the policy." in hand
    assert "### 1. CA02" in md and "PR01" not in sections(md)


def test_missing_file_is_a_usage_error():
    result = CliRunner().invoke(main, ["report", "no/such/file.txt"])
    assert result.exit_code == 2 and "Error:" in result.output


class _Marks(HTMLParser):
    """Rebuilds each highlighted span's text (across split fragments) and checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self.attrs: dict[str, dict] = {}
        self.charge = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "meta", "hr", "img", "wbr"):
            return  # void elements have no end tag
        a = dict(attrs)
        self.stack.append((tag, a))
        if "data-key" in a:
            self.text.setdefault(a["data-key"], "")
            self.attrs.setdefault(a["data-key"], a)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"misnested </{tag}>"
        self.stack.pop()

    def handle_data(self, data):
        for _tag, a in self.stack:
            if "data-key" in a:
                self.text[a["data-key"]] += data
        if any(tag == "pre" for tag, _ in self.stack):
            self.charge += data


def _parse(page: str) -> _Marks:
    p = _Marks()
    p.feed(page.split("<body>", 1)[1].split("</body>")[0])
    return p


def test_html_is_self_contained(tuttle_html):
    assert tuttle_html.startswith("<!DOCTYPE html>")
    assert "<script" not in tuttle_html.lower() and "<link" not in tuttle_html.lower()
    assert "@import" not in tuttle_html
    for value in re.findall(r"\bsrc\s*=\s*(\"[^\"]*\"|'[^']*'|\S+)", tuttle_html, re.I):
        assert "http" not in value
    for value in re.findall(r"url\(([^)]*)\)", tuttle_html, re.I):
        assert "http" not in value
    assert '<a href="https://www.courtlistener.com/c/U.S./471/808/">' in tuttle_html


def test_html_marks_every_finding_in_the_whole_charge(tuttle_html):
    report = analyze_file(TUTTLE, "general")
    parsed = _parse(tuttle_html)
    assert parsed.charge == report.text  # the WHOLE charge, unescaped exactly
    marks = [(a["data-code"], parsed.text[k]) for k, a in parsed.attrs.items()
             if "data-code" in a]
    for f in report.findings:
        assert (f.code, f.quote) in marks, f.code
    assert len(marks) == len(report.findings)
    assert "Tuttle, 471 U.S. at 823-824 (plurality opinion)" in tuttle_html
    assert "see Stromberg, 283 U.S. at 367-368 (pin not verified: not quoted)" in tuttle_html


def test_html_marks_unanalyzed_sentences_with_their_own_class():
    report = analyze_file(UNREAD)
    assert report.stats["unanalyzed"]
    parsed = _parse(run(UNREAD, "--format", "html").output)
    unread = {a["data-sentence"]: parsed.text[k] for k, a in parsed.attrs.items()
              if a.get("class") == "unanalyzed" and "data-sentence" in a}
    by_id = {s.id: s for s in report.sentences}
    assert unread == {sid: by_id[sid].text for sid in report.stats["unanalyzed"]}


def test_crossing_spans_are_split_and_escaped():
    text = "a <b> & c d e"
    page = highlight(text, [Highlight(0, 8, "mark", (("data-code", "AA01"),), "x", 1),
                            Highlight(4, 13, "mark", (("data-code", "BB02"),), "y", 2),
                            Highlight(6, 7, "mark", (("data-code", "CC03"),), "z", 3)])
    assert "<b>" not in page and "&lt;b" in page and "&gt;" in page and "&amp;" in page
    p = _Marks()
    p.feed(f"<pre>{page}</pre>")
    assert p.charge == text and not p.stack
    assert p.text == {"x": text[0:8], "y": text[4:13], "z": text[6:7]}
    assert page.count('id="y"') == 1 and 'data-continued="yes"' in page


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed; the page is not rendered")
def test_html_renders_in_headless_chromium(tmp_path, tuttle_html):
    page = tmp_path / "report.html"
    page.write_text(tuttle_html, encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", f"--screenshot={shot}",
                    "--window-size=1200,1600", page.as_uri()],
                   check=False, capture_output=True, timeout=120)
    assert shot.exists(), "chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed; the page is not rendered")
def test_every_finding_is_highlighted_at_its_words_in_the_browser(tmp_path, tuttle_html):
    """The DOM as headless chromium built it: each finding's <mark> holds exactly its words."""
    from instr_analyzer.analysis import analyze_source
    from instr_analyzer.reader import read

    page = tmp_path / "report.html"
    page.write_text(tuttle_html, encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                          "--disable-background-networking", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert "<mark" in dom, "chromium returned no DOM"
    report = analyze_source(read(str(ROOT / "samples" / "tuttle.txt")), "general")
    texts = _mark_texts(dom)
    for f in report.findings:
        assert any(" ".join(f.quote.split()) in " ".join(t.split()) for t in texts[f.code]), (
            f"{f.code}: {f.quote!r} not highlighted; marks: {texts[f.code]}")


def _mark_texts(dom: str) -> dict[str, list[str]]:
    """Text under each <mark data-code=...>, nested marks included, pieces of one key joined."""
    from collections import defaultdict
    from html.parser import HTMLParser

    open_marks: list[tuple[str, str] | None] = []
    pieces: dict[tuple[str, str], list[str]] = defaultdict(list)

    class Walk(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "mark":
                a = dict(attrs)
                open_marks.append((a.get("data-code", ""), a.get("data-key", "")))

        def handle_endtag(self, tag):
            if tag == "mark" and open_marks:
                open_marks.pop()

        def handle_data(self, data):
            for m in open_marks:
                if m and m[0]:
                    pieces[m].append(data)

    Walk().feed(dom)
    out: dict[str, list[str]] = defaultdict(list)
    for (code, _), parts in pieces.items():
        out[code].append("".join(parts))
    return out
