"""``skillstation dry-run``: walk a station through one simulated encounter.

Faculty use it to rehearse a definition before an exam: it runs the station's timer on
a simulated clock (no waiting), rings the bells, fires the scenario's events, lets a
simulated candidate earn marks at plausible times, and scores the result with the same
engine the exam uses. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from assessments.definitions.library import load_library
from assessments.definitions.loader import DefinitionError, load_definition
from assessments.definitions.model import StationDefinition
from assessments.scenario import ScenarioRunner
from assessments.scoring import (
    ItemMark,
    ItemState,
    MarkValue,
    Outcome,
    StationScore,
    score_station,
)
from assessments.simulation import simulate_grade, simulate_performance
from assessments.timing import Bell, BellKind, StationTimer
from common.clock import FakeClock
from common.messages import translated
from station.errors import UserError
from station.i18n import _


def _bell_words() -> dict[BellKind, str]:
    """What each bell means, in the current language."""
    return {
        BellKind.READING_START: _("reading time starts"),
        BellKind.START: _("start: the candidate enters"),
        BellKind.WARNING: _("warning bell"),
        BellKind.END: _("end of station time"),
        BellKind.CHANGEOVER_END: _("changeover over: next candidate"),
    }


def _kind_words() -> dict[str, str]:
    """The timeline's kinds of line (:attr:`_Line.kind`), in the current language."""
    return {"bell": _("bell"), "event": _("event"), "mark": _("mark"), "judge": _("judge")}


def _outcome_words() -> dict[Outcome, str]:
    """A station's outcome, as the dry run shows it, in the current language."""
    return {
        Outcome.PASS: _("PASS"),
        Outcome.FAIL: _("FAIL"),
        Outcome.CRITICAL_FAIL: _("CRITICAL FAIL"),
        Outcome.PENDING: _("PENDING"),
    }


def _state_words() -> dict[ItemState, str]:
    """How an item ended up, in the current language."""
    return {
        ItemState.DONE: _("done"),
        ItemState.PARTIAL: _("partial"),
        ItemState.NOT_DONE: _("not done"),
        ItemState.MISSING: _("missing"),
        ItemState.EXCLUDED: _("excluded"),
    }


@dataclass(frozen=True, slots=True)
class _Line:
    at_s: float  # station time (reading included)
    order: int  # ties: bells before events before marks
    kind: str
    text: str


