"""The files handed on after an exam (station/exports/bundle.py): standard set, results
released, candidate and exam reports, and the workbook. The demonstration exam ends with
them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from openpyxl import load_workbook
from pypdf import PdfReader

from station.demo import DB_NAME, DemoConfig, DemoResult, build_demo
from station.exports.bundle import EXAM_REPORT_NAME, REPORTS_DIR, WORKBOOK_NAME, write_result_files
from station.services import StationServices
from station.storage import open_database

CHEAP = PasswordHasher.from_parameters(CHEAPEST)


@pytest.fixture(scope="module")
def built(demo_copy: DemoCopy) -> DemoResult:
    """The full demonstration, with its result files."""
    return demo_copy(DemoConfig(seed=3))


def _pdfs(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / REPORTS_DIR).glob("*.pdf"))


def test_the_demo_ends_released_with_reports_and_a_workbook(built: DemoResult) -> None:
    folder = built.folder
    names = _pdfs(folder)
    assert EXAM_REPORT_NAME in names
    assert len(names) == built.candidates + 1
    for name in names:
        reader = PdfReader(folder / REPORTS_DIR / name)
        text = "".join(page.extract_text() or "" for page in reader.pages)
        assert "DRAFT" not in text.upper()  # released, so final reports
    book = load_workbook(folder / WORKBOOK_NAME)
    assert book.sheetnames[0] == "Summary"
    about = {row[0].value: row[1].value for row in book["About"].iter_rows(min_row=2)}
    assert about["standard_method"] == "brm"
    assert about["results_released_at"] is not None
    with open_database(built.database, create=False) as db:
        services = StationServices(db, password_hasher=CHEAP)
        actor = services.identity.authenticate(built.coordinator.username, built.coordinator.secret)
        standard = services.release.standard(actor, built.exam_code)
        assert standard is not None
        assert about["pass_mark_pct"] == pytest.approx(standard.pass_mark)
        assert services.release.results_released_at(actor, built.exam_code) is not None
    assert built.audit.ok


def test_writing_again_keeps_the_release_and_replaces_the_reports(
    built: DemoResult, tmp_path: Path
) -> None:
    folder = tmp_path / "exam"
    shutil.copytree(built.folder, folder)
    (folder / REPORTS_DIR / "C-999.pdf").write_bytes(b"an earlier run's report")
    said: list[str] = []
    with open_database(folder / DB_NAME, create=False) as db:
        services = StationServices(db, password_hasher=CHEAP)
        actor = services.identity.authenticate(built.coordinator.username, built.coordinator.secret)
        before = services.release.standard(actor, built.exam_code)

        files = write_result_files(services, actor, built.exam_code, folder, say=said.append)

        assert files.note is None
        assert files.standard == before  # already released: the standard stands
        assert services.results.verify_audit(actor).ok
    assert not any("releasing" in line for line in said)
    assert _pdfs(folder) == sorted([*(p.name for p in files.reports), EXAM_REPORT_NAME])
    assert len(files.reports) == built.candidates


@pytest.mark.slow
def test_without_a_standard_the_reports_are_drafts(tmp_path: Path) -> None:
    # Two candidates are too few for a regression: no standard, so drafts.
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SKILLSTATION_AUDIT_KEY_FILE", raising=False)
        demo = build_demo(
            tmp_path / "small",
            DemoConfig(seed=9, candidates=2, stations=("iv-cannulation",), double_marked=0),
            password_hasher=CHEAP,
        )
    names = _pdfs(demo.folder)
    assert len(names) == 3
    text = "".join(
        p.extract_text() or "" for p in PdfReader(demo.folder / REPORTS_DIR / names[0]).pages
    )
    assert "DRAFT" in text.upper()
    with open_database(demo.database, create=False) as db:
        services = StationServices(db, password_hasher=CHEAP)
        actor = services.identity.authenticate(demo.coordinator.username, demo.coordinator.secret)
        assert services.release.standard(actor, demo.exam_code) is None
        assert services.release.results_released_at(actor, demo.exam_code) is None
