"""CPR recorded from the simulated manikin over the real serial stack, for the
device-scored station: a profile per candidate, a trace and its metrics.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

from assessments.metrics import DEVICE_METRICS
from devices.sim.firmware import DeviceInfo, ManikinSource, SimulatedDevice
from devices.sim.manikin import PROFILES, ManikinSignal
from devices.sim.pty import PtySimulator
from devices.trace_capture import CaptureError, capture_cpr
from station.errors import UserError
from station.i18n import _

#: Seconds of CPR recorded per candidate at a device-scored station (a 30:2 cycle, its
#: pause and the start of the next), the manikin's sample rate, and how many times
#: faster than real time the simulated manikin runs.
CPR_SECONDS = 30.0
SIM_RATE_HZ = 100.0
SIM_SPEED = 500.0
#: The manikin profiles of candidates who do not perform well (devices.sim.manikin).
_FLAWED_PROFILES: tuple[str, ...] = ("shallow", "fast", "slow", "leaning", "long_pauses", "random")


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
