"""A demonstration exam: a database filled the way a real exam day would fill it.

:func:`build_demo` creates a fresh SkillStation database in a folder and runs a whole
OSCE through :class:`station.services.StationServices`, exactly as the GUI and the
command line would: nothing is written to a table directly, so every row has its audit
entry and the finished database passes ``skillstation audit verify``.

What happens, on an injected :class:`~assessments.clock.FakeClock` that walks through
the exam day (so the stored times look like a real morning and the results file is the
same for the same seed):

1. a coordinator account is created, then one examiner per station and second markers
   for the first stations; examiners sign in with their PINs as they would at a station;
2. the bundled OSCE stations are stored and bound to a new exam; examiners are assigned;
3. a roster of candidates with names from many languages and scripts is written as CSV
   and imported; the rotation timetable is planned and stored; the exam is opened;
4. slot by slot, each examiner checks their candidate in, starts the encounter, marks
   the items at the moments the simulated candidate does them
   (:func:`assessments.simulation.simulate_performance`: candidate ability ``theta``),
   lets the manikin's metrics judge the device-scored items (see below), gives a global grade
   (:func:`assessments.simulation.simulate_grade`, shifted by the examiner's
   stringency: a hawk grades low, a dove high), writes feedback and submits; second
   markers mark the same performance with their own judgement; one candidate misses
   one station (a no-show); now and then an examiner corrects a mistaken tap, and once
   an examiner overrides the manikin, with a reason;
5. the exam is closed, the results are exported to CSV and the audit log is checked.

At a device-scored station (the CPR station), each candidate's compressions come from
the real device path, not from made-up figures: the simulated manikin runs on a
pseudo-terminal (:class:`devices.sim.pty.PtySimulator`, a profile per candidate drawn
from the seeded random stream and weighted by ability, :data:`SIM_SPEED` times faster
than real time), a :class:`devices.reader.DeviceReader` reads it through the serial
stack, a live :class:`devices.cpr.analysis.CprAnalyzer` follows it and a
:class:`devices.trace.TraceWriter` records :data:`CPR_SECONDS` seconds of it
(:func:`devices.capture.capture_cpr`). The trace is stored with the encounter
(``record_device_trace``) and the metrics analysed from the stored trace alone
(``record_device_metrics``) judge the device-scored items. These recordings are made
before the day is played, since the examiners' grades and feedback depend on them.

The manikin's session starts when the reader sends ``START`` and the simulator waits for
a slow reader rather than dropping frames, so a recorded trace's samples depend only on
the seed, never on thread scheduling; and the stored metrics come from the trace, so the
results file stays byte-identical for the same seed.

Randomness comes from ``random.Random`` streams derived from the seed and the names of
what they decide (``"7:perf:C-003:iv-cannulation"``), so a candidate's performance does
not depend on how many others there are or in which order they are marked. Only the
secrets of the accounts come from :mod:`secrets`: a demo database is still a database
people sign in to, and its passwords must not follow from a seed printed in the
documentation. Record ids are random too, so two databases built with one seed differ
in their ids and audit signatures, but their results files are identical.

The same function builds larger cohorts for benchmarks: ``DemoConfig(candidates=200,
stations=("who-hand-rub", "iv-cannulation"))``.
"""

from __future__ import annotations

import csv
import json
import math
import os
import random
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal

from argon2 import PasswordHasher

from assessments.clock import FakeClock
from assessments.definitions.model import (
    BinaryItem,
    DeviceItem,
    RatingItem,
    StationDefinition,
    ThreePointItem,
)
from assessments.metrics import DEVICE_METRICS
from assessments.scoring import (
    ItemMark,
    ItemState,
    MarkValue,
    judge_device_item,
    score_station,
)
from assessments.simulation import SimulatedPerformance, simulate_grade, simulate_performance
from assessments.timetable import REST, Entry
from devices.capture import CaptureError, capture_cpr
from devices.sim.firmware import DeviceInfo, ManikinSource, SimulatedDevice
from devices.sim.manikin import PROFILES, ManikinSignal
from devices.sim.pty import PtySimulator
from station.auth.passwords import WeakSecretError, check_secret_policy
from station.auth.permissions import Actor, Role
from station.errors import UserError
from station.exports.bundle import WORKBOOK_NAME, write_result_files
from station.i18n import _
from station.services import DefinitionRef, StationServices
from station.services.definitions import bundled_keys, bundled_source
from station.storage import open_database
from station.storage.audit import VerifyResult

__all__ = [
    "DB_NAME",
    "EXAM_CODE",
    "OSCE_STATIONS",
    "Account",
    "DemoCandidate",
    "DemoConfig",
    "DemoResult",
    "ExaminerProfile",
    "build_demo",
    "demo_candidates",
    "prepare_folder",
    "write_roster",
]

#: The bundled OSCE checklist stations, in circuit order.
OSCE_STATIONS: tuple[str, ...] = (
    "adult-cpr-aed",
    "iv-cannulation",
    "who-hand-rub",
    "newborn-resuscitation-hbb",
)
EXAM_CODE = "DEMO-OSCE"
EXAM_TITLE = "Demonstration OSCE: year 3 clinical skills"
#: A Monday morning in Central European Time; fixed, so the results file does not
#: depend on the day the demo is built.
EXAM_START = datetime(2026, 3, 2, 8, 30, tzinfo=timezone(timedelta(hours=1)))

