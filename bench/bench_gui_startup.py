"""Cold start of the desktop station against a bare Qt window, under the offscreen platform.

Measured: a new process running ``python -m ui.app --quit-when-ready``, from its start
until the login screen is shown and the event loop is idle (the app then prints "ready"
and quits): Qt, the settings, the theme, the translations, the service worker thread and
the main window. The services and the database open on the worker thread meanwhile
(the login screen takes input at once; a sign-in waits for them): that is not counted,
the time to the "ready" line is. The station's data folder is prepared by a
first, untimed run, so the first-start set-up is not counted (it runs once per machine).

Baseline, in the same run: a new process that creates a QApplication and a QMainWindow,
shows it and quits when its event loop is idle.

Both run 9 times, interleaved, medians compared. Goal: at most 2.5× the baseline.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 9
GOAL_RATIO = 2.5
REPO = Path(__file__).resolve().parent.parent

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
def ready():
    print("ready", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

COMMANDS: dict[str, list[str]] = {
    "bare QApplication + QMainWindow": [sys.executable, "-c", BARE],
    "skillstation-gui to login": [sys.executable, "-m", "ui.app", "--quit-when-ready"],
}
BASELINE = "bare QApplication + QMainWindow"
MEASURED = "skillstation-gui to login"


def time_once(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its "ready" line (it is then left to finish
    and must exit with status 0)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = process.communicate(timeout=120)
    if line.decode().strip() != "ready" or process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} did not get ready: {err.decode()}")
    return elapsed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="skillstation-bench-gui-") as folder:
        home = Path(folder)
        runtime = home / "runtime"
        runtime.mkdir(mode=0o700)
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            XDG_RUNTIME_DIR=str(runtime),
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            SKILLSTATION_HOME=str(home / "skillstation"),
        )
        # The station's settings: a language chosen, so the login screen comes first.
        (home / "skillstation").mkdir()
        (home / "skillstation" / "settings.json").write_text(
            '{"version": 3, "language": "en"}\n', encoding="utf-8"
        )
        try:
            for command in COMMANDS.values():  # first start and file cache; not timed
                time_once(command, env)
            times: dict[str, list[float]] = {name: [] for name in COMMANDS}
            names = list(COMMANDS)
            for run in range(RUNS):
                shift = run % len(names)
                for name in names[shift:] + names[:shift]:
                    times[name].append(time_once(COMMANDS[name], env))
        except (subprocess.SubprocessError, RuntimeError) as err:
            print(f"the GUI start-up benchmark failed: {err}", file=sys.stderr)
            return 1

    base = statistics.median(times[BASELINE])
    print(f"GUI cold start (offscreen), {RUNS} runs each, interleaved (median and fastest)")
    print(f"{'command':<34} {'median':>9} {'fastest':>9} {'ratio':>7}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(
            f"{name:<34} {median * 1000:>7.1f}ms {min(samples) * 1000:>7.1f}ms "
            f"{median / base:>6.2f}×"
        )
    ratio = statistics.median(times[MEASURED]) / base
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"goal: skillstation-gui to login ≤ {GOAL_RATIO:g}× bare window: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
