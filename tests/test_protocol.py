"""The open device protocol: checksum, framing, parsing, decoding, plain lines.

The byte strings here are the worked examples of docs/protocol.md; if one changes, the
document must change with it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.plainlines import PlainFormat, PlainFormatError, PlainLineDecoder
from devices.protocol import (
    CHANNEL_LIMITS,
    DEFAULT_CHANNELS,
    IDENTIFY,
    MAX_LINE_BYTES,
    START,
    STOP,
    ZERO,
    Ack,
    Channel,
    Command,
    Data,
    ErrorReply,
    Event,
    Frame,
    FrameDecoder,
    Heartbeat,
    Hello,
    MillisUnwrapper,
    Reading,
    Rejection,
    crc16,
    format_command,
    format_frame,
    format_number,
    frame_line,
    parse_command,
    parse_frame,
    set_rate,
)


def reference_crc(data: bytes) -> int:
    """CRC-16/CCITT-FALSE bit by bit, straight from its definition."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def readings(events: list[Event]) -> list[Reading]:
    return [e for e in events if isinstance(e, Reading)]


# --------------------------------------------------------------------------- checksum


def test_crc_check_value() -> None:
    assert crc16(b"123456789") == 0x29B1
    assert reference_crc(b"123456789") == 0x29B1


@given(st.binary(max_size=300))
@settings(deadline=None)
def test_crc_matches_the_definition(data: bytes) -> None:
    assert crc16(data) == reference_crc(data)


# --------------------------------------------------------------------------- worked examples

WORKED_EXAMPLES: list[tuple[Frame, bytes]] = [
    (
        Hello(1, "SkillStation SimManikin", "1.0.0", "SIM-0", 200.0, DEFAULT_CHANNELS),
        b"$H,1,SkillStation SimManikin,1.0.0,SIM-0,200,"
        b"depth_mm:mm,force_n:N,lung_volume_ml:mL*474B\r\n",
    ),
    (Data(0, 1500, (0.0, 0.0, 0.0)), b"$D,0,1500,0,0,0*F8E9\r\n"),
    (Data(1, 1505, (1.2, 11.3, 0.0)), b"$D,1,1505,1.2,11.3,0*ED07\r\n"),
    (Data(57, 4294967295, (54.8, 497.2, None)), b"$D,57,4294967295,54.8,497.2,*CB51\r\n"),
    (Data(58, 4, (55.1, 499.8, None)), b"$D,58,4,55.1,499.8,*9419\r\n"),
    (Heartbeat(2000), b"$B,2000*5B3D\r\n"),
    (Ack("START"), b"$A,START*B6B3\r\n"),
    (Ack("RATE", ("100",)), b"$A,RATE,100*32E0\r\n"),
    (
        ErrorReply("RATE", "RANGE", "rate must be 1 to 1000 Hz"),
        b"$E,RATE,RANGE,rate must be 1 to 1000 Hz*4A59\r\n",
    ),
    (
        Hello(
            1,
            "DIY-Board",
            "0.3",
            "",
            100.0,
            (Channel("depth_mm", "mm"), Channel("hand_x_mm", "mm")),
        ),
        b"$H,1,DIY-Board,0.3,,100,depth_mm:mm,hand_x_mm:mm*A817\r\n",
    ),
]

COMMAND_EXAMPLES = [
    (IDENTIFY, b"$IDN*27A2\r\n"),
    (START, b"$START*0D17\r\n"),
    (STOP, b"$STOP*AF2E\r\n"),
    (ZERO, b"$ZERO*BEFB\r\n"),
    (set_rate(100), b"$RATE,100*ED54\r\n"),
]


@pytest.mark.parametrize(("frame", "line"), WORKED_EXAMPLES)
def test_worked_examples_byte_for_byte(frame: Frame, line: bytes) -> None:
    assert format_frame(frame) == line
    assert parse_frame(line) == frame
    body = line[1 : line.index(b"*")]
    assert int(line[line.index(b"*") + 1 : -2], 16) == reference_crc(body)


