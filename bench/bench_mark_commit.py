"""The latency of one durable item mark through the services, against a bare commit.

An examiner taps a checklist box and the station answers only once the mark is on disk
(``EncounterServices.mark_item`` returns after its ``synchronous=FULL`` commit). That
wait is what the examiner feels, so it is timed per call, and its tail (p99) matters as
much as its median.

Two workloads, on two database files in one temporary folder (the same disk):

- **service**: ``mark_item`` on a real SkillStation database: the permission check, the
  mark validated against the station definition, the mark row, its signed audit entry
  and the encounter's ``updated_at``, in one ``BEGIN IMMEDIATE`` transaction;
- **bare** (the baseline): plain ``sqlite3``, the same pragmas (WAL, synchronous=FULL,
  foreign_keys, busy_timeout), ``BEGIN IMMEDIATE``, one INSERT of a row shaped like a
  mark, COMMIT.

They alternate in blocks (rotating which goes first), so a burst of load on the machine
hits both alike. The bare commit is almost all fsync, so the ratio of the two says how
much the service layer adds on top of the disk. Goals: ratio of medians ≤ 3 (≤ 8 on a
disk whose fsync is fast, where the service's own work shows most), the service's p99
under 20 ms, and at most 1 ms of CPU per mark at p50 (``time.thread_time`` around each
call: the work of the mark itself, which a sync that replays marks by the thousand pays
for each one).

``--profile`` runs cProfile over the service marks afterwards and prints where the time
goes. ``--dir`` picks the folder for the database files (default: the system's
temporary folder); it must be on the disk to be measured.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from assessments.definitions.model import BinaryItem
from assessments.scoring import MarkValue
from station.auth.permissions import Actor
from station.services import StationServices
from station.storage import Database, open_database

MARKS = 2000
BLOCK = 100
WARMUP = 50
CANDIDATES = 20
GOAL_RATIO = 3.0
GOAL_P99_MS = 20.0
#: CPU time of one mark at p50 (its own work, whatever the disk), and the ratio that
#: leaves on a machine whose fsync is fast (on a laptop disk the fsync dominates).
GOAL_CPU_MS = 1.0
GOAL_RATIO_FAST_FSYNC = 8.0
STATION = "who-hand-rub"
EXAM = "BENCH-1"


def percentile(samples: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``samples``."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


class ServiceMarks:
    """An open exam with CANDIDATES draft encounters of one examiner, marked in turn."""

    def __init__(self, path: Path) -> None:
        hasher = PasswordHasher.from_parameters(CHEAPEST)
        self.db: Database = open_database(path)
        self.services = StationServices(self.db, password_hasher=hasher)
        services = self.services
        cora = services.identity.bootstrap_coordinator("cora", "Cora", "kq7m-x2pa-r9tf")
        services.identity.add_user(cora, "eli", "Eli", "examiner", "583920")
        services.exams.create_exam(
            cora,
            code=EXAM,
            title="Benchmark",
            starts_at=datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
            stations=[STATION],
        )
        services.exams.assign_examiner(cora, EXAM, STATION, "eli")
        roster = path.with_name("roster.csv")
        rows = [f"C-{n:03d},Family {n},Given {n}" for n in range(CANDIDATES)]
        roster.write_text(
            "candidate_id,family_name,given_name\n" + "\n".join(rows) + "\n", encoding="utf-8"
        )
        services.roster.import_roster(cora, EXAM, roster)
        services.exams.open_exam(cora, EXAM)
        self.examiner: Actor = services.identity.authenticate("eli", "583920")
        self.encounters = [
            services.encounters.check_in(self.examiner, EXAM, STATION, f"C-{n:03d}").id
            for n in range(CANDIDATES)
        ]
        view = services.encounters.encounter_view(self.examiner, self.encounters[0])
        self.items = [i.id for i in view.definition.items() if isinstance(i, BinaryItem)]
        self.n = 0

    def mark(self) -> None:
        n = self.n
        self.n += 1
        self.services.encounters.mark_item(
            self.examiner,
            self.encounters[n % len(self.encounters)],
            self.items[(n // len(self.encounters)) % len(self.items)],
            MarkValue.DONE if n % 3 else MarkValue.NOT_DONE,
            t_s=float(n % 120),
        )

    def close(self) -> None:
        self.db.close()


class BareMarks:
    """A plain sqlite3 connection with SkillStation's pragmas, one INSERT per commit."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "PRAGMA busy_timeout = 5000",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
        ):
            self.connection.execute(pragma)
        self.connection.execute(
            "CREATE TABLE marks (id TEXT PRIMARY KEY, encounter_id TEXT NOT NULL, "
            "item_id TEXT NOT NULL, revision INTEGER NOT NULL, value TEXT, t_s REAL, "
            "recorded_at TEXT NOT NULL)"
        )
        self.n = 0

    def mark(self) -> None:
        n = self.n
        self.n += 1
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute(
            "INSERT INTO marks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                str(uuid.uuid4()),
                f"encounter-{n % CANDIDATES}",
                f"item-{n % 10}",
                n,
                "done" if n % 3 else "not_done",
                float(n % 120),
                datetime.now(UTC).isoformat(),
            ),
        )
        self.connection.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()