DB_NAME = "skillstation.db"
ROSTER_NAME = "roster.csv"
RESULTS_NAME = "results.csv"
CREDENTIALS_NAME = "credentials.txt"
#: Marks a folder as holding a demo, so that a later run may replace it (and never
#: replaces a database it did not make).
MANIFEST_NAME = "demo.json"
_MANIFEST_KIND = "skillstation-demo"
#: Everything a demo writes into its folder; a later run removes these before starting.
OUTPUT_NAMES: tuple[str, ...] = (
    DB_NAME,
    f"{DB_NAME}-wal",
    f"{DB_NAME}-shm",
    f"{DB_NAME}-journal",
    f"{DB_NAME}.auditkey",
    ROSTER_NAME,
    RESULTS_NAME,
    CREDENTIALS_NAME,
    MANIFEST_NAME,
    WORKBOOK_NAME,
)

#: Chance that an examiner's judgement of a checklist item moves one step, per unit of
#: stringency (a hawk takes credit away, a dove gives it), plus a small disagreement
#: everyone has: two examiners watching the same performance do not tick the same boxes.
_STRINGENCY_SHIFT = 0.07
_BASE_DISAGREEMENT = 0.02
#: Chance that an examiner taps a wrong box first and corrects it with a reason.
_CORRECTION_RATE = 0.08
#: Chance of a private note for the other examiners besides the feedback.
_PRIVATE_NOTE_RATE = 0.15

#: Seconds of CPR recorded per candidate at a device-scored station (a 30:2 cycle, its
#: pause and the start of the next), the manikin's sample rate, and how many times
#: faster than real time the simulated manikin runs.
CPR_SECONDS = 30.0
SIM_RATE_HZ = 100.0
SIM_SPEED = 500.0
#: The manikin profiles of candidates who do not perform well (devices.sim.manikin).
_FLAWED_PROFILES: tuple[str, ...] = ("shallow", "fast", "slow", "leaning", "long_pauses", "random")


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class ExaminerProfile:
    """A simulated examiner: an account and how strictly they judge.

    ``stringency`` is in global-grade steps (:func:`simulate_grade`): +1 grades one
    step lower than the performance deserves (a hawk), -1 one step higher (a dove).
    """

    username: str
    display_name: str
    stringency: float


#: The examiner pool: primary examiners first (one per station, in circuit order), then
#: the second markers. A hawk and a dove are among the first three, so every exam of
#: three or more stations has both.
EXAMINERS: tuple[ExaminerProfile, ...] = (
    ExaminerProfile("okafor", "Dr Chiamaka Okafor", 0.1),
    ExaminerProfile("lindqvist", "Dr Søren Lindqvist", 1.1),
    ExaminerProfile("moreau", "Dr Hélène Moreau", -1.0),
    ExaminerProfile("tanaka", "Dr 田中 美穂", 0.3),
    ExaminerProfile("haddad", "Dr يوسف حداد", -0.2),
    ExaminerProfile("petrova", "Dr Ольга Петрова", 0.4),
    ExaminerProfile("nunez", "Dr Inés Núñez", -0.4),
    ExaminerProfile("mensah", "Dr Kwame Mensah", 0.0),
    ExaminerProfile("kowalska", "Dr Małgorzata Kowalska", 0.6),
    ExaminerProfile("nguyen", "Dr Nguyễn Thu Hà", -0.6),
)

COORDINATOR = ("coordinator", "Exam Office (demo)")