@pytest.mark.parametrize(("command", "line"), COMMAND_EXAMPLES)
def test_command_examples_byte_for_byte(command: Command, line: bytes) -> None:
    assert format_command(command) == line
    assert parse_command(line) == command


# --------------------------------------------------------------------------- parse rules


def test_lowercase_checksum_and_bare_lf_are_accepted() -> None:
    assert parse_frame(b"$B,2000*5b3d\n") == Heartbeat(2000)


def test_text_before_the_dollar_is_ignored() -> None:
    assert parse_frame(b"\x00\xffboot noise$B,2000*5B3D") == Heartbeat(2000)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (b"$B,2000*5B3E", "checksum"),
        (b"B,2000*5B3D", "syntax"),  # no $
        (b"$B,2000", "syntax"),  # no checksum
        (b"$B,2000*5B3", "syntax"),  # 3 hex digits
        (b"$B,2000*XYZW", "syntax"),
        (frame_line("Q,1")[:-2], "syntax"),  # unknown tag
        (frame_line("D,1,2")[:-2], "syntax"),  # no values
        (frame_line("D,65536,2,1")[:-2], "syntax"),  # sequence out of range
        (frame_line("D,1,4294967296,1")[:-2], "syntax"),  # time out of range
        (frame_line("D,1,2,nan")[:-2], "syntax"),
        (frame_line("D,1,2,1e3")[:-2], "syntax"),
        (frame_line("D,1,2,12abc")[:-2], "syntax"),
        (frame_line("H,1,M,F,S,0,depth_mm:mm")[:-2], "syntax"),  # rate 0
        (frame_line("H,1,M,F,S,100,depth_mm:cm")[:-2], "syntax"),  # wrong unit
        (frame_line("H,1,M,F,S,100,depth_mm")[:-2], "syntax"),  # no unit
        (frame_line("H,1,M,F,S,100,a:mm,a:mm")[:-2], "syntax"),  # twice
        (frame_line("E,RATE,RANGE")[:-2], "syntax"),
        (b"$" + b"1" * 300 + b"*0000", "oversized"),
        ("$B,2000é*0000".encode(), "syntax"),
    ],
)
def test_rejected_lines_say_why(line: bytes, kind: str) -> None:
    result = parse_frame(line)
    assert isinstance(result, Rejection)
    assert result.kind == kind
    assert result.reason


def test_commands_need_a_verb_and_a_checksum() -> None:
    assert isinstance(parse_command(b"$IDN*0000"), Rejection)
    assert isinstance(parse_command(frame_line("x")), Rejection)
    assert parse_command(frame_line("RATE,50")) == Command("RATE", ("50",))


def test_format_refuses_what_the_protocol_cannot_carry() -> None:
    with pytest.raises(ValueError, match="cannot be sent"):
        format_frame(Hello(1, "a,b", "1", "", 100.0, DEFAULT_CHANNELS))
    with pytest.raises(ValueError, match="no way to write"):
        format_number(math.inf)
    with pytest.raises(ValueError, match="not a command verb"):
        format_command(Command("idn"))


@pytest.mark.parametrize(
    ("value", "text"), [(55.0, "55"), (-1.5, "-1.5"), (0.125, "0.125"), (-0.0001, "0"), (1e-4, "0")]
)
def test_number_format(value: float, text: str) -> None:
    assert format_number(value) == text


# --------------------------------------------------------------------------- round trips

