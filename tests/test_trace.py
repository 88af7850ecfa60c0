"""Trace files: writing, reading back, and refusing malformed files with the right line."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.sample import Sample
from devices.trace import (
    FLUSH_EVERY,
    FORMAT_LINE,
    Gap,
    TraceError,
    TraceWriter,
    read_trace,
)

IDENTITY = {"model": "Resusci Test", "serial": "RT-0042", "rate_hz": "100"}
HEADER = "t_s,depth_mm,force_n,lung_volume_ml"


def _sample(t: float, depth: float | None = 1.0, **extra: float) -> Sample:
    return Sample(t, t + 1000.0, depth, None if depth is None else 9 * depth, 3.0, extra)


# --------------------------------------------------------------------------- round trip


def test_round_trip_keeps_samples_identity_gaps_and_extra_channels(tmp_path: Path) -> None:
    path = tmp_path / "session.csv"
    samples = [
        Sample(0.0, 5.0, 0.5, 4.5, 1.25, {"hand_x": 0.25}),
        Sample(0.01, 5.01, 12.125, None, None, {"hand_x": -1.5, "pressure": 7.0}),
        Sample(0.02, 5.02, None, None, 480.5),
        Sample(1.5, 6.5, 55.0, 495.0, 0.0, {"pressure": 2.0}),
    ]
    with TraceWriter(path, identity=IDENTITY, extra_channels=("hand_x", "pressure")) as writer:
        for sample in samples[:3]:
            writer.write(sample)
        writer.gap(0.02, 1.5, "unplugged, then plugged in again")
        writer.write(samples[3])
    assert writer.closed

    trace = read_trace(path)
    assert trace.identity == IDENTITY
    assert trace.extra_channels == ("hand_x", "pressure")
    assert trace.gaps == [Gap(0.02, 1.5, "unplugged, then plugged in again")]
    assert trace.warnings == ()
    assert len(trace.samples) == len(samples)
    for got, want in zip(trace.samples, samples, strict=True):
        assert got.device_t_s == want.device_t_s
        assert got.host_t_s == want.device_t_s  # not recorded: the device time stands in
        assert (got.depth_mm, got.force_n, got.lung_volume_ml) == (
            want.depth_mm,
            want.force_n,
            want.lung_volume_ml,
        )
        assert dict(got.extra) == dict(want.extra)


def test_the_file_is_the_documented_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with TraceWriter(path, identity={"model": "M"}, extra_channels=("hand_x",)) as writer:
        writer.write(Sample(0.5, 0.0, 55.0, None, 0.125, {"hand_x": 3.0}))
        writer.gap(0.5, 2.25, "unplugged")
    assert path.read_text().splitlines() == [
        FORMAT_LINE,
        "# device: model=M",
        f"{HEADER},hand_x",
        "0.5,55,,0.125,3",
        "# gap: 0.5,2.25,unplugged",
    ]


@settings(deadline=None, max_examples=40)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 1e-1, allow_nan=False),
            st.one_of(st.none(), st.floats(-1e5, 1e5, allow_nan=False)),
            st.one_of(st.none(), st.floats(-1e5, 1e5, allow_nan=False)),
            st.one_of(st.none(), st.floats(-1e5, 1e5, allow_nan=False)),
        ),
        max_size=30,
    )
)
def test_round_trip_of_any_values_to_six_decimals(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[tuple[float, float | None, float | None, float | None]],
) -> None:
    path = tmp_path_factory.mktemp("prop") / "t.csv"
    t = 0.0
    samples = []
    for step, depth, force, volume in rows:
        t += step
        samples.append(Sample(t, t, depth, force, volume))
    with TraceWriter(path, identity={}) as writer:
        for sample in samples:
            writer.write(sample)
    trace = read_trace(path)
    assert len(trace.samples) == len(samples)
    for got, want in zip(trace.samples, samples, strict=True):
        assert got.device_t_s == pytest.approx(want.device_t_s, abs=1e-6)
        for a, b in (
            (got.depth_mm, want.depth_mm),
            (got.force_n, want.force_n),
            (got.lung_volume_ml, want.lung_volume_ml),
        ):
            if b is None:
                assert a is None
            else:
                assert a == round(b, 6)


def test_rate_is_the_announced_one_when_the_samples_agree(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with TraceWriter(path, identity={"rate_hz": "100"}) as writer:
        for k in range(50):
            writer.write(_sample(k / 100))
    assert read_trace(path).rate_hz == 100.0


def test_rate_is_measured_when_not_announced_or_wrong(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with TraceWriter(path, identity={"rate_hz": "200"}) as writer:
        for k in range(50):
            writer.write(_sample(k / 50 + (0.3 if k > 25 else 0.0)))  # a hole: median wins
    assert read_trace(path).rate_hz == 50.0


def test_rate_is_none_with_fewer_than_two_samples(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with TraceWriter(path, identity={}) as writer:
        writer.write(_sample(1.0))
    trace = read_trace(path)
    assert trace.rate_hz is None
    assert len(trace.samples) == 1


def test_an_empty_recording_still_names_its_device(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    TraceWriter(path, identity=IDENTITY).close()
    trace = read_trace(path)
    assert trace.identity == IDENTITY
    assert trace.samples == []
    assert trace.rate_hz is None


def test_identity_text_is_kept_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with TraceWriter(path, identity={"model": "two\nlines\r\x00", "url": "a=b"}) as writer:
        writer.gap(0, 1, "lost\nlink")
    trace = read_trace(path)
    assert trace.identity == {"model": "two lines", "url": "a=b"}
    assert trace.gaps == [Gap(0.0, 1.0, "lost link")]


def test_extra_values_not_announced_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    with TraceWriter(path, identity={}) as writer:
        writer.write(_sample(0.0, hand_x=1.0))
    trace = read_trace(path)
    assert trace.extra_channels == ()
    assert dict(trace.samples[0].extra) == {}


# --------------------------------------------------------------------------- writer rules


@pytest.mark.parametrize(
    ("channels", "message"),
    [
        (("Hand",), "lower-case"),
        (("depth_mm",), "standard column"),
        (("t_s",), "standard column"),
        (("a", "a"), "twice"),
        (("",), "lower-case"),
    ],
)
def test_writer_refuses_bad_extra_channels(
    tmp_path: Path, channels: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        TraceWriter(tmp_path / "t.csv", identity={}, extra_channels=channels)


def test_writer_refuses_a_bad_identity_key(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="without '='"):
        TraceWriter(tmp_path / "t.csv", identity={"a=b": "c"})


def test_writer_refuses_time_going_back_and_values_that_are_not_finite(tmp_path: Path) -> None:
    with TraceWriter(tmp_path / "t.csv", identity={}) as writer:
        writer.write(_sample(1.0))
        writer.write(_sample(1.0))  # equal times are allowed
        with pytest.raises(ValueError, match="time order"):
            writer.write(_sample(0.5))
        with pytest.raises(ValueError, match="not finite"):
            writer.write(_sample(2.0, math.nan))
        with pytest.raises(ValueError, match="not a finite number"):
            writer.write(_sample(math.inf))
        with pytest.raises(ValueError, match="not a time interval"):
            writer.gap(3.0, 2.0, "backwards")
        assert writer.samples_written == 2


def test_writer_after_close_raises_and_close_is_idempotent(tmp_path: Path) -> None:
    writer = TraceWriter(tmp_path / "t.csv", identity={})
    writer.close()
    writer.close()
    with pytest.raises(ValueError, match="closed"):
        writer.write(_sample(0.0))
    with pytest.raises(ValueError, match="closed"):
        writer.gap(0.0, 1.0, "x")


def test_writer_flushes_regularly_so_a_crash_keeps_most_of_it(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    writer = TraceWriter(path, identity={"model": "M"})
    try:
        for k in range(FLUSH_EVERY + 5):
            writer.write(_sample(k / 100))
        # Without closing (as after a crash), what was flushed is on disk and readable.
        trace = read_trace(path)
        assert len(trace.samples) == FLUSH_EVERY
        writer.gap(5.0, 6.0, "lost")  # a gap is flushed at once, with what came before
        assert len(read_trace(path).gaps) == 1
        assert len(read_trace(path).samples) == FLUSH_EVERY + 5
    finally:
        writer.close()


# --------------------------------------------------------------------------- tolerated


def test_a_last_row_cut_short_by_a_crash_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"{FORMAT_LINE}\n{HEADER}\n0,1,9,3\n0.01,2,18,3\n0.02,55")
    trace = read_trace(path)
    assert [s.device_t_s for s in trace.samples] == [0.0, 0.01]
    assert trace.warnings == (
        "line 5 was cut short (the recording stopped while writing it) and was left out",
    )


def test_a_cut_row_that_still_reads_as_numbers_is_left_out_of_a_written_trace(
    tmp_path: Path,
) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"{FORMAT_LINE}\n{HEADER}\n0,1,9,3\n0.01,2,18,55")  # 551.3 cut to 55
    trace = read_trace(path)
    assert len(trace.samples) == 1
    assert len(trace.warnings) == 1


def test_a_hand_made_file_without_final_newline_keeps_its_last_row(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"{HEADER}\n0,1,9,3\n0.01,2,18,55")
    trace = read_trace(path)
    assert len(trace.samples) == 2
    assert trace.warnings == ()


def test_empty_cells_blank_lines_crlf_bom_spaces_and_notes_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    text = (
        "\ufeff# a note from the instructor\r\n\r\n"
        f"{HEADER}, hand_x\r\n"
        "0, 1.5 ,,,\r\n"
        "\r\n"
        "# device: model = M \r\n"
        "0.01,,,2,4\r\n"
    )
    path.write_bytes(text.encode("utf-8"))
    trace = read_trace(path)
    assert trace.identity == {"model": "M"}
    assert trace.extra_channels == ("hand_x",)
    first, second = trace.samples
    assert (first.depth_mm, first.force_n, first.lung_volume_ml, dict(first.extra)) == (
        1.5,
        None,
        None,
        {},
    )
    assert (second.depth_mm, second.lung_volume_ml, dict(second.extra)) == (
        None,
        2.0,
        {"hand_x": 4.0},
    )


# --------------------------------------------------------------------------- malformed


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("# only a comment\n", None, "no header line"),
        ("", None, "no header line"),
        ("time,depth\n0,1\n", 1, "must begin t_s,depth_mm,force_n,lung_volume_ml"),
        (f"# c\n{HEADER},Hand\n", 2, "lower-case"),
        (f"{HEADER},x,x\n", 1, "given twice"),
        (f"{HEADER}\n0,1,2,3\n0.01,1,2\n0.02,1,2,3\n", 3, "3 cells where the header has 4"),
        (f"{HEADER}\n0,55,5,480,2,3\n", 2, "decimal comma"),
        (f"{HEADER}\n0,1,2,3\nabc,1,2,3\n", 3, "t_s 'abc' is not a number"),
        (f"{HEADER}\n,1,2,3\n", 2, "t_s '' is not a number"),
        (f"{HEADER}\n0,1,2,3\n0.01,x1,2,3\n", 3, "depth_mm 'x1' is not a number"),
        (f"{HEADER}\n0,nan,2,3\n", 2, "depth_mm 'nan' is not a number"),
        (f"{HEADER}\n0,1,inf,3\n", 2, "force_n 'inf' is not a number"),
        (f"{HEADER}\n1,1,2,3\n0.5,1,2,3\n", 3, "rows must be in time order"),
        (f"{HEADER}\n# gap: 1.0\n", 2, "a gap line is"),
        (f"{HEADER}\n# gap: a,b,c\n", 2, "a gap line is"),
        (f"{HEADER}\n# gap: 2,1,backwards\n", 2, "ends (1.0 s) before it starts"),
        ("# device: model\n" + HEADER + "\n", 1, "a device line is"),
        ("# device: =x\n" + HEADER + "\n", 1, "a device line is"),
        ("# device: a=1\n# device: a=2\n" + HEADER + "\n", 2, "given twice"),
    ],
)
def test_malformed_traces_name_the_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(TraceError) as caught:
        read_trace(path)
    err = caught.value
    assert err.line == line
    assert message in err.message
    where = str(path) if line is None else f"{path}:{line}"
    assert str(err).startswith(f"{where}: ")


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(HEADER.encode() + b"\n0,1,2,3\n0.01,\xe9,2,3\n")
    with pytest.raises(TraceError) as caught:
        read_trace(path)
    assert caught.value.line == 3
    assert "0xE9 is not UTF-8" in caught.value.message


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(TraceError, match="no such file") as caught:
        read_trace(tmp_path / "nope.csv")
    assert caught.value.line is None
    with pytest.raises(TraceError, match="is a folder"):
        read_trace(tmp_path)


def test_trace_error_is_a_value_error() -> None:
    err = TraceError("a.csv", 3, "bad — fix it")
    assert isinstance(err, ValueError)
    assert (err.path, err.line, err.message, str(err)) == (
        "a.csv",
        3,
        "bad — fix it",
        "a.csv:3: bad — fix it",
    )


def test_a_huge_cell_is_cut_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"{HEADER}\n0,{'x' * 5_000_000},2,3\n", encoding="utf-8")
    with pytest.raises(TraceError) as caught:
        read_trace(path)
    message = str(caught.value)
    assert len(message) < 300
    assert "(5,000,000 characters) is not a number" in message
