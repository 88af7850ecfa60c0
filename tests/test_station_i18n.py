"""Translations of the command line and service messages (station.i18n, station.locale)."""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from station import cli, i18n
from station.i18n import _
from station.locale import es, fr

STATION = Path(cli.__file__).resolve().parent
CATALOGS = {"fr": fr.MESSAGES, "es": es.MESSAGES}


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("SKILLSTATION_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    i18n.set_language(None)
    yield
    i18n.set_language(None)


def _message_ids() -> set[tuple[str, str]]:
    """Every literal passed to ``_()`` in station/: (message id, file:line)."""
    found: set[tuple[str, str]] = set()
    for path in sorted(STATION.rglob("*.py")):
        if "locale" in path.relative_to(STATION).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
            ):
                argument = node.args[0]
                # Texts held in tables (cli.COMMANDS, cli.GROUPS) are passed as
                # expressions; _cli_texts() checks those.
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add((argument.value, f"{path.relative_to(STATION)}:{node.lineno}"))
    return found


def _cli_texts() -> set[str]:
    """The command and group texts of the parser, translated at build time."""
    texts = {command.help for command in cli.COMMANDS}
    for help_text, _description in cli.GROUPS.values():
        texts.add(help_text)
        texts.add(_description)
    return texts


def _fields(template: str) -> list[str]:
    return sorted(
        str(field) for _text, field, _spec, _conv in string.Formatter().parse(template) if field
    )


def test_the_source_holds_translated_messages() -> None:
    assert len(_message_ids()) > 20


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_message_of_station_has_a_translation(language: str) -> None:
    catalog = CATALOGS[language]
    missing = sorted(where for message, where in _message_ids() if message not in catalog)
    assert not missing, f"no {language} translation for the messages at {missing}"


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_command_and_group_help_has_a_translation(language: str) -> None:
    missing = sorted(text for text in _cli_texts() if text not in CATALOGS[language])
    assert not missing, f"no {language} translation of {missing}"


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_translations_keep_the_placeholders(language: str) -> None:
    for message, translation in CATALOGS[language].items():
        assert _fields(translation) == _fields(message), (language, message)
        assert translation.strip(), (language, message)


def test_english_is_the_message_itself() -> None:
    i18n.set_language("en")
    assert _("create an exam") == "create an exam"
    assert _("a message nobody translated") == "a message nobody translated"


def test_set_language_translates_and_falls_back_to_english() -> None:
    i18n.set_language("fr")
    assert _("create an exam") == "créer un examen"
    assert _("a message nobody translated") == "a message nobody translated"
    i18n.set_language("es")
    assert _("create an exam") == "crear un examen"


def test_an_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        i18n.set_language("de")
    with pytest.raises(ValueError):
        i18n.set_language("fr_FR")


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LC_MESSAGES": "es_ES", "LANG": "fr_FR"}, "es"),
        ({"LC_ALL": "en_GB.UTF-8", "LC_MESSAGES": "fr_FR"}, "en"),
        ({"SKILLSTATION_LANG": "es", "LC_ALL": "fr_FR.UTF-8"}, "es"),
        ({"SKILLSTATION_LANG": "xx", "LANG": "fr_CA"}, "fr"),
    ],
)
def test_the_language_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    assert i18n.current_language() == expected


def test_set_language_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLSTATION_LANG", "es")
    i18n.set_language("fr")
    assert i18n.current_language() == "fr"
    i18n.set_language(None)
    assert i18n.current_language() == "es"


def test_help_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "fr", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : skillstation")
    assert "afficher ce message d'aide et quitter" in out
    assert "créer un examen" in out
    assert "toutes les commandes :" in out


def test_help_in_spanish_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert cli.main(["exam", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("uso: skillstation exam")
    assert "crear un examen" in out


def test_usage_errors_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang=fr", "exam", "create"]) == 2
    err = capsys.readouterr().err
    assert "skillstation exam create : erreur : les arguments suivants sont obligatoires" in err
    assert err.startswith("utilisation : ")


def test_english_help_and_errors_are_argparse_own(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["exam", "create"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: skillstation exam create")
    assert "skillstation exam create: error: the following arguments are required: " in err


def test_a_user_error_is_printed_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no-such-folder" / "schema.json"
    assert cli.main(["--lang", "fr", "schema", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"skillstation : erreur : impossible d'écrire le schéma dans {out} (")
    assert len(err.splitlines()) == 1


def test_a_command_s_output_is_in_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schema.json"
    assert cli.main(["--lang", "es", "schema", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"esquema escrito en {out}\n"
    assert out.read_text(encoding="utf-8").startswith("{")


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "de", "--help"]) == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err


def test_a_lang_option_after_the_command_is_the_command_s_own() -> None:
    assert cli._language_option(["--db", "x.db", "dry-run", "--lang", "fr"]) is None
    assert cli._language_option(["--db", "x.db", "--lang", "es", "demo"]) == "es"
    assert cli._language_option(["--lang=fr"]) == "fr"
    assert cli._language_option(["--lang", "de"]) is None


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_a_catalog_holds_each_message_once(language: str) -> None:
    path = STATION / "locale" / f"{language}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    keys = [
        key.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant)
    ]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"{path.name} repeats {duplicates}"


def test_a_missing_sign_in_is_explained_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SKILLSTATION_LANG", "es")
    assert cli.main(["--db", str(tmp_path / "none.db"), "users", "list"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert err.startswith("skillstation: error: ")
    assert ". Compruebe --db o SKILLSTATION_DB; una base de datos nueva se crea" in err
    assert not (tmp_path / "none.db").exists()


def test_a_stats_usage_error_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "fr", "stats"]) == 2
    assert capsys.readouterr().err == (
        "skillstation : erreur : indiquez un CSV de résultats ou --exam ID (par exemple "
        "`skillstation stats results.csv` ou `skillstation --user NOM stats --exam "
        "OSCE-2026-03`)\n"
    )


def test_validate_counts_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed\n", encoding="utf-8")
    assert cli.main(["--lang", "fr", "validate", str(broken)]) == 1
    assert capsys.readouterr().err == "1 problème dans 1 fichier ; 0 définitions valides\n"