_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E, blacklist_characters="$*,"),
    max_size=20,
)
_milli = st.integers(-999_999, 999_999).map(lambda n: n / 1000)
_channel = st.builds(
    Channel,
    st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True),
    st.from_regex(r"[A-Za-z%/][A-Za-z0-9%/.]{0,5}", fullmatch=True),
)
_frames = st.one_of(
    st.builds(
        Hello,
        st.integers(0, 999),
        _text,
        _text,
        _text,
        st.integers(1, 10_000_000).map(lambda n: n / 1000),
        st.lists(_channel, min_size=1, max_size=6, unique_by=lambda c: c.name)
        .filter(lambda cs: all(c.name not in ("depth_mm", "force_n", "lung_volume_ml") for c in cs))
        .map(tuple),
    ),
    st.builds(
        Data,
        st.integers(0, 65535),
        st.integers(0, 2**32 - 1),
        st.lists(st.one_of(st.none(), _milli), min_size=1, max_size=8).map(tuple),
    ),
    st.builds(Heartbeat, st.integers(0, 2**32 - 1)),
    st.builds(
        Ack,
        st.from_regex(r"[A-Z][A-Z0-9]{0,7}", fullmatch=True),
        st.lists(_text, max_size=3).map(tuple),
    ),
    st.builds(
        ErrorReply,
        st.from_regex(r"[A-Z]{0,8}", fullmatch=True),
        st.from_regex(r"[A-Z]{1,8}", fullmatch=True),
        _text,
    ),
)


@given(_frames)
@settings(deadline=None)
def test_valid_frames_round_trip(frame: Frame) -> None:
    line = format_frame(frame)
    assert line.startswith(b"$") and line.endswith(b"\r\n")
    assert parse_frame(line) == frame


# --------------------------------------------------------------------------- the decoder


def data_line(seq: int, ms: int, *values: float | None) -> bytes:
    return format_frame(Data(seq, ms, tuple(values)))


@given(st.lists(st.binary(max_size=400), max_size=20))
@settings(deadline=None)
def test_arbitrary_bytes_never_raise_nor_yield_impossible_values(chunks: list[bytes]) -> None:
    decoder = FrameDecoder()
    for chunk in chunks:
        for event in decoder.feed(chunk):
            if isinstance(event, Reading):
                for name, value in event.values.items():
                    low, high = CHANNEL_LIMITS.get(name, (-math.inf, math.inf))
                    assert low <= value <= high


_ALPHABET = b"$*,.-0123456789ABCDEFHBDAE\r\n :abcdefmN"


@given(st.lists(st.sampled_from(list(_ALPHABET)), max_size=2000), st.integers(1, 64))
@settings(deadline=None)
def test_frame_like_noise_never_raises(noise: list[int], chunk: int) -> None:
    """Noise made of the protocol's own characters reaches deep into the parser."""
    decoder = FrameDecoder()
    data = bytes(noise)
    for start in range(0, len(data), chunk):
        for event in decoder.feed(data[start : start + chunk]):
            if isinstance(event, Reading):
                assert all(math.isfinite(v) for v in event.values.values())
    counted = decoder.counters
    assert counted.good + counted.bad + counted.out_of_range <= data.count(b"\n") + 1


@given(
    st.lists(
        st.tuples(st.integers(-10, 130), st.integers(-10, 1100), st.integers(-100, 2100)),
        min_size=1,
        max_size=50,
    )
)
@settings(deadline=None)
def test_impossible_values_are_dropped_and_counted(values: list[tuple[int, int, int]]) -> None:
    decoder = FrameDecoder()
    stream = b"".join(data_line(i, 5 * i, *v) for i, v in enumerate(values))
    out = readings(decoder.feed(stream))
    possible = [
        v for v in values if -5 <= v[0] <= 120 and 0 <= v[1] <= 1000 and -50 <= v[2] <= 2000
    ]
    assert [
        (r.values["depth_mm"], r.values["force_n"], r.values["lung_volume_ml"]) for r in out
    ] == [tuple(float(x) for x in v) for v in possible]
    assert decoder.counters.out_of_range == len(values) - len(possible)
    assert decoder.counters.lost == 0


