"""``skillstation practice run|list|trace`` and ``encounter trace``, end to end through
the command line, on a real database file and the simulated manikin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from station import cli
from station.commands import session as cli_session
from station.services import StationServices
from station.storage import open_database

COORDINATOR_PW = "Tarmac-gull-42"
TRAINEE_PIN = "482913"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with coordinator cora and trainees tia and tom."""
    monkeypatch.setattr(cli_session, "password_hasher", PasswordHasher.from_parameters(CHEAPEST))
    path = str(tmp_path / "station.db")
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", COORDINATOR_PW)
    assert (
        cli.main(["--db", path, "users", "add", "cora", "--role", "coordinator", "--name", "Cora"])
        == 0
    )
    monkeypatch.setenv("SKILLSTATION_PIN", COORDINATOR_PW)
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", TRAINEE_PIN)
    for name in ("tia", "tom"):
        args = ["--db", path, "--user", "cora", "users", "add", name, "--role", "trainee"]
        assert cli.main([*args, "--name", name.title()]) == 0
    return path


def _as(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("SKILLSTATION_PIN", secret)


def test_a_trainee_records_lists_and_exports_an_attempt(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _as(monkeypatch, TRAINEE_PIN)
    capsys.readouterr()
    device = "sim://cpr?profile=shallow&speed=50&seed=3"
    code = cli.main(
        ["--db", db, "--user", "tia", "practice", "run", "--device", device, "--seconds", "12"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "mean depth" in out and "saved: attempt" in out
    attempt = out.split("saved: attempt ")[1].split()[0]

    assert cli.main(["--db", db, "--user", "tia", "practice", "list"]) == 0
    listing = capsys.readouterr().out
    assert attempt in listing and "completed" in listing and "adult-cpr-aed" in listing

    trace = tmp_path / "attempt.csv"
    args = ["--db", db, "--user", "tia", "practice", "trace", attempt, "--out", str(trace)]
    assert cli.main(args) == 0
    capsys.readouterr()
    assert cli.main(["analyze-cpr", str(trace), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)

    with open_database(db, create=False) as database:
        services = StationServices(database)
        tia = services.identity.authenticate("tia", TRAINEE_PIN)
        details = services.practice.practice_attempt(tia, attempt)
    assert details.attempt.status == "completed"
    assert details.attempt.score == figures["score"]
    assert details.metrics["compressions"] == figures["compressions"] > 10
    assert details.metrics["mean_depth_mm"] == figures["mean_depth_mm"] < 50  # shallow
    assert details.details["cpr_profile"] == "adult"
    assert details.traces[0].sample_count == 12 * 200


def test_another_trainee_cannot_list_or_export_the_attempt(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _as(monkeypatch, TRAINEE_PIN)
    device = "sim://cpr?speed=50"
    run = ["--db", db, "--user", "tia", "practice", "run", "--device", device, "--seconds", "3"]
    assert cli.main(run) == 0
    attempt = capsys.readouterr().out.split("saved: attempt ")[1].split()[0]

    assert cli.main(["--db", db, "--user", "tom", "practice", "list"]) == 0
    assert "no practice attempts yet" in capsys.readouterr().out
    assert cli.main(["--db", db, "--user", "tom", "practice", "list", "--username", "tia"]) == 1
    assert "belongs to another user" in capsys.readouterr().err
    out = tmp_path / "stolen.csv"
    assert (
        cli.main(["--db", db, "--user", "tom", "practice", "trace", attempt, "--out", str(out)])
        == 1
    )
    assert "belongs to another user" in capsys.readouterr().err
    assert not out.exists()

    _as(monkeypatch, COORDINATOR_PW)
    assert cli.main(["--db", db, "--user", "cora", "practice", "list"]) == 0
    assert attempt in capsys.readouterr().out


def test_wrong_usage_and_unreachable_devices_are_one_line_errors(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _as(monkeypatch, TRAINEE_PIN)
    base = ["--db", db, "--user", "tia", "practice", "run"]
    assert cli.main([*base, "--device", "nonsense://x", "--seconds", "3"]) == 2
    assert "--device" in capsys.readouterr().err
    assert cli.main([*base, "--device", "sim://cpr", "--seconds", "0"]) == 2
    assert "above 0" in capsys.readouterr().err
    missing = str(tmp_path / "no-such-port")
    assert cli.main([*base, "--device", missing, "--seconds", "1"]) == 1
    err = capsys.readouterr().err
    assert "cannot open the device" in err and "abandoned" in err and "Traceback" not in err
    assert cli.main(["--db", db, "--user", "tia", "practice", "list"]) == 0
    assert "abandoned" in capsys.readouterr().out
    out = tmp_path / "t.csv"
    assert (
        cli.main(["--db", db, "--user", "tia", "encounter", "trace", "x", "--out", str(out)]) == 1
    )
    assert "there is no encounter 'x'" in capsys.readouterr().err
    assert not out.exists()