def time_calls(call: Callable[[], None], count: int) -> tuple[list[float], list[float]]:
    """Wall time and CPU time (this thread's) of each of ``count`` calls in milliseconds
    (wall time well above CPU time is time waiting for the disk or for a core)."""
    samples = []
    cpu = []
    clock = time.perf_counter
    cpu_clock = time.thread_time
    for _ in range(count):
        start = clock()
        cpu_start = cpu_clock()
        call()
        cpu.append((cpu_clock() - cpu_start) * 1000.0)
        samples.append((clock() - start) * 1000.0)
    return samples, cpu


def profile(service: ServiceMarks, count: int) -> str:
    """cProfile of ``count`` service marks: the top functions by own and total time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        service.mark()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(18)
    stats.sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--marks", type=int, default=MARKS, help=f"marks per workload ({MARKS})")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the database files")
    parser.add_argument("--profile", action="store_true", help="profile the service marks")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="skillstation-bench-", dir=args.dir) as folder:
        root = Path(folder)
        (root / "service").mkdir()
        service = ServiceMarks(root / "service" / "station.db")
        bare = BareMarks(root / "bare.db")
        try:
            workloads: dict[str, Callable[[], None]] = {
                "service mark_item": service.mark,
                "bare sqlite3 commit": bare.mark,
            }
            for call in workloads.values():  # warm caches and the WAL; not timed
                time_calls(call, WARMUP)
            samples: dict[str, list[float]] = {name: [] for name in workloads}
            cpu: dict[str, list[float]] = {name: [] for name in workloads}
            names = list(workloads)
            blocks = max(1, args.marks // BLOCK)
            for block in range(blocks):
                order = names if block % 2 == 0 else names[::-1]
                for name in order:
                    wall, cpu_ms = time_calls(workloads[name], BLOCK)
                    samples[name].extend(wall)
                    cpu[name].extend(cpu_ms)
            report(samples, cpu, root)
            if args.profile:
                print()
                print(profile(service, min(args.marks, 1000)))
        finally:
            service.close()
            bare.close()
    return 0


def report(samples: dict[str, list[float]], cpu: dict[str, list[float]], root: Path) -> None:
    service = samples["service mark_item"]
    bare = samples["bare sqlite3 commit"]
    count = len(service)
    print(
        f"Durable mark commit, {count} per workload in blocks of {BLOCK}, interleaved "
        f"(database files in {root.parent})"
    )
    header = f"{'workload':<22} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    print(f"{header} {'mean ms':>8} {'cpu p50':>8} {'cpu mean':>8}")
    for name, values in samples.items():
        print(
            f"{name:<22} {statistics.median(values):>8.2f} {percentile(values, 90):>8.2f} "
            f"{percentile(values, 99):>8.2f} {max(values):>8.2f} "
            f"{statistics.fmean(values):>8.2f} {statistics.median(cpu[name]):>8.2f} "
            f"{statistics.fmean(cpu[name]):>8.2f}"
        )
    ratio_p50 = statistics.median(service) / statistics.median(bare)
    ratio_p99 = percentile(service, 99) / percentile(bare, 99)
    p99 = percentile(service, 99)
    cpu_p50 = statistics.median(cpu["service mark_item"])
    print(
        f"service CPU per mark: p50 {cpu_p50:.2f} ms (goal ≤ {GOAL_CPU_MS:g} ms: "
        f"{'met' if cpu_p50 <= GOAL_CPU_MS else 'MISSED'}); ratio of medians goal on a "
        f"disk with a fast fsync ≤ {GOAL_RATIO_FAST_FSYNC:g}×: "
        f"{'met' if ratio_p50 <= GOAL_RATIO_FAST_FSYNC else 'MISSED'}"
    )
    print(
        f"ratio service/bare: p50 {ratio_p50:.2f}×, p99 {ratio_p99:.2f}× "
        f"(goal p50 ≤ {GOAL_RATIO:g}×: {'met' if ratio_p50 <= GOAL_RATIO else 'MISSED'}); "
        f"service p99 {p99:.2f} ms (goal < {GOAL_P99_MS:g} ms: "
        f"{'met' if p99 < GOAL_P99_MS else 'MISSED'})"
    )


if __name__ == "__main__":
    sys.exit(main())