@given(st.lists(st.binary(max_size=30), max_size=10), st.data())
@settings(deadline=None)
def test_splitting_the_stream_anywhere_changes_nothing(
    junk: list[bytes], data: st.DataObject
) -> None:
    stream = b""
    for i, noise in enumerate(junk):
        stream += noise + b"\n" + data_line(i, 10 * i, 50.0, 400.0, None)
    whole = FrameDecoder()
    expected = whole.feed(stream)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    pieces = [stream[a:b] for a, b in zip([0, *cuts], [*cuts, len(stream)], strict=True)]
    split = FrameDecoder()
    got: list[Event] = []
    for piece in pieces:
        got.extend(split.feed(piece))
    assert got == expected
    assert split.counters == whole.counters


def test_sequence_gaps_count_as_lost_frames() -> None:
    decoder = FrameDecoder()
    stream = b"".join(data_line(seq, 5 * seq, 1.0, 1.0, 1.0) for seq in (0, 1, 2, 5, 6, 10))
    out = readings(decoder.feed(stream))
    assert [r.lost_before for r in out] == [0, 0, 0, 2, 0, 3]
    assert decoder.counters.lost == 5
    assert decoder.counters.good == 6


@given(st.integers(0, 65535), st.lists(st.booleans(), min_size=1, max_size=300))
@settings(deadline=None)
def test_lost_frames_are_exactly_the_missing_sequence_numbers(first: int, kept: list[bool]) -> None:
    """Across the 65535 -> 0 wrap too: whatever is dropped between two received frames
    is counted, nothing else."""
    sequence = [(first + i) % 65536 for i in range(len(kept) + 1)]
    received = [sequence[0]] + [s for s, keep in zip(sequence[1:], kept, strict=True) if keep]
    decoder = FrameDecoder()
    decoder.feed(b"".join(data_line(s, 0, 1.0, 1.0, 1.0) for s in received))
    # Frames dropped after the last one received cannot be noticed yet.
    last_kept = max((i for i, keep in enumerate(kept) if keep), default=-1)
    assert decoder.counters.lost == kept[: max(last_kept, 0)].count(False)


def test_a_corrupted_data_frame_is_bad_and_lost() -> None:
    decoder = FrameDecoder()
    corrupted = bytearray(data_line(1, 5, 50.0, 450.0, 0.0))
    corrupted[6] ^= 0x01  # one flipped bit in the time field
    decoder.feed(
        data_line(0, 0, 1.0, 1.0, 1.0) + bytes(corrupted) + data_line(2, 10, 1.0, 1.0, 1.0)
    )
    assert decoder.counters.bad_checksum == 1
    assert decoder.counters.lost == 1
    assert decoder.counters.good == 2


def test_start_ack_restarts_the_sequence_without_counting_loss() -> None:
    decoder = FrameDecoder()
    events = decoder.feed(
        data_line(700, 0, 1.0, 1.0, 1.0)
        + format_frame(Ack("START"))
        + data_line(0, 5, 1.0, 1.0, 1.0)
        + data_line(1, 10, 1.0, 1.0, 1.0)
    )
    assert [type(e) for e in events] == [Reading, Ack, Reading, Reading]
    assert decoder.counters.lost == 0
    assert decoder.counters.resyncs == 0


def test_wrapping_timestamps_unwrap() -> None:
    decoder = FrameDecoder()
    near_end = 2**32 - 10
    stream = b"".join(
        data_line(i, (near_end + 5 * i) % 2**32, 1.0, 1.0, 1.0) for i in range(5)
    ) + format_frame(Heartbeat((near_end + 22) % 2**32))
    events = decoder.feed(stream)
    times = [e.device_ms for e in readings(events)]
    assert times == [near_end + 5 * i for i in range(5)]
    assert events[-1] == Heartbeat(near_end + 22)
    assert not any(r.restarted for r in readings(events))


@given(st.integers(0, 2**32 - 1), st.lists(st.integers(0, 2**31 - 1), max_size=50))
@settings(deadline=None)
def test_unwrapper_keeps_counting(start: int, steps: list[int]) -> None:
    unwrapper = MillisUnwrapper()
    assert unwrapper.unwrap(start) == (start, False)
    total = start
    for step in steps:
        total += step
        assert unwrapper.unwrap(total % 2**32) == (total, False)


