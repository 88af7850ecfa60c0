"""A demonstration exam: a database filled the way a real exam day would fill it.

:func:`build_demo` creates a fresh SkillStation database in a folder and runs a whole
OSCE through :class:`station.services.StationServices`, exactly as the GUI and the
command line would: nothing is written to a table directly, so every row has its audit
entry and the finished database passes ``skillstation audit verify``.

What happens, on an injected :class:`~common.clock.FakeClock` that walks through
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
(:func:`devices.trace_capture.capture_cpr`). The trace and the metrics analysed from
it are stored with the encounter in one transaction (``record_cpr_trace``, the call the
examiner's station makes), and the metrics judge the device-scored items. These recordings are made
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

The parts: :mod:`.config` (what to build, the file names, the examiner pool, what was
built), :mod:`.candidates` (names and the roster), :mod:`.folder` (the output folder,
its manifest and the credentials file), :mod:`.manikin` (the CPR recordings),
:mod:`.marking` (how a simulated examiner marks), :mod:`.day` (the day played through the
services) and :mod:`.build` (:func:`build_demo`, putting them together).
"""

from __future__ import annotations

from station.demo.build import build_demo
from station.demo.candidates import DemoCandidate, demo_candidates, write_roster
from station.demo.config import (
    COORDINATOR,
    CREDENTIALS_NAME,
    DB_NAME,
    EXAM_CODE,
    EXAM_START,
    EXAM_TITLE,
    EXAMINERS,
    MANIFEST_NAME,
    OSCE_STATIONS,
    OUTPUT_NAMES,
    RESULTS_NAME,
    ROSTER_NAME,
    Account,
    DemoConfig,
    DemoResult,
    ExaminerProfile,
)
from station.demo.day import Marker
from station.demo.folder import prepare_folder
from station.demo.manikin import (
    CPR_SECONDS,
    SIM_RATE_HZ,
    SIM_SPEED,
    CprRecording,
    manikin_profile,
    record_cpr,
)
from station.demo.marking import examiner_marks

__all__ = [
    "COORDINATOR",
    "CPR_SECONDS",
    "CREDENTIALS_NAME",
    "DB_NAME",
    "EXAMINERS",
    "EXAM_CODE",
    "EXAM_START",
    "EXAM_TITLE",
    "MANIFEST_NAME",
    "OSCE_STATIONS",
    "OUTPUT_NAMES",
    "RESULTS_NAME",
    "ROSTER_NAME",
    "SIM_RATE_HZ",
    "SIM_SPEED",
    "Account",
    "CprRecording",
    "DemoCandidate",
    "DemoConfig",
    "DemoResult",
    "ExaminerProfile",
    "Marker",
    "build_demo",
    "demo_candidates",
    "examiner_marks",
    "manikin_profile",
    "prepare_folder",
    "record_cpr",
    "write_roster",
]