@dataclass(frozen=True)
class _Culture:
    """Names of one language: given names by gender, family names (a pair when the
    family name takes a masculine and a feminine form)."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str | tuple[str, str], ...]


#: Names from many languages and scripts, so that every screen and export meets
#: accents, combining marks, Cyrillic, Greek, Arabic (right to left) and CJK text. The
#: first four are always represented in a cohort.
_CULTURES: tuple[_Culture, ...] = (
    _Culture(
        ("Amélie", "Hélène", "Maëlle"),
        ("Jérôme", "Benoît", "François"),
        ("Lefèvre", "Bérenger", "Dubois", "Moreau"),
    ),
    _Culture(
        ("Анна", "Екатерина", "Ольга"),
        ("Дмитрий", "Алексей", "Сергей"),
        (("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова")),
    ),
    _Culture(("فاطمة", "مريم", "ليلى"), ("يوسف", "عمر", "خالد"), ("الحسيني", "المصري", "حداد")),
    _Culture(("丽娜", "静", "雨桐"), ("伟", "子轩", "浩然"), ("王", "李", "张", "欧阳")),
    _Culture(
        ("Sofía", "Inés", "María José"),
        ("José Luis", "Martín", "Iñaki"),
        ("Núñez", "García Márquez", "Ibáñez", "Peña"),
    ),
    _Culture(("美咲", "陽菜", "結衣"), ("健太", "翔", "大翔"), ("佐藤", "鈴木", "高橋")),
    _Culture(("서연", "지우", "하은"), ("민준", "도윤", "서준"), ("김", "박", "이")),
    _Culture(
        ("Ελένη", "Κατερίνα", "Μαρία"),
        ("Γιώργος", "Νίκος", "Δημήτρης"),
        (("Παπαδόπουλος", "Παπαδοπούλου"), "Οικονόμου", ("Γεωργίου", "Γεωργίου")),
    ),
    _Culture(
        ("Agnieszka", "Małgorzata", "Zofia"),
        ("Łukasz", "Wojciech", "Paweł"),
        (("Wiśniewski", "Wiśniewska"), ("Dąbrowski", "Dąbrowska"), "Kowalczyk"),
    ),
    _Culture(
        ("Ayşe", "Gülşen", "Elif"), ("Çağrı", "Oğuz", "Mehmet"), ("Yılmaz", "Öztürk", "Şahin")
    ),
    _Culture(
        ("Thu Hà", "Ngọc Ánh", "Phương Linh"),
        ("Văn Đức", "Minh Tuấn", "Quốc Bảo"),
        ("Nguyễn", "Trần", "Phạm"),
    ),
    _Culture(
        ("Käthe", "Anneliese", "Jördis"),
        ("Jürgen", "Lukas", "Matthäus"),
        ("Müller", "Schröder", "Weiß"),
    ),
    _Culture(
        ("Siobhán", "Aoife", "Caoimhe"),
        ("Pádraig", "Seán", "Ciarán"),
        ("O'Brien", "O'Sullivan", "Mac Giolla Phádraig"),
    ),
    _Culture(
        ("Adéọlá", "Folúkẹ́", "Ìfẹ́olúwa"),
        ("Olúwaseun", "Babátúndé", "Àyọ̀dèjì"),
        ("Adébáyọ̀", "Ògúnlẹ̀yẹ", "Okonkwo"),
    ),
    _Culture(
        ("Åsa", "Sigríður", "Ingrid"),
        ("Søren", "Björn", "Håkon"),
        ("Lindqvist", "Håkansson", "Jørgensen"),
    ),
    _Culture(
        ("Оксана", "Ганна", "Ірина"),
        ("Андрій", "Тарас", "Богдан"),
        ("Шевченко", "Коваленко", "Бондаренко"),
    ),
    _Culture(
        ("Conceição", "Lúcia", "Beatriz"),
        ("João", "Sebastião", "Gonçalo"),
        ("Gonçalves", "Araújo", "Simões"),
    ),
    _Culture(
        ("Priya", "Ananya", "Kavya"), ("Arjun", "Rohan", "Vikram"), ("Sharma", "Iyer", "Banerjee")
    ),
)
_ALWAYS_INCLUDED = 4


@dataclass(frozen=True)
class DemoCandidate:
    """A simulated candidate: a roster row and an ability (``theta``, about standard
    normal across the cohort; see :mod:`assessments.simulation`)."""

    candidate_id: str
    family_name: str
    given_name: str
    email: str
    group: str
    theta: float


def demo_candidates(count: int, seed: int) -> list[DemoCandidate]:
    """``count`` candidates with names from many languages, ids ``C-001``, ``C-002``...

    The cultures are dealt in turn (accented Latin, Cyrillic, Arabic and CJK first,
    the others in a seeded order), so any cohort of four or more has all four scripts;
    a name repeats only once every combination of a culture has been used. The ids are
    given after a shuffle, so an id says nothing about the name.
    """
    if count < 1:
        raise ValueError(f"a cohort needs at least one candidate, not {count}")
    rng = random.Random(f"{seed}:names")
    order = list(range(len(_CULTURES)))
    rest = order[_ALWAYS_INCLUDED:]
    rng.shuffle(rest)
    order = order[:_ALWAYS_INCLUDED] + rest
    used: set[tuple[str, str]] = set()
    people: list[tuple[str, str]] = []
    for index in range(count):
        culture = _CULTURES[order[index % len(order)]]
        people.append(_pick_name(culture, rng, used))
    rng.shuffle(people)
    width = max(3, len(str(count)))
    ability = random.Random(f"{seed}:ability")
    half = (count + 1) // 2
    return [
        DemoCandidate(
            candidate_id=f"C-{number:0{width}d}",
            family_name=family,
            given_name=given,
            email=f"c-{number:0{width}d}@students.example.edu",
            group="A" if number <= half else "B",
            theta=round(ability.gauss(0.2, 1.0), 3),
        )
        for number, (family, given) in enumerate(people, start=1)
    ]


def _pick_name(
    culture: _Culture, rng: random.Random, used: set[tuple[str, str]]
) -> tuple[str, str]:
    """A (family, given) name of ``culture`` not used yet, if any is left."""
    combos: list[tuple[str, str]] = []
    for gender, givens in (("f", culture.female), ("m", culture.male)):
        for family in culture.family:
            if isinstance(family, tuple):
                family = family[1] if gender == "f" else family[0]
            combos.extend((family, given) for given in givens)
    fresh = [c for c in combos if c not in used]
    choice = rng.choice(fresh or combos)
    used.add(choice)
    return choice


def write_roster(path: Path, candidates: Sequence[DemoCandidate]) -> None:
    """Write a roster file as a spreadsheet's "CSV UTF-8" does (with a byte-order
    mark), in the columns :meth:`RosterServices.import_roster` reads."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate_id", "family_name", "given_name", "email", "group"])
        for c in candidates:
            writer.writerow([c.candidate_id, c.family_name, c.given_name, c.email, c.group])


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Account:
    """An account the demo created, with the secret it was given."""

    username: str
    display_name: str
    role: Role
    secret: str
    stringency: float | None = None