def test_a_clock_going_back_is_a_restart() -> None:
    decoder = FrameDecoder()
    events = decoder.feed(
        data_line(10, 90_000, 1.0, 1.0, 1.0)
        + format_frame(Heartbeat(120))  # rebooted: its clock starts again
        + data_line(0, 125, 1.0, 1.0, 1.0)
    )
    out = readings(events)
    assert [r.restarted for r in out] == [False, True]
    assert out[1].device_ms == 125
    assert decoder.counters.resyncs >= 1
    assert decoder.counters.lost == 0


def test_oversized_lines_are_dropped_up_to_the_next_newline() -> None:
    decoder = FrameDecoder()
    events: list[Event] = []
    for _ in range(10):  # 2000 bytes of garbage without a newline, in pieces
        events += decoder.feed(b"x" * 200)
    events += decoder.feed(b"still the same line\r\n" + format_frame(Heartbeat(1)))
    events += decoder.feed(b"y" * (MAX_LINE_BYTES + 1) + b"\n" + format_frame(Heartbeat(2)))
    assert events == [Heartbeat(1), Heartbeat(2)]
    assert decoder.counters.oversized == 2
    assert decoder.counters.good == 2


def test_the_line_limit_is_exact() -> None:
    frame = format_frame(Heartbeat(1)).rstrip(b"\r\n")
    at_limit = b" " * (MAX_LINE_BYTES - len(frame)) + frame
    assert len(at_limit) == MAX_LINE_BYTES
    decoder = FrameDecoder()
    assert decoder.feed(at_limit + b"\r\n") == [Heartbeat(1)]
    assert decoder.feed(b" " + at_limit + b"\r\n") == []
    assert decoder.counters.oversized == 1


def test_hello_sets_the_channel_order_and_extra_channels() -> None:
    decoder = FrameDecoder()
    hello = Hello(1, "M", "1", "S", 50.0, (Channel("force_n", "N"), Channel("hand_x_mm", "mm")))
    events = decoder.feed(format_frame(hello) + data_line(0, 0, 300.0, -12.5))
    assert events[0] == hello
    assert readings(events)[0].values == {"force_n": 300.0, "hand_x_mm": -12.5}
    decoder.feed(data_line(1, 20, 1.0, 2.0, 3.0))  # three values for two channels
    assert decoder.counters.bad_syntax == 1


def test_blank_lines_are_not_errors() -> None:
    decoder = FrameDecoder()
    decoder.feed(b"\r\n\n  \r\n" + format_frame(Heartbeat(5)))
    assert decoder.counters.bad == 0 and decoder.counters.good == 1


def test_reset_link_forgets_the_partial_line() -> None:
    decoder = FrameDecoder()
    decoder.feed(format_frame(Heartbeat(5))[:6])
    decoder.reset_link()
    assert decoder.feed(format_frame(Heartbeat(7))) == [Heartbeat(7)]
    assert decoder.counters.bad == 0


# --------------------------------------------------------------------------- plain lines


def plain(**options: str) -> PlainLineDecoder:
    return PlainLineDecoder(PlainFormat.from_options({"format": "plain", **options}))


def test_plain_bare_numbers() -> None:
    decoder = plain()
    out = readings(decoder.feed(b"42\r\n43.5\n"))
    assert [r.values for r in out] == [{"depth_mm": 42.0}, {"depth_mm": 43.5}]
    assert all(r.device_ms is None for r in out)


def test_plain_pairs_with_units() -> None:
    decoder = plain(columns="depth_mm,force_n", depth_unit="cm", force_unit="kg")
    (reading,) = readings(decoder.feed(b"4.2,31\n"))
    assert reading.values["depth_mm"] == pytest.approx(42.0)
    assert reading.values["force_n"] == pytest.approx(31 * 9.80665)


def test_plain_framed_with_device_time() -> None:
    decoder = plain(columns="device_ms,depth_mm,force_n")
    out = readings(decoder.feed(b"#123:42,310~\n#223:44,320~\n"))
    assert [(r.device_ms, r.values) for r in out] == [
        (123, {"depth_mm": 42.0, "force_n": 310.0}),
        (223, {"depth_mm": 44.0, "force_n": 320.0}),
    ]


