"""Ingesting a CPR manikin's stream: protocol parsing and CPR analysis, in samples per
second on one core, against what a 115200-baud serial line can carry.

A manikin at 200 Hz sends a few hundred frames a second; the station must decode and
analyse them with room to spare, on a modest laptop, while the GUI draws. The workload
is an in-memory stream of protocol frames (docs/protocol.md) of a synthetic 30:2
session (devices/cpr/synth.py) at 200 Hz, fed in 4 KiB reads as a serial port gives
them. Four things are timed, alternating, REPEATS times each, and medians compared:

- baseline: ``bytes.split`` into lines and fields and ``float()`` of every value, with
  no checksum, validation or unwrapping (the least any parser must do);
- parse: :class:`devices.protocol.FrameDecoder` (CRC, validation, clock unwrapping,
  sequence counting) and a :class:`~devices.sample.Sample` per reading, as the reader
  builds them;
- analysis: :class:`devices.cpr.analysis.CprAnalyzer` fed the samples;
- parse + analysis: both, as the station runs them live.

Each rate is printed as a multiple of the line's capacity: 115200 baud / 10 bits per
byte (8N1: start, 8 data, stop) / bytes per data frame. Goals:

- parse + analysis at least 20× the line: a laptop core then spends under 5 % of its
  time on a saturated line (about 380× when the goal was set);
- parse at most 15× the baseline's time. The decoder checks every line (CRC, each field
  against its pattern, value ranges, sequence and clock) and builds typed frames, which
  costs about 12× a bare split (when the goal was set); a ratio that grows beyond that
  means work was added per line.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable

REPEATS = 7
RATE_HZ = 200.0
CYCLES = 8  # 8 cycles of 30:2: about 3 minutes, 35 000 samples
CHUNK = 4096
BAUD = 115200
BITS_PER_BYTE = 10
GOAL_LINE_MULTIPLE = 20.0
GOAL_PARSE_RATIO = 15.0


def build_stream() -> tuple[bytes, int, int]:
    """The stream's bytes, the number of data frames and the mean data frame length."""
    from devices.cpr.synth import cpr_session, synthesize
    from devices.protocol import DEFAULT_CHANNELS, Data, Hello, format_frame

    trace = synthesize(cpr_session(CYCLES), rate_hz=RATE_HZ, seed=1).trace
    hello = Hello(1, "Bench Manikin", "1.0", "B-1", RATE_HZ, DEFAULT_CHANNELS)
    frames = [format_frame(hello)]
    data_bytes = 0
    for seq, sample in enumerate(trace.samples):
        values = (sample.depth_mm, sample.force_n, sample.lung_volume_ml)
        frame = format_frame(Data(seq % 65536, round(sample.device_t_s * 1000), values))
        data_bytes += len(frame)
        frames.append(frame)
    count = len(trace.samples)
    return b"".join(frames), count, round(data_bytes / count)


def chunks(stream: bytes) -> list[bytes]:
    return [stream[i : i + CHUNK] for i in range(0, len(stream), CHUNK)]


def baseline(pieces: list[bytes]) -> int:
    """Lines and fields by ``bytes.split``, every value through ``float()``."""
    count = 0
    rest = b""
    for piece in pieces:
        lines = (rest + piece).split(b"\n")
        rest = lines.pop()
        for line in lines:
            fields = line[1 : line.rfind(b"*")].split(b",")
            if fields[0] == b"D":
                _values = [float(v) if v else None for v in fields[2:]]
                count += 1
    return count


def parse(pieces: list[bytes]) -> list[object]:
    """The protocol decoder, and a Sample per reading as the reader makes them."""
    from devices.protocol import FrameDecoder, Reading
    from devices.sample import Sample

    decoder = FrameDecoder()
    out: list[object] = []
    for piece in pieces:
        for event in decoder.feed(piece):
            if isinstance(event, Reading) and event.device_ms is not None:
                v = event.values
                t = event.device_ms / 1000.0
                out.append(
                    Sample(t, t, v.get("depth_mm"), v.get("force_n"), v.get("lung_volume_ml"))
                )
    return out


def analyse(samples: list[object]) -> int:
    from devices.cpr.analysis import CprAnalyzer
    from devices.sample import Sample

    analyzer = CprAnalyzer()
    for sample in samples:
        assert isinstance(sample, Sample)
        analyzer.feed(sample)
    return analyzer.finish().compressions


def parse_and_analyse(pieces: list[bytes]) -> int:
    from devices.cpr.analysis import CprAnalyzer
    from devices.protocol import FrameDecoder, Reading
    from devices.sample import Sample

    decoder = FrameDecoder()
    analyzer = CprAnalyzer()
    for piece in pieces:
        for event in decoder.feed(piece):
            if isinstance(event, Reading) and event.device_ms is not None:
                v = event.values
                t = event.device_ms / 1000.0
                analyzer.feed(
                    Sample(t, t, v.get("depth_mm"), v.get("force_n"), v.get("lung_volume_ml"))
                )
    return analyzer.finish().compressions


def median_times(workloads: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median wall time of each workload; the workloads alternate."""
    samples: dict[str, list[float]] = {name: [] for name in workloads}
    for _ in range(REPEATS):
        for name, work in workloads.items():
            start = time.perf_counter()
            work()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def main() -> int:
    try:
        import devices.cpr.analysis  # noqa: F401
        from devices.protocol import FrameDecoder  # noqa: F401
    except ImportError as err:
        print(f"the protocol decoder or the CPR analyser is not available: {err}")
        return 1
    stream, frames, frame_bytes = build_stream()
    pieces = chunks(stream)
    samples = parse(pieces)
    if len(samples) != frames or baseline(pieces) != frames:
        print(f"the decoder gave {len(samples)} samples for {frames} frames: not timed")
        return 1
    compressions = analyse(samples)
    if parse_and_analyse(pieces) != compressions or compressions != 30 * CYCLES:
        print(f"the analyser found {compressions} compressions, not {30 * CYCLES}: not timed")
        return 1
    line_rate = BAUD / BITS_PER_BYTE / frame_bytes
    times = median_times(
        {
            "baseline (split + float)": lambda: baseline(pieces),
            "parse (FrameDecoder)": lambda: parse(pieces),
            "analysis (CprAnalyzer)": lambda: analyse(samples),
            "parse + analysis": lambda: parse_and_analyse(pieces),
        }
    )
    print(
        f"stream: {frames} data frames of {frame_bytes} bytes ({len(stream) / 1e6:.1f} MB), "
        f"{RATE_HZ:g} Hz; a {BAUD}-baud line carries {line_rate:.0f} such frames/s"
    )
    print(f"{'workload':<26} {'median':>9} {'samples/s':>11} {'× line':>8}")
    for name, seconds in times.items():
        rate = frames / seconds
        print(f"{name:<26} {seconds * 1000:>7.1f}ms {rate:>11,.0f} {rate / line_rate:>7.1f}×")
    ratio = times["parse (FrameDecoder)"] / times["baseline (split + float)"]
    multiple = frames / times["parse + analysis"] / line_rate
    print(
        f"parse / baseline: {ratio:.2f}×   goal ≤ {GOAL_PARSE_RATIO:g}×: "
        f"{'met' if ratio <= GOAL_PARSE_RATIO else 'NOT met'}"
    )
    print(
        f"parse + analysis: {multiple:.0f}× the line   goal ≥ {GOAL_LINE_MULTIPLE:g}×: "
        f"{'met' if multiple >= GOAL_LINE_MULTIPLE else 'NOT met'}"
    )
    print(f"medians of {REPEATS} alternating runs on one core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
