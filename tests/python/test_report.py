"""The plan reports from Python (DESIGN.md section 7; C++ io/text.hpp and io/html.hpp, tested in test_report.cpp):
Plan.to_table, Plan.to_html (text, or a file written whole), and the HTML report opened in headless Chromium.

Oracles: plain Python for what the text must hold (the plan's own properties, formatted as the report formats them),
unicodedata for display widths, the file system for what was written, and Chromium itself: its screenshot (a PNG
decoded here with zlib and numpy), its rendered DOM, its console and its network log."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import unicodedata
import zlib

import numpy as np
import pytest
import talentmatch as tm

FUYUN = pathlib.Path(__file__).resolve().parents[1] / "data" / "fuyun.json"


@pytest.fixture(scope="module")
def fuyun_plan() -> tm.Plan:
    return tm.match(tm.Problem.from_json(FUYUN))


def cjk_doc() -> dict:
    """Chinese names, departments and units; one post left empty (no one has the urology level)."""
    return {
        "skills": [{"id": "med.icu", "name": "重症医学"}, {"id": "med.urology", "name": "泌尿外科"}],
        "experts": [
            {"id": "e-wang", "name": "王丽", "available_months": 12, "skills": {"med.icu": 5}},
            {"id": "e-kim", "name": "김민수", "available_months": 6, "skills": {"med.urology": 2}},
            {"id": "e-ab", "name": "ＡＢ", "available_months": 6, "skills": {"med.icu": 4}},
        ],
        "posts": [
            {"id": "p-icu", "department": "卫生健康委员会", "unit": "县人民医院", "slots": 2,
             "requires": [{"skill": "med.icu", "importance": 5, "min_level": 4}]},
            {"id": "p-urology", "department": "卫生健康委员会", "unit": "县人民医院", "slots": 1,
             "requires": [{"skill": "med.urology", "importance": 5, "min_level": 5, "essential": True}]},
        ],
    }  # fmt: skip


def width(text: str) -> int:
    """Terminal columns by Unicode's East Asian Width (W, F: 2) and combining marks (0)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# --- to_table ----------------------------------------------------------------------------------------------------


def test_to_table_shows_the_plan(fuyun_plan):
    text = fuyun_plan.to_table()
    assert text.startswith(f"Plan (posts): {fuyun_plan.filled}/{fuyun_plan.slots} slots filled, objective ")
    assert f"objective {fuyun_plan.objective:.10g}," in text
    for a in fuyun_plan.assignments:
        assert re.search(rf"^  {re.escape(a['expert'])}\s.*\s{re.escape(a['post'])}\s", text, re.M), a["expert"]
    for u in fuyun_plan.unfilled:
        assert f"  {u['post']}: closest experts" in text
    assert "\x1b[" not in text


def test_to_table_columns_line_up_by_display_width():
    plan = tm.match(tm.Problem.from_json(cjk_doc()))
    lines = plan.to_table().splitlines()
    header = lines.index("Assignments") + 1
    rows = lines[header + 1 : header + 1 + len(plan.assignments)]
    assert len(rows) == 2 and all(row.startswith("  e-") for row in rows)
    # Where "post" and "department" start, in display columns: the same in the header and every row, though the
    # names before them take 4 and 6 bytes per 4 columns.
    for column, key in (("post", "post"), ("department", "department")):
        at = width(lines[header][: lines[header].index(column)])
        for row, a in zip(rows, plan.assignments):
            assert width(row[: row.index(a[key])]) == at, row


def test_to_table_colour_and_max_rows(fuyun_plan):
    coloured = fuyun_plan.to_table(colour=True)
    assert "\x1b[1m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == fuyun_plan.to_table()
    short = fuyun_plan.to_table(max_rows=1)
    assert f"{len(fuyun_plan.assignments) - 1} more assignments (max_rows 1)" in short
    with pytest.raises(tm.Error, match="max_rows must be >= 1"):
        fuyun_plan.to_table(max_rows=0)
    with pytest.raises(tm.Error, match="colour must be True or False"):
        fuyun_plan.to_table(colour="yes")


# --- to_html -----------------------------------------------------------------------------------------------------


