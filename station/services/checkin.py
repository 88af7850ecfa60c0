"""The candidates an examiner may check in at a station, with names and progress.

An examiner checking candidates in needs more than candidate numbers: the name to call
at the door, the group, the slot the timetable gives, and whether the candidate has
already been seen at this station, so that nobody is examined twice. Names are shown
to the station's own examiners and to coordinators only, and only through this service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select

from station.auth.permissions import Action, Actor, Role
from station.names import listed_name
from station.services.base import ServiceBase
from station.storage.models import (
    Candidate,
    Encounter,
    EncounterStatus,
    ExamCandidate,
    Marker,
    TimetableSlot,
)

__all__ = ["CheckInServices", "StationCandidate", "StationCandidateStatus"]

#: Where a candidate stands at a station: no encounter yet, checked in and being marked,
#: marked and submitted, or recorded absent.
StationCandidateStatus = Literal["not_started", "in_progress", "submitted", "no_show"]

_STATUS: dict[str, StationCandidateStatus] = {
    EncounterStatus.DRAFT.value: "in_progress",
    EncounterStatus.SUBMITTED.value: "submitted",
    EncounterStatus.NO_SHOW.value: "no_show",
}


@dataclass(frozen=True)
class StationCandidate:
    """One candidate of an exam as seen from one of its stations.

    ``status`` is that of the caller's own encounter with the candidate when the caller
    is an examiner who has one; otherwise that of the primary encounter (the first
    marker's), or ``"not_started"`` when there is none. ``status_by`` names the examiner
    whose encounter ``status`` describes (None when not started), so an examiner sees at
    once that a colleague has already seen the candidate.

    ``cycle``, ``slot_starts_at`` and ``slot_ends_at`` come from the exam's timetable
    (the candidate's first slot at this station); they are None without a timetable.
    """

    candidate_number: str
    family_name: str
    given_name: str
    group: str | None
    cycle: int | None
    slot_starts_at: datetime | None
    slot_ends_at: datetime | None
    status: StationCandidateStatus
    status_by: str | None

    @property
    def display_name(self) -> str:
        """The name as the check-in list shows it (:func:`station.names.listed_name`:
        "Family, Given", or family name first without a comma for Chinese, Japanese and
        Korean names)."""
        return listed_name(self.given_name, self.family_name)


class CheckInServices(ServiceBase):
    """What an examiner needs to check candidates in at their station."""

    def station_candidates(
        self, actor: Actor, exam_code: str, station_key: str
    ) -> list[StationCandidate]:
        """Every candidate of the exam with their name, group, timetable slot at this
        station and the status of their encounter here.

        Allowed as :attr:`Action.CHECK_IN` is: coordinators always; examiners assigned
        to this station while the exam is running. Candidates with a slot at this
        station come first, in slot order; the others (no timetable yet, or not placed
        here) follow by candidate number.
        """
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            station, definition = self._station(session, exam, station_key)
            ctx = self._station_context(session, exam, station, definition)
            self._authorize(session, actor, Action.CHECK_IN, ctx)
            fresh = self._fresh_actor(session, actor)
            own_id = fresh.user_id if fresh is not None and fresh.role is Role.EXAMINER else None

            candidates = list(
                session.scalars(
                    select(Candidate)
                    .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                    .where(ExamCandidate.exam_id == exam.id)
                )
            )
            slots: dict[str, TimetableSlot] = {}
            for slot in session.scalars(
                select(TimetableSlot)
                .where(
                    TimetableSlot.exam_id == exam.id,
                    TimetableSlot.exam_station_id == station.id,
                )
                .order_by(TimetableSlot.starts_at, TimetableSlot.cycle, TimetableSlot.slot)
            ):
                slots.setdefault(slot.candidate_id, slot)
            # The encounter that speaks for each candidate: the caller's own first, then
            # the primary marker's, then any other.
            chosen: dict[str, tuple[int, Encounter]] = {}
            for encounter in session.scalars(
                select(Encounter).where(Encounter.exam_station_id == station.id)
            ):
                if encounter.examiner_id == own_id:
                    rank = 0
                elif encounter.marker == Marker.PRIMARY.value:
                    rank = 1
                else:
                    rank = 2
                held = chosen.get(encounter.candidate_id)
                if held is None or rank < held[0]:
                    chosen[encounter.candidate_id] = (rank, encounter)
            names = self._usernames(session, (e.examiner_id for _, e in chosen.values()))

            result: list[StationCandidate] = []
            for candidate in candidates:
                placed = slots.get(candidate.id)
                speaking = chosen.get(candidate.id)
                current = speaking[1] if speaking is not None else None
                result.append(
                    StationCandidate(
                        candidate_number=candidate.candidate_number,
                        family_name=candidate.family_name,
                        given_name=candidate.given_name,
                        group=candidate.group_name,
                        cycle=placed.cycle if placed is not None else None,
                        slot_starts_at=placed.starts_at if placed is not None else None,
                        slot_ends_at=placed.ends_at if placed is not None else None,
                        status="not_started" if current is None else _STATUS[current.status],
                        status_by=None if current is None else names.get(current.examiner_id),
                    )
                )
        result.sort(key=_order)
        return result


def _order(entry: StationCandidate) -> tuple[int, float, str]:
    if entry.slot_starts_at is None:
        return (1, 0.0, entry.candidate_number)
    return (0, entry.slot_starts_at.timestamp(), entry.candidate_number)
