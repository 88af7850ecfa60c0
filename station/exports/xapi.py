"""xAPI statements (Experience API 1.0.3) for an exam's results, as a JSON array.

One statement per submitted encounter: the candidate (an account on the exam system,
named by candidate number — no name or e-mail leaves the station) ``passed`` or
``failed`` the station, or ``scored`` on it while its pass mark is still to be set, or
``completed`` it when the station was excluded from scoring. The object is the station,
an activity of type simulation; the result carries the score (scaled, raw, min, max),
success, completion and, where the encounter was timed at the station, its duration.
The verbs and activity types are from the ADL vocabulary (http://adlnet.gov/expapi/).
The mapping is listed in docs/exports.md.

Statement ids are name-based UUIDs (version 5) of the exam, encounter and verb, so
exporting again gives the same ids and a learning record store keeps one copy.
"""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime
from typing import Any, BinaryIO
from urllib.parse import quote

from station.exports.data import ExportData, Progress
from station.results import reasons_text
from station.services.types import EncounterResult

#: The account home page used unless the export is given the institution's own.
DEFAULT_HOME_PAGE = "https://skillstation.invalid"

VERB_BASE = "http://adlnet.gov/expapi/verbs/"
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
_NAMESPACE = uuid.UUID("6f0e4a3c-9a55-5b8e-8d0c-5c0d6a1e2f31")


def iso_duration(seconds: float) -> str:
    """An ISO 8601 duration, e.g. ``PT7M30S`` or ``PT1H0M2.5S`` (hundredths at most,
    as xAPI keeps)."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a duration of {seconds} s cannot be written")
    centis = round(seconds * 100)
    hours, rest = divmod(centis, 360000)
    minutes, rest = divmod(rest, 6000)
    secs = f"{rest // 100}" if rest % 100 == 0 else f"{rest / 100:.2f}".rstrip("0")
    if hours:
        return f"PT{hours}H{minutes}M{secs}S"
    if minutes:
        return f"PT{minutes}M{secs}S"
    return f"PT{secs}S"


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _verb(result: EncounterResult) -> str:
    """The verb of the result's outcome (the results model's word)."""
    return {
        "excluded": "completed",
        "pass": "passed",
        "fail": "failed",
        "critical_fail": "failed",
    }.get(result.outcome, "scored")


def _iri(home: str, *parts: str) -> str:
    return "/".join([home.rstrip("/"), *(quote(p, safe="") for p in parts)])


def statement(data: ExportData, result: EncounterResult, home_page: str) -> dict[str, Any]:
    """The xAPI statement of one encounter's result."""
    verb = _verb(result)
    station = data.station(result.station_key)
    language = data.language
    score = result.score
    exam_iri = _iri(home_page, "exams", data.exam_code)
    outcome: dict[str, Any] = {"completion": True}
    if score.max_score > 0:
        percent = score.percent if score.percent is not None else 0.0
        outcome["score"] = {
            "scaled": round(percent / 100, 6),
            "raw": score.score,
            "min": 0,
            "max": score.max_score,
        }
    if verb in ("passed", "failed"):
        outcome["success"] = verb == "passed"
    started = data.started_at.get(result.encounter_id)
    if started is not None and result.submitted_at >= started:
        outcome["duration"] = iso_duration((result.submitted_at - started).total_seconds())
    extensions: dict[str, Any] = {
        _iri(home_page, "xapi", "marker"): result.marker,
        _iri(home_page, "xapi", "source"): data.sources.get(result.encounter_id, "station"),
        _iri(home_page, "xapi", "outcome"): result.outcome,
        _iri(home_page, "xapi", "definition-version"): result.definition_version,
    }
    if result.reasons:
        extensions[_iri(home_page, "xapi", "reasons")] = [r.to_json() for r in result.reasons]
        extensions[_iri(home_page, "xapi", "reason")] = reasons_text(result.reasons, language)
    if score.grade is not None:
        extensions[_iri(home_page, "xapi", "global-grade")] = score.grade
        extensions[_iri(home_page, "xapi", "global-grade-label")] = result.grade_label
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"{data.exam_code}\x1f{result.encounter_id}\x1f{verb}")),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": home_page, "name": result.candidate_number},
        },
        "verb": {"id": VERB_BASE + verb, "display": {"en-US": verb}},
        "object": {
            "objectType": "Activity",
            "id": _iri(home_page, "exams", data.exam_code, "stations", station.key),
            "definition": {
                "type": SIMULATION,
                "name": {language: station.title(language)},
            },
        },
        "result": outcome,
        "context": {
            "instructor": {
                "objectType": "Agent",
                "account": {"homePage": home_page, "name": result.examiner},
            },
            "platform": "SkillStation",
            "language": language,
            "contextActivities": {
                "parent": [
                    {
                        "objectType": "Activity",
                        "id": exam_iri,
                        "definition": {
                            "type": ASSESSMENT,
                            "name": {language: data.exam_title},
                        },
                    }
                ]
            },
            "extensions": extensions,
        },
        "timestamp": _timestamp(result.submitted_at),
    }


def statements(data: ExportData, home_page: str = DEFAULT_HOME_PAGE) -> list[dict[str, Any]]:
    """The statements of every encounter of ``data``, in results order."""
    return [statement(data, r, home_page) for r in data.results]


def write_xapi(
    data: ExportData,
    handle: BinaryIO,
    progress: Progress | None = None,
    *,
    home_page: str = DEFAULT_HOME_PAGE,
) -> int:
    """Write the statements as a UTF-8 JSON array to ``handle``; return their number."""
    items = []
    total = len(data.results)
    for done, result in enumerate(data.results, start=1):
        items.append(statement(data, result, home_page))
        if progress is not None:
            progress(done, total)
    handle.write(json.dumps(items, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    return len(items)