def test_to_html_is_one_self_contained_document(fuyun_plan):
    text = fuyun_plan.to_html()
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in text and '<html lang="en">' in text and "@media print" in text
    assert f'<span class="tm-objective">{fuyun_plan.objective:.10g}</span>' in text
    for a in fuyun_plan.assignments:
        assert a["expert"] in text and a["post"] in text
    assert_no_external_reference(text)


def assert_no_external_reference(text: str) -> None:
    """Nothing a browser would fetch: no URL scheme, no protocol-relative or other src/href, no @import or url()."""
    lowered = text.lower()
    for banned in ("http:", "https:", "src=", "href=", "@import", "url(", "<script", "<link", "<iframe", "//"):
        assert banned not in lowered, banned


def test_repr_html_is_the_compact_form(fuyun_plan):
    fragment = fuyun_plan._repr_html_()
    assert fragment.startswith('<div class="talentmatch-plan">') and fragment.endswith("</div>")
    assert "<html" not in fragment and "<body" not in fragment
    assert f"{fuyun_plan.filled}/{fuyun_plan.slots} slots filled" in fragment
    assert_no_external_reference(fragment)


def test_to_html_path_writes_the_file_whole(fuyun_plan, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    assert fuyun_plan.to_html(target) is None
    assert target.read_text(encoding="utf-8") == fuyun_plan.to_html()
    assert os.listdir(tmp_path) == ["report.html"]  # no temporary file left beside it
    fuyun_plan.to_html(str(tmp_path / "again.html"))
    assert sorted(os.listdir(tmp_path)) == ["again.html", "report.html"]


def test_to_html_into_a_missing_folder_fails_and_writes_nothing(fuyun_plan, tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        fuyun_plan.to_html(tmp_path / "missing" / "report.html")
    assert os.listdir(tmp_path) == []


def test_to_html_of_a_failing_write_keeps_the_old_file(fuyun_plan, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only folder anyway")
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(PermissionError):
            fuyun_plan.to_html(target)
    finally:
        tmp_path.chmod(0o755)
    assert target.read_text(encoding="utf-8") == "old report"


def test_html_escapes_ids():
    doc = cjk_doc()
    doc["experts"][0]["id"] = "<script>alert(1)</script>"
    doc["posts"][0]["department"] = 'R&D "lab"'
    plan = tm.match(tm.Problem.from_json(doc))
    for html_text in (plan.to_html(), plan._repr_html_()):
        assert "<script" not in html_text and "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
        assert "R&amp;D &quot;lab&quot;" in html_text
    assert "<script>alert(1)</script>" in plan.to_table()  # the terminal shows text as it is


# --- Headless Chromium -------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")


def png_pixels(data: bytes) -> np.ndarray:
    """The pixels of an 8-bit RGB or RGBA PNG (PNG spec: chunks with their CRC, zlib, the five scanline filters), as
    a (height, width, channels) uint8 array."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, [], None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        at += 12 + length
    w, h, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    ch = 3 if colour_type == 2 else 4
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(h, 1 + w * ch)
    out = np.zeros((h, w * ch), dtype=np.uint8)
    prev = np.zeros(w * ch, dtype=np.uint8)
    for y in range(h):
        kind, line = raw[y, 0], raw[y, 1:]
        if kind == 0:
            row = line.copy()
        elif kind == 1:  # Sub: a running sum per channel, modulo 256
            row = np.cumsum(line.reshape(w, ch), axis=0, dtype=np.uint8).reshape(-1)
        elif kind == 2:  # Up
            row = line + prev
        else:  # Average or Paeth: each byte reads the one decoded before it
            cur, up, filt = bytearray(w * ch), prev.tolist(), line.tolist()
            for i in range(w * ch):
                a = cur[i - ch] if i >= ch else 0
                b = up[i]
                if kind == 3:
                    pred = (a + b) >> 1
                else:
                    c = up[i - ch] if i >= ch else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                cur[i] = (filt[i] + pred) & 0xFF
            row = np.frombuffer(bytes(cur), dtype=np.uint8)
        out[y] = row
        prev = row
    return out.reshape(h, w, ch)


def chromium(url: str, *args: str, tmp: pathlib.Path) -> tuple[subprocess.CompletedProcess, list[str], list[str]]:
    """Opens url in headless Chromium with no network (every host name resolves to nothing, background services
    off). Returns the run, the URLs the page requested through the network stack (from Chromium's net log: a
    request the page starts has an initiator; the browser's own, such as its update and clock checks, have none)
    and the console messages Chromium logged."""
    netlog = tmp / f"net-{len(list(tmp.glob('net-*')))}.json"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={tmp / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        f"--log-net-log={netlog}",
        *args,
        url,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    text = netlog.read_text(encoding="utf-8", errors="replace") if netlog.exists() else ""
    try:
        log = json.loads(text)
    except json.JSONDecodeError:  # a log cut short: Chromium ends it with "]}" only on a clean exit
        log = json.loads(text.rstrip().rstrip(",") + "]}")
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requests = [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start_job and "url" in e.get("params", {}) and e["params"].get("initiator") != "not an origin"
    ]
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run, requests, console


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/install-deps.sh installs it)"
)


@needs_chromium
def test_chromium_checks_catch_a_fetch_and_a_console_error(tmp_path):
    # The control: a page that requests an image and logs an error is caught by both checks below.
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://example.com/x.png"><script>console.error("boom")</script>'
        "</body></html>",
        encoding="utf-8",
    )
    run, requests, console = chromium(page.as_uri(), "--dump-dom", tmp=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    assert requests == ["http://example.com/x.png"]
    assert any('"boom"' in line for line in console), console


@needs_chromium
def test_the_report_renders_in_headless_chromium(fuyun_plan, tmp_path):
    report = tmp_path / "report.html"
    fuyun_plan.to_html(report)
    url = report.as_uri()

    # The rendered DOM shows the objective as the report formats it, and every assignment's expert; no console
    # message (an error, a failed load) and no request leaves the file.
    dom, requests, console = chromium(url, "--dump-dom", tmp=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert f'<span class="tm-objective">{fuyun_plan.objective:.10g}</span>' in dom.stdout
    assert "certified optimal" in dom.stdout
    for a in fuyun_plan.assignments:
        assert f"<code>{a['expert']}</code>" in dom.stdout, a["expert"]
    assert "<svg" in dom.stdout
    assert requests == [] and console == [], (requests, console)

    # A screenshot that is not blank: many colours, and the department chart's fill bar (#2f6f9f) is on it.
    shot = tmp_path / "shot.png"
    taken, requests, console = chromium(url, f"--screenshot={shot}", "--window-size=1200,2000", tmp=tmp_path)
    assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
    assert requests == [] and console == [], (requests, console)
    pixels = png_pixels(shot.read_bytes())[:, :, :3].astype(np.int32)
    assert pixels.shape[:2] == (2000, 1200)
    background = pixels[5, 5]
    differs = np.any(np.abs(pixels - background) > 16, axis=2)
    assert differs.mean() > 0.01, "the screenshot is blank"
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 16
    bar = np.all(np.abs(pixels - np.array([0x2F, 0x6F, 0x9F])) <= 8, axis=2)
    assert bar.sum() > 500, "no department bar drawn"


# --- Pairings: PairingPlan.to_table, to_html, _repr_html_ and the demo's combined report -------------------------


@pytest.fixture(scope="module")
def fuyun_pairings() -> tuple[tm.Plan, tm.PairingPlan, tm.PairingPlan]:
    problem = tm.data.fuyun()
    posts = tm.match(problem)
    return posts, tm.pair_mentors(problem, posts), tm.place_trainees(problem)


def pairing_doc() -> dict:
    """cjk_doc with mentors and staff, one staff goal (urology) that no mentor can teach."""
    doc = cjk_doc()
    doc["experts"][0]["mentor_capacity"] = 2
    doc["experts"][1]["mentor_capacity"] = 1  # e-kim: urology 2, below the goal's 3
    doc["staff"] = [
        {"id": "s-ma", "unit": "县人民医院", "skills": {"med.icu": 1},
         "goals": [{"skill": "med.icu", "target_level": 3, "importance": 4}]},
        {"id": "s-li", "unit": "县人民医院", "goals": [{"skill": "med.urology", "target_level": 3}]},
    ]  # fmt: skip
    doc["hosts"] = [{"id": "h-jms", "name": "佳木斯大学附属第一医院", "capacity": 1, "offers": {"med.urology": 5}}]
    return doc


def test_pairing_to_table_shows_the_pairs_the_unpaired_and_the_brief(fuyun_pairings):
    _, mentors, placements = fuyun_pairings
    for p, key in ((mentors, "mentor"), (placements, "host")):
        text = p.to_table()
        label = f"{p.kind}, {p.pairing}" if p.pairing else p.kind
        assert text.startswith(
            f"Pairing ({label}): {p.paired}/{p.staff} staff paired, objective {p.objective:.10g}, certificate ok"
        ), text[:200]
        for a in p.assignments:
            assert re.search(rf"^  {re.escape(a[key])}\s.*\s{re.escape(a['staff'])}\s", text, re.M), a
        for u in p.unassigned:
            assert re.search(rf"^  {re.escape(u['staff'])}\s.*\s{u['reason']}\s", text, re.M), u
        for g in p.uncovered:
            assert re.search(
                rf"^  {re.escape(g['skill'])}\s.*\s{len(g['staff'])}  {re.escape(g['staff'][0])}", text, re.M
            )
        for x in p.partners:
            assert re.search(rf"^  {re.escape(x['id'])}\s.*\s{x['capacity']}\s+{x['used']}\s", text, re.M), x
        assert "\x1b[" not in text
    assert "Goals no mentor covers (recruiting brief)" in mentors.to_table()
    assert "Hosts: places and shadow prices" in placements.to_table()


def test_pairing_to_table_colour_and_max_rows(fuyun_pairings):
    _, mentors, _ = fuyun_pairings
    coloured = mentors.to_table(colour=True)
    assert "\x1b[1m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == mentors.to_table()
    assert f"{mentors.paired - 1} more pairs (max_rows 1)" in mentors.to_table(max_rows=1)
    with pytest.raises(tm.Error, match="max_rows must be >= 1"):
        mentors.to_table(max_rows=0)
    with pytest.raises(tm.Error, match="colour must be True or False"):
        mentors.to_table(colour=1)


def test_pairing_to_html_is_one_self_contained_document(fuyun_pairings):
    _, mentors, placements = fuyun_pairings
    for p, title in ((mentors, "Mentor pairing"), (placements, "Training placements")):
        text = p.to_html()
        assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
        assert f"<title>{title}</title>" in text and "@media print" in text
        assert f'<span class="tm-objective">{p.objective:.10g}</span>' in text
        for a in p.assignments:
            assert f"<code>{a['staff']}</code>" in text
        for g in p.uncovered:
            assert f"<code>{g['skill']}</code>" in text
        assert_no_external_reference(text)


def test_pairing_repr_html_is_the_compact_form(fuyun_pairings, monkeypatch):
    _, mentors, _ = fuyun_pairings
    fragment = mentors._repr_html_()
    assert fragment.startswith('<div class="talentmatch-plan">') and fragment.endswith("</div>")
    assert "<html" not in fragment and "<body" not in fragment
    assert f"{mentors.paired}/{mentors.staff} staff paired" in fragment
    assert f"(the first 25 of {mentors.paired})" in fragment
    assert_no_external_reference(fragment)
    monkeypatch.setattr(tm.PairingPlan, "HTML_LIMIT", mentors.paired - 1)
    assert mentors._repr_html_() is None


def test_pairing_to_html_path_writes_the_file_whole(fuyun_pairings, tmp_path):
    _, mentors, _ = fuyun_pairings
    target = tmp_path / "mentors.html"
    target.write_text("old report", encoding="utf-8")
    assert mentors.to_html(target) is None
    assert target.read_text(encoding="utf-8") == mentors.to_html()
    assert os.listdir(tmp_path) == ["mentors.html"]
    with pytest.raises(FileNotFoundError, match="does not exist"):
        mentors.to_html(tmp_path / "missing" / "mentors.html")
    assert os.listdir(tmp_path) == ["mentors.html"]


def test_pairing_html_escapes_ids():
    doc = pairing_doc()
    doc["staff"][0]["id"] = "<script>alert(1)</script>"
    doc["staff"][0]["unit"] = doc["posts"][0]["unit"] = 'R&D "lab"'
    doc["experts"][0]["id"] = "<b>mentor</b>"
    problem = tm.Problem.from_json(doc)
    mentors = tm.pair_mentors(problem)
    assert [a["staff"] for a in mentors.assignments] == ["<script>alert(1)</script>"]
    for html_text in (mentors.to_html(), mentors._repr_html_()):
        assert "<script" not in html_text and "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
        assert "<b>" not in html_text and "&lt;b&gt;mentor&lt;/b&gt;" in html_text
        assert "R&amp;D &quot;lab&quot;" in html_text
    assert "<script>alert(1)</script>" in mentors.to_table()  # the terminal shows text as it is
    # The goal no mentor teaches is the recruiting brief, in every form.
    assert [g["skill"] for g in mentors.uncovered] == ["med.urology"]
    assert "<code>med.urology</code>" in mentors._repr_html_()
    assert re.search(r"^  med\.urology\s+泌尿外科\s+3\s+2\s+1\s+1  s-li$", mentors.to_table(), re.M)


def demo_report(tmp_path: pathlib.Path) -> pathlib.Path:
    """The combined report `talentmatch demo --format html` writes (the command; skipped where not installed)."""
    from test_cli import run

    out = tmp_path / "demo.html"
    r = run("demo", "--format", "html", "-o", str(out))
    assert r.returncode == 0, r.stderr
    return out


def test_the_demo_report_holds_the_three_plans(fuyun_pairings, tmp_path):
    posts, mentors, placements = fuyun_pairings
    text = demo_report(tmp_path).read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count('<h2 class="tm-part">') == 3
    assert "<title>Talent match report: the Fuyun scenario</title>" in text
    for p in (posts, mentors, placements):
        assert f'<span class="tm-objective">{p.objective:.10g}</span>' in text
    # The posts part is the posts report's sections, one level down.
    assert "<h3>Fill rate and value by department</h3>" in text and "<h2>" not in text
    assert_no_external_reference(text)


@needs_chromium
def test_the_pairing_and_demo_reports_render_in_headless_chromium(fuyun_pairings, tmp_path):
    posts, mentors, placements = fuyun_pairings
    report = tmp_path / "mentors.html"
    mentors.to_html(report)
    dom, requests, console = chromium(report.as_uri(), "--dump-dom", tmp=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert f'<span class="tm-objective">{mentors.objective:.10g}</span>' in dom.stdout
    for a in mentors.assignments:
        assert f"<code>{a['staff']}</code>" in dom.stdout, a["staff"]
    assert requests == [] and console == [], (requests, console)

    demo = demo_report(tmp_path)
    dom, requests, console = chromium(demo.as_uri(), "--dump-dom", tmp=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('<h2 class="tm-part">') == 3
    for p in (posts, mentors, placements):
        assert f'<span class="tm-objective">{p.objective:.10g}</span>' in dom.stdout
    for a in placements.assignments:
        assert f"<code>{a['host']}</code>" in dom.stdout, a["host"]
    assert requests == [] and console == [], (requests, console)

    # Screenshots that are not blank: the pairing's bars (#2f6f9f, staff paired by unit) and the demo's chart.
    for url in (report.as_uri(), demo.as_uri()):
        shot = tmp_path / "shot.png"
        taken, requests, console = chromium(url, f"--screenshot={shot}", "--window-size=1200,2000", tmp=tmp_path)
        assert taken.returncode == 0 and shot.exists(), taken.stderr[-2000:]
        assert requests == [] and console == [], (requests, console)
        pixels = png_pixels(shot.read_bytes())[:, :, :3].astype(np.int32)
        differs = np.any(np.abs(pixels - pixels[5, 5]) > 16, axis=2)
        assert differs.mean() > 0.01, f"the screenshot of {url} is blank"
        bar = np.all(np.abs(pixels - np.array([0x2F, 0x6F, 0x9F])) <= 8, axis=2)
        assert bar.sum() > 200, f"no bar drawn in {url}"
        shot.unlink()
