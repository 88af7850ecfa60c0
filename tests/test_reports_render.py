"""The PDF renderers (reports/), on data made here: every report renders, reads back
with pypdf, says what it should (names in every script, scores, pass/fail, "page N of
M"), splits long tables with their header repeated, prints in the exam's language, and
the badges' QR codes decode with the camera check-in's detector."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import cv2
import pytest
from pypdf import PdfReader

from assessments.badges import BadgeCode, badge_payload, read_badge_payload
from assessments.definitions.library import load_library
from assessments.psychometrics import ResultRow, analyse_exam
from reports import (
    render_badges,
    render_blank_checklists,
    render_candidate_report,
    render_exam_report,
    render_practice_report,
    render_timetable,
)
from reports.i18n import CATALOGS, translator
from reports.model import (
    Badge,
    BadgeData,
    CandidateReportData,
    ChecklistData,
    Compression,
    CprData,
    ExaminerRow,
    ExamReportData,
    ItemLine,
    PracticeAttemptLine,
    PracticeReportData,
    RegressionData,
    ReportHeader,
    StationResult,
    TimetableData,
    TimetableLine,
    blank_checklist,
)

NAMES = {
    "accented": "Zoë Ångström-Núñez",
    "cyrillic": "Иван Петрович Сидоров",
    "arabic": "فاطمة الزهراء",
    "cjk": "王小明",
    "hangul": "박민준",  # as station.names writes a Korean name: family name first
}
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def header(lang: str = "en", *, draft: bool = False) -> ReportHeader:
    return ReportHeader("OSCE-2026-03", "Final-year OSCE", date(2026, 3, 3), lang, NOW, draft)


def text_of(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def _folded(text: str) -> str:
    """Text compared without white space (pypdf breaks lines between runs in
    different fonts) and with Arabic presentation forms folded to letters (NFKC)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def assert_names(pages: list[str], *names: str) -> None:
    whole = _folded("\n".join(pages))
    for name in names:
        assert _folded(name) in whole, name


def items(count: int) -> tuple[ItemLine, ...]:
    states = ("done", "partial", "not_done")
    return tuple(
        ItemLine(
            section="Preparation" if i < count // 2 else "Procedure",
            text=f"Checklist item {i:03d}",
            status=states[i % 3],  # type: ignore[arg-type]
            points=(1.0, 0.5, 0.0)[i % 3],
            max_points=1.0,
            critical=i == 1,
        )
        for i in range(count)
    )


def cpr() -> CprData:
    return CprData(
        50,
        60,
        100,
        120,
        (("Mean compression depth", "54.9 mm", "50–60 mm"),),
        tuple(Compression(i * 0.55, 52 + 6 * math.sin(i / 4), 110.0) for i in range(60)),
    )


def candidate(lang: str = "en", *, draft: bool = False, count: int = 12) -> CandidateReportData:
    stations = (
        StationResult(
            "adult-cpr-aed",
            "Adult CPR and AED",
            "pass",
            18,
            23,
            78.26,
            60,
            69.9,
            "Good",
            "Dr Ng",
            items(count),
            ("Compress a little deeper.",),
            cpr(),
        ),
        StationResult("iv-cannulation", "IV cannulation", "fail", 4, 10, 40.0, 55, 70.2),
        StationResult("who-hand-rub", "Hand rub", "absent"),
    )
    return CandidateReportData(
        header(lang, draft=draft),
        "C-007",
        " ".join(NAMES.values()),
        stations,
        59.13,
        "fail",
        60.0,
        73.0,
        1,
        2,
    )


# --------------------------------------------------------------------------- candidate


def test_candidate_report_prints_names_in_every_script_scores_and_outcomes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "c.pdf"
    render_candidate_report(candidate(), out)
    pages = text_of(out)
    assert_names(pages, *NAMES.values())
    whole = "\n".join(pages)
    assert "C-007" in whole
    assert "18.0 / 23.0" in whole and "78.3 %" in whole and "60.0 %" in whole
    assert "Compress a little deeper." in whole
    assert "pass" in whole and "fail" in whole and "absent" in whole
    assert "not done" in whole and "partial" in whole
    assert "Depth (mm)" in whole and "Rate (/min)" in whole  # the CPR charts' axes
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    assert "DRAFT" not in whole