@dataclass(frozen=True)
class DemoConfig:
    """What to build. ``stations`` are bundled station ids in circuit order;
    ``double_marked`` is how many of them (the first ones) have a second marker, who
    marks ``second_share`` of the candidates there."""

    seed: int = 1
    candidates: int = 12
    stations: tuple[str, ...] = OSCE_STATIONS
    double_marked: int = 2
    second_share: float = 0.5
    exam_code: str = EXAM_CODE
    starts_at: datetime = EXAM_START
    #: After the day: set the standard, release the results, and write the candidate
    #: and exam reports (``reports/``) and ``results.xlsx``.
    result_files: bool = True

    def check(self) -> None:
        """Raise :class:`UserError` when the configuration cannot make an exam."""
        problems = []
        if self.candidates < 2:
            problems.append(
                _("a demo needs at least 2 candidates, not {count}").format(count=self.candidates)
            )
        if not self.stations:
            problems.append(_("a demo needs at least one station"))
        if len(set(self.stations)) != len(self.stations):
            problems.append(_("each station may be given once"))
        if self.double_marked < 0:
            problems.append(_("double_marked is a number of stations, 0 or more"))
        seconds = min(max(0, self.double_marked), len(self.stations))
        if len(self.stations) + seconds > len(EXAMINERS):
            problems.append(
                _(
                    "{stations} stations with {seconds} second markers need {needed} "
                    "examiners; the demo has {available}"
                ).format(
                    stations=len(self.stations),
                    seconds=seconds,
                    needed=len(self.stations) + seconds,
                    available=len(EXAMINERS),
                )
            )
        if not 0 <= self.second_share <= 1:
            problems.append(_("second_share is a share of the candidates, from 0 to 1"))
        if problems:
            raise UserError(_("; ").join(problems))


@dataclass(frozen=True)
class DemoResult:
    """What :func:`build_demo` wrote, and what the exam day held."""

    folder: Path
    database: Path
    roster: Path
    results: Path
    credentials: Path
    exam_code: str
    seed: int
    stations: tuple[str, ...]
    candidates: int
    coordinator: Account
    examiners: tuple[Account, ...]
    #: Submitted encounters: primary markings, and second markings among them.
    submitted: int
    second_marked: int
    #: The one candidate recorded absent, and the station they missed.
    no_show: tuple[str, str]
    marks: int
    result_rows: int
    audit: VerifyResult
    #: Files of an earlier demo that were removed first.
    replaced: tuple[Path, ...] = field(default=())
    #: Device traces stored with encounters, and one such encounter (to try
    #: ``skillstation encounter trace`` on).
    device_traces: int = 0
    trace_encounter: str | None = None

    @property
    def hawk(self) -> Account:
        """The strictest examiner."""
        return max(self.examiners, key=lambda a: a.stringency or 0.0)

    @property
    def dove(self) -> Account:
        """The most lenient examiner."""
        return min(self.examiners, key=lambda a: a.stringency or 0.0)


# --------------------------------------------------------------------------- folder


