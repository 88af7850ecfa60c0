"""How a simulated examiner marks: their stringency moving items and grades, taps
corrected, feedback and private notes.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from assessments.definitions.model import (
    BinaryItem,
    RatingItem,
    StationDefinition,
    ThreePointItem,
)
from assessments.scoring import (
    ItemMark,
    ItemState,
    MarkValue,
    score_station,
)

#: Chance that an examiner's judgement of a checklist item moves one step, per unit of
#: stringency (a hawk takes credit away, a dove gives it), plus a small disagreement
#: everyone has: two examiners watching the same performance do not tick the same boxes.
_STRINGENCY_SHIFT = 0.07
_BASE_DISAGREEMENT = 0.02
#: Chance that an examiner taps a wrong box first and corrects it with a reason.
CORRECTION_RATE = 0.08
#: Chance of a private note for the other examiners besides the feedback.
PRIVATE_NOTE_RATE = 0.15


def examiner_marks(
    defn: StationDefinition, marks: Sequence[ItemMark], stringency: float, rng: random.Random
) -> list[ItemMark]:
    """What an examiner of ``stringency`` records for a performance.

    A checklist judgement may move one step: down with a chance growing with the
    examiner's strictness, up with one growing with their leniency, and either way a
    little for everyone. Timed items keep their mark: the station's timer, not the
    examiner's eye, says when the action happened.
    """
    down = _BASE_DISAGREEMENT + _STRINGENCY_SHIFT * max(0.0, stringency)
    up = _BASE_DISAGREEMENT + _STRINGENCY_SHIFT * max(0.0, -stringency)
    result: list[ItemMark] = []
    for mark in marks:
        item = defn.item(mark.item_id)
        roll = rng.random()
        shift = -1 if roll < down else (1 if roll > 1.0 - up else 0)
        value = mark.value
        if shift and isinstance(item, BinaryItem):
            value = MarkValue.DONE if shift > 0 else MarkValue.NOT_DONE
        elif shift and isinstance(item, ThreePointItem):
            steps = [MarkValue.NOT_DONE, MarkValue.PARTIAL, MarkValue.DONE]
            assert isinstance(value, MarkValue)
            value = steps[min(2, max(0, steps.index(value) + shift))]
        elif shift and isinstance(item, RatingItem):
            assert isinstance(value, int)
            value = min(item.scale_max, max(1, value + shift))
        result.append(ItemMark(mark.item_id, value, mark.t_s))
    return result


def feedback_text(
    defn: StationDefinition, marks: Sequence[ItemMark], metrics: dict[str, float]
) -> str:
    """Feedback as an examiner writes it: an overall word and the steps to work on."""
    score = score_station(defn, marks, metrics=metrics)
    percent = score.percent or 0.0
    if percent >= 85:
        opening = "A confident, well-ordered performance."
    elif percent >= 70:
        opening = "A safe performance overall."
    elif percent >= 50:
        opening = "Some important steps were missed or only partly done."
    else:
        opening = "Several essential steps were missed; please practise this station again."
    weak = [
        defn.text(defn.item(s.item_id).text)
        for s in score.items
        if s.state in (ItemState.NOT_DONE, ItemState.PARTIAL)
    ]
    if not weak:
        return f"{opening} Every step was done; keep it up."
    listed = "; ".join(text[:1].lower() + text[1:] for text in weak[:3])
    more = f" (and {len(weak) - 3} more)" if len(weak) > 3 else ""
    return f"{opening} To work on: {listed}{more}."


PRIVATE_NOTES = (
    "Candidate seemed very anxious at the start; settled after a minute.",
    "Manikin repositioned at the start of the station; no time lost.",
    "Fire alarm test in the corridor during this station; candidate was not put off.",
    "Candidate asked for the instructions to be repeated.",
)
