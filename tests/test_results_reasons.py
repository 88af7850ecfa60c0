"""Why a result is what it is: a hand-worked case for every reason code of the results
model (docs/scoring.md), each read in English, French and Spanish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assessments.definitions.model import StationDefinition
from assessments.scoring import ItemMark, MarkValue, StationScore, score_station
from station.i18n import catalog
from station.results import (
    CODES,
    ExclusionNote,
    Marking,
    Reason,
    candidate_outcomes,
    reason_text,
    station_reasons,
)

DONE, PARTIAL, NOT_DONE = MarkValue.DONE, MarkValue.PARTIAL, MarkValue.NOT_DONE


def station(items: list[dict[str, Any]], **extra: Any) -> StationDefinition:
    data: dict[str, Any] = {
        "id": "s1",
        "version": "1",
        "kind": "osce",
        "title": "Station",
        "timing": {"active_s": 480},
        "sections": [{"id": "main", "title": "Main", "items": items}],
        "pass_rule": {"mode": "fixed", "pass_mark_pct": 70},
    }
    data.update(extra)
    return StationDefinition.model_validate(data)


def item(item_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": item_id, "text": item_id, "type": "binary", **fields}


def score(defn: StationDefinition, cut: float | None = None, **values: MarkValue) -> StationScore:
    marks = [ItemMark(k, v) for k, v in values.items()]
    return score_station(defn, marks, cut_score_pct=cut)


def texts(reasons: tuple[Reason, ...]) -> dict[str, list[str]]:
    return {lang: [reason_text(r, lang) for r in reasons] for lang in ("en", "fr", "es")}


# --------------------------------------------------------------------------- stations


def test_a_pass_has_no_reason() -> None:
    defn = station([item("a"), item("b")])
    assert station_reasons(defn, score(defn, a=DONE, b=DONE)) == ()


def test_below_the_fixed_pass_mark_gives_both_numbers() -> None:
    # 3 of 5 equal items = 60 %, below 70 %.
    defn = station([item(x) for x in "abcde"])
    result = score(defn, a=DONE, b=DONE, c=DONE, d=NOT_DONE, e=NOT_DONE)
    reasons = station_reasons(defn, result)
    assert reasons == (Reason.of("below_pass_mark", percent=60.0, pass_mark=70.0),)
    assert texts(reasons) == {
        "en": ["60.0 % is below the pass mark of 70.0 %"],
        "fr": ["60.0 % est sous la note de passage de 70.0 %"],
        "es": ["60.0 % está por debajo de la nota de aprobado de 70.0 %"],
    }


def test_numbers_that_would_look_equal_get_more_decimals() -> None:
    reason = Reason.of("below_pass_mark", percent=69.96, pass_mark=70.0)
    assert reason_text(reason, "en") == "69.96 % is below the pass mark of 70.00 %"


def test_below_a_cut_score_set_by_standard_setting() -> None:
    defn = station([item(x) for x in "abcd"], pass_rule={"mode": "standard_setting"})
    result = score(defn, cut=80.0, a=DONE, b=DONE, c=DONE, d=NOT_DONE)  # 75 %
    reasons = station_reasons(defn, result)
    assert reasons == (Reason.of("below_cut_score", percent=75.0, pass_mark=80.0),)
    assert texts(reasons)["en"] == [
        "75.0 % is below the cut score of 80.0 % set by standard setting"
    ]
    assert texts(reasons)["fr"] == [
        "75.0 % est sous le seuil de 80.0 % fixé par la détermination des seuils"
    ]


def test_pending_standard_says_which_station_waits() -> None:
    defn = station([item("a"), item("b")], pass_rule={"mode": "standard_setting"})
    reasons = station_reasons(defn, score(defn, a=DONE, b=NOT_DONE))
    assert reasons == (Reason.of("pending_standard", station="s1"),)
    assert texts(reasons)["es"] == [
        "pendiente del establecimiento de estándares: aún no hay punto de corte adoptado para s1"
    ]


@pytest.mark.parametrize(
    ("value", "code", "english", "french", "spanish"),
    [
        (
            NOT_DONE,
            "critical_not_done",
            "critical item airway not done",
            "item critique airway non fait",
            "ítem crítico airway no realizado",
        ),
        (
            PARTIAL,
            "critical_partly_done",
            "critical item airway only partly done",
            "item critique airway fait en partie seulement",
            "ítem crítico airway realizado solo en parte",
        ),
        (
            None,
            "critical_not_marked",
            "critical item airway not marked",
            "item critique airway non noté",
            "ítem crítico airway sin calificar",
        ),
    ],
)
def test_a_critical_item_names_the_item_whatever_the_score(
    value: MarkValue | None, code: str, english: str, french: str, spanish: str
) -> None:
    # Nine of ten items done: 90 % (or 95 % with the partial credit) meets 70 %, yet
    # the station fails on the critical item, and that is the only reason.
    defn = station(
        [item("airway", type="three_point", critical=True), *(item(f"x{i}") for i in range(9))]
    )
    marks = {f"x{i}": DONE for i in range(9)}
    if value is not None:
        marks["airway"] = value
    reasons = station_reasons(defn, score_station(defn, [ItemMark(k, v) for k, v in marks.items()]))
    assert reasons == (Reason.of(code, item="airway"),)
    assert texts(reasons) == {"en": [english], "fr": [french], "es": [spanish]}


def test_minimum_items_rule_says_how_many_of_how_many() -> None:
    # Helping Babies Breathe style: 4 of 5 needed and the starred item; 3 done, star not.
    defn = station(
        [item("star", starred=True), *(item(f"x{i}") for i in range(4))],
        min_items={"count": 4, "require_starred": True},
        pass_rule={"mode": "fixed", "pass_mark_pct": 50},
    )
    result = score(defn, star=NOT_DONE, x0=DONE, x1=DONE, x2=DONE, x3=NOT_DONE)  # 60 %
    reasons = station_reasons(defn, result)
    assert reasons == (
        Reason.of("min_items_not_met", done=3, total=5, needed=4),
        Reason.of("starred_not_done", items=("star",)),
    )
    assert texts(reasons) == {
        "en": [
            "minimum-items rule not met: 3 of 5 items done, 4 needed",
            "starred items not done: star",
        ],
        "fr": [
            "règle du nombre minimal d'items non respectée : 3 items faits sur 5, 4 requis",
            "items étoilés non faits : star",
        ],
        "es": [
            "regla de ítems mínimos no cumplida: 3 de 5 ítems realizados, se necesitan 4",
            "ítems con estrella no hechos: star",
        ],
    }


def test_excluded_station_says_by_whom_and_why() -> None:
    defn = station([item("a")])
    note = ExclusionNote("okafor", "wrong manikin")
    reasons = station_reasons(defn, score(defn, a=DONE), excluded=note)
    assert reasons == (Reason.of("station_excluded", by="okafor", why="wrong manikin"),)
    assert texts(reasons) == {
        "en": ["station excluded by okafor: wrong manikin"],
        "fr": ["station exclue par okafor : wrong manikin"],
        "es": ["estación excluida por okafor: wrong manikin"],
    }


def test_nothing_to_score_when_every_item_is_excluded() -> None:
    defn = station([item("a")], pass_rule={"mode": "standard_setting"})
    result = score_station(defn, [], excluded_items=["a"], cut_score_pct=50.0)
    assert station_reasons(defn, result) == (Reason.of("nothing_to_score"),)


# --------------------------------------------------------------------------- candidates


def _marking(number: str, key: str, outcome: str, percent: float) -> Marking:
    defn = station([item("a")])
    base = score_station(defn, [ItemMark("a", DONE)])
    from dataclasses import replace

    return Marking(
        f"{number}-{key}", number, key, True, replace(base, percent=percent), outcome, ()
    )


def _one(markings: list[Marking], **kw: Any) -> Any:
    people = {"C-1": ("Doe", "Ann")}
    args: dict[str, Any] = {
        "keys": ["s1", "s2", "s3"],
        "people": people,
        "markings": markings,
        "no_shows": set(),
        "excluded": {},
        "pass_mark": None,
        "min_stations": None,
    }
    args.update(kw)
    return candidate_outcomes(**args)[0]


def test_fewer_stations_passed_than_needed_names_the_failed_ones() -> None:
    # 91 % overall, but only 2 of 3 stations passed with 3 needed (the demo's C-008).
    result = _one(
        [
            _marking("C-1", "s1", "pass", 95),
            _marking("C-1", "s2", "pass", 98),
            _marking("C-1", "s3", "critical_fail", 80),
        ],
        min_stations=3,
    )
    assert result.outcome == "fail"
    assert result.reasons == (
        Reason.of("too_few_stations_passed", passed=2, total=3, required=3, failed=("s3",)),
    )
    assert texts(result.reasons) == {
        "en": ["2 of 3 stations passed, 3 needed (failed: s3)"],
        "fr": ["2 stations réussies sur 3, 3 requises (échouées : s3)"],
        "es": ["2 de 3 estaciones aprobadas, se necesitan 3 (suspensas: s3)"],
    }


def test_overall_below_the_exam_pass_mark() -> None:
    result = _one(
        [_marking("C-1", k, "pass", p) for k, p in (("s1", 60), ("s2", 60), ("s3", 63))],
        pass_mark=65.0,
    )
    assert result.outcome == "fail"
    assert result.overall_pct == 61.0
    assert result.reasons == (Reason.of("overall_below_pass_mark", percent=61.0, pass_mark=65.0),)
    assert texts(result.reasons) == {
        "en": ["overall 61.0 % is below the exam pass mark of 65.0 %"],
        "fr": ["le total de 61.0 % est sous la note de passage de l'examen de 65.0 %"],
        "es": ["el total de 61.0 % está por debajo de la nota de aprobado del examen de 65.0 %"],
    }


def test_a_station_not_marked_makes_the_exam_incomplete() -> None:
    result = _one(
        [_marking("C-1", "s1", "pass", 90), _marking("C-1", "s2", "pass", 90)], min_stations=2
    )
    assert result.outcome == "incomplete"
    assert result.station("s3").outcome == "incomplete"
    assert texts(result.station("s3").reasons)["fr"] == ["pas encore noté"]
    assert result.reasons == (Reason.of("stations_missing", stations=("s3",)),)
    assert texts(result.reasons) == {
        "en": ["no result yet at s3"],
        "fr": ["pas encore de résultat à s3"],
        "es": ["aún sin resultado en s3"],
    }


def test_a_no_show_is_absent_and_counts_as_not_passed() -> None:
    result = _one(
        [_marking("C-1", "s1", "pass", 90), _marking("C-1", "s2", "fail", 40)],
        no_shows={("C-1", "s3")},
        min_stations=2,
    )
    # 1 passed, nothing left open: fewer than 2 whatever happens.
    assert result.outcome == "fail"
    assert result.station("s3").outcome == "absent"
    assert texts(result.station("s3").reasons)["es"] == ["ausente (registrado como no presentado)"]
    assert result.reasons[0].values["failed"] == ("s2", "s3")


def test_absent_from_every_station() -> None:
    result = _one([], no_shows={("C-1", k) for k in ("s1", "s2", "s3")}, pass_mark=60.0)
    assert result.outcome == "absent"
    assert result.reasons == (Reason.of("absent_exam"),)
    assert texts(result.reasons) == {
        "en": ["absent from every station"],
        "fr": ["absent de toutes les stations"],
        "es": ["ausente de todas las estaciones"],
    }


def test_pending_stations_that_decide_keep_the_exam_pending() -> None:
    result = _one(
        [
            _marking("C-1", "s1", "pass", 90),
            _marking("C-1", "s2", "pending", 50),
            _marking("C-1", "s3", "pending", 50),
        ],
        min_stations=2,
    )
    assert result.outcome == "pending"
    assert texts(result.reasons)["en"] == ["waiting for standard setting at s2, s3"]


def test_no_exam_rule() -> None:
    result = _one([_marking("C-1", k, "pass", 90) for k in ("s1", "s2", "s3")])
    assert result.outcome == "pending"
    assert result.reasons == (Reason.of("no_exam_rule"),)
    assert "pass rule" in reason_text(result.reasons[0], "en")


def test_an_excluded_station_does_not_count() -> None:
    result = _one(
        [_marking("C-1", "s1", "pass", 90), _marking("C-1", "s2", "pass", 90)],
        excluded={"s3": ExclusionNote("lee", "flawed")},
        min_stations=2,
    )
    assert result.outcome == "pass"
    assert result.stations_total == 2
    assert result.station("s3").outcome == "excluded"


def test_the_imported_critical_fail_names_file_and_line() -> None:
    reason = Reason.of("imported_critical_fail", file="paper.csv", line=7)
    assert reason_text(reason, "fr") == (
        "le résultat importé indique un item critique non fait (paper.csv, ligne 7)"
    )


def test_every_reason_code_is_translated_with_the_same_placeholders() -> None:
    import string

    for template in CODES.values():
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        for language in ("fr", "es"):
            translated = catalog(language)[template]
            assert {f for _, f, _, _ in string.Formatter().parse(translated) if f} == fields


def test_unknown_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown reason code"):
        Reason.of("because")


#: Each code not read above in all three languages, with its parameters and its texts.
THREE_LANGUAGES = [
    (
        Reason.of("below_cut_score", percent=75.0, pass_mark=80.0),
        "75.0 % is below the cut score of 80.0 % set by standard setting",
        "75.0 % est sous le seuil de 80.0 % fixé par la détermination des seuils",
        "75.0 % está por debajo del punto de corte de 80.0 % fijado por el establecimiento "
        "de estándares",
    ),
    (
        Reason.of("pending_standard", station="s1"),
        "waiting for standard setting: no cut score adopted for s1 yet",
        "en attente de la détermination des seuils : aucun seuil adopté pour s1",
        "pendiente del establecimiento de estándares: aún no hay punto de corte adoptado para s1",
    ),
    (
        Reason.of("nothing_to_score"),
        "nothing left to score: every item is excluded or weighs nothing",
        "plus rien à noter : tous les items sont exclus ou sans poids",
        "no queda nada que puntuar: todos los ítems están excluidos o no pesan",
    ),
    (
        Reason.of("absent"),
        "absent (recorded as a no-show)",
        "absent (absence enregistrée)",
        "ausente (registrado como no presentado)",
    ),
    (
        Reason.of("incomplete"),
        "not marked yet",
        "pas encore noté",
        "aún sin calificar",
    ),
    (
        Reason.of("stations_pending", stations=("s2", "s3")),
        "waiting for standard setting at s2, s3",
        "en attente de la détermination des seuils à s2, s3",
        "pendiente del establecimiento de estándares en s2, s3",
    ),
    (
        Reason.of("no_exam_rule"),
        "the exam has no pass rule (an overall pass mark or a number of stations)",
        "l'examen n'a pas de règle de réussite (note de passage globale ou nombre de stations)",
        "el examen no tiene regla de aprobado (nota de aprobado global o número de estaciones)",
    ),
    (
        Reason.of("imported_critical_fail", file="paper.csv", line=7),
        "the imported result records a critical item not done (paper.csv, line 7)",
        "le résultat importé indique un item critique non fait (paper.csv, ligne 7)",
        "el resultado importado registra un ítem crítico no realizado (paper.csv, línea 7)",
    ),
]


@pytest.mark.parametrize(("reason", "english", "french", "spanish"), THREE_LANGUAGES)
def test_each_reason_reads_in_three_languages(
    reason: Reason, english: str, french: str, spanish: str
) -> None:
    assert texts((reason,)) == {"en": [english], "fr": [french], "es": [spanish]}


def test_every_code_has_a_hand_worked_case() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    assert [code for code in CODES if f'"{code}"' not in source] == []
