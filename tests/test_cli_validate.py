"""The command line: --version, validate, schema, and how errors reach the user."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from station import cli
from station._version import __version__
from station.cli import COMMANDS, build_parser, load_handler, log_dir, main
from station.errors import UserError

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "definitions"
GOOD = DATA / "good"
BAD = DATA / "bad"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"skillstation {__version__}\n"
    assert __version__ == "0.1.0"


def test_usage_errors_exit_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "required: COMMAND" in capsys.readouterr().err
    assert main(["validate"]) == 2
    assert "the following arguments are required: PATH" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_help_exits_with_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command.name in out


def test_every_declared_handler_can_be_imported() -> None:
    for command in COMMANDS:
        assert callable(load_handler(command.handler)), command.name


# --------------------------------------------------------------------------- validate


def test_validate_all_good(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(GOOD)]) == 0
    assert capsys.readouterr().out == "4 definitions valid\n"
    assert main(["validate", str(GOOD / "hand-rub.yaml")]) == 0
    assert capsys.readouterr().out == "1 definition valid\n"


def test_validate_prints_every_problem_sorted_then_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    several = BAD / "several-problems.yaml"
    assert main(["validate", str(BAD / "wrong-type.yaml"), str(GOOD), str(several)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        f"{BAD / 'several-problems.yaml'}:2:10: expected text for 'version', but YAML reads 1.0 "
        "as a number: put it in quotes: '1.0'",
        f"{several}:7:17: expected a number, got 'many'",
        f"{several}:15:9: unknown key 'wieght': did you mean 'weight'?",
        f"{several}:19:19: expected true or false, got 'maybe'",
        f"{several}:22:18: 'pass_mark_pct' must be at most 100, got 160",
        f"{BAD / 'wrong-type.yaml'}:6:13: expected a number, got 'abc'",
    ]
    assert captured.err == "6 problems in 2 files; 4 valid definitions\n"


def test_validate_a_missing_path_and_an_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nothing.yaml"), str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path}: this folder holds no station definitions (no *.yaml or *.yml files in it "
        "or its sub-folders): check the path",
        f"{tmp_path / 'nothing.yaml'}: no such file or folder: check the path",
    ]


def test_validate_a_binary_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD / "binary.yaml")]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"{BAD / 'binary.yaml'}: this is not a text file (it contains NUL bytes): a definition is "
        "a YAML text file saved as UTF-8; check that this is the right file\n"
    )
    assert captured.err == "1 problem in 1 file; 0 valid definitions\n"


# --------------------------------------------------------------------------- schema


def _schema(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('{\n  "$schema"'), "indented, $schema first"
    loaded: dict[str, Any] = json.loads(out)
    return loaded


def test_schema_is_json_with_dialect_and_title(capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "SkillStation station definition"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"id", "version", "kind", "title", "timing", "sections"}


@pytest.mark.parametrize("path", sorted(GOOD.glob("*.yaml")), ids=lambda p: p.name)
def test_good_samples_fit_the_schema(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    schema = _schema(capsys)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(schema["required"]) <= set(data)
    assert set(data) <= set(schema["properties"])
    # One level down: each item carries only the keys its type allows, and all it needs.
    defs = schema["$defs"]
    items_schema = defs["Section"]["properties"]["items"]["items"]
    mapping = items_schema["discriminator"]["mapping"]
    for section in data["sections"]:
        assert set(defs["Section"]["required"]) <= set(section)
        for item in section["items"]:
            item_schema = defs[mapping[item["type"]].rsplit("/", 1)[-1]]
            assert set(item) <= set(item_schema["properties"]), item["id"]
            assert set(item_schema.get("required", [])) <= set(item), item["id"]
    # And the schema rejects what the loader rejects: a misspelt top-level key.
    assert "titel" not in schema["properties"]


def test_schema_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "station.schema.json"
    assert main(["schema", "--output", str(target)]) == 0
    assert capsys.readouterr().err == f"schema written to {target}\n"
    assert (
        json.loads(target.read_text(encoding="utf-8"))["title"] == "SkillStation station definition"
    )


def test_schema_to_a_folder_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "schema.json"
    assert main(["schema", "-o", str(target)]) == 1
    assert capsys.readouterr().err == (
        f"skillstation: error: {target.parent}: the folder does not exist; create it or "
        "choose another\n"
    )


# --------------------------------------------------------------------------- errors


def _handler_raising(error: BaseException) -> Any:
    def handler(args: argparse.Namespace) -> int:
        raise error

    return handler


def test_user_error_is_printed_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        cli, "load_handler", lambda dotted: _handler_raising(UserError("no station 'x'"))
    )
    assert main(["validate", "x"]) == 1
    assert capsys.readouterr().err == "skillstation: error: no station 'x'\n"
    monkeypatch.setattr(
        cli, "load_handler", lambda dotted: _handler_raising(UserError("busy", exit_code=3))
    )
    assert main(["validate", "x"]) == 3


def test_interrupt_exits_with_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "load_handler", lambda dotted: _handler_raising(KeyboardInterrupt()))
    assert main(["validate", "x"]) == 130
    assert capsys.readouterr().err == "skillstation: interrupted\n"


def test_internal_error_is_logged_not_shown(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("SKILLSTATION_HOME", str(home))
    monkeypatch.setattr(
        cli, "load_handler", lambda dotted: _handler_raising(ZeroDivisionError("division by zero"))
    )
    assert main(["validate", "x"]) == 1
    err = capsys.readouterr().err
    logs = list((home / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    # A traceback may hold names and marks: private like the database.
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert stat.S_IMODE((home / "logs").stat().st_mode) == 0o700
    assert err == (
        "skillstation: internal error (ZeroDivisionError: division by zero). This is a bug in "
        "SkillStation, not a problem with your input. The full traceback was written to "
        f"{logs[0]}; please include that file when you report it.\n"
    )
    assert "Traceback" not in err
    saved = logs[0].read_text(encoding="utf-8")
    assert saved.startswith(f"skillstation {__version__} on Python ")
    assert "arguments: ['validate', 'x']" in saved
    assert "Traceback (most recent call last)" in saved and "ZeroDivisionError" in saved


def test_internal_error_when_the_log_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("SKILLSTATION_HOME", str(blocker))
    monkeypatch.setattr(cli, "load_handler", lambda dotted: _handler_raising(RuntimeError("boom")))
    assert main(["validate", "x"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "skillstation: internal error (RuntimeError: boom); the traceback could not be saved ("
    )
    assert err.endswith("Please report this, with the command you ran.\n")
    assert "Traceback" not in err


def test_log_dir_follows_skillstation_home_else_the_platform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    monkeypatch.setenv("SKILLSTATION_HOME", str(tmp_path))
    assert log_dir() == tmp_path / "logs"
    monkeypatch.delenv("SKILLSTATION_HOME")
    assert log_dir() == Path(platformdirs.user_log_dir("skillstation", appauthor=False))


def test_parser_declares_dry_run_arguments() -> None:
    args = build_parser().parse_args(["dry-run", "cpr", "--seed", "7", "--ability", "0.5", "-q"])
    assert (args.stations, args.seed, args.ability, args.lang, args.quiet) == (
        ["cpr"],
        7,
        0.5,
        None,
        True,
    )
    assert args.handler == "station.commands.dryrun:run"


# --------------------------------------------------------------------------- a real process


def test_real_process_version_and_validate_a_bad_file() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # -X importtime lists every module imported: --version must not load the heavy ones.
    version = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "station", "--version"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert version.returncode == 0
    assert version.stdout == f"skillstation {__version__}\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in version.stderr.splitlines()}
    for heavy in ("pydantic", "yaml", "sqlalchemy", "numpy", "PySide6"):
        assert heavy not in imported, f"--version imports {heavy}"

    bad = BAD / "unknown-item-type.yaml"
    validate = subprocess.run(
        [sys.executable, "-m", "station", "validate", str(bad)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert validate.returncode == 1
    assert validate.stdout == (
        f"{bad}:12:15: unknown item type 'checkbox': use one of binary, three_point, rating, "
        "timed, device\n"
    )
    assert "Traceback" not in validate.stdout + validate.stderr
