"""The simulated manikin on a pseudo-terminal: a serial port any program can open.

``skillstation simulate-device --pty`` runs it: it prints the port's path (or keeps a
stable symbolic link at ``--link``), and the station, a serial monitor or ``socat``
opens that port as if a manikin were plugged in. The simulated firmware
(:class:`~devices.sim.firmware.SimulatedDevice`) answers ``IDN``, ``START``, ``STOP``,
``ZERO`` and ``RATE`` and streams frames in real time (or ``speed`` times faster).

:meth:`PtySimulator.unplug` closes the pseudo-terminal, which the host sees exactly as
a pulled USB cable (its reads fail); :meth:`PtySimulator.replug` makes a new one, with
a freshly booted device, and points the link at it, as a device that comes back under
a new port name.

Like a UART, the simulator never waits for a slow host: output that does not fit in the
terminal's buffer is dropped (and counted), so the host sees lost frames, not a stalled
device. With ``lossless=True`` it waits instead, as a USB device under flow control
does: frames arrive late when the host is busy, but none is lost, so what the host
receives depends only on the device (the demonstration exam and the benchmarks use
this when running many times faster than real time).
"""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from collections.abc import Callable
from pathlib import Path

from devices.sim.firmware import DeviceInfo, ManikinSource, SimulatedDevice
from devices.sim.manikin import ManikinSignal

__all__ = ["PtySimulator"]


class _Plug:
    """One plugged-in period: a pty pair, a booted device and the thread serving it."""

    def __init__(self, device: SimulatedDevice, speed: float, *, lossless: bool = False) -> None:
        self.device = device
        self.speed = speed
        self.lossless = lossless
        self.master, self.slave = os.openpty()
        try:
            # Raw: no echo of the host's commands back to it, no CR/LF translation.
            tty.setraw(self.slave)
            os.set_blocking(self.master, False)
            self.path = os.ttyname(self.slave)
            self._wake_r, self._wake_w = os.pipe()
        except BaseException:
            os.close(self.master)
            os.close(self.slave)
            raise
        self.dropped_bytes = 0
        self.error: BaseException | None = None
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._serve, name=f"pty-device {self.path}")
        self._thread.start()

    def _uptime(self) -> float:
        return (time.monotonic() - self._started) * self.speed

    def _write(self, data: bytes) -> bool:
        """Send ``data``; False when asked to stop while waiting for the host."""
        if not self.lossless:
            try:
                written = os.write(self.master, data)
            except BlockingIOError:
                written = 0
            self.dropped_bytes += len(data) - written
            return True
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self.master, view) :]
                continue
            except BlockingIOError:
                pass
            # Flow control: wait until the host has read some (or we are told to stop).
            ready, _, _ = select.select([self._wake_r], [self.master], [], 0.5)
            if self._wake_r in ready:
                return False
        return True

    def _serve(self) -> None:
        device = self.device
        try:
            while True:
                device.advance(self._uptime())
                out = device.take_output()
                if out and not self._write(out):
                    return
                wait = max(0.0, (device.next_due() - self._uptime()) / self.speed)
                ready, _, _ = select.select([self.master, self._wake_r], [], [], min(wait, 0.5))
                if self._wake_r in ready:
                    return
                if self.master in ready:
                    try:
                        data = os.read(self.master, 4096)
                    except (BlockingIOError, InterruptedError):
                        continue
                    device.advance(self._uptime())
                    device.receive(data)
        except OSError as err:  # the terminal broke under us: stop serving, keep the reason
            self.error = err

    def close(self) -> None:
        """Stop serving and close the terminal (the host's reads fail from now on)."""
        if self._thread.is_alive():
            os.write(self._wake_w, b"x")
            self._thread.join()
        for fd in (self.master, self.slave, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)


class PtySimulator:
    """A simulated manikin behind a pseudo-terminal, with unplug and replug.

    ``link``, if given, is a symbolic link kept pointing at the current terminal (it
    is removed while unplugged, as a device node disappears). ``device_factory``
    makes the device booted at each plug-in; by default the simulated manikin with
    ``profile``, ``rate_hz`` and ``seed``. ``lossless`` waits for a slow host instead
    of dropping output (see the module documentation).
    """

    def __init__(
        self,
        *,
        profile: str = "good",
        rate_hz: float = 200.0,
        speed: float = 1.0,
        seed: int = 0,
        link: str | Path | None = None,
        device_factory: Callable[[], SimulatedDevice] | None = None,
        lossless: bool = False,
    ) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be above 0, not {speed!r}")
        self.speed = speed
        self.lossless = lossless
        self.link = None if link is None else Path(link)
        self.plugs = 0
        self._factory = device_factory or (
            lambda: SimulatedDevice(
                ManikinSource(ManikinSignal(profile, seed=seed), rate_hz),
                info=DeviceInfo(serial=f"SIM-{seed}"),
            )
        )
        # Check the arguments now rather than in the first plug-in.
        self._factory()
        self._plug: _Plug | None = None
        self._lock = threading.Lock()

    @property
    def plugged(self) -> bool:
        return self._plug is not None

    @property
    def path(self) -> str:
        """The terminal's path (what to open, if there is no link)."""
        if self._plug is None:
            raise RuntimeError("the simulated device is unplugged")
        return self._plug.path

    @property
    def device(self) -> SimulatedDevice:
        """The device currently plugged in (its signal holds the ground truth)."""
        if self._plug is None:
            raise RuntimeError("the simulated device is unplugged")
        return self._plug.device

    @property
    def error(self) -> BaseException | None:
        """Why serving stopped by itself, if it did."""
        return None if self._plug is None else self._plug.error

    def start(self) -> None:
        """Plug the device in (boot it on a new terminal)."""
        self.replug()

    def replug(self) -> None:
        """Plug in again after :meth:`unplug`: a new terminal, a freshly booted device,
        the link pointed at it."""
        with self._lock:
            if self._plug is not None:
                raise RuntimeError("the simulated device is already plugged in")
            self._plug = _Plug(self._factory(), self.speed, lossless=self.lossless)
            self.plugs += 1
            if self.link is not None:
                temporary = self.link.with_name(f".{self.link.name}.{os.getpid()}.tmp")
                with contextlib.suppress(FileNotFoundError):
                    temporary.unlink()
                temporary.symlink_to(self._plug.path)
                os.replace(temporary, self.link)  # replaces a stale link in one step

    def unplug(self) -> None:
        """Pull the cable: close the terminal and remove the link."""
        with self._lock:
            plug, self._plug = self._plug, None
            if plug is None:
                return
            if self.link is not None:
                with contextlib.suppress(FileNotFoundError):
                    self.link.unlink()
            plug.close()

    def stop(self) -> None:
        """Unplug for good (also what leaving a ``with`` block does)."""
        self.unplug()

    def __enter__(self) -> PtySimulator:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
