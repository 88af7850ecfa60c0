"""Roster import: every bad row reported with its line, and nothing imported until the
whole file is right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from test_services_support import (
    COORDINATOR_SECRET,
    T0,
    audit_count,
    make_services,
    write_definitions,
)

from station.auth.permissions import Actor
from station.services import Conflict, InvalidInput, NotFound, StationServices
from station.services.roster import parse_roster
from station.storage.models import Candidate, ExamCandidate

HEADER = "candidate_id,family_name,given_name,email,group\n"


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[StationServices, Actor]]:
    services = make_services(tmp_path / "exam.db")
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    alpha, _ = write_definitions(tmp_path / "defs")
    for code in ("OSCE-1", "OSCE-2"):
        services.exams.create_exam(cora, code=code, title=code, starts_at=T0, stations=[str(alpha)])
    yield services, cora
    services.db.close()


def _write(tmp_path: Path, text: str | bytes, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _candidates(services: StationServices) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(Candidate)) or 0


def _problems(services: StationServices, cora: Actor, path: Path) -> list[str]:
    before = audit_count(services), _candidates(services)
    with pytest.raises(InvalidInput) as raised:
        services.roster.import_roster(cora, "OSCE-1", path)
    assert (audit_count(services), _candidates(services)) == before, "nothing may be imported"
    name = str(path)
    assert (
        str(raised.value).startswith(f"{name}: nothing was imported")
        or len(raised.value.problems) == 1
    )
    return [p.replace(name, path.name) for p in raised.value.problems]


def test_every_bad_row_is_reported_with_its_line(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    path = _write(
        tmp_path,
        HEADER
        + "C1,Doe,Jo,jo@example.org,A\n"  # line 2: fine
        + ",Roe,Al,,A\n"  # 3: empty id
        + "C1,Poe,Bo,,B\n"  # 4: duplicate of line 2
        + "C4,Moe,Cy,not-an-address,B\n"  # 5: bad email
        + "C5,Loe,Di\n"  # 6: too few values
        + "\n"  # 7: blank, skipped
        + 'C6,"Smith, Jr",Ed,,B\n'  # 8: a quoted comma is fine
        + "C7,,Fa,,B\n",  # 9: no family name
    )
    assert _problems(services, cora, path) == [
        "roster.csv:3: candidate_id is empty — give every candidate an id",
        "roster.csv:4: candidate_id 'C1' is also on line 2 — give each candidate their own id, "
        "or remove the repeated line",
        "roster.csv:5: email 'not-an-address' is not an email address — correct it, or leave "
        "the cell empty",
        "roster.csv:6: 3 values, but the header has 5 columns — check for a missing or extra "
        "comma (a value holding a comma must be in double quotes)",
        "roster.csv:9: family_name is empty — give the candidate's family name",
    ]


def test_non_utf8_lines_are_named(setup: tuple[StationServices, Actor], tmp_path: Path) -> None:
    services, cora = setup
    raw = (HEADER + "C1,Doe,Jo,,\nC2,Müller,Jö,,\nC3,Roe,Al,,\nC4,Zoë,Ann,,\n").encode("latin-1")
    problems = _problems(services, cora, _write(tmp_path, raw))
    assert [p.split(":")[1] for p in problems] == ["3", "5"]
    assert problems[0] == (
        "roster.csv:3: byte 0xfc at column 5 is not UTF-8 text (the file was saved in another "
        "encoding) — save it as 'CSV UTF-8' in the spreadsheet program and import it again"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "candidate_id,family_name,given_name,phone,room\nC1,Doe,Jo,1,2\n",
            "roster.csv:1: unknown columns 'phone', 'room' — the columns are candidate_id, "
            "family_name, given_name and optionally email and group; remove or rename the others",
        ),
        (
            "candidate_id,family_name\nC1,Doe\n",
            "roster.csv:1: the header lacks given_name — the first line must name the columns: "
            "candidate_id,family_name,given_name[,email,group]",
        ),
        (
            "candidate_id;family_name;given_name\nC1;Doe;Jo\n",
            "roster.csv:1: the values are separated by semicolons, not commas — save the file as "
            "'CSV UTF-8 (comma delimited)' and import it again",
        ),
        (
            "",
            "roster.csv: the file is empty — its first line names the columns "
            "(candidate_id,family_name,given_name[,email,group]), then one line per candidate",
        ),
        (
            "candidate_id,family_name,given_name\n\n",
            "roster.csv: there are no candidates under the header — add one per line",
        ),
        (
            'candidate_id,family_name,given_name\nC1,"Doe,Jo\n',
            "roster.csv:2: unexpected end of data — check the double quotes on this line (a "
            'quote inside a quoted value is written twice: "")',
        ),
    ],
    ids=["extra-columns", "missing-column", "semicolons", "empty", "no-rows", "open-quote"],
)
def test_file_level_problems(
    setup: tuple[StationServices, Actor], tmp_path: Path, text: str, expected: str
) -> None:
    services, cora = setup
    assert _problems(services, cora, _write(tmp_path, text)) == [expected]


def test_workbooks_and_utf16_are_recognised(tmp_path: Path) -> None:
    _, problems = parse_roster(b"PK\x03\x04rest of a zip", "r.xlsx")
    assert problems == [
        "r.xlsx: this is a spreadsheet workbook, not a CSV file — save it as 'CSV UTF-8' in "
        "the spreadsheet program and import it again"
    ]
    _, problems = parse_roster(HEADER.encode("utf-16"), "r.csv")
    assert problems[0].startswith("r.csv: the file is UTF-16 text, not UTF-8")


def test_bom_any_column_order_and_case(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    path = _write(
        tmp_path,
        "\ufeff Given_Name ,GROUP,candidate_id,family_name\r\n"
        "Jo,A,C1,Doe\r\n"
        'Al,,C2,"O\'Neil, the second"\r\n',
    )
    result = services.roster.import_roster(cora, "OSCE-1", path)
    assert result.added == ("C1", "C2") and result.enrolled == ("C1", "C2")
    with services.db.read() as session:
        rows = {c.candidate_number: c for c in session.scalars(select(Candidate))}
    assert (rows["C1"].family_name, rows["C1"].given_name, rows["C1"].group_name) == (
        "Doe",
        "Jo",
        "A",
    )
    assert rows["C2"].family_name == "O'Neil, the second" and rows["C2"].email is None


def test_reimport_same_data_is_fine_other_data_is_a_row_error(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    first = _write(tmp_path, HEADER + "C1,Doe,Jo,jo@example.org,A\nC2,Roe,Al,,\n", "a.csv")
    services.roster.import_roster(cora, "OSCE-1", first)
    again = services.roster.import_roster(cora, "OSCE-1", first)
    assert again.added == () and again.enrolled == () and again.already_enrolled == ("C1", "C2")
    # The same candidates entered for another exam: no new candidate rows.
    other = services.roster.import_roster(cora, "OSCE-2", first)
    assert other.added == () and other.enrolled == ("C1", "C2")
    assert _candidates(services) == 2

    changed = _write(
        tmp_path, HEADER + "C3,New,Person,,\nC1,Doe,Joanna,jo@example.org,A\n", "b.csv"
    )
    assert _problems(services, cora, changed) == [
        "b.csv:3: candidate 'C1' is already in the database as Doe, Jo <jo@example.org> "
        "(group A), not Doe, Joanna <jo@example.org> (group A) — use the stored details, or "
        "give this person another id"
    ]
    with services.db.read() as session:
        enrolled = session.scalar(select(func.count()).select_from(ExamCandidate))
    assert enrolled == 4 and _candidates(services) == 2  # C3 was not imported either


def test_missing_file_unknown_exam_and_closed_exam(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    with pytest.raises(NotFound, match="no such file — check the path of the roster"):
        services.roster.import_roster(cora, "OSCE-1", tmp_path / "absent.csv")
    path = _write(tmp_path, HEADER + "C1,Doe,Jo,,\n")
    with pytest.raises(NotFound, match="no exam with the code 'NOPE'; exams: OSCE-1, OSCE-2"):
        services.roster.import_roster(cora, "NOPE", path)
    services.roster.import_roster(cora, "OSCE-1", path)
    services.exams.open_exam(cora, "OSCE-1")
    services.exams.close_exam(cora, "OSCE-1")
    with pytest.raises(Conflict, match="closed"):
        services.roster.import_roster(cora, "OSCE-1", path)


def test_audit_names_candidates_by_id_only(
    setup: tuple[StationServices, Actor], tmp_path: Path
) -> None:
    services, cora = setup
    services.roster.import_roster(
        cora, "OSCE-1", _write(tmp_path, HEADER + "C1,Zebedee,Quentin,q@x.org,\n")
    )
    from station.storage.models import AuditEntry

    with services.db.read() as session:
        texts = [
            f"{e.old_json} {e.new_json} {e.reason}" for e in session.scalars(select(AuditEntry))
        ]
    assert not any("Zebedee" in t or "Quentin" in t or "q@x.org" in t for t in texts)
    assert services.results.verify_audit(cora).ok


def test_the_rows_and_their_audit_entries_are_prepared_outside_the_write_lock(
    setup: tuple[StationServices, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Other stations wait for the write lock: an import holds it only to insert what
    was worked out (hashes included) before, and the chain it writes still verifies."""
    from station.services import roster
    from station.storage.audit import PreparedEntry

    services, cora = setup
    prepared_inside: list[bool] = []
    real = roster.prepare_entries  # type: ignore[attr-defined]

    def watched(key: bytes, entries: list[dict[str, object]]) -> list[PreparedEntry]:
        prepared_inside.append(bool(getattr(services.db._local, "writing", False)))
        return real(key, entries)

    monkeypatch.setattr(roster, "prepare_entries", watched)
    rows = "".join(f"C{n},Family {n},Given {n},c{n}@example.org,G\n" for n in range(50))
    result = services.roster.import_roster(cora, "OSCE-1", _write(tmp_path, HEADER + rows))
    assert len(result.added) == 50 and len(result.enrolled) == 50
    assert prepared_inside == [False]
    assert services.results.verify_audit(cora).ok


