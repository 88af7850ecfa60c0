"""The snapshot of an exam's results every export is written from."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from assessments.definitions.model import StationDefinition, localize
from station.results import CandidateOutcome, ExamResults
from station.services.standards import StandardInfo
from station.services.types import EncounterResult

#: Told how far a long export has got: (done, total).
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class StationColumn:
    """A station of the exam, in circuit order, with its bound definition."""

    key: str
    label: str
    position: int
    model: StationDefinition

    def title(self, language: str) -> str:
        return localize(self.model.title, language, self.model.language)

    def item_text(self, item_id: str, language: str) -> str:
        return localize(self.model.item(item_id).text, language, self.model.language)


@dataclass(frozen=True)
class ExportData:
    """What an export writes: the exam, its stations, every submitted encounter's
    result (primary marking first), each encounter's source (``station`` or
    ``import``) and start time, and every candidate's exam result."""

    exam_code: str
    exam_title: str
    language: str
    released_at: datetime | None
    standard: StandardInfo | None
    stations: tuple[StationColumn, ...]
    results: tuple[EncounterResult, ...]
    sources: Mapping[str, str]
    started_at: Mapping[str, datetime | None]
    outcomes: tuple[CandidateOutcome, ...]
    generated_at: datetime
    #: The results model the snapshot was read from.
    model: ExamResults | None = None

    def station(self, key: str) -> StationColumn:
        for station in self.stations:
            if station.key == key:
                return station
        raise KeyError(key)