def _clock_text(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def _mark_text(defn: StationDefinition, mark: ItemMark, lang: str) -> str:
    item = defn.item(mark.item_id)
    value = mark.value
    shown = (
        f"{value}/{getattr(item, 'scale_max', '')}"
        if isinstance(value, int)
        else _state_words()[ItemState(MarkValue(value).value)]
    )
    return f"{defn.text(item.text, lang)} — {shown}"


def _resolve(target: str) -> list[StationDefinition]:
    path = Path(target)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return [load_definition(path)]
    library = load_library()
    if target in library:
        return [library[target]]
    known = ", ".join(sorted(library))
    raise UserError(
        _(
            "no bundled station or file called {target!r}; bundled stations: {known}. "
            "Give a station id or the path of a YAML definition."
        ).format(target=target, known=known)
    )


def rehearse(
    defn: StationDefinition, *, seed: int, ability: float | None, lang: str
) -> tuple[list[_Line], StationScore, dict[str, float]]:
    """Run one simulated encounter and return its timeline, score and device metrics."""
    rng = random.Random(f"{seed}/{defn.id}")
    theta = rng.gauss(0.3, 0.9) if ability is None else ability
    perf = simulate_performance(defn, theta, rng)
    clock = FakeClock()
    timer = StationTimer(defn.timing, clock)
    runner = ScenarioRunner(defn.scenario) if defn.scenario is not None else None
    lines: list[_Line] = []
    reading = defn.timing.reading_s
    bell_words = _bell_words()

    def take_bells(bells: list[Bell]) -> None:
        for bell in bells:
            lines.append(_Line(bell.at_s, 0, "bell", bell_words[bell.kind]))

    timer.start()
    take_bells(timer.poll())
    total = reading + defn.timing.active_s + defn.timing.changeover_s
    step = 1.0
    t = 0.0
    while t < total:
        clock.advance(step)
        t += step
        take_bells(timer.poll())
        if runner is not None and t > reading:
            active_t = timer.active_elapsed_s
            done = {
                m.item_id
                for m in perf.marks
                if (m.t_s or 0.0) <= active_t and m.value == MarkValue.DONE
            }
            for fired in runner.update(active_t, items_done=done, metrics=perf.metrics):
                message = defn.text(fired.message, lang) if fired.message else ""
                label = defn.text(fired.label, lang)
                lines.append(
                    _Line(
                        reading + fired.t_s,
                        1,
                        "event",
                        f"{label}{': ' + message if message else ''}",
                    )
                )
    for mark in perf.marks:
        lines.append(_Line(reading + (mark.t_s or 0.0), 2, "mark", _mark_text(defn, mark, lang)))
    first = score_station(defn, perf.marks, metrics=perf.metrics)
    grade = simulate_grade(defn, first.percent or 0.0, 0.0, rng)
    result = score_station(defn, perf.marks, metrics=perf.metrics, grade=grade)
    # Device-scored items are judged from the manikin's metrics when the active phase ends.
    states = _state_words()
    for item_score in result.items:
        if item_score.mark is not None and item_score.mark.source == "device":
            item = defn.item(item_score.item_id)
            lines.append(
                _Line(
                    reading + defn.timing.active_s,
                    3,
                    "judge",
                    f"{defn.text(item.text, lang)} — {states[item_score.state]} "
                    f"({translated(item_score.reason, _)})",
                )
            )
    lines.sort(key=lambda line: (line.at_s, line.order))
    return lines, result, perf.metrics


def _print_station(defn: StationDefinition, args: argparse.Namespace, out: TextIO) -> StationScore:
    lang = args.lang or defn.language
    lines, result, metrics = rehearse(defn, seed=args.seed, ability=args.ability, lang=lang)
    kind = {
        "osce": _("OSCE station"),
        "scenario": _("simulation scenario"),
        "practice": _("practice skill"),
    }
    print(
        f"{defn.text(defn.title, lang)}  ({defn.id} v{defn.version}, {kind[defn.kind]})", file=out
    )
    timing = defn.timing
    seconds = {
        "reading": f"{timing.reading_s:g}",
        "active": f"{timing.active_s:g}",
        "warning": f"{timing.warning_at_s:g}",
        "changeover": f"{timing.changeover_s:g}",
    }
    print(
        "  "
        + (
            _(
                "timing: reading {reading} s, active {active} s, warning at {warning} s, "
                "changeover {changeover} s"
            )
            if timing.warning_at_s
            else _("timing: reading {reading} s, active {active} s, changeover {changeover} s")
        ).format(**seconds),
        file=out,
    )
    if not args.quiet:
        kinds = _kind_words()
        width = max(len(word) for word in kinds.values())
        for line in lines:
            print(f"  {_clock_text(line.at_s)}  {kinds[line.kind]:<{width}}  {line.text}", file=out)
    if metrics:
        shown = ", ".join(f"{k} {v:g}" for k, v in metrics.items() if k in _SHOWN_METRICS)
        print("  " + _("device metrics: {metrics}").format(metrics=shown), file=out)
    _print_score(defn, result, lang, out)
    return result


_SHOWN_METRICS = ("mean_depth_mm", "mean_rate_cpm", "pct_depth_ok", "pct_full_recoil", "ccf")


def _print_score(defn: StationDefinition, result: StationScore, lang: str, out: TextIO) -> None:
    percent = _("n/a") if result.percent is None else f"{result.percent:.1f} %"
    print(
        "  "
        + _(
            "score: {score} / {max_score} points ({percent}); {done} of {total} items fully done"
        ).format(
            score=f"{result.score:g}",
            max_score=f"{result.max_score:g}",
            percent=percent,
            done=result.raw_done,
            total=result.raw_total,
        ),
        file=out,
    )
    if result.grade is not None and defn.global_rating is not None:
        step = defn.global_rating.steps[result.grade]
        print("  " + _("global grade: {grade}").format(grade=defn.text(step.label, lang)), file=out)
    print("  " + _("outcome: {outcome}").format(outcome=_outcome_words()[result.outcome]), file=out)
    for reason in result.reasons:
        print(f"    - {translated(reason, _)}", file=out)
    print("", file=out)


def _targets(args: argparse.Namespace) -> Iterator[StationDefinition]:
    if args.stations:
        for target in args.stations:
            yield from _resolve(target)
    else:
        yield from load_library().values()


def run(args: argparse.Namespace) -> int:
    out = sys.stdout
    try:
        stations = list(_targets(args))
    except DefinitionError as err:
        raise UserError(_("the definition is not valid:") + f"\n{err}") from err
    print(
        _(
            "Dry run on a simulated clock (seed {seed}): bells, scenario events and the marks "
            "of a simulated candidate, scored by the exam engine."
        ).format(seed=args.seed)
        + "\n",
        file=out,
    )
    for defn in stations:
        _print_station(defn, args, out)
    return 0
