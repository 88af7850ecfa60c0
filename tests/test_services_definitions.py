"""Station definitions in the database: validated, frozen per version, bound by exams."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_services_support import (
    ALPHA_YAML,
    BETA_YAML,
    COORDINATOR_SECRET,
    T0,
    make_services,
    write_definitions,
)

import station.services.definitions as definitions_module
from station.auth.permissions import Actor
from station.services import Conflict, DefinitionRef, InvalidInput, NotFound, StationServices
from station.storage.models import Definition


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[StationServices, Actor]]:
    services = make_services(tmp_path / "exam.db")
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    yield services, cora
    services.db.close()


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled library of our own: alpha v1 (named by its id) and beta v2 (in a file
    named otherwise)."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(ALPHA_YAML, encoding="utf-8")
    (folder / "second-station.yml").write_text(BETA_YAML, encoding="utf-8")
    monkeypatch.setattr(definitions_module, "bundled_library_dir", lambda: folder)
    return folder


def _rows(services: StationServices) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(Definition)) or 0


def test_same_content_is_the_same_row_other_content_needs_a_new_version(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    alpha, _ = write_definitions(tmp_path / "defs")
    first = services.definitions.import_definition(cora, alpha)
    assert (first.station_key, first.version, first.created) == ("alpha", "1", True)
    # Comments and layout are not content.
    reformatted = "# a comment\n" + ALPHA_YAML.replace(
        "title: Alpha station", "title:  Alpha station"
    )
    again = services.definitions.import_definition(cora, reformatted)
    assert (again.id, again.created) == (first.id, False)

    services.exams.create_exam(cora, code="E1", title="E1", starts_at=T0, stations=["alpha"])
    changed = ALPHA_YAML.replace("Greets the patient", "Greets the patient by name")
    with pytest.raises(Conflict) as conflict:
        services.definitions.import_definition(cora, changed)
    assert str(conflict.value) == (
        "station 'alpha' version 1 is already stored with other content and used by exam E1; "
        'a stored version never changes, so bump the version (e.g. version: "2") and import '
        "it again"
    )
    bumped = services.definitions.import_definition(
        cora, changed.replace('version: "1"', 'version: "1.1"')
    )
    assert (bumped.version, bumped.created) == ("1.1", True)
    assert _rows(services) == 2
    # The exam still points at the version it was created with.
    assert services.exams.exam(cora, "E1").stations[0].version == "1"
    # A station id given to a new exam means the newest stored version.
    newer = services.exams.create_exam(
        cora, code="E2", title="E2", starts_at=T0, stations=["alpha"]
    )
    assert newer.stations[0].version == "1.1"
    pinned = services.exams.create_exam(
        cora, code="E3", title="E3", starts_at=T0, stations=[DefinitionRef("alpha", "1")]
    )
    assert pinned.stations[0].version == "1"
    assert [(d.station_key, d.version) for d in services.definitions.definitions(cora)] == [
        ("alpha", "1"),
        ("alpha", "1.1"),
    ]


def test_invalid_definitions_list_every_problem(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    path = tmp_path / "broken.yaml"
    path.write_text(
        ALPHA_YAML.replace("scale_max: 5", "scale_max: 50").replace("kind: osce", "kind: oske"),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as invalid:
        services.definitions.import_definition(cora, path)
    assert len(invalid.value.problems) == 2
    assert all(p.startswith(f"{path}:") for p in invalid.value.problems)
    assert str(invalid.value).startswith(f"{path} is not a valid station definition:")
    with pytest.raises(NotFound, match="no such file"):
        services.definitions.import_definition(cora, tmp_path / "missing.yaml")
    assert _rows(services) == 0


def test_bundled_library(setup: tuple[StationServices, Actor], library: Path) -> None:
    services, cora = setup
    beta = services.definitions.bundled_definition(cora, "beta")
    assert (beta.station_key, beta.version, beta.created) == ("beta", "2", True)
    assert not services.definitions.bundled_definition(cora, "beta").created
    with pytest.raises(NotFound, match="bundled stations: alpha, second-station"):
        services.definitions.bundled_definition(cora, "gamma")
    # An exam by station id imports the bundled version when it is the newest.
    exam = services.exams.create_exam(
        cora, code="E1", title="E1", starts_at=T0, stations=["alpha", "beta"]
    )
    assert [(s.station_key, s.version) for s in exam.stations] == [("alpha", "1"), ("beta", "2")]
    # A newer stored version wins over the bundled one.
    services.definitions.import_definition(cora, ALPHA_YAML.replace('version: "1"', 'version: "3"'))
    later = services.exams.create_exam(
        cora, code="E2", title="E2", starts_at=T0, stations=["alpha"]
    )
    assert later.stations[0].version == "3"


def test_create_exam_checks_its_input(setup: tuple[StationServices, Actor], tmp_path: Path) -> None:
    services, cora = setup
    alpha, beta = write_definitions(tmp_path / "defs")
    with pytest.raises(InvalidInput) as invalid:
        services.exams.create_exam(
            cora,
            code="bad code!",
            title="T",
            starts_at=datetime(2026, 3, 2, 8, 30),
            stations=[str(alpha)],
            language="english",
            pass_mark_pct=120,
            min_stations_passed=3,
        )
    assert len(invalid.value.problems) == 5
    assert "has no time zone" in str(invalid.value)
    with pytest.raises(InvalidInput, match="given more than once"):
        services.exams.create_exam(
            cora, code="E1", title="T", starts_at=T0, stations=[str(alpha), "alpha"]
        )
    with pytest.raises(NotFound, match="no station 'gamma'"):
        services.exams.create_exam(cora, code="E1", title="T", starts_at=T0, stations=["gamma"])
    services.exams.create_exam(cora, code="E1", title="T", starts_at=T0, stations=[str(beta)])
    with pytest.raises(Conflict, match="already an exam with the code 'E1'"):
        services.exams.create_exam(cora, code="E1", title="T", starts_at=T0, stations=[str(beta)])
    with pytest.raises(Conflict, match="no candidates"):
        services.exams.open_exam(cora, "E1")
    assert services.results.verify_audit(cora).ok
