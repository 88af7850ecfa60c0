"""Networked serial (``socket://``, ``rfc2217://``, as ser2net offers a port) opened by
the reader for real over local TCP, and the analyser's ground truth at 500 Hz, the top
of the sample rates the analytics support."""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import serial
import serial.rfc2217
from test_cpr_analysis import _mixed_session

from devices.cpr.analysis import analyze_trace
from devices.cpr.synth import synthesize
from devices.reader import DeviceReader, ReaderState, ReaderStatus
from devices.sample import Sample
from devices.sim.firmware import DeviceInfo, ManikinSource, SimulatedDevice
from devices.sim.manikin import ManikinSignal
from devices.transport import parse_device_url


@contextlib.contextmanager
def tcp_server(serve: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A one-connection TCP server on localhost running ``serve``; yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                serve(connection, stop)
            return

    thread = threading.Thread(target=accept, name="tcp-device")
    thread.start()
    try:
        yield port
    finally:
        stop.set()
        thread.join(10.0)
        listener.close()


def _wait(reader: DeviceReader, predicate: Callable[[ReaderStatus], bool]) -> ReaderStatus:
    status = reader.wait_for(predicate, 10.0)
    assert status is not None, reader.status()
    return status


def test_a_manikin_behind_a_network_serial_server_streams_over_socket_url() -> None:
    device = SimulatedDevice(
        ManikinSource(ManikinSignal("good", seed=1), 200.0), info=DeviceInfo(serial="NET-1")
    )
    started = time.monotonic()

    def serve(connection: socket.socket, stop: threading.Event) -> None:
        connection.setblocking(False)
        while not stop.is_set():
            device.advance(time.monotonic() - started)
            out = device.take_output()
            with contextlib.suppress(BlockingIOError):
                if out:
                    connection.sendall(out)
            ready, _, _ = select.select([connection], [], [], 0.005)
            if ready:
                try:
                    data = connection.recv(4096)
                except (BlockingIOError, ConnectionError):
                    continue
                if not data:
                    return
                device.receive(data)

    with tcp_server(serve) as port:
        reader = DeviceReader(f"socket://127.0.0.1:{port}")
        ring = reader.subscribe()
        reader.start()
        try:
            status = _wait(reader, lambda s: s.samples >= 100)
        finally:
            reader.stop()
    assert status.state is ReaderState.STREAMING
    assert status.identity["serial"] == "NET-1"
    assert status.counters.bad == 0
    samples = [s for s in ring.drain() if isinstance(s, Sample)]
    assert len(samples) >= 100 and all(s.depth_mm is not None for s in samples)


# pyserial's RFC 2217 client names its thread with the deprecated setDaemon() and setName().
@pytest.mark.filterwarnings("ignore:set(Daemon|Name)\\(\\) is deprecated:DeprecationWarning")
def test_a_plain_board_behind_an_rfc2217_server_is_read() -> None:
    """pyserial's RFC 2217 port manager in front of a loop-back port stands in for
    ser2net; the board prints bare depths in centimetres."""
    board: Any = serial.serial_for_url("loop://", timeout=0.01)

    def serve(connection: socket.socket, stop: threading.Event) -> None:
        connection.settimeout(0.01)

        class Link:
            """What the port manager writes its replies and escaped data to."""

            def write(self, data: bytes) -> None:
                connection.sendall(data)

        manager = serial.rfc2217.PortManager(board, Link())
        while not stop.is_set():
            data = board.read(board.in_waiting or 1)
            if data:
                connection.sendall(b"".join(manager.escape(data)))
            try:
                received = connection.recv(4096)
            except TimeoutError:
                continue
            except ConnectionError:
                return
            if not received:
                return
            # What the host sends (option negotiation) is handled by the manager.
            for _ in manager.filter(received):
                pass

    with tcp_server(serve) as port:
        url = f"rfc2217://127.0.0.1:{port}?format=plain&depth_unit=cm"
        assert parse_device_url(url).kind == "pyserial"
        reader = DeviceReader(url)
        ring = reader.subscribe()
        reader.start()
        try:
            # A plain board is streaming once it prints: print until read.
            deadline = time.monotonic() + 10.0
            got: list[Sample] = []
            while len(got) < 3 and time.monotonic() < deadline:
                board.write(b"4.2\n5.5\n0.1\n")
                ring.wait(0.2)
                got += [s for s in ring.drain() if isinstance(s, Sample)]
            status = reader.status()
        finally:
            reader.stop()
            board.close()
    assert status.state is ReaderState.STREAMING and status.counters.bad == 0
    assert [s.depth_mm for s in got[:3]] == pytest.approx([42.0, 55.0, 1.0])


def test_ground_truth_holds_at_500_hz() -> None:
    mixed = synthesize(_mixed_session(), rate_hz=500, seed=7)
    summary = analyze_trace(mixed.trace)
    truth = mixed.truth
    assert summary.compressions == len(truth.compressions) == 115
    assert summary.ventilations == len(truth.ventilations) == 5
    assert summary.mean_depth_mm is not None and truth.mean_depth_mm is not None
    assert summary.mean_rate_cpm is not None and truth.mean_rate_cpm is not None
    assert abs(summary.mean_depth_mm - truth.mean_depth_mm) <= 1.0
    assert abs(summary.mean_rate_cpm - truth.mean_rate_cpm) <= 1.5
    assert summary.sample_rate_hz == pytest.approx(500.0)