def prepare_folder(
    folder: Path, *, progress: Callable[[str], None] | None = None
) -> tuple[Path, ...]:
    """Make ``folder`` ready for a new demo; return the files of an earlier demo that
    were removed.

    A demo always starts from a fresh database. The files of an earlier demo (known by
    its ``demo.json``) are removed, after saying so through ``progress``. Anything else
    in the folder is left alone, and a database, roster, results or credentials file the
    demo did not write is never replaced: that raises :class:`UserError`.
    """
    if folder.exists() and not folder.is_dir():
        raise UserError(
            _("{folder} is a file; give a folder for --out (it is created if missing)").format(
                folder=folder
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UserError(
            _("cannot create the folder {folder} ({reason}); choose another --out").format(
                folder=folder, reason=err.strerror or err
            )
        ) from err
    present = [
        folder / name
        for name in OUTPUT_NAMES
        if (folder / name).is_symlink() or (folder / name).exists()
    ]
    if not present:
        return ()
    if not _is_demo_folder(folder):
        names = ", ".join(p.name for p in present)
        raise UserError(
            _(
                "{folder} already holds {names}, not made by `skillstation demo`; nothing was "
                "changed. Give an empty or new folder for --out, or move those files away"
            ).format(folder=folder, names=names)
        )
    if progress is not None:
        names = ", ".join(p.name for p in present)
        progress(
            _("replacing the earlier demo in {folder} (removing {names})").format(
                folder=folder, names=names
            )
        )
    for path in present:
        try:
            path.unlink()
        except OSError as err:
            raise UserError(
                _(
                    "cannot remove {path} of the earlier demo ({reason}); close programs "
                    "using it, or choose another --out"
                ).format(path=path, reason=err.strerror or err)
            ) from err
    return tuple(present)


def _is_demo_folder(folder: Path) -> bool:
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("kind") == _MANIFEST_KIND


def _write_manifest(folder: Path, config: DemoConfig) -> None:
    manifest = {
        "kind": _MANIFEST_KIND,
        "about": "built by `skillstation demo`; running it again on this folder replaces "
        "the files listed here",
        "seed": config.seed,
        "candidates": config.candidates,
        "stations": list(config.stations),
        "exam": config.exam_code,
        "files": list(OUTPUT_NAMES),
    }
    (folder / MANIFEST_NAME).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _write_private(path: Path, text: str) -> None:
    """Create ``path`` readable by its owner only (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        if os.name == "posix":
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            fd = -1  # the file object owns it now
            handle.write(text)
    finally:
        if fd >= 0:
            os.close(fd)


def _credentials_text(exam_code: str, coordinator: Account, examiners: Sequence[Account]) -> str:
    lines = [
        f"# Accounts of the SkillStation demo exam {exam_code}. Keep this file private.",
        "# Sign in with: skillstation --db skillstation.db --user USERNAME COMMAND",
        "# (the PIN or password is asked for, or read from SKILLSTATION_PIN).",
        "",
        "role         username     secret           name",
    ]
    for account in (coordinator, *examiners):
        lines.append(
            f"{account.role.value:<12} {account.username:<12} {account.secret:<16} "
            f"{account.display_name}"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- secrets


_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def _new_password(username: str) -> str:
    """A coordinator password: three groups of four letters and digits (about 59 bits),
    easy to read out and type."""
    while True:
        groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3)]
        password = "-".join(groups)
        try:
            check_secret_policy(password, Role.COORDINATOR, username=username)
        except WeakSecretError:
            continue
        return password


def _new_pin(username: str) -> str:
    """A six-digit examiner PIN that the PIN policy accepts (no runs, no repeats)."""
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        try:
            check_secret_policy(pin, Role.EXAMINER, username=username)
        except WeakSecretError:
            continue
        return pin


# --------------------------------------------------------------------------- marking


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


def _feedback(defn: StationDefinition, marks: Sequence[ItemMark], metrics: dict[str, float]) -> str:
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


_PRIVATE_NOTES = (
    "Candidate seemed very anxious at the start; settled after a minute.",
    "Manikin repositioned at the start of the station; no time lost.",
    "Fire alarm test in the corridor during this station; candidate was not put off.",
    "Candidate asked for the instructions to be repeated.",
)


# --------------------------------------------------------------------------- the day


Marker = Literal["primary", "second"]


@dataclass(order=True)
class _Event:
    """One service call at its time; ``seq`` keeps calls at the same time in the order
    they were planned."""

    at: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


class _Day:
    """The exam day as a list of timed service calls, run in time order on the clock."""

    def __init__(
        self,
        services: StationServices,
        clock: FakeClock,
        config: DemoConfig,
        models: dict[str, StationDefinition],
    ) -> None:
        self.services = services
        self.clock = clock
        self.config = config
        self.models = models
        self.events: list[_Event] = []
        self.encounters: dict[tuple[str, str, str], str] = {}
        self.marks = 0
        self.submitted = 0
        self.second_marked = 0
        self.device_traces = 0
        self.trace_encounter: str | None = None

    def at(self, when: datetime, action: Callable[[], None]) -> None:
        self.events.append(_Event(when, len(self.events), action))

    def run(self) -> None:
        for event in sorted(self.events):
            self.clock.advance(max(0.0, (event.at - self.clock.now()).total_seconds()))
            event.action()

    def no_show(self, examiner: Actor, entry: Entry, reading_s: float) -> None:
        """Schedule the examiner recording that the candidate of ``entry`` never came:
        after waiting a minute and a half of the active phase."""
        code = self.config.exam_code

        def record() -> None:
            self.services.encounters.mark_no_show(
                examiner, code, entry.station_id, entry.candidate_id
            )

        self.at(entry.slot.start + timedelta(seconds=reading_s + 90), record)

    def encounter(
        self,
        examiner: Actor,
        stringency: float,
        marker: Marker,
        entry: Entry,
        performance: SimulatedPerformance,
        rng: random.Random,
        *,
        reading_s: float,
        active_s: float,
        override: bool = False,
        recording: CprRecording | None = None,
    ) -> None:
        """Schedule one examiner's encounter with the candidate of ``entry``: check-in
        during reading time, the marks at the moments of the performance, the device's
        trace (``recording``) and metrics, grade and feedback once the candidate has
        finished, and submission before the slot ends. ``override`` also overrules the
        device on one item."""
        services = self.services
        code = self.config.exam_code
        defn = self.models[entry.station_id]
        key = (entry.candidate_id, entry.station_id, marker)
        slot = entry.slot
        # A second marker reaches for the screen a moment after the first.
        lag = timedelta(seconds=1.5 if marker == "second" else 0.0)
        active_start = slot.start + timedelta(seconds=reading_s)
        marks = examiner_marks(defn, performance.marks, stringency, rng)
        metrics = performance.metrics

        def eid() -> str:
            return self.encounters[key]

        def check_in() -> None:
            info = services.encounters.check_in(
                examiner,
                code,
                entry.station_id,
                entry.candidate_id,
                marker=marker,
            )
            self.encounters[key] = info.id

        def start() -> None:
            services.encounters.start_encounter(examiner, eid())

        self.at(slot.start + timedelta(seconds=15) + lag, check_in)
        self.at(active_start + lag, start)

        correct = [
            m for m in marks if isinstance(defn.item(m.item_id), BinaryItem | ThreePointItem)
        ]
        slip = rng.choice(correct) if correct and rng.random() < _CORRECTION_RATE else None
        for mark in marks:
            when = active_start + timedelta(seconds=mark.t_s or 0.0) + lag
            if mark is slip:
                wrong = MarkValue.NOT_DONE if mark.value == MarkValue.DONE else MarkValue.DONE
                self.at(when, self._mark_action(examiner, eid, mark.item_id, wrong, mark.t_s, None))
                self.at(
                    when + timedelta(seconds=4),
                    self._mark_action(
                        examiner,
                        eid,
                        mark.item_id,
                        mark.value,
                        mark.t_s,
                        "tapped the wrong box; corrected at once",
                    ),
                )
            else:
                self.at(
                    when, self._mark_action(examiner, eid, mark.item_id, mark.value, mark.t_s, None)
                )

        finished = active_start + timedelta(seconds=performance.finished_at_s) + lag
        if recording is not None:

            def trace() -> None:
                encounter_id = eid()
                services.encounters.record_device_trace(
                    examiner,
                    encounter_id,
                    recording.trace,
                    recording.device_identity,
                    recording.samples,
                )
                self.device_traces += 1
                if self.trace_encounter is None:
                    self.trace_encounter = encounter_id

            self.at(finished + timedelta(seconds=2), trace)
        if metrics and any(isinstance(i, DeviceItem) for i in defn.items()):

            def device() -> None:
                self.marks += len(
                    services.encounters.record_device_metrics(examiner, eid(), metrics)
                )

            self.at(finished + timedelta(seconds=3), device)
            if override:
                item = next(i for i in defn.items() if isinstance(i, DeviceItem))
                judged = judge_device_item(item, metrics)
                given = MarkValue.DONE
                if judged is not None and judged.value == MarkValue.DONE:
                    given = MarkValue.NOT_DONE

                def overrule() -> None:
                    services.encounters.override_device_item(
                        examiner,
                        eid(),
                        item.id,
                        given,
                        "the manikin's sensor slipped during the second cycle; judged by eye",
                    )
                    self.marks += 1

                self.at(finished + timedelta(seconds=8), overrule)

        if defn.global_rating is not None:
            percent = score_station(defn, marks, metrics=metrics).percent or 0.0
            grade = simulate_grade(defn, percent, stringency, rng)

            def set_grade() -> None:
                services.encounters.set_grade(examiner, eid(), grade)

            self.at(finished + timedelta(seconds=12), set_grade)

        feedback = _feedback(defn, marks, metrics)

        def give_feedback() -> None:
            services.encounters.comment(examiner, eid(), "feedback", feedback)

        self.at(finished + timedelta(seconds=25), give_feedback)
        if rng.random() < _PRIVATE_NOTE_RATE:
            note = rng.choice(_PRIVATE_NOTES)

            def private_note() -> None:
                services.encounters.comment(examiner, eid(), "private", note)

            self.at(finished + timedelta(seconds=32), private_note)

        own_end = active_start + timedelta(seconds=active_s) + lag
        submit_at = max(finished + timedelta(seconds=40), own_end + timedelta(seconds=10))
        submit_at = min(submit_at, slot.end - timedelta(seconds=5))

        def submit() -> None:
            services.encounters.submit(examiner, eid())
            self.submitted += 1
            if marker == "second":
                self.second_marked += 1

        self.at(submit_at, submit)

    def _mark_action(
        self,
        examiner: Actor,
        eid: Callable[[], str],
        item_id: str,
        value: MarkValue | int,
        t_s: float | None,
        reason: str | None,
    ) -> Callable[[], None]:
        def mark() -> None:
            self.services.encounters.mark_item(
                examiner, eid(), item_id, value, t_s=t_s, reason=reason
            )
            self.marks += 1

        return mark


# --------------------------------------------------------------------------- the manikin


@dataclass(frozen=True)
class CprRecording:
    """A candidate's CPR at a device-scored station, recorded from the simulated
    manikin over a pseudo-terminal: the trace as stored, and the metrics analysed from it
    (those without a value left out)."""

    profile: str
    trace: bytes
    device_identity: str
    samples: int
    metrics: dict[str, float]


def manikin_profile(theta: float, rng: random.Random) -> str:
    """How a candidate of ability ``theta`` does CPR on the simulated manikin: on
    target (``good``) with a chance that rises with ability (one half at theta = -0.5,
    about 0.9 at theta = 1), else one of the flawed profiles, evenly."""
    p_good = 1.0 / (1.0 + math.exp(-1.5 * (theta + 0.5)))
    if rng.random() < p_good:
        return "good"
    return rng.choice(_FLAWED_PROFILES)


def record_cpr(label: str, theta: float, rng: random.Random, folder: Path) -> CprRecording:
    """Record :data:`CPR_SECONDS` of a candidate's CPR through the whole device path
    (module documentation) into ``folder/label.csv``, and analyse the trace."""
    profile = manikin_profile(theta, rng)
    signal_seed = rng.randrange(2**31)
    if profile not in PROFILES:  # pragma: no cover - the names above are the manikin's
        raise UserError(
            _("the simulated manikin has no profile {profile!r}").format(profile=profile)
        )

    def boot() -> SimulatedDevice:
        signal = ManikinSignal(profile, seed=signal_seed)
        source = ManikinSource(signal, SIM_RATE_HZ, from_start=True)
        return SimulatedDevice(source, info=DeviceInfo(serial=f"DEMO-{signal_seed:08X}"))

    path = folder / f"{label}.csv"
    try:
        with PtySimulator(speed=SIM_SPEED, device_factory=boot, lossless=True) as simulator:
            capture = capture_cpr(simulator.path, CPR_SECONDS, path)
    except (CaptureError, OSError) as err:
        raise UserError(
            _(
                "the simulated manikin could not be recorded over a pseudo-terminal ({error}); "
                "the demo needs Linux or macOS with pseudo-terminals available"
            ).format(error=err)
        ) from None
    summary = capture.analysis.as_dict()
    metrics = {
        name: float(value)
        for name in DEVICE_METRICS
        if isinstance(value := summary.get(name), int | float) and not isinstance(value, bool)
    }
    return CprRecording(
        profile=profile,
        trace=path.read_bytes(),
        device_identity=capture.identity_text,
        samples=capture.recording.samples,
        metrics=metrics,
    )


# --------------------------------------------------------------------------- building


def _load_models(stations: Sequence[str]) -> dict[str, StationDefinition]:
    """The bundled definitions of ``stations``, as the services will store them."""
    models: dict[str, StationDefinition] = {}
    for key in stations:
        found = bundled_source(key)
        if found is None:
            raise UserError(
                _(
                    "there is no bundled station {station!r}; the bundled stations are: {keys}"
                ).format(station=key, keys=", ".join(bundled_keys()))
            )
        models[key] = found[0]
    return models


@dataclass(frozen=True)
class _Staff:
    """The accounts of the exam and who marks where."""

    coordinator: Account
    coordinator_actor: Actor
    examiners: tuple[Account, ...]
    primary: dict[str, Account]
    second: dict[str, Account]


def _create_accounts(
    services: StationServices, clock: FakeClock, config: DemoConfig, out: Path
) -> _Staff:
    """The coordinator (the database's first account), then the examiners; their
    secrets go to the private credentials file."""
    username, display_name = COORDINATOR
    coordinator = Account(username, display_name, Role.COORDINATOR, _new_password(username))
    actor = services.identity.bootstrap_coordinator(username, display_name, coordinator.secret)
    clock.advance(60)
    stations = config.stations
    seconds = min(config.double_marked, len(stations))
    examiners = tuple(
        Account(p.username, p.display_name, Role.EXAMINER, _new_pin(p.username), p.stringency)
        for p in EXAMINERS[: len(stations) + seconds]
    )
    for account in examiners:
        services.identity.add_user(
            actor, account.username, account.display_name, Role.EXAMINER, account.secret
        )
        clock.advance(20)
    _write_private(
        out / CREDENTIALS_NAME, _credentials_text(config.exam_code, coordinator, examiners)
    )
    return _Staff(
        coordinator=coordinator,
        coordinator_actor=actor,
        examiners=examiners,
        primary={key: examiners[i] for i, key in enumerate(stations)},
        second={key: examiners[len(stations) + i] for i, key in enumerate(stations[:seconds])},
    )


def _create_exam(
    services: StationServices,
    clock: FakeClock,
    config: DemoConfig,
    models: dict[str, StationDefinition],
    staff: _Staff,
) -> None:
    """Store the bundled stations, create the exam bound to exactly those versions,
    and assign its examiners."""
    coord = staff.coordinator_actor
    refs: list[DefinitionRef] = []
    for key in config.stations:
        info = services.definitions.bundled_definition(coord, key)
        if info.version != models[key].version:
            raise UserError(
                _(
                    "the bundled station {station!r} changed while the demo was being built "
                    "(read version {read}, stored {stored}); run it again"
                ).format(station=key, read=models[key].version, stored=info.version)
            )
        refs.append(info.ref)
        clock.advance(5)
    services.exams.create_exam(
        coord,
        code=config.exam_code,
        title=EXAM_TITLE,
        starts_at=config.starts_at,
        stations=refs,
        language="en",
        pass_mark_pct=60.0,
        min_stations_passed=max(1, len(config.stations) - 1),
    )
    clock.advance(90)
    for key in config.stations:
        assigned = [staff.primary[key]] + ([staff.second[key]] if key in staff.second else [])
        for account in assigned:
            services.exams.assign_examiner(coord, config.exam_code, key, account.username)
            clock.advance(10)


def _plan_day(
    day: _Day,
    config: DemoConfig,
    staff: _Staff,
    actors: dict[str, Actor],
    cohort: Sequence[DemoCandidate],
    entries: Sequence[Entry],
    reading_s: float,
    traces: Path,
) -> tuple[str, str]:
    """Schedule every encounter of the day; return the no-show (candidate, station).
    The CPR of each candidate at a device-scored station is recorded now, into
    ``traces`` (:func:`record_cpr`)."""
    models = day.models
    thetas = {c.candidate_id: c.theta for c in cohort}
    chooser = random.Random(f"{config.seed}:plan")
    # A candidate who arrives late misses the first station of their day.
    late = chooser.choice(sorted(thetas))
    missed = min((e for e in entries if e.candidate_id == late), key=lambda e: e.slot.start)
    no_show = (missed.candidate_id, missed.station_id)
    second_marked: dict[str, set[str]] = {}
    for key in staff.second:
        pool = sorted(c for c in thetas if (c, key) != no_show)
        share = max(1, round(config.second_share * len(pool)))
        second_marked[key] = set(chooser.sample(pool, min(share, len(pool))))
    overridden: tuple[str, str] | None = None
    device_stations = [k for k in config.stations if models[k].device is not None]
    if device_stations:
        key = device_stations[0]
        overridden = (chooser.choice(sorted(c for c in thetas if (c, key) != no_show)), key)

    for entry in entries:
        cid, key = entry.candidate_id, entry.station_id
        defn = models[key]
        examiner = staff.primary[key]
        if (cid, key) == no_show:
            day.no_show(actors[examiner.username], entry, reading_s)
            continue
        performance = simulate_performance(
            defn, thetas[cid], random.Random(f"{config.seed}:perf:{cid}:{key}")
        )
        recording: CprRecording | None = None
        if defn.device is not None and any(isinstance(i, DeviceItem) for i in defn.items()):
            recording = record_cpr(
                f"{cid}-{key}",
                thetas[cid],
                random.Random(f"{config.seed}:manikin:{cid}:{key}"),
                traces,
            )
            performance = replace(performance, metrics=recording.metrics)
        markers: list[tuple[Account, Marker]] = [(examiner, "primary")]
        if key in staff.second and cid in second_marked[key]:
            markers.append((staff.second[key], "second"))
        for account, marker in markers:
            day.encounter(
                actors[account.username],
                account.stringency or 0.0,
                marker,
                entry,
                performance,
                random.Random(f"{config.seed}:judge:{cid}:{key}:{marker}"),
                reading_s=reading_s,
                active_s=defn.timing.active_s,
                override=marker == "primary" and overridden == (cid, key),
                recording=recording,
            )
    return no_show


def build_demo(
    folder: str | os.PathLike[str],
    config: DemoConfig | None = None,
    *,
    password_hasher: PasswordHasher | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Build a demonstration database and its files in ``folder``; see the module
    documentation for what it holds.

    ``password_hasher`` hashes the accounts' secrets (default: the station's Argon2id
    parameters; tests pass a cheaper one). ``progress`` is told what is happening, one
    line at a time. Raises :class:`UserError` for a folder that cannot be used or holds
    files the demo did not write, and for a configuration that cannot make an exam.
    """
    config = config or DemoConfig()
    config.check()
    out = Path(folder).expanduser().absolute()
    say = progress or (lambda _message: None)
    models = _load_models(config.stations)
    replaced = prepare_folder(out, progress=say)
    _write_manifest(out, config)

    # The coordinator starts setting up an hour and a quarter before the first bell.
    clock = FakeClock(start_wall=config.starts_at - timedelta(minutes=75))
    db = open_database(out / DB_NAME)
    try:
        services = StationServices(db, clock=clock, password_hasher=password_hasher)
        say(_("creating the accounts and the exam {exam}").format(exam=config.exam_code))
        staff = _create_accounts(services, clock, config, out)
        coord = staff.coordinator_actor
        _create_exam(services, clock, config, models, staff)
        cohort = demo_candidates(config.candidates, config.seed)
        write_roster(out / ROSTER_NAME, cohort)
        services.roster.import_roster(coord, config.exam_code, out / ROSTER_NAME)
        clock.advance(120)
        plan = services.exams.build_timetable(coord, config.exam_code)
        clock.advance(60)
        services.exams.open_exam(coord, config.exam_code)
        clock.advance(30)
        # Examiners sign in at their stations, as they would on the day.
        actors = {
            account.username: services.identity.authenticate(account.username, account.secret)
            for account in staff.examiners
        }

        day = _Day(services, clock, config, models)
        entries = [e for e in plan.entries if e.station_id != REST]
        # The circuit's stations ring together, so every slot has the same phases.
        reading_s = max(m.timing.reading_s for m in models.values())
        device_visits = sum(1 for e in entries if models[e.station_id].device is not None)
        if device_visits:
            say(
                _(
                    "recording up to {count} CPR sessions from the simulated manikin over a "
                    "pseudo-terminal ({seconds} s each at {speed}x speed)"
                ).format(count=device_visits, seconds=f"{CPR_SECONDS:g}", speed=f"{SIM_SPEED:g}")
            )
        with tempfile.TemporaryDirectory(prefix="skillstation-demo-traces-") as traces:
            no_show = _plan_day(
                day, config, staff, actors, cohort, entries, reading_s, Path(traces)
            )
        say(
            _(
                "marking {visits} station visits of {candidates} candidates, slot by slot "
                "({calls} service calls)"
            ).format(visits=len(entries), candidates=len(cohort), calls=f"{len(day.events):,}")
        )
        day.run()

        clock.advance(300)
        services.exams.close_exam(coord, config.exam_code)
        clock.advance(600)
        if config.result_files:
            # Standard set, results released, reports/ and results.xlsx (docs/exports.md).
            clock.advance(3600)
            write_result_files(services, coord, config.exam_code, out, say=say)
        # Written last, from the same results model, so it equals a fresh export.
        rows = services.results.export_results_csv(coord, config.exam_code, out / RESULTS_NAME)
        say(_("checking the audit trail"))
        audit = services.results.verify_audit(coord)
        if not audit.ok:
            raise UserError(
                _(
                    "the audit check of the new demo database failed ({problem}); this is a "
                    "bug in SkillStation: please report it with the seed {seed}"
                ).format(problem=audit.problem, seed=config.seed)
            )
    finally:
        db.close()

    return DemoResult(
        folder=out,
        database=out / DB_NAME,
        roster=out / ROSTER_NAME,
        results=out / RESULTS_NAME,
        credentials=out / CREDENTIALS_NAME,
        exam_code=config.exam_code,
        seed=config.seed,
        stations=config.stations,
        candidates=len(cohort),
        coordinator=staff.coordinator,
        examiners=staff.examiners,
        submitted=day.submitted,
        second_marked=day.second_marked,
        no_show=no_show,
        marks=day.marks,
        result_rows=rows,
        audit=audit,
        replaced=replaced,
        device_traces=day.device_traces,
        trace_encounter=day.trace_encounter,
    )
