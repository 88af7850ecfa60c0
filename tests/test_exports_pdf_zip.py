"""The ``pdf-zip`` export: every candidate's feedback report in one zip file, written
only after the results are released unless drafts are asked for."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from pypdf import PdfReader
from sqlalchemy import select

from station import cli
from station.auth.permissions import Actor
from station.commands import session as cli_session
from station.demo import DB_NAME, DemoConfig, DemoResult
from station.services import Conflict, StationServices
from station.storage import open_database
from station.storage.models import AuditEntry

CHEAP = PasswordHasher.from_parameters(CHEAPEST)


@pytest.fixture(scope="module")
def built(demo_copy: DemoCopy) -> DemoResult:
    return demo_copy(DemoConfig(seed=2, candidates=6, result_files=False))


@pytest.fixture
def folder(built: DemoResult, tmp_path: Path) -> Path:
    copy = tmp_path / "exam"
    shutil.copytree(built.folder, copy)
    return copy


@pytest.fixture
def services(folder: Path) -> Iterator[StationServices]:
    with open_database(folder / DB_NAME, create=False) as db:
        yield StationServices(db, password_hasher=CHEAP)


@pytest.fixture
def coordinator(services: StationServices, built: DemoResult) -> Actor:
    return services.identity.authenticate(built.coordinator.username, built.coordinator.secret)


def _numbers(services: StationServices, actor: Actor, code: str) -> list[str]:
    return [o.candidate_number for o in services.release.exam_outcomes(actor, code)]


def test_reports_are_refused_before_release_and_zipped_after(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    out = tmp_path / "reports.zip"
    with pytest.raises(Conflict, match="not released yet"):
        services.exports.export_results(coordinator, built.exam_code, "pdf-zip", out)
    assert not out.exists()

    stations = services.exports.export_data(coordinator, built.exam_code).stations
    services.release.adopt_standard(
        coordinator,
        built.exam_code,
        method="brm",
        sem_multiplier=1.0,
        station_cuts={s.key: 50.0 for s in stations},
        cut_score=50.0,
        pass_mark=52.0,
    )
    services.release.release_results(coordinator, built.exam_code)
    done: list[tuple[int, int]] = []
    written = services.exports.export_results(
        coordinator, built.exam_code, "pdf-zip", out, progress=lambda d, t: done.append((d, t))
    )

    numbers = _numbers(services, coordinator, built.exam_code)
    assert written.rows == len(numbers) == built.candidates
    assert done and done[-1] == (len(numbers), len(numbers))
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == [f"{built.exam_code}/{n}.pdf" for n in numbers]
        for name, number in zip(names, numbers, strict=True):
            reader = PdfReader(io.BytesIO(archive.read(name)))
            text = "".join(page.extract_text() or "" for page in reader.pages)
            assert number in text
            assert "DRAFT" not in text.upper()
    with services.db.read() as session:
        entry = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "results.export")
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        ).one()
    assert json.loads(entry.new_json or "") == {
        "format": "pdf-zip",
        "rows": built.candidates,
        "file": "reports.zip",
        "draft": False,
    }
    assert services.results.verify_audit(coordinator).ok


def test_the_command_writes_drafts_before_release(
    built: DemoResult,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_PIN", built.coordinator.secret)
    out = tmp_path / "drafts.zip"
    base = ["--db", str(folder / DB_NAME), "--user", built.coordinator.username]
    command = [*base, "results", "export", "--exam", built.exam_code, "--format", "pdf-zip"]

    assert cli.main([*command, "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert "not released yet" in captured.err and "Traceback" not in captured.err
    assert not out.exists()

    code = cli.main([*command, "--out", str(out), "--draft"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"{built.candidates} reports of exam {built.exam_code} written to" in captured.out
    with zipfile.ZipFile(out) as archive:
        assert len(archive.namelist()) == built.candidates
        first = PdfReader(io.BytesIO(archive.read(archive.namelist()[0])))
        assert "DRAFT" in "".join(p.extract_text() or "" for p in first.pages).upper()
