"""``skillstation media ...`` end to end: a real database with an exam day, a real
recording of the simulated camera, and the commands run as each role."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from test_services_media import consented_recording, finish, record
from test_services_support import (
    CHEAP_HASHER,
    COORDINATOR_SECRET,
    EXAMINER_PIN,
    T0,
    World,
    build_world,
)

from assessments.scoring import MarkValue
from common.clock import SystemClock
from station import cli
from station.commands import session as cli_session


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP_HASHER)
    built = build_world(tmp_path / "world")
    try:
        yield built
    finally:
        built.close()


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    world: World,
    user: str,
    *args: str,
) -> tuple[int, str, str]:
    secret = COORDINATOR_SECRET if user == "cora" else EXAMINER_PIN
    monkeypatch.setenv("SKILLSTATION_PIN", secret)
    capsys.readouterr()
    code = cli.main(["--db", str(world.services.db.path), "--user", user, "media", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_consent_list_timeline_delete(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, world, "eli", "consent", world.draft, "--given",
                         "--refused")  # fmt: skip
    assert code == 2 and "give --given or --refused" in err
    code, out, _ = run(capsys, monkeypatch, world, "eli", "consent", world.draft, "--refused")
    assert (code, out) == (0, f"consent refused for encounter {world.draft}: it will not be "
                              "recorded\n")  # fmt: skip
    code, out, _ = run(capsys, monkeypatch, world, "eli", "consent", world.draft, "--given",
                       "--note", "form 12")  # fmt: skip
    assert code == 0 and "consent given" in out
    code, _, err = run(capsys, monkeypatch, world, "tom", "consent", world.draft, "--given")
    assert code == 1 and "only examiners assigned to the station and coordinators" in err
    assert "Traceback" not in err

    s = world.services
    assert s.media.consent(world.eli, encounter_id=world.draft).note == "form 12"  # type: ignore[union-attr]
    info = s.media.begin_recording(world.eli, encounter_id=world.draft)
    status = record(info, world.clock.now())
    world.clock.advance(2.5)
    s.encounters.mark_item(world.eli, world.draft, "a1", MarkValue.DONE, t_s=2.5)
    finish(s, world, info, status)

    code, out, _ = run(capsys, monkeypatch, world, "cora", "list", "--json")
    assert code == 0
    (listed,) = json.loads(out)["recordings"]
    assert listed["id"] == info.id and listed["frames"] == status.frames_written
    assert listed["candidate"] == "C1 Jo Doe" and listed["exam_code"] == "OSCE-1"
    code, out, _ = run(capsys, monkeypatch, world, "eli", "list", "--exam", "OSCE-1")
    assert code == 0 and info.id in out and "C1 Jo Doe" in out and "finished" in out
    code, out, _ = run(capsys, monkeypatch, world, "tom", "list")
    assert (code, out) == (0, "no recordings\n")

    code, out, _ = run(capsys, monkeypatch, world, "eli", "timeline", info.id, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["frames"] == status.frames_written and data["fps"] == pytest.approx(10)
    (event,) = data["events"]
    assert (event["kind"], event["label"]) == ("mark", "Greets the patient: done")
    assert data["segments"][0]["path"].endswith(f"{info.name}-001.avi")
    code, out, _ = run(capsys, monkeypatch, world, "eli", "timeline", info.id)
    assert code == 0 and "mark      Greets the patient: done" in out and "0:02." in out

    code, _, err = run(capsys, monkeypatch, world, "eli", "delete", info.id, "--reason", "x")
    assert code == 1 and "only coordinators may do this" in err
    code, _, err = run(capsys, monkeypatch, world, "cora", "delete", info.id)
    assert code == 2 and "--reason" in err
    code, out, _ = run(capsys, monkeypatch, world, "cora", "delete", info.id, "--reason",
                       "consent withdrawn")  # fmt: skip
    assert (code, out) == (0, f"deleted the files of recording {info.id}; its record is kept\n")
    assert not list(info.folder.glob(f"{info.name}-*"))
    code, _, err = run(capsys, monkeypatch, world, "cora", "timeline", info.id)
    assert code == 1 and "was deleted on" in err and "consent withdrawn" in err
    code, out, _ = run(capsys, monkeypatch, world, "cora", "list", "--deleted")
    assert "deleted" in out and "consent withdrawn" in out
    code, _, err = run(capsys, monkeypatch, world, "cora", "timeline", "nope")
    assert code == 1 and "there is no recording 'nope'" in err

    monkeypatch.setenv("SKILLSTATION_PIN", COORDINATOR_SECRET)
    assert cli.main(["--db", str(s.db.path), "--user", "cora", "audit", "verify"]) == 0


def test_retention_and_purge(
    world: World, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    info = consented_recording(world)  # begun on the exam day
    finish(world.services, world, info, record(info, world.clock.now(), frames=10))
    # The command line runs on the system clock: 45 days after the exam day.
    later = T0 + timedelta(days=45)
    monkeypatch.setattr(SystemClock, "now", lambda self: later)
    code, out, _ = run(capsys, monkeypatch, world, "cora", "retention")
    assert (code, out) == (0, "recordings are kept until they are deleted\n")
    code, out, _ = run(capsys, monkeypatch, world, "cora", "purge")
    assert (code, out) == (0, "0 recordings deleted\n")
    code, _, err = run(capsys, monkeypatch, world, "cora", "retention", "0")
    assert code == 2 and "too small" in err
    code, _, err = run(capsys, monkeypatch, world, "cora", "retention", "5", "--keep")
    assert code == 2 and "not both" in err
    code, _, err = run(capsys, monkeypatch, world, "eli", "retention", "30")
    assert code == 1 and "only coordinators may do this" in err
    code, out, _ = run(capsys, monkeypatch, world, "cora", "retention", "30")
    assert code == 0 and out.startswith("recordings are kept for 30 days")
    code, out, _ = run(capsys, monkeypatch, world, "cora", "purge")
    assert code == 0
    assert out.splitlines() == [
        f"deleted recording {info.id} of 2026-03-02 08:00 (C1 Jo Doe)",
        "1 recordings deleted",
    ]
    assert not list(info.folder.glob(f"{info.name}-*"))
    code, out, _ = run(capsys, monkeypatch, world, "cora", "retention", "--keep")
    assert (code, out) == (0, "recordings are kept until they are deleted\n")