def test_plain_distance_sensor_with_scale_and_offset() -> None:
    """An ultrasonic sensor 20 cm above the chest: depth = (20 - distance) * 10 mm."""
    decoder = plain(columns="-,depth_mm", sep=";", depth_scale="-10", depth_offset="200")
    out = readings(decoder.feed(b"3;15.5;1;;\n4;20;1;;\n"))
    assert [r.values["depth_mm"] for r in out] == pytest.approx([45.0, 0.0])


def test_plain_device_time_wraps_at_its_width() -> None:
    decoder = plain(columns="device_ms,depth_mm", ms_bits="16")
    out = readings(decoder.feed(b"65530,1\n4,2\n"))
    assert [r.device_ms for r in out] == [65530, 65540]


def test_plain_bad_lines_are_counted() -> None:
    decoder = plain(columns="depth_mm", sep=",")
    out = readings(decoder.feed(b"Ready!\n500\n-7\nabc,1\n12\n\xff\xfe\n"))
    assert [r.values["depth_mm"] for r in out] == [12.0]
    assert decoder.counters.out_of_range == 2
    assert decoder.counters.bad_syntax == 3


def test_plain_missing_time_column_is_an_error() -> None:
    decoder = plain(columns="depth_mm,device_ms", sep=",")
    assert readings(decoder.feed(b"12\n")) == []
    assert decoder.counters.bad_syntax == 1


@given(st.lists(st.binary(max_size=100), max_size=10))
@settings(deadline=None)
def test_plain_arbitrary_bytes_never_raise(chunks: list[bytes]) -> None:
    decoder = plain(columns="device_ms,depth_mm,force_n,lung_volume_ml")
    for chunk in chunks:
        for reading in readings(decoder.feed(chunk)):
            for name, value in reading.values.items():
                low, high = CHANNEL_LIMITS[name]
                assert low <= value <= high


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"columns": "Depth"}, "not a channel name"),
        ({"columns": "depth_mm,depth_mm"}, "more than once"),
        ({"columns": "device_ms"}, "names no channel"),
        ({"depth_unit": "furlong"}, "known units"),
        ({"depth_scale": "ten"}, "not a number"),
        ({"depth_scale": "0"}, "is 0"),
        ({"force_unit": "N"}, "names no column"),
        ({"sep": "--"}, "one character"),
        ({"ms_bits": "99"}, "8 to 64"),
    ],
)
def test_plain_format_errors_say_what_is_wrong(options: dict[str, str], message: str) -> None:
    with pytest.raises(PlainFormatError, match=message):
        PlainFormat.from_options(options)


def test_plain_channels_and_description() -> None:
    fmt = PlainFormat.from_options(
        {"columns": "device_ms,depth_mm,grip_kg", "grip_kg_unit": "kg", "depth_unit": "cm"}
    )
    assert fmt.channels == (Channel("depth_mm", "mm"), Channel("grip_kg", "kg"))
    assert fmt.describe()["columns"] == "device_ms,depth_mm,grip_kg"
    assert fmt.factors["depth_mm"] == 10.0


def test_every_frame_quoted_in_the_protocol_document_is_correct() -> None:
    """docs/protocol.md is the specification firmware authors copy from: each frame it
    shows must carry its true checksum and be accepted (or, for commands, parsed)."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "protocol.md").read_text()
    quoted = re.findall(r"\$([\x20-\x7e]*?)\*([0-9A-F]{4})", doc)
    assert len(quoted) >= 20
    for body, crc in quoted:
        assert int(crc, 16) == reference_crc(body.encode()), f"${body}*{crc}"
        line = f"${body}*{crc}".encode()
        as_frame, as_command = parse_frame(line), parse_command(line)
        assert not (isinstance(as_frame, Rejection) and isinstance(as_command, Rejection)), line
