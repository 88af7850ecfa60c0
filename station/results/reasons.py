# ruff: noqa: E501
"""Why a result is what it is: reasons as data (a stable code and its parameters) and
as text in the reader's language.

A :class:`Reason` is what every surface stores and compares: the code never changes
with the language, so a test, a spreadsheet filter or another program can rely on it.
:func:`reason_text` writes it for people, through the same catalogue as every other
message of the station (:mod:`station.i18n`, ``station/locale/fr.py`` and ``es.py``).
The codes and their parameters are listed in docs/scoring.md ("Why a result is what it
is").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from station.i18n import catalog, current_language

__all__ = [
    "CODES",
    "Reason",
    "reason_text",
    "reasons_code_text",
    "reasons_text",
]


def _n(value: object) -> str:
    """A number as people write it: 75, 47.7, 56.521739 (six decimals at most)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    text = f"{round(float(value), 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


@dataclass(frozen=True)
class Reason:
    """One reason for an outcome: a stable ``code`` (:data:`CODES`) and its
    parameters (numbers, identifiers, or tuples of identifiers)."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params: object) -> Reason:
        if code not in CODES:
            raise ValueError(f"unknown reason code {code!r}")
        return cls(code, tuple(sorted(params.items())))

    @property
    def values(self) -> dict[str, object]:
        return dict(self.params)

    def to_json(self) -> dict[str, object]:
        """The reason as plain JSON data: ``{"code": ..., "params": {...}}``."""
        return {
            "code": self.code,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in self.params},
        }


#: Every reason code with its English text; placeholders are filled by
#: :func:`reason_text`. Keep in step with docs/scoring.md and the locale catalogues.
CODES: Final[Mapping[str, str]] = {
    # --- a station (one encounter, or a candidate at one station) ---
    "below_pass_mark": "{percent} % is below the pass mark of {pass_mark} %",
    "below_cut_score": "{percent} % is below the cut score of {pass_mark} % set by standard setting",
    "critical_not_done": "critical item {item} not done",
    "critical_partly_done": "critical item {item} only partly done",
    "critical_not_marked": "critical item {item} not marked",
    "imported_critical_fail": "the imported result records a critical item not done ({file}, line {line})",
    "min_items_not_met": "minimum-items rule not met: {done} of {total} items done, {needed} needed",
    "starred_not_done": "starred items not done: {items}",
    "station_excluded": "station excluded by {by}: {why}",
    "pending_standard": "waiting for standard setting: no cut score adopted for {station} yet",
    "nothing_to_score": "nothing left to score: every item is excluded or weighs nothing",
    "absent": "absent (recorded as a no-show)",
    "incomplete": "not marked yet",
    # --- a candidate's exam result ---
    "overall_below_pass_mark": "overall {percent} % is below the exam pass mark of {pass_mark} %",
    "too_few_stations_passed": "{passed} of {total} stations passed, {required} needed (failed: {failed})",
    "stations_missing": "no result yet at {stations}",
    "stations_pending": "waiting for standard setting at {stations}",
    "absent_exam": "absent from every station",
    "no_exam_rule": "the exam has no pass rule (an overall pass mark or a number of stations)",
}


def _value(value: object) -> str:
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return _n(value)


def _pair(a: float, b: float) -> tuple[str, str]:
    """Two percentages compared, to one decimal unless that would show them equal."""
    for digits in (1, 2, 6):
        x, y = f"{a:.{digits}f}", f"{b:.{digits}f}"
        if x != y:
            return x, y
    return _n(a), _n(b)


def reason_text(reason: Reason, language: str | None = None) -> str:
    """``reason`` in words, in ``language`` (default: the current one)."""
    template = CODES[reason.code]
    code = language or current_language()
    if code != "en":
        template = catalog(code).get(template, template)
    values = {k: _value(v) for k, v in reason.params}
    percent, mark = reason.values.get("percent"), reason.values.get("pass_mark")
    if isinstance(percent, int | float) and isinstance(mark, int | float):
        values["percent"], values["pass_mark"] = _pair(float(percent), float(mark))
    return template.format(**values)


def reasons_text(reasons: Iterable[Reason], language: str | None = None) -> str:
    """Several reasons in words, joined with "; "."""
    return "; ".join(reason_text(r, language) for r in reasons)


def reasons_code_text(reasons: Sequence[Reason]) -> str:
    """The codes of ``reasons`` joined with "+", as exports write beside the text."""
    return "+".join(r.code for r in reasons)