def test_long_item_tables_split_across_pages_with_their_header_repeated(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    render_candidate_report(candidate(count=120), out)
    pages = text_of(out)
    holding = [i for i, page in enumerate(pages) if "Checklist item" in page]
    assert len(holding) >= 3
    for index in holding:
        assert "Status" in pages[index] and "Points" in pages[index]
    whole = "\n".join(pages)
    for i in range(120):  # every row is printed, once
        assert whole.count(f"Checklist item {i:03d}") == 1


def test_a_draft_says_so_on_every_page(tmp_path: Path) -> None:
    out = tmp_path / "draft.pdf"
    render_candidate_report(candidate(draft=True), out)
    pages = text_of(out)
    assert len(pages) >= 2
    for page in pages:
        assert "DRAFT — results not released" in page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ("Rapport de résultats du candidat", "Seuil de réussite", "Page 1 sur", "échec")),
        ("es", ("Informe de resultados del candidato", "Nota de aprobado", "Página 1 de")),
    ],
)
def test_candidate_report_prints_in_the_exam_language(
    tmp_path: Path, lang: str, words: tuple[str, ...]
) -> None:
    out = tmp_path / f"{lang}.pdf"
    render_candidate_report(candidate(lang, draft=True), out)
    whole = "\n".join(text_of(out))
    for word in words:
        assert word in whole
    assert "78,3 %" in whole  # the decimal comma


def test_every_catalog_translates_every_label() -> None:
    english = set(CATALOGS["fr"]) | set(CATALOGS["es"])
    assert set(CATALOGS["fr"]) == set(CATALOGS["es"]) == english
    assert translator("de")("Pass mark") == "Pass mark"  # unknown language: English
    assert translator("fr-CA")("Pass mark") == "Seuil de réussite"


# --------------------------------------------------------------------------- exam


def exam_data() -> ExamReportData:
    rows = []
    people = [f"C-{i:03d}" for i in range(1, 41)]
    for s, station in enumerate(("alpha-station", "beta-station", "gamma-station")):
        for c, number in enumerate(people):
            grade = (c + s) % 5
            score = 4 + grade * 1.3 + ((c * 7 + s) % 3) * 0.4
            rows.append(ResultRow(number, station, f"ex{c % 2}", score, 10, grade))
    stats = analyse_exam(rows, stations=["alpha-station", "beta-station", "gamma-station"])
    per: dict[str, list[tuple[float, float]]] = {}
    for r in rows:
        per.setdefault(r.station_id, []).append((float(r.global_grade or 0), r.score * 10))
    totals = [sum(r.score * 10 for r in rows if r.candidate_id == n) / 3 for n in people]
    return ExamReportData(
        header=header(),
        statistics=stats,
        station_titles=(
            ("alpha-station", "Alpha station"),
            ("beta-station", "Beta station"),
            ("gamma-station", "Gamma station"),
        ),
        distributions=tuple((k, tuple(p for _, p in v)) for k, v in per.items()),
        totals=tuple(totals),
        regressions=tuple(
            RegressionData(k, tuple(v), ("Fail", "Borderline", "Pass", "Good", "Excellent"))
            for k, v in per.items()
        ),
        examiners=(ExaminerRow("alpha-station", "ex0", 20, 60.0, 10.0, 2.0),),
        failing=(
            (
                "C-001",
                NAMES["cyrillic"],
                41.0,
                "overall 41.0 % is below the exam pass mark of 55.0 %",
            ),
        ),
        incomplete_candidates=(("C-099", NAMES["arabic"], ("gamma-station",)),),
    )


def test_exam_report_prints_the_statistics_charts_and_lists(tmp_path: Path) -> None:
    data = exam_data()
    out = tmp_path / "exam.pdf"
    render_exam_report(data, out)
    pages = text_of(out)
    whole = "\n".join(pages)
    assert data.statistics.exam.alpha is not None
    assert f"{data.statistics.exam.alpha:.3f}" in whole
    for title in ("Station metrics", "Score distributions", "Borderline regression"):
        assert title in whole
    assert "Examiner comparison" in whole and "Item analysis" not in whole
    assert "Alpha station" in whole and "Cut score" in whole
    assert "Global grade (step)" in whole and "Station score (%)" in whole
    assert_names(pages, NAMES["cyrillic"], NAMES["arabic"])
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


# --------------------------------------------------------------------------- practice


def test_practice_report_lists_attempts_and_trends(tmp_path: Path) -> None:
    attempts = tuple(
        PracticeAttemptLine(
            datetime(2026, 3, d, 9).astimezone(),
            "adult-cpr-aed",
            "Adult CPR",
            50.0 + d,
            "completed",
            (("mean_depth_mm", 40.0 + d), ("mean_rate_cpm", 100.0 + d)),
        )
        for d in range(1, 6)
    )
    data = PracticeReportData(
        header("fr"),
        "t.ivanova",
        NAMES["cyrillic"],
        attempts,
        (("Profondeur (mm)", "mean_depth_mm"),),
        StationResult("adult-cpr-aed", "Adult CPR", "pending", percent=55, cpr=cpr()),
    )
    out = tmp_path / "practice.pdf"
    render_practice_report(data, out)
    pages = text_of(out)
    whole = "\n".join(pages)
    assert_names(pages, NAMES["cyrillic"])
    assert "2026-03-05 09:00" in whole and "55,0 %" in whole and "terminée" in whole
    assert "Tentatives dans le temps" in whole and "Évolution: Profondeur (mm)" in whole
    assert "Dernière tentative" in whole