def test_a_roster_changed_meanwhile_is_checked_again_inside_the_write(
    setup: tuple[StationServices, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program enters candidate C1 with other details after the import worked
    out its rows: the import notices, checks again under the lock and refuses the row,
    storing nothing (never a half import, never an integrity error)."""
    from station.services import roster

    services, cora = setup
    path = _write(tmp_path, HEADER + "C1,Doe,Jo,,\nC2,Roe,Al,,\n", "mine.csv")
    other = _write(tmp_path, HEADER + "C1,Poe,Bo,,\n", "other.csv")
    real = roster.RosterServices._plan
    calls: list[bool] = []
    racing: list[bool] = []

    def plan_then_race(self: roster.RosterServices, *args: object, **kw: object) -> object:
        if not racing:
            calls.append(bool(getattr(services.db._local, "writing", False)))
            if len(calls) == 1:  # between the snapshot and the write
                racing.append(True)
                services.roster.import_roster(cora, "OSCE-2", other)
                racing.clear()
        return real(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(roster.RosterServices, "_plan", plan_then_race)
    with pytest.raises(InvalidInput) as raised:
        services.roster.import_roster(cora, "OSCE-1", path)
    assert calls == [False, True]
    assert raised.value.problems == [
        f"{path}:2: candidate 'C1' is already in the database as Poe, Bo, not Doe, Jo — use "
        "the stored details, or give this person another id"
    ]
    with services.db.read() as session:
        numbers = set(session.scalars(select(Candidate.candidate_number)))
    assert numbers == {"C1"}
    assert services.results.verify_audit(cora).ok
