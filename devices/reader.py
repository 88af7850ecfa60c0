"""One thread per device: connect, handshake, read, decode, fan out, reconnect.

:class:`DeviceReader` owns its device's transport on a thread of its own (calibre's
DeviceManager, PyMeasure's Worker): nothing else reads or writes the port, and nothing
the device does (garbage, silence, an unplugged cable) can raise out of that thread.
Samples and gaps go to each subscriber's bounded :class:`~devices.ring.Ring`; the GUI
polls :meth:`DeviceReader.status` and drains its ring on a display timer.

Lines are split by the decoder from ``read(in_waiting or 1)`` chunks: pyserial's
``readline`` reads one byte per call (about 5.3k lines/s over a pty here, against
~289k lines/s for chunked reads; see /work/shared/reference/devices-and-stack.md).

States: ``connecting`` (first attempt) → ``streaming`` → ``disconnected`` (the link
failed; waiting out the back-off) → ``reconnecting`` → ``streaming`` ...; ``stopped``
after :meth:`DeviceReader.stop`. The back-off starts at 0.5 s and doubles up to 10 s,
timed on the injected clock so tests run it instantly.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Protocol, TypeAlias

from common.clock import Clock, SystemClock
from devices.plainlines import PlainLineDecoder
from devices.ports import Lister, UsbId, find_usb_ports, usb_id_of
from devices.protocol import (
    IDENTIFY,
    PROTOCOL_VERSION,
    START,
    STOP,
    ZERO,
    Ack,
    Channel,
    Command,
    Decoder,
    ErrorReply,
    Event,
    FrameCounters,
    FrameDecoder,
    Heartbeat,
    Hello,
    Reading,
    format_command,
    set_rate,
)
from devices.ring import Broadcast, Ring
from devices.sample import Sample
from devices.transport import (
    Connection,
    DeviceURL,
    Transport,
    TransportError,
    open_transport,
    parse_device_url,
)

__all__ = [
    "DeviceReader",
    "Gap",
    "ReaderEvent",
    "ReaderState",
    "ReaderStatus",
    "make_decoder",
]

log = logging.getLogger(__name__)

STANDARD = ("depth_mm", "force_n", "lung_volume_ml")


class ReaderState(StrEnum):
    CONNECTING = "connecting"
    STREAMING = "streaming"
    DISCONNECTED = "disconnected"
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class Gap:
    """No samples between ``start_s`` and ``end_s`` (device time line, seconds): the
    link was lost, frames went missing, or the device restarted. ``lost_frames`` is
    known when sequence numbers tell it."""

    start_s: float
    end_s: float
    reason: str
    lost_frames: int | None = None


ReaderEvent: TypeAlias = Sample | Gap


@dataclass(frozen=True, slots=True)
class ReaderStatus:
    """A snapshot of a reader, safe to read from any thread.

    ``identity`` is the device's hello (model, firmware, serial, protocol, rate,
    channels) or the plain-lines format. ``rate_hz`` is measured on the device's
    clock over the last samples; ``clock_offset_s`` is host time minus device time
    (see :class:`_OffsetEstimator`). ``connects`` counts the connections that reached
    streaming and ``disconnects`` those lost afterwards; ``failed_attempts`` counts the
    connection attempts that failed since the last success.
    """

    url: str
    state: ReaderState
    port: str | None = None
    identity: Mapping[str, str] = field(default_factory=dict)
    channels: tuple[Channel, ...] = ()
    counters: FrameCounters = field(default_factory=FrameCounters)
    samples: int = 0
    gaps: int = 0
    rate_hz: float | None = None
    clock_offset_s: float | None = None
    connects: int = 0
    disconnects: int = 0
    failed_attempts: int = 0
    last_error: str | None = None
    last_reply: str | None = None


class Opener(Protocol):
    def __call__(self, url: DeviceURL, *, timeout: float, clock: Clock) -> Connection: ...


def make_decoder(url: DeviceURL) -> Decoder:
    """The line decoder a URL asks for (protocol frames, or plain lines)."""
    if url.plain is not None:
        return PlainLineDecoder(url.plain)
    return FrameDecoder()


class _LinkLost(Exception):
    """The connection failed; the message says how."""


class _Stopping(Exception):
    """stop() was called while the thread was waiting."""


class _OffsetEstimator:
    """Host time minus device time, as the minimum over a sliding window.

    Every sample reaches the host some time after the device stamped it: USB polling,
    the driver, the scheduler. That delay is never negative and now and then large,
    so ``host - device`` is the true offset plus a delay; the smallest value over the
    last samples is the one least delayed, the best estimate of the offset itself. A
    mean would carry the average delay and every burst of jitter. The window slides so
    that the estimate follows the slow drift between the two crystals.
    """

    def __init__(self, window: int) -> None:
        self._window = window
        self._count = 0
        self._candidates: deque[tuple[int, float]] = deque()

    def push(self, value: float) -> None:
        # A monotonic queue: O(1) per sample for a sliding minimum.
        while self._candidates and self._candidates[-1][1] >= value:
            self._candidates.pop()
        self._candidates.append((self._count, value))
        self._count += 1
        while self._candidates[0][0] <= self._count - 1 - self._window:
            self._candidates.popleft()

    @property
    def offset(self) -> float | None:
        return self._candidates[0][1] if self._candidates else None


class _Timeline:
    """Places readings on the session's device time line (seconds from the first).

    Within a connection the device's unwrapped milliseconds are used as they are.
    When a new segment starts (a reconnect, a device restart) the device clock has
    usually started again from zero, so the segment is placed using the host clock and
    the offset estimated so far: the time line keeps going forward across the gap, by
    about as long as the gap lasted. Readings without a device time use host time.
    """

    def __init__(self, window: int) -> None:
        self.offsets = _OffsetEstimator(window)
        self.last_t: float | None = None
        self._segment: float | None = None
        self._host_zero: float | None = None
        self._recent: deque[float] = deque(maxlen=256)

    def new_segment(self) -> None:
        self._segment = None
        self._recent.clear()

    def place(self, reading: Reading, host_t: float) -> float:
        if reading.device_ms is None:
            if self._host_zero is None:
                self._host_zero = host_t - (self.last_t or 0.0)
            t = host_t - self._host_zero
        else:
            if reading.restarted:
                self.new_segment()
            if self._segment is None:
                start = 0.0
                if self.last_t is not None:
                    offset = self.offsets.offset
                    start = self.last_t if offset is None else max(host_t - offset, self.last_t)
                self._segment = start - reading.device_ms / 1000.0
            t = reading.device_ms / 1000.0 + self._segment
        self.offsets.push(host_t - t)
        self.last_t = t
        self._recent.append(t)
        return t

    @property
    def rate_hz(self) -> float | None:
        if len(self._recent) < 2:
            return None
        span = self._recent[-1] - self._recent[0]
        return (len(self._recent) - 1) / span if span > 0 else None


class DeviceReader:
    """Reads one device on its own thread and fans its samples out to subscribers.

    ``url`` is a device URL (:mod:`devices.transport`); a malformed one raises
    :class:`~devices.transport.DeviceURLError` here, before any thread starts.
    ``clock`` (monotonic + sleep) times the handshake, the heartbeat timeout and the
    reconnect back-off; ``opener`` and ``lister`` replace the transport opener and
    the USB port lister in tests.

    On connecting it waits up to ``hello_wait_s`` for the device to speak (a classic
    Arduino resets when its port opens and is deaf until its sketch runs), then sends
    ``IDN`` (the reply is the hello), ``RATE`` when the URL gives ``rate_hz``, and
    ``START``. A link that raises, or stays silent for ``heartbeat_timeout_s`` (devices
    send a heartbeat every second), is lost: the reader closes it, reports the gap and
    tries again, by the same URL or, for a USB device that came back under another
    port name, by its USB identity.
    """

    def __init__(
        self,
        url: str | DeviceURL,
        *,
        clock: Clock | None = None,
        heartbeat_timeout_s: float = 2.0,
        hello_wait_s: float = 2.5,
        reply_timeout_s: float = 1.0,
        read_timeout_s: float = 0.05,
        backoff_initial_s: float = 0.5,
        backoff_max_s: float = 10.0,
        offset_window: int = 2000,
        opener: Opener | None = None,
        lister: Lister | None = None,
    ) -> None:
        self.url = parse_device_url(url) if isinstance(url, str) else url
        self._clock = clock or SystemClock()
        self.heartbeat_timeout_s = heartbeat_timeout_s
        self.hello_wait_s = hello_wait_s
        self.reply_timeout_s = reply_timeout_s
        self.read_timeout_s = read_timeout_s
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self._opener: Opener = opener or self._default_opener
        self._lister = lister
        self._decoder = make_decoder(self.url)
        self._broadcast: Broadcast[ReaderEvent] = Broadcast()
        self._commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition(threading.Lock())
        self._timeline = _Timeline(offset_window)
        self._pending: deque[Event] = deque()
        self._outbox: list[ReaderEvent] = []
        self._usb_id: UsbId | None = None
        self._started = False
        self._restart_wanted = False
        self._last_alive = 0.0
        self._gap_open: tuple[float, float, str] | None = None  # (device t, host t, why)
        self._status = ReaderStatus(self.url.text, ReaderState.CONNECTING)
        self._identity: dict[str, str] = {}
        self._channels: tuple[Channel, ...] = ()
        if self.url.plain is not None:
            self._identity = {"url": self.url.text, **self.url.plain.describe()}
            self._channels = self.url.plain.channels

    def _default_opener(self, url: DeviceURL, *, timeout: float, clock: Clock) -> Connection:
        return open_transport(url, timeout=timeout, clock=clock, lister=self._lister)

    # ------------------------------------------------------------------ public API

    def subscribe(self, capacity: int = 65536) -> Ring[ReaderEvent]:
        """A ring of its own that receives every sample and gap from now on (subscribe
        before :meth:`start` to miss nothing)."""
        return self._broadcast.subscribe(capacity)

    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None:
        self._broadcast.unsubscribe(ring)

    def start(self) -> None:
        """Start the reader's thread (once)."""
        if self._thread is not None:
            raise RuntimeError("this reader was already started; make a new one")
        self._thread = threading.Thread(
            target=self._run, name=f"device-reader {self.url.text}", daemon=False
        )
        self._thread.start()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Ask the thread to stop (the device is sent ``STOP``) and join it."""
        self._stop.set()
        if self._thread is None:
            self._update(state=ReaderState.STOPPED)
        else:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError(f"the reader of {self.url.text} did not stop in {timeout} s")

    def __enter__(self) -> DeviceReader:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def status(self) -> ReaderStatus:
        with self._changed:
            return self._status

    def wait_for(
        self, predicate: Callable[[ReaderStatus], bool], timeout: float
    ) -> ReaderStatus | None:
        """Block (real time, at most ``timeout`` s) until ``predicate(status)`` holds;
        return that status, or None on timeout. For the CLI and tests, not a GUI thread."""
        with self._changed:
            if self._changed.wait_for(lambda: predicate(self._status), timeout):
                return self._status
            return None

    def zero(self) -> None:
        """Ask the device to take its current readings as zero (hands off the chest)."""
        self._command(ZERO)

    def set_rate(self, rate_hz: float) -> None:
        """Ask the device to sample at ``rate_hz``."""
        self._command(set_rate(rate_hz))

    def _command(self, command: Command) -> None:
        if not self._decoder.handshake:
            raise ValueError(f"{self.url.text} prints plain lines and takes no commands")
        self._commands.put(command)

    # ------------------------------------------------------------------ status

    def _update(self, **changes: object) -> None:
        with self._changed:
            current = self._status
            values = {name: getattr(current, name) for name in ReaderStatus.__slots__}
            values.update(changes)
            values["counters"] = self._decoder.counters.copy()
            values["identity"] = MappingProxyType(dict(self._identity))
            values["channels"] = self._channels
            values["rate_hz"] = self._timeline.rate_hz
            values["clock_offset_s"] = self._timeline.offsets.offset
            self._status = ReaderStatus(**values)
            self._changed.notify_all()

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        delay = self.backoff_initial_s
        first = True
        try:
            while not self._stop.is_set():
                self._update(state=ReaderState.CONNECTING if first else ReaderState.RECONNECTING)
                first = False
                try:
                    connection = self._connect()
                except Exception as err:
                    message = str(err) if isinstance(err, TransportError) else repr(err)
                    self._update(
                        state=ReaderState.DISCONNECTED,
                        last_error=message,
                        failed_attempts=self._status.failed_attempts + 1,
                    )
                else:
                    if self._session(connection):
                        delay = self.backoff_initial_s  # it worked: start the back-off afresh
                if self._stop.is_set():
                    break
                self._backoff(delay)
                delay = min(delay * 2.0, self.backoff_max_s)
        except _Stopping:
            pass
        except Exception:  # a bug: never let it out of the thread
            log.exception("device reader for %s failed", self.url.text)
            self._update(last_error="internal error in the device reader (see the log)")
        finally:
            self._close_open_gap()
            self._flush()
            self._update(state=ReaderState.STOPPED)

    def _backoff(self, seconds: float) -> None:
        """Wait ``seconds`` on the injected clock, in slices so stop() is heard."""
        deadline = self._clock.monotonic() + seconds
        while not self._stop.is_set():
            remaining = deadline - self._clock.monotonic()
            if remaining <= 0:
                return
            self._clock.sleep(min(remaining, 0.1))

    def _connect(self) -> Connection:
        try:
            return self._open(self.url)
        except TransportError:
            # A USB device that came back under another port name: find it by its ids.
            if self._usb_id is None or self.url.kind != "serial":
                raise
            ports = find_usb_ports(self._usb_id, self._lister)
            if len(ports) != 1 or ports[0].device == self.url.target:
                raise
            return self._open(self.url.with_port(ports[0].device))

    def _open(self, url: DeviceURL) -> Connection:
        connection = self._opener(url, timeout=self.read_timeout_s, clock=self._clock)
        if connection.port is not None and self._usb_id is None:
            try:
                self._usb_id = usb_id_of(connection.port, self._lister)
            except Exception as err:  # listing ports is a convenience, never fatal
                log.debug("could not list ports: %s", err)
        return connection

    def _session(self, connection: Connection) -> bool:
        """Run one connection until it fails or the reader stops; return whether it got
        as far as streaming."""
        transport = connection.transport
        self._decoder.reset_link()
        self._timeline.new_segment()
        self._pending.clear()
        self._started = False
        self._restart_wanted = False
        self._last_alive = self._clock.monotonic()
        self._drop_stale_commands()
        self._update(port=connection.port)
        streamed = False
        try:
            if self._decoder.handshake:
                self._handshake(transport)
                streamed = True
                self._now_streaming()
            while not self._stop.is_set():
                if self._restart_wanted:
                    self._restart_wanted = False
                    self._write(transport, format_command(START))
                self._send_queued(transport)
                self._read_events(transport)
                self._handle_pending()
                streamed = streamed or self._started
                silent = self._clock.monotonic() - self._last_alive
                if silent > self.heartbeat_timeout_s:
                    raise _LinkLost(f"no frame from the device for {silent:.1f} s")
            if self._decoder.handshake:
                self._say_goodbye(transport)
        except _LinkLost as err:
            self._lose(str(err), failed=not streamed)
        except _Stopping:
            pass
        except Exception as err:  # a bug: report it, treat it as a lost link
            log.exception("device reader for %s failed", self.url.text)
            self._lose(f"internal error: {err!r}", failed=not streamed)
        finally:
            try:
                transport.close()
            except Exception as err:
                log.debug("closing %s: %s", self.url.text, err)
        return streamed

    def _say_goodbye(self, transport: Transport) -> None:
        """Send STOP so the device goes quiet, and read its answer (the samples before
        it are still delivered). A device that is gone by now changes nothing."""
        try:
            self._write(transport, format_command(STOP))
            self._await(
                transport,
                lambda e: isinstance(e, Ack | ErrorReply) and e.command in ("STOP", ""),
                self.reply_timeout_s,
                stoppable=False,
            )
        except _LinkLost as err:
            log.debug("%s: no answer to STOP: %s", self.url.text, err)

    def _lose(self, reason: str, *, failed: bool) -> None:
        """The link is gone: note where the gap starts. ``failed`` when the connection
        never got as far as streaming (it counts as a failed attempt)."""
        self._flush()
        if self._timeline.last_t is not None and self._gap_open is None:
            self._gap_open = (self._timeline.last_t, self._clock.monotonic(), reason)
        self._update(
            state=ReaderState.DISCONNECTED,
            last_error=reason,
            failed_attempts=self._status.failed_attempts + int(failed),
            disconnects=self._status.disconnects + int(not failed),
        )

    def _now_streaming(self) -> None:
        self._update(
            state=ReaderState.STREAMING,
            connects=self._status.connects + 1,
            failed_attempts=0,
        )

    # ------------------------------------------------------------------ I/O

    def _write(self, transport: Transport, data: bytes) -> None:
        try:
            transport.write(data)
        except Exception as err:
            raise _LinkLost(f"writing to the device failed: {err}") from err

    def _read_events(self, transport: Transport) -> None:
        try:
            waiting = transport.in_waiting
            data = transport.read(waiting or 1)
        except Exception as err:
            raise _LinkLost(f"reading from the device failed: {err}") from err
        if not data:
            return
        events = self._decoder.feed(data)
        if events:
            self._last_alive = self._clock.monotonic()
            self._pending.extend(events)

    def _drop_stale_commands(self) -> None:
        """Commands asked for while the device was away are not sent to the device that
        comes back: a ZERO meant for hands-off time could land mid-compression."""
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            log.info("%s: %s not sent: the device was disconnected", self.url.text, command.verb)

    def _send_queued(self, transport: Transport) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            self._write(transport, format_command(command))

    def _await(
        self,
        transport: Transport,
        predicate: Callable[[Event], bool],
        timeout_s: float,
        *,
        stoppable: bool = True,
    ) -> Event | None:
        """Handle events until one satisfies ``predicate`` (returned) or ``timeout_s``
        passes (None). Events after it stay pending, in order."""
        deadline = self._clock.monotonic() + timeout_s
        while True:
            while self._pending:
                event = self._pending.popleft()
                self._handle(event)
                if predicate(event):
                    self._flush()
                    return event
            self._flush()
            if stoppable and self._stop.is_set():
                raise _Stopping
            if self._clock.monotonic() >= deadline:
                return None
            self._read_events(transport)

    def _handshake(self, transport: Transport) -> None:
        # Any frame means the firmware is up (the hello itself, or a heartbeat when the
        # board did not reset on open); after hello_wait_s, try anyway.
        self._await(transport, lambda _event: True, self.hello_wait_s)
        self._write(transport, format_command(IDENTIFY))
        hello = self._await(transport, lambda e: isinstance(e, Hello), self.reply_timeout_s)
        if not isinstance(hello, Hello):
            hint = (
                "; a board that prints plain numbers needs format=plain in its URL"
                if self._decoder.counters.bad
                else ""
            )
            raise _LinkLost(
                f"the device did not answer IDN within {self.reply_timeout_s:g} s{hint}"
            )
        if hello.protocol != PROTOCOL_VERSION:
            raise _LinkLost(
                f"the device speaks protocol version {hello.protocol}; this SkillStation "
                f"speaks version {PROTOCOL_VERSION} (update the one that is older)"
            )
        if self.url.rate_hz is not None:
            self._write(transport, format_command(set_rate(self.url.rate_hz)))
            self._reply(transport, "RATE", fatal=False)
        self._write(transport, format_command(START))
        self._reply(transport, "START", fatal=True)

    def _reply(self, transport: Transport, verb: str, *, fatal: bool) -> None:
        def answers(event: Event) -> bool:
            return isinstance(event, Ack | ErrorReply) and event.command in (verb, "")

        reply = self._await(transport, answers, self.reply_timeout_s)
        if isinstance(reply, Ack):
            return
        if isinstance(reply, ErrorReply):
            text = f"the device refused {verb}: {reply.code} {reply.text}".rstrip()
        else:
            text = f"the device did not answer {verb} within {self.reply_timeout_s:g} s"
        if fatal:
            raise _LinkLost(text)
        self._update(last_error=text)

    # ------------------------------------------------------------------ events

    def _handle_pending(self) -> None:
        while self._pending:
            self._handle(self._pending.popleft())
        self._flush()

    def _handle(self, event: Event) -> None:
        match event:
            case Reading():
                if self._decoder.handshake and not self._started:
                    return  # frames of an earlier START, still in flight
                if not self._decoder.handshake and not self._started:
                    self._started = True
                    self._now_streaming()
                self._publish(event)
            case Hello():
                self._identity = {"url": self.url.text, **event.identity()}
                self._channels = event.channels
                if self._started and self._decoder.handshake:
                    # A hello nobody asked for: the device rebooted (a watchdog, a brown-out)
                    # without the port closing. It is idle now; start it again.
                    self._started = False
                    self._restart_wanted = True
                self._update()
            case Ack():
                if event.command == "START":
                    self._started = True
                self._update(last_reply=" ".join(["ack", event.command, *event.values]))
            case ErrorReply():
                text = f"error {event.command or '?'} {event.code} {event.text}"
                self._update(last_reply=text, last_error=f"the device answered: {text}")
            case Heartbeat():
                pass

    def _publish(self, reading: Reading) -> None:
        host_t = self._clock.monotonic()
        previous = self._timeline.last_t
        t = self._timeline.place(reading, host_t)
        if self._gap_open is not None:
            start, _, reason = self._gap_open
            self._gap_open = None
            self._outbox.append(Gap(start, t, reason))
        elif previous is not None and reading.lost_before > 0:
            n = reading.lost_before
            self._outbox.append(Gap(previous, t, f"{n} frame(s) lost", n))
        elif previous is not None and reading.restarted:
            self._outbox.append(Gap(previous, t, "the device restarted"))
        values = reading.values
        extra = {k: v for k, v in values.items() if k not in STANDARD}
        self._outbox.append(
            Sample(
                t,
                host_t,
                values.get("depth_mm"),
                values.get("force_n"),
                values.get("lung_volume_ml"),
                MappingProxyType(extra) if extra else MappingProxyType({}),
            )
        )

    def _flush(self) -> None:
        if not self._outbox:
            self._update()
            return
        items, self._outbox = self._outbox, []
        self._broadcast.publish_many(items)
        gaps = sum(1 for item in items if isinstance(item, Gap))
        self._update(
            samples=self._status.samples + len(items) - gaps,
            gaps=self._status.gaps + gaps,
        )

    def _close_open_gap(self) -> None:
        """Stopped while the device was away: report the gap up to now."""
        if self._gap_open is None:
            return
        start, host_lost, reason = self._gap_open
        self._gap_open = None
        end = start + max(0.0, self._clock.monotonic() - host_lost)
        if math.isfinite(end):
            self._outbox.append(Gap(start, end, f"{reason}; not back before the reader stopped"))
