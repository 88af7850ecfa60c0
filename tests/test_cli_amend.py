"""``skillstation results amend``: a coordinator changes a submitted encounter, with a
reason, and sees the earlier and new values and the result as it now stands."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from test_cli_core import (  # noqa: F401 (db_path and staffed are fixtures)
    _as,
    db_path,
    mark_c1_at_alpha,
    run,
    staffed,
)
from test_services_support import CHEAP_HASHER, COORDINATOR_SECRET, EXAMINER_PIN

from assessments.scoring import MarkValue
from station.services import StationServices
from station.storage import open_database


@pytest.fixture
def submitted(
    staffed: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> Iterator[str]:
    """eli's submitted encounter with C1 at alpha of the open exam OSCE-1: 7 of 7
    points (100 %), grade 2 (Pass), a pass. Signed in as cora."""
    assert run(capsys, "--user", "cora", "exam", "open", "--exam", "OSCE-1")[0] == 0
    yield mark_c1_at_alpha(staffed, comment="Good communication.")


def _amend(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, str, str]:
    return run(
        capsys,
        "--user",
        "cora",
        "results",
        "amend",
        "--exam",
        "OSCE-1",
        "--station",
        "alpha",
        "--candidate",
        "C1",
        *options,
    )


def _audit_rows(path: Path, action: str) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(path)) as connection:
        return [
            (str(actor), str(table), str(reason))
            for actor, table, reason in connection.execute(
                "SELECT actor_name, table_name, reason FROM audit_log WHERE action = ? "
                "ORDER BY seq",
                (action,),
            )
        ]


def test_a_coordinator_amends_and_sees_earlier_and_new_values(
    submitted: str,
    staffed: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _amend(
        capsys,
        "--mark", "a1=not_done", "--mark", "a2=not done",
        "--grade", "1", "--comment", "Reviewed on video.",
        "--reason", "video review: no greeting",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"amended encounter {submitted}: candidate C1 at station alpha of exam OSCE-1, "
        "marked by eli; reason: video review: no greeting",
        "  item a1: done → not_done",
        "  item a2: done → not_done",
        "  global grade: 3 Pass → 2 Borderline",
        "  feedback comment: 'Good communication.' → 'Reviewed on video.'",
        # 7 points less a1 (1) and a2 (2): 4 of 7 = 57.1 %, under the pass mark of 60 %.
        "  station result: pass 100.0 % → fail 57.1 % (57.1 % is below the pass mark of 60.0 %)",
        "  exam result of candidate C1: incomplete → incomplete",
    ]
    # The same encounter named by its id; a private note.
    code, out, err = run(
        capsys, "--user", "cora", "results", "amend", "--encounter", submitted,
        "--comment", "Seen again.", "--private", "--reason", "second look",
    )  # fmt: skip
    assert code == 0, err
    assert "  private note: (none) → 'Seen again.'" in out.splitlines()

    # Audited, each row with the reason; the audit trail still verifies.
    rows = [r for r in _audit_rows(staffed, "insert") if r[0] == "cora" and r[2] != "None"]
    assert ("cora", "item_marks", "video review: no greeting") in rows
    assert ("cora", "grade_entries", "video review: no greeting") in rows
    assert ("cora", "comment_entries", "second look") in rows
    code, out, _ = run(capsys, "--user", "cora", "audit", "verify")
    assert code == 0 and out.startswith("audit log OK")


def test_the_reason_is_required(submitted: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _amend(capsys, "--mark", "a1=not_done")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "skillstation results amend: error: the following arguments are required: --reason"
    )
    code, out, err = _amend(capsys, "--mark", "a1=not_done", "--reason", "  ")
    assert (code, out) == (1, "")
    assert err == (
        "skillstation: error: coordinator 'cora' may not amend a submitted encounter: a "
        "reason must be given (it is kept in the audit trail).\n"
    )


def test_an_examiner_is_refused(
    submitted: str,
    staffed: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _audit_rows(staffed, "insert")
    _as(monkeypatch, EXAMINER_PIN)
    code, out, err = run(
        capsys, "--user", "eli", "results", "amend", "--encounter", submitted,
        "--mark", "a1=not_done", "--reason", "I changed my mind",
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err.startswith(
        "skillstation: error: examiner 'eli' may not amend a submitted encounter: only "
        "coordinators may do this"
    )
    assert len(err.splitlines()) == 1
    assert _audit_rows(staffed, "insert") == before
    _as(monkeypatch, COORDINATOR_SECRET)


def test_bad_input_says_what_is_wrong_and_changes_nothing(
    submitted: str,
    staffed: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = _audit_rows(staffed, "insert")
    # An unknown item, after a good one: nothing of the amendment is kept.
    code, out, err = _amend(capsys, "--mark", "a1=not_done", "--mark", "zz=done", "--reason", "x")
    assert (code, out) == (1, "")
    assert err == (
        "skillstation: error: station 'alpha' (version 1) has no item 'zz'; its items are: "
        "a1, a2, a3, a4, a5\n"
    )
    code, _, err = _amend(capsys, "--mark", "a3=9", "--reason", "x")
    assert code == 1 and len(err.splitlines()) == 1 and "a3" in err
    code, _, err = _amend(capsys, "--grade", "7", "--reason", "x")
    assert code == 1 and "is not on the global rating (0 = Fail, 1 = Borderline" in err
    code, _, err = _amend(capsys, "--reason", "x")
    assert (code, err) == (
        1,
        "skillstation: error: nothing to amend: give an item and its value, a grade, or a "
        "comment\n",
    )
    code, _, err = _amend(capsys, "--mark", "a1", "--reason", "x")
    assert code == 2
    assert err.splitlines()[-1].endswith(
        "argument --mark: 'a1' is not ITEM=VALUE; write e.g. hand-hygiene=done or empathy=4"
    )
    code, _, err = run(
        capsys, "--user", "cora", "results", "amend", "--exam", "OSCE-1", "--candidate", "C1",
        "--grade", "1", "--reason", "x",
    )  # fmt: skip
    assert (code, err) == (
        2,
        "skillstation: error: name the encounter: give --encounter ID, or --exam, --station "
        "and --candidate (missing: --station)\n",
    )
    code, _, err = run(
        capsys, "--user", "cora", "results", "amend", "--exam", "OSCE-1", "--station", "alpha",
        "--candidate", "C2", "--grade", "1", "--reason", "x",
    )  # fmt: skip
    assert (code, err) == (
        1,
        "skillstation: error: candidate C2 has no submitted encounter at station alpha of "
        "exam OSCE-1; check the candidate's number and the station's key\n",
    )
    assert _audit_rows(staffed, "insert") == before


def test_a_double_marked_station_needs_the_examiner(
    submitted: str,
    staffed: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_database(staffed) as db:
        services = StationServices(db, password_hasher=CHEAP_HASHER)
        cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
        services.identity.add_user(cora, "ann", "Dr Ann", "examiner", EXAMINER_PIN)
        services.exams.assign_examiner(cora, "OSCE-1", "alpha", "ann")
        ann = services.identity.authenticate("ann", EXAMINER_PIN)
        second = services.encounters.check_in(ann, "OSCE-1", "alpha", "C1", marker="second").id
        services.encounters.mark_item(ann, second, "a1", MarkValue.DONE, t_s=8.0)
        services.encounters.submit(ann, second, allow_incomplete=True)
    code, out, err = _amend(capsys, "--grade", "1", "--reason", "x")
    assert (code, out) == (1, "")
    assert err == (
        "skillstation: error: candidate C1 was marked at station alpha by eli, ann; add "
        "--examiner to say whose marking is amended\n"
    )
    code, out, err = _amend(capsys, "--examiner", "ann", "--grade", "1", "--reason", "x")
    assert code == 0, err
    assert out.startswith(f"amended encounter {second}: ") and "marked by ann;" in out
