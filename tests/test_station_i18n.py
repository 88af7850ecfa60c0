"""Translations of the command line and service messages (station.i18n, station.locale)."""

from __future__ import annotations

import argparse
import ast
import json
import re
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
    assert err.startswith(f"skillstation : erreur : {out.parent} : le dossier n'existe pas")
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


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every parser of its commands, depth first."""
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def _option_texts() -> set[str]:
    """The description of every command and the help of every argument, in English."""
    texts = {command.description for command in cli.COMMANDS}
    for parser in _parsers(cli.build_parser()):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{parser.prog}: {action.option_strings or action.dest} has no help"
            if action.help != argparse.SUPPRESS:
                texts.add(action.help)
    return texts


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_option_and_description_has_a_translation(language: str) -> None:
    missing = sorted(text for text in _option_texts() if text not in CATALOGS[language])
    assert not missing, f"no {language} translation of {missing}"


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_command_help_is_in_the_language(language: str) -> None:
    english = _option_texts()
    i18n.set_language(language)
    for parser in _parsers(cli.build_parser()):
        text = parser.format_help()  # a stray % in a translation would raise here
        assert parser.description is None or parser.description not in english
        for action in parser._actions:
            assert action.help not in english, (parser.prog, action.help)
        assert "usage: " not in text and "positional arguments" not in text, parser.prog


def test_a_command_s_help_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "fr", "results", "standard-set", "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the lines
    assert out.startswith("utilisation : skillstation results standard-set")
    assert "Calculer les seuils des stations et la note de passage" in out
    assert "afficher ce message d'aide et quitter" in out
    assert "le code de l'examen" in out
    assert "note de passage = seuil + K erreurs types de mesure (par défaut : 1)" in out


def test_a_wrong_option_value_is_explained_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "es", "demo", "--out", "x", "--candidates", "1"]) == 2
    err = capsys.readouterr().err
    assert err.endswith(
        "skillstation demo: error: argumento --candidates: 1 es demasiado pequeño; "
        "indique al menos 2\n"
    )


ROOT = STATION.parent


def _literal_strings(node: ast.expr) -> list[str] | None:
    """The strings an expression can only be: a literal or a choice of two; else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_strings(node.body), _literal_strings(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _scope_nodes(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a module or function, without those of the functions inside it."""
    for child in ast.iter_child_nodes(scope):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        yield child
        yield from _scope_nodes(child)


def _engine_templates() -> set[tuple[str, str]]:
    """Every template of a ``Message(...)`` made in assessments/ or devices/: (template,
    file:line). A template the scan cannot read fails here rather than go unchecked: it
    is a literal, a choice of two literals, or a name the same function sets only to
    literals."""
    found: set[tuple[str, str]] = set()
    for package in ("assessments", "devices"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path == ROOT / "devices" / "messages.py":
                continue  # the class itself, which rebuilds messages from their templates
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Module):
                    continue
                nodes = list(_scope_nodes(function))
                assigned: dict[str, list[str]] = {}
                unreadable: set[str] = set()
                for node in nodes:
                    if isinstance(node, ast.Assign) and len(node.targets) == 1:
                        target = node.targets[0]
                        strings = _literal_strings(node.value)
                        if isinstance(target, ast.Name) and strings is not None:
                            assigned.setdefault(target.id, []).extend(strings)
                        elif isinstance(target, ast.Name):
                            unreadable.add(target.id)
                for node in nodes:
                    if not (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Name)
                        and node.func.id == "Message"
                        and node.args
                    ):
                        continue
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    argument = node.args[0]
                    strings = _literal_strings(argument)
                    if (
                        strings is None
                        and isinstance(argument, ast.Name)
                        and argument.id not in unreadable
                    ):
                        strings = assigned.get(argument.id)
                    assert strings, f"{where}: the template of Message() is not a literal"
                    found.update((template, where) for template in strings)
    return found


def _engine_texts() -> set[str]:
    """Fixed engine texts the command line translates: flag texts, CPR profiles."""
    from assessments.psychometrics import FLAG_TEXT
    from devices.cpr.profiles import PROFILES

    return {*FLAG_TEXT.values(), *(profile.description for profile in PROFILES.values())}


def test_the_engine_makes_translatable_messages() -> None:
    assert len(_engine_templates()) > 20


@pytest.mark.parametrize("language", sorted(CATALOGS))
def test_every_engine_message_has_a_translation(language: str) -> None:
    catalog = CATALOGS[language]
    missing = sorted(where for template, where in _engine_templates() if template not in catalog)
    missing += sorted(text for text in _engine_texts() if text not in catalog)
    assert not missing, f"no {language} translation of the engine's messages at {missing}"


RESULTS_HEADER = "candidate_id,station_id,examiner_id,score,max_score,global_grade"


@pytest.fixture
def flagged_results(tmp_path: Path) -> Path:
    """Results where station S's only examiner gave everyone the same global grade."""
    lines = [f"C{i},S,dr.same,{s},10,2" for i, s in enumerate((3, 6, 9, 4))]
    lines += [
        f"C{i},T,dr.ok,{s},10,{g}" for i, (s, g) in enumerate(((3, 0), (6, 1), (9, 3), (4, 1)))
    ]
    path = tmp_path / "results.csv"
    path.write_text("\n".join([RESULTS_HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_the_stats_table_in_french(
    flagged_results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--lang", "fr", "stats", str(flagged_results)]) == 0
    out = capsys.readouterr().out
    assert f"Statistiques de {flagged_results}" in out
    assert "  station  n  moyenne" in out
    assert "Alertes :" in out
    assert "S : un examinateur a donné la même note globale à tous (same_grade_examiner)" in out
    assert "S : régression limite indéfinie (pas de seuil) (brm_undefined)" in out
    assert "Avertissements :" in out
    assert (
        "  - station S : l'examinateur dr.same a donné à ses 4 candidats notés la même note "
        "globale (2) ; ses notes ne distinguent pas les candidats\n" in out
    )
    assert "Warnings:" not in out and "examiner dr.same gave all" not in out


def test_the_stats_json_stays_english(
    flagged_results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["stats", str(flagged_results), "--json"]) == 0
    english = capsys.readouterr().out
    assert cli.main(["--lang", "es", "stats", str(flagged_results), "--json"]) == 0
    assert capsys.readouterr().out == english
    assert "examiner dr.same gave all 4 candidates they graded" in english


def test_an_engine_message_is_english_text_that_knows_its_template() -> None:
    from common.messages import Message, translated

    message = Message(
        "station {station}: no results; every figure of the station is undefined", station="S"
    )
    assert message == "station S: no results; every figure of the station is undefined"
    assert message.params == {"station": "S"}
    i18n.set_language("es")
    assert translated(message, _) == (
        "estación S: sin resultados; todas las cifras de la estación están indefinidas"
    )
    assert translated("plain text", _) == "plain text"


def test_a_message_inside_a_message_is_translated_too() -> None:
    from common.messages import Message

    gap = Message(
        "{reason} from {start} s to {end} s ({duration} s): nothing is detected across it, "
        "and its time is left out of the compression fraction",
        reason=Message("no depth readings"),
        start="1.000",
        end="3.500",
        duration="2.5",
    )
    i18n.set_language("fr")
    assert gap.translated(_).startswith(
        "aucune mesure de profondeur de 1.000 s à 3.500 s (2.5 s) :"
    )


def test_cpr_analysis_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from devices.cpr.synth import Pause, synthesize
    from devices.trace import TraceWriter

    synthetic = synthesize([Pause(10.0)], rate_hz=10.0, seed=1)
    trace = tmp_path / "idle.csv"
    with TraceWriter(trace, identity=synthetic.trace.identity) as writer:
        for sample in synthetic.trace.samples:
            writer.write(sample)
    assert cli.main(["--lang", "es", "analyze-cpr", str(trace)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Análisis de la RCP de {trace}\n")
    assert "perfil: adulto (AHA 2020 SVB, ERC 2021)" in out
    assert "profundidad media" in out and "n/d" in out
    assert "advertencias:\n" in out
    assert "  - el dispositivo muestreó a unos 10 Hz, por debajo de 50 Hz:" in out
    assert "  - no se encontraron compresiones (ningún pico de profundidad de" in out
    assert cli.main(["--lang", "es", "analyze-cpr", str(trace), "--json"]) == 0
    assert any("below 50 Hz" in w for w in json.loads(capsys.readouterr().out)["warnings"])


def test_dry_run_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "es", "dry-run", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ensayo con un reloj simulado (semilla 3):")
    assert "  tiempos: lectura " in out
    assert "  01:00  timbre  inicio: entra el candidato\n" in out
    assert re.search(r"  \d\d:\d\d  marca   .* — (hecho|no hecho|parcial)\n", out)
    assert "  resultado: " in out and "outcome:" not in out
    assert "    - la nota de aprobado viene de la fijación de estándares tras el examen" in out
    assert "puntos (" in out and " ítems completos" in out


def test_devices_list_in_spanish(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from devices import ports

    monkeypatch.setattr(ports, "list_ports", lambda: [])
    assert cli.main(["--lang", "es", "devices", "list"]) == 0
    assert capsys.readouterr().out == "no se encontró ningún puerto serie\n"


def _db_results() -> list[object]:
    from station.storage.backup import BackupResult
    from station.storage.restore import RestoreResult
    from station.storage.schema import head_revision
    from station.storage.upgrade import UpgradeResult

    folder = Path("/data")
    head = head_revision()
    return [
        UpgradeResult(folder / "exam.db", head, head, None),
        UpgradeResult(folder / "exam.db", None, head, None),
        UpgradeResult(folder / "exam.db", "0001", head, folder / "exam.db.bak"),
        BackupResult(folder / "copy.db", folder / "copy.db.auditkey", head, 4096),
        BackupResult(folder / "copy.db", None, head, 4096),
        RestoreResult(folder / "exam.db", folder / "copy.db", head, (), True),
        RestoreResult(
            folder / "exam.db",
            folder / "copy.db",
            "0001",
            (folder / "exam.db.replaced", folder / "exam.db.replaced.auditkey"),
            False,
        ),
    ]


@pytest.mark.parametrize("result", _db_results(), ids=lambda r: type(r).__name__)
def test_db_command_texts_are_the_summaries_in_english(result: object) -> None:
    from station.commands import db

    text = {
        "UpgradeResult": db.upgrade_text,
        "BackupResult": db.backup_text,
        "RestoreResult": db.restore_text,
    }[type(result).__name__]
    assert text(result) == result.summary  # type: ignore[arg-type, attr-defined]
    i18n.set_language("fr")
    french = text(result)  # type: ignore[arg-type]
    assert french != result.summary  # type: ignore[attr-defined]
    assert "/data/exam.db" in french or "/data/copy.db" in french


def test_validate_explains_a_problem_in_french(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = ROOT / "assessments" / "library" / "iv-cannulation.yaml"
    text = library.read_text(encoding="utf-8").replace("warning_at_s: 420", "warning_at_s: 500")
    broken = tmp_path / "late-bell.yaml"
    broken.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  warning_at_s: 500") + 1
    assert cli.main(["validate", str(broken)]) == 1
    english = capsys.readouterr().out
    assert english == (
        f"{broken}:{line}:17: the warning bell at 500 s would ring at or after the end of the "
        "active phase (active_s: 480): set warning_at_s below 480, e.g. 420\n"
    )
    assert cli.main(["--lang", "fr", "validate", str(broken)]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"{broken}:{line}:17: la sonnerie d'avertissement à 500 s sonnerait à la fin de la "
        "phase active ou après (active_s : 480) : mettez warning_at_s en dessous de 480, par "
        "exemple 420\n"
    )
    assert captured.err == "1 problème dans 1 fichier ; 0 définitions valides\n"


def test_a_hint_inside_a_validation_message_is_translated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library = ROOT / "assessments" / "library" / "scenario-adult-ihca.yaml"
    text = library.read_text(encoding="utf-8")
    first_after = next(line for line in text.splitlines() if line.strip().startswith("after:"))
    event = first_after.split(":", 1)[1].strip()
    broken = tmp_path / "typo.yaml"
    broken.write_text(
        text.replace(first_after, first_after.replace(event, event + "x")), encoding="utf-8"
    )
    assert cli.main(["--lang", "es", "validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"que no es un evento de este escenario: ¿quería decir {event!r}?" in out


def test_a_loader_problem_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = ROOT / "assessments" / "library" / "who-hand-rub.yaml"
    text = library.read_text(encoding="utf-8").replace("\ntitle:", "\ntitel:", 1)
    broken = tmp_path / "typo.yaml"
    broken.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(broken)]) == 1
    english = capsys.readouterr().out
    assert "unknown key 'titel': did you mean 'title'?" in english
    assert cli.main(["--lang", "fr", "validate", str(broken)]) == 1
    french = capsys.readouterr().out
    assert "clé inconnue 'titel' : vouliez-vous dire 'title' ?" in french
    assert len(french.splitlines()) == len(english.splitlines())


# --- service, export and roster messages through the command line ---


@pytest.fixture
def exam_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real database with coordinator cora (signed in through the environment) and a
    draft exam OSCE-1 with the stations alpha and beta, made in English."""
    from test_services_support import CHEAP_HASHER, COORDINATOR_SECRET, write_definitions

    import station.commands.session as session_module

    path = tmp_path / "station.db"
    monkeypatch.setenv("SKILLSTATION_DB", str(path))
    monkeypatch.setattr(session_module, "password_hasher", CHEAP_HASHER)
    monkeypatch.setattr(session_module, "_interactive", lambda: False)
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", COORDINATOR_SECRET)
    assert cli.main(["users", "add", "cora", "--role", "coordinator", "--name", "Cora"]) == 0
    monkeypatch.setenv("SKILLSTATION_PIN", COORDINATOR_SECRET)
    alpha, beta = write_definitions(tmp_path / "defs")
    created = cli.main(
        ["--user", "cora", "exam", "create", "--code", "OSCE-1", "--title", "Spring OSCE",
         "--starts-at", "2026-03-02T08:30:00+01:00", "--station", str(alpha), str(beta)]
    )  # fmt: skip
    assert created == 0
    return path


def _enrolled(path: Path) -> int:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as connection:
        (count,) = connection.execute("SELECT count(*) FROM exam_candidates").fetchone()
    return int(count)


def test_roster_row_problems_in_french(
    exam_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "candidate_id,family_name,given_name,email\n"
        "C1,Doe,Jo,jo@example.org\n"
        "C2,,Al,al@example\n"
        "C1,Roe,Ann,\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    argv = ["--user", "cora", "exam", "import-candidates", "--exam", "OSCE-1", str(roster)]
    assert cli.main(["--lang", "fr", *argv]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"skillstation : erreur : {roster} : rien n'a été importé ; corrigez ces problèmes et "
        "réessayez :",
        f"  {roster}:3: family_name est vide — indiquez le nom de famille du candidat",
        f"  {roster}:3: l'e-mail 'al@example' n'est pas une adresse électronique — "
        "corrigez-le, ou laissez la cellule vide",
        f"  {roster}:4: candidate_id 'C1' figure aussi à la ligne 2 — donnez à chaque "
        "candidat son propre identifiant, ou supprimez la ligne répétée",
    ]
    assert _enrolled(exam_db) == 0
    # The same file in English says the same things, line for line.
    assert cli.main(argv) == 1
    english = capsys.readouterr().err.splitlines()
    assert english[0] == (
        f"skillstation: error: {roster}: nothing was imported; fix these and try again:"
    )
    assert english[1] == f"  {roster}:3: family_name is empty — give the candidate's family name"
    assert len(english) == 4


def test_a_conflict_from_a_service_in_spanish(
    exam_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    alpha = tmp_path / "defs" / "alpha.yaml"
    capsys.readouterr()
    again = cli.main(
        ["--lang", "es", "--user", "cora", "exam", "create", "--code", "OSCE-1", "--title",
         "Otra", "--starts-at", "2026-03-09T08:30:00+01:00", "--station", str(alpha)]
    )  # fmt: skip
    assert again == 1
    assert capsys.readouterr().err == (
        "skillstation: error: ya existe un examen con el código 'OSCE-1'; elija otro\n"
    )
    assert cli.main(["--lang", "es", "--user", "cora", "exam", "open", "--exam", "OSCE-1"]) == 1
    assert capsys.readouterr().err == (
        "skillstation: error: el examen 'OSCE-1' no tiene candidatos; importe la lista de "
        "candidatos antes de abrirlo (skillstation exam import-candidates)\n"
    )


def test_export_errors_in_french(
    exam_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    export = ["--lang", "fr", "--user", "cora", "results", "export", "--exam", "OSCE-1"]
    missing = tmp_path / "nowhere" / "results.xlsx"
    assert cli.main([*export, "--format", "xlsx", "--out", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"skillstation : erreur : {missing.parent} : le dossier n'existe pas ; créez-le ou "
        "choisissez-en un autre\n"
    )
    folder = tmp_path / "defs"
    assert cli.main([*export, "--format", "xlsx", "--out", str(folder)]) == 1
    assert capsys.readouterr().err == (
        f"skillstation : erreur : {folder} : c'est un dossier ; indiquez le nom du classeur "
        "(.xlsx)\n"
    )
    assert cli.main([*export, "--format", "xapi", "--out", str(tmp_path / "s.json"),
                     "--xapi-home-page", "osce.example.edu"]) == 1  # fmt: skip
    assert capsys.readouterr().err == (
        "skillstation : erreur : la page d'accueil xAPI 'osce.example.edu' n'est pas une "
        "adresse http(s) ; indiquez celle de votre établissement, par exemple "
        "https://osce.example.edu\n"
    )
    assert not missing.exists() and not (tmp_path / "s.json").exists()


def test_a_weak_password_is_refused_in_spanish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_services_support import CHEAP_HASHER

    import station.commands.session as session_module

    path = tmp_path / "station.db"
    monkeypatch.setattr(session_module, "password_hasher", CHEAP_HASHER)
    monkeypatch.setattr(session_module, "_interactive", lambda: False)
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", "short")
    argv = ["--db", str(path), "users", "add", "cora", "--role", "coordinator", "--name", "C"]
    assert cli.main(["--lang", "es", *argv]) == 1
    assert capsys.readouterr().err == (
        "skillstation: error: La contraseña tiene 5 caracteres; una cuenta de coordinador "
        "necesita una contraseña de al menos 10 caracteres.\n"
    )


def test_report_workers_write_their_errors_in_the_chosen_language(tmp_path: Path) -> None:
    from dataclasses import replace

    from test_reports_render import candidate

    from station import pdf_reports
    from station.errors import UserError

    i18n.set_language("fr")
    one = candidate()
    reports = [replace(one, candidate_number=f"C-{n:03d}") for n in range(pdf_reports.CHUNK + 1)]
    # The first report's file name is taken by a folder: its worker process cannot
    # rename the finished PDF into place.
    blocked = tmp_path / pdf_reports.report_file_name("C-000")
    blocked.mkdir()
    with pytest.raises(UserError) as caught:
        pdf_reports.render_candidate_reports(reports, tmp_path, workers=2)
    # The folder in the way is refused before anything is written, in French.
    assert str(caught.value).startswith(f"{blocked} : c'est un dossier")
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob(".*.partial"))


def test_service_messages_in_french_choose_whole_sentences() -> None:
    from station.auth.passwords import WeakSecretError, check_secret_policy
    from station.auth.permissions import Role
    from station.services.errors import Incomplete, InvalidInput
    from station.services.roster import parse_roster

    i18n.set_language("fr")
    assert str(Incomplete("e1", ["a1", "a2"], grade_missing=True)) == (
        "le passage ne peut pas encore être soumis : 2 éléments non notés (a1, a2) ; aucune "
        "note globale. Notez-les, ou soumettez-le incomplet délibérément"
    )
    assert str(Incomplete("e1", ["a1"], grade_missing=False)).startswith(
        "le passage ne peut pas encore être soumis : 1 élément non noté (a1). "
    )
    assert str(InvalidInput(["un", "deux"])) == "2 problèmes :\n  un\n  deux"
    with pytest.raises(WeakSecretError) as pin:
        check_secret_policy("111111", Role.EXAMINER)
    assert str(pin.value).startswith("Le code PIN répète un seul caractère")
    with pytest.raises(WeakSecretError) as password:
        check_secret_policy("aaaaaaaaaaaa", Role.COORDINATOR)
    assert str(password.value).startswith("Le mot de passe répète un seul caractère")
    rows, problems = parse_roster(
        b"candidate_id,family_name,given_name,badge,desk\nC1,Doe,Jo,1,2\nC2,Roe\n", "r.csv"
    )
    assert rows == []
    assert problems == [
        "r.csv:1: colonnes inconnues 'badge', 'desk' — les colonnes sont candidate_id, "
        "family_name, given_name et, en option, email et group ; supprimez ou renommez les "
        "autres"
    ]
    rows, problems = parse_roster(b"candidate_id,family_name,given_name\nC1\n", "r.csv")
    assert problems == [
        "r.csv:2: 1 valeur, mais l'en-tête a 3 colonnes — cherchez une virgule manquante ou "
        "en trop (une valeur qui contient une virgule doit être entre guillemets doubles)"
    ]


def test_a_message_survives_copies_and_pickles() -> None:
    import copy
    import pickle

    from common.messages import Message

    message = Message(
        "unknown key {key}: did you mean {guess!r}?",
        key="{'a': 1}",
        guess=Message("the definition"),
    )
    for again in (pickle.loads(pickle.dumps(message)), copy.deepcopy(message), copy.copy(message)):
        assert isinstance(again, Message)
        assert again == message == "unknown key {'a': 1}: did you mean 'the definition'?"
        assert again.template == message.template
        assert isinstance(again.params["guess"], Message)


def test_a_yaml_problem_in_spanish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "twice.yaml"
    broken.write_text("id: a\nid: b\n", encoding="utf-8")
    assert cli.main(["--lang", "es", "validate", str(broken)]) == 1
    out = capsys.readouterr().out
    assert f"{broken}:2:1: clave 'id' duplicada (dada primero en la línea 1): YAML solo" in out
    tabbed = tmp_path / "tabbed.yaml"
    tabbed.write_text("id: a\ntitle:\n\ten: x\n", encoding="utf-8")
    assert cli.main(["--lang", "es", "validate", str(tabbed)]) == 1
    assert "un carácter de tabulación: YAML no admite tabulaciones" in capsys.readouterr().out
