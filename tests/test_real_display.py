"""The real-display suite: tests/desktop run on a real X server (Xvfb) with a real window
manager (openbox), Qt's own X11 platform, real window activation and real input events.

The off-screen platform the rest of the suite uses has no window manager: a window is
never activated by anyone, no pointer hovers anything, and some faults (the keyboard not
where it should be after signing in, a message sliding a button under the pointer) only
show with one. This test starts both servers, runs ``pytest tests/desktop`` in a process
of its own on them, and passes when that run passes. ``.ci/run`` installs both (Debian's
``xvfb`` and ``openbox``); without them the test says which package is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCREEN = "1280x800x24"


def _need(program: str, package: str) -> str:
    found = shutil.which(program)
    if found is None:
        pytest.skip(f"{program} is not installed (Debian package {package}); .ci/run installs it")
    return found


def _wait_for(condition: object, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not start in {timeout:g} s")
        time.sleep(0.05)


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A fresh Xvfb screen with openbox managing it; yields the DISPLAY name."""
    xvfb = _need("Xvfb", "xvfb")
    openbox = _need("openbox", "openbox")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    manager: subprocess.Popen[bytes] | None = None
    try:
        with os.fdopen(read_end, "rb") as pipe:
            number = pipe.readline().strip().decode()
        assert number.isdigit(), "Xvfb did not say which display it took"
        display = f":{number}"
        ready = tmp_path / "window-manager-ready"
        config = Path(tempfile.mkdtemp(prefix="openbox-", dir=tmp_path))
        manager = subprocess.Popen(
            [openbox, "--startup", f"touch {ready}"],
            env={**os.environ, "DISPLAY": display, "XDG_CONFIG_HOME": str(config)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for(ready.exists, "the window manager")
        yield display
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


@pytest.mark.slow
def test_the_station_on_a_real_display_with_a_window_manager(x_display: str) -> None:
    env = {**os.environ, "SKILLSTATION_TEST_DISPLAY": x_display}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/desktop", "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = done.stdout[-6000:] + done.stderr[-2000:]
    assert done.returncode == 0, f"the real-display suite failed:\n{report}"
    assert " passed" in done.stdout and " skipped" not in done.stdout, report