# --------------------------------------------------------------------------- sheets


def test_blank_checklists_have_a_row_and_boxes_for_every_item(tmp_path: Path) -> None:
    library = load_library()
    definitions = [d for d in library.values() if d.kind == "osce"]
    assert definitions
    for definition in definitions:
        sheet = blank_checklist(definition)
        assert sheet.item_count == len(definition.items())
        out = tmp_path / f"{definition.id}.pdf"
        render_blank_checklists(ChecklistData(header(), (sheet,)), out)
        whole = "\n".join(text_of(out))
        boxed = [i for i in definition.items() if i.type != "rating"]
        # Every item but a rating has exactly one "Not done" box.
        assert whole.count("Not done") == len(boxed)
        critical = sum(1 for i in definition.items() if i.critical)
        assert whole.count("◆") == critical + 1  # + the note explaining the mark
        assert sheet.title in whole.replace("\n", " ")


@pytest.mark.slow
def test_badges_carry_names_and_a_qr_code_the_check_in_camera_decodes(tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is missing: install poppler-utils (.ci/run does)")
    badges = tuple(Badge(f"C-{i:03d}", name, "A") for i, name in enumerate(NAMES.values(), start=1))
    out = tmp_path / "badges.pdf"
    render_badges(BadgeData(header(), badges), out)
    assert_names(text_of(out), *NAMES.values())
    detector = cv2.QRCodeDetector()
    for badge in badges:
        one = tmp_path / f"{badge.candidate_number}.pdf"
        render_badges(BadgeData(header(), (badge,)), one)
        prefix = tmp_path / badge.candidate_number
        subprocess.run(
            [pdftoppm, "-r", "150", "-png", "-singlefile", str(one), str(prefix)], check=True
        )
        image = cv2.imread(f"{prefix}.png")
        assert image is not None
        value, _points, _ = detector.detectAndDecode(image)
        assert value == badge_payload(header().exam_code, badge.candidate_number)
        assert read_badge_payload(value) == BadgeCode(badge.candidate_number, header().exam_code)


@pytest.mark.slow
def test_badges_fill_pages_of_eight(tmp_path: Path) -> None:
    badges = tuple(Badge(f"C-{i:03d}", f"Name {i}") for i in range(1, 18))
    out = tmp_path / "many.pdf"
    render_badges(BadgeData(header(), badges), out)
    pages = text_of(out)
    assert len(pages) == 3
    assert "C-008" in pages[0] and "C-009" in pages[1] and "C-017" in pages[2]


def test_timetable_has_a_row_per_slot_and_a_column_per_station(tmp_path: Path) -> None:
    rows = []
    stations = ("alpha", "beta", "gamma")
    for slot in range(3):
        start = datetime(2026, 3, 3, 8 + slot).astimezone()  # printed in local time
        for index, key in enumerate((*stations, None)):
            rows.append(
                TimetableLine(
                    0,
                    slot,
                    start,
                    start.replace(minute=50),
                    key,
                    f"C-{(index + slot) % 4 + 1:03d}",
                    list(NAMES.values())[(index + slot) % 4],
                )
            )
    out = tmp_path / "tt.pdf"
    render_timetable(TimetableData(header("es"), stations, tuple(rows)), out)
    pages = text_of(out)
    whole = "\n".join(pages)
    for text in ("Horario de rotaciones", "alpha", "gamma", "Descanso", "08:00–08:50"):
        assert text in whole
    assert "10:00–10:50" in whole
    assert_names(pages, NAMES["cjk"], NAMES["arabic"])


def test_a_missing_font_is_a_message_naming_the_package(tmp_path: Path) -> None:
    script = (
        "import reports.fonts as fonts\n"
        "fonts._DEJAVU_DIRS = ()\n"
        "from station.pdf_reports import check_fonts\n"
        "check_fonts()\n"
    )
    env = {**os.environ, "SKILLSTATION_FONT_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("station.errors.UserError: ")
    assert "apt-get install fonts-dejavu-core" in last and "SKILLSTATION_FONT_DIR" in last
