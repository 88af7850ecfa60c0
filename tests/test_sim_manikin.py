"""The simulated manikin: a believable CPR signal whose ground truth is known.

These tests hold the generated signal against the targets it models (AHA 2020 / ERC
2021 adult BLS, as gathered in the reference notes) and against its own ground truth,
then send it through the real protocol on a fake clock and check that what the host
decodes is what the simulator generated.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.clock import FakeClock
from devices.protocol import START as START_COMMAND
from devices.protocol import FrameDecoder, Reading, format_command, set_rate
from devices.sim.firmware import ManikinSource, SimulatedDevice
from devices.sim.manikin import (
    CHEST_STIFFNESS_N_PER_MM,
    COMPRESSIONS_PER_CYCLE,
    NOISE_DEPTH_MM,
    PROFILES,
    Compression,
    ManikinSignal,
    Pause,
    Ventilation,
)
from devices.transport import SimTransport

MINUTES = 120.0


def test_every_profile_is_described() -> None:
    assert set(PROFILES) == {
        "good",
        "shallow",
        "fast",
        "slow",
        "leaning",
        "long_pauses",
        "random",
    }
    assert all(len(p.description) > 10 for p in PROFILES.values())


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="known: good, shallow"):
        ManikinSignal("perfect")


def test_a_seed_gives_the_same_session() -> None:
    a, b, c = ManikinSignal(seed=7), ManikinSignal(seed=7), ManikinSignal(seed=8)
    times = [i / 100 for i in range(2000)]
    assert [a.sample(t) for t in times] == [b.sample(t) for t in times]
    assert [c.sample(t) for t in times] != [a.sample(t) for t in times]


def test_good_cycles_are_30_compressions_and_2_breaths_on_target() -> None:
    t = ManikinSignal("good", seed=2).truth(MINUTES)
    assert len(t.ventilations) == 2 * len(t.pauses)
    # Every pause follows exactly 30 compressions.
    for pause in t.pauses:
        before = [c for c in t.compressions if c.end_s <= pause.start_s + 1e-9]
        assert len(before) % COMPRESSIONS_PER_CYCLE == 0
    rates = [c.rate_cpm for c in t.compressions]
    depths = [c.depth_mm for c in t.compressions]
    assert 105 <= statistics.mean(rates) <= 115
    # Like real hands, a good rescuer is on target most of the time, not always.
    assert sum(100 <= r <= 120 for r in rates) / len(rates) > 0.95
    assert 50 <= statistics.mean(depths) <= 60
    assert sum(50 <= d <= 60 for d in depths) / len(depths) > 0.9
    assert statistics.stdev(depths) > 1.0  # hands vary
    duties = [c.duty_cycle for c in t.compressions]
    assert statistics.mean(duties) == pytest.approx(0.45, abs=0.01)
    assert sum(0.40 <= d <= 0.50 for d in duties) / len(duties) > 0.95
    assert all(c.release_mm < 1.5 for c in t.compressions)
    assert all(p.duration_s < 10.0 for p in t.pauses)
    assert all(400 <= v.volume_ml <= 700 for v in t.ventilations)


@pytest.mark.parametrize(
    ("profile", "check"),
    [
        ("shallow", lambda c, v, p: statistics.mean(x.depth_mm for x in c) < 45),
        ("fast", lambda c, v, p: statistics.mean(x.rate_cpm for x in c) > 125),
        ("slow", lambda c, v, p: statistics.mean(x.rate_cpm for x in c) < 95),
        ("leaning", lambda c, v, p: statistics.mean(x.release_mm for x in c) > 4),
        ("long_pauses", lambda c, v, p: min(x.duration_s for x in p) > 10),
        (
            "random",
            lambda c, v, p: (
                max(x.rate_cpm for x in c) - min(x.rate_cpm for x in c) > 20
                and max(x.volume_ml for x in v) - min(x.volume_ml for x in v) > 150
            ),
        ),
    ],
)
def test_profiles_miss_the_targets_they_are_named_for(
    profile: str,
    check: Callable[[Sequence[Compression], Sequence[Ventilation], Sequence[Pause]], bool],
) -> None:
    t = ManikinSignal(profile, seed=3).truth(MINUTES * 2)
    assert check(t.compressions, t.ventilations, t.pauses)


def test_the_waveform_follows_the_truth() -> None:
    signal = ManikinSignal("leaning", seed=4, noise=False)
    t = signal.truth(60.0)
    for c in t.compressions[1:40]:
        assert signal.value_at(c.peak_s)[0] == pytest.approx(c.depth_mm)
        depth_at_rest, force_at_rest, _ = signal.value_at(c.end_s - 1e-6)
        assert depth_at_rest == pytest.approx(c.release_mm, abs=1e-3)
        # Leaning leaves the hands' weight on the chest.
        assert force_at_rest == pytest.approx(CHEST_STIFFNESS_N_PER_MM * c.release_mm, abs=0.1)
    for v in t.ventilations:
        assert signal.value_at(v.end_inspiration_s)[2] == pytest.approx(v.volume_ml, rel=0.05)
    for p in t.pauses:
        middle = (p.start_s + p.end_s) / 2
        assert signal.value_at(middle)[0] == 0.0  # hands off


def test_the_downstroke_is_faster_than_the_release() -> None:
    """Not a sine: the chest goes down faster than it comes back."""
    signal = ManikinSignal("good", seed=5, noise=False)
    step = 0.001
    depths = [signal.value_at(i * step)[0] for i in range(1000, 16000)]
    speeds = [(b - a) / step for a, b in itertools.pairwise(depths)]
    assert max(speeds) > 1.15 * -min(speeds)
    c = signal.truth(10.0).compressions[3]
    descent = c.peak_s - c.start_s
    assert descent < 0.4 * c.period_s


def test_sensor_noise_is_there_and_small() -> None:
    signal = ManikinSignal("good", seed=6)
    clean = ManikinSignal("good", seed=6, noise=False)
    errors = [signal.sample(i / 200)[0] - clean.value_at(i / 200)[0] for i in range(1, 4000)]
    spread = statistics.pstdev(errors)
    assert 0.5 * NOISE_DEPTH_MM < spread < 2 * NOISE_DEPTH_MM


@given(
    st.sampled_from(sorted(PROFILES)),
    st.integers(0, 10_000),
    st.lists(st.floats(0, 600), min_size=1, max_size=30),
)
@settings(deadline=None, max_examples=50)
def test_samples_stay_within_what_sensors_report(
    profile: str, seed: int, times: list[float]
) -> None:
    signal = ManikinSignal(profile, seed=seed)
    for t in sorted(times):
        depth, force, volume = signal.sample(t)
        assert -5 <= depth <= 120 and 0 <= force <= 1000 and -50 <= volume <= 2000


# --------------------------------------------------------------------------- through the protocol


def decode_sim(
    profile: str, *, seconds: float, speed: float, rate_hz: float = 200.0
) -> tuple[list[Reading], ManikinSignal, SimulatedDevice]:
    """Run the simulated firmware on a fake clock and decode what it sends."""
    signal = ManikinSignal(profile, seed=9)
    device = SimulatedDevice(ManikinSource(signal, 100.0), ms_start=2**32 - 3000)
    clock = FakeClock()
    link = SimTransport(device, speed=speed, clock=clock, timeout=0.05)
    decoder = FrameDecoder()
    link.write(format_command(set_rate(rate_hz)) + format_command(START_COMMAND))
    out: list[Reading] = []
    while clock.monotonic() < seconds:
        out += [e for e in decoder.feed(link.read(link.in_waiting or 1)) if isinstance(e, Reading)]
    assert decoder.counters.bad == 0 and decoder.counters.lost == 0
    return out, signal, device


def test_the_host_decodes_what_the_simulator_generated() -> None:
    readings, signal, device = decode_sim("good", seconds=40.0, speed=1.0)
    assert len(readings) == pytest.approx(40 * 200, abs=2)
    # The device clock started near 2**32 and wrapped: the host's times keep going.
    times = [r.device_ms for r in readings if r.device_ms is not None]
    assert len(times) == len(readings)
    assert times[0] < 2**32 < times[-1]
    assert {b - a for a, b in itertools.pairwise(times)} == {5}
    # Each compression's peak, read back through the protocol, matches the truth.
    uptime = {r.device_ms: (r.device_ms - device.ms_start) / 1000 for r in readings if r.device_ms}
    for c in signal.truth(35.0).compressions[2:60]:
        near = [
            r.values["depth_mm"]
            for r in readings
            if r.device_ms is not None and c.start_s <= uptime[r.device_ms] < c.end_s
        ]
        assert max(near) == pytest.approx(c.depth_mm, abs=4 * NOISE_DEPTH_MM + 0.5)


def test_speed_runs_the_device_faster() -> None:
    readings, _, _ = decode_sim("fast", seconds=1.0, speed=10.0, rate_hz=100.0)
    # One second of host time is ten seconds of device time at 100 Hz.
    assert len(readings) == pytest.approx(1000, abs=2)
