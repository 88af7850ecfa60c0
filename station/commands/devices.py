"""``skillstation devices list``, ``record`` and ``simulate-device``.

- ``devices list`` shows the serial ports with their USB identity, so a device can be
  named by ``usb:VID:PID:SERIAL`` and found again whatever port name it gets.
- ``record`` reads a device for some seconds and writes a trace file (the reader's
  thread reads, the recorder's thread writes; this one only waits and reports).
- ``simulate-device --pty`` runs the simulated manikin on a pseudo-terminal, for trying
  the station, a serial monitor or another program without a manikin.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from common.clock import Clock, SystemClock
from station.errors import UserError
from station.i18n import _

if TYPE_CHECKING:
    from devices.reader import ReaderStatus

#: The clock ``record`` times its recording with (and hands to the reader).
CLOCK: Clock = SystemClock()

#: How long ``record`` waits for the device to answer before giving up, in seconds:
#: an Arduino's boot (up to 2.5 s) plus the IDN, RATE and START replies.
CONNECT_TIMEOUT_S = 15.0


def run_devices_list(args: argparse.Namespace) -> int:
    """Print every serial port, with its USB ids, serial number and description."""
    from devices.ports import list_ports

    ports = list_ports()
    if not ports:
        print(_("no serial ports found"))
        return 0
    rows = [(_("PORT"), _("USB ID"), _("SERIAL NUMBER"), _("DESCRIPTION"))]
    for port in ports:
        usb = (
            f"{port.vid:04X}:{port.pid:04X}"
            if port.vid is not None and port.pid is not None
            else "-"
        )
        description = port.description or port.product or "-"
        rows.append((port.device, usb, port.serial_number or "-", description))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  "
            + row[3]
        )
    usb_ports = [p for p in ports if p.usb_id is not None]
    if usb_ports:
        print()
        print(
            _("open a USB device whatever its port name with --device usb:{usb_id}").format(
                usb_id=usb_ports[0].usb_id
            )
        )
    return 0


def _counters_text(status: ReaderStatus) -> str:
    c = status.counters
    return _(
        "frames: {good} good, {bad} bad ({checksum} checksum, {syntax} syntax, {oversized} "
        "too long), {lost} lost, {out_of_range} out of range"
    ).format(
        good=c.good,
        bad=c.bad,
        checksum=c.bad_checksum,
        syntax=c.bad_syntax,
        oversized=c.oversized,
        lost=c.lost,
        out_of_range=c.out_of_range,
    )


def run_record(args: argparse.Namespace) -> int:
    """Record ``args.device`` for ``args.seconds`` seconds to ``args.out``."""
    from devices.reader import DeviceReader, ReaderState
    from devices.trace_recorder import Recorder
    from devices.transport import DeviceURLError, parse_device_url

    try:
        url = parse_device_url(args.device)
    except DeviceURLError as err:
        raise UserError(f"--device: {err}") from None
    seconds = float(args.seconds)
    if not seconds > 0:
        raise UserError(
            _("--seconds {seconds}: give a duration above 0").format(seconds=args.seconds)
        )
    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(
            _("{out} already exists; choose another --out, or add --force to replace it").format(
                out=out
            )
        )
    if not out.parent.is_dir():
        raise UserError(
            _("cannot write {out}: the folder {folder} does not exist").format(
                out=out, folder=out.parent
            )
        )

    reader = DeviceReader(url, clock=CLOCK)
    recorder = Recorder(reader, out, duration_s=seconds)
    reader.start()
    try:
        status = reader.wait_for(
            lambda s: s.state is ReaderState.STREAMING or s.failed_attempts > 0,
            CONNECT_TIMEOUT_S,
        )
        if status is None or status.state is not ReaderState.STREAMING:
            reason = reader.status().last_error or _("no answer within {seconds} s").format(
                seconds=f"{CONNECT_TIMEOUT_S:g}"
            )
            recorder.discard()
            raise UserError(
                _(
                    "cannot open the device {device}: {reason}. Check the cable and the port "
                    "(`skillstation devices list`) and that no other program has it open."
                ).format(device=url.text, reason=reason)
            )
        identity = status.identity
        who = " ".join(v for v in (identity.get("model"), identity.get("serial")) if v)
        recorder.start()
        print(
            _("recording {device} to {out} for {seconds} s (Ctrl+C stops early)").format(
                device=who or url.text, out=out, seconds=f"{seconds:g}"
            ),
            flush=True,
        )
        # Done when the recorder has the seconds asked for on the device's time line, or
        # when as long has passed on the host's clock (a device lost for good). Wake with
        # the reader's progress, and at least every 0.2 s, to check.
        deadline = CLOCK.monotonic() + seconds

        def done(_status: object = None) -> bool:
            return recorder.complete or CLOCK.monotonic() >= deadline

        interrupted = False
        try:
            while not done():
                reader.wait_for(done, 0.2)
        except KeyboardInterrupt:
            interrupted = True  # Ctrl+C stops early, as promised: keep what was recorded
    finally:
        reader.stop()
        summary = recorder.stop()
    if interrupted:
        print(_("stopped early (Ctrl+C)"))
    final = reader.status()
    print(
        _("recorded {samples} samples over {seconds} s to {out}; {gaps} gap(s)").format(
            samples=summary.samples,
            seconds=f"{summary.duration_s:.1f}",
            out=out,
            gaps=summary.gaps,
        )
    )
    print(_counters_text(final))
    if final.last_error and final.connects > 0 and summary.gaps:
        print(_("last device problem: {problem}").format(problem=final.last_error))
    if summary.error is not None:
        raise UserError(summary.error)
    return 0


def run_simulate_device(args: argparse.Namespace) -> int:
    """Run the simulated manikin on a pseudo-terminal until Ctrl+C."""
    from devices.sim.manikin import PROFILES
    from devices.sim.pty import PtySimulator

    if not args.pty:
        raise UserError(_("say how to offer the simulated device: --pty (a pseudo-terminal)"))
    if args.profile not in PROFILES:
        raise UserError(
            _("unknown profile {profile!r}; known: {known}").format(
                profile=args.profile, known=", ".join(PROFILES)
            )
        )
    if not 1 <= args.rate_hz <= 1000:
        raise UserError(
            _("--rate-hz {rate}: the simulated manikin samples at 1 to 1000 Hz").format(
                rate=f"{args.rate_hz:g}"
            )
        )
    if not args.speed > 0:
        raise UserError(
            _("--speed {speed}: give a factor above 0 (1 = real time)").format(
                speed=f"{args.speed:g}"
            )
        )
    link = None if args.link is None else Path(args.link)
    if link is not None:
        if link.exists() and not link.is_symlink():
            raise UserError(
                _("--link {link}: a file is there already; give a path for the link").format(
                    link=link
                )
            )
        if not link.parent.is_dir():
            raise UserError(
                _("--link {link}: the folder {folder} does not exist").format(
                    link=link, folder=link.parent
                )
            )
    if sys.platform == "win32":
        raise UserError(_("pseudo-terminals exist on Linux and macOS only; use sim://cpr instead"))
    simulator = PtySimulator(
        profile=args.profile,
        rate_hz=args.rate_hz,
        speed=args.speed,
        seed=args.seed,
        link=link,
    )
    simulator.start()
    try:
        port = str(link) if link is not None else simulator.path
        print(
            _("simulated manikin ({profile}, {rate} Hz, speed {speed}x) on {path}").format(
                profile=args.profile,
                rate=f"{args.rate_hz:g}",
                speed=f"{args.speed:g}",
                path=simulator.path,
            )
        )
        if link is not None:
            print(_("link: {link} -> {path}").format(link=link, path=simulator.path))
        print(
            _("try: skillstation record --device {port} --seconds 30 --out trace.csv").format(
                port=port
            )
        )
        print(_("Ctrl+C to stop"), flush=True)
        while True:
            time.sleep(0.5)
            if simulator.error is not None:
                raise UserError(
                    _("the pseudo-terminal failed: {error}").format(error=simulator.error)
                )
    except KeyboardInterrupt:
        print(_("stopped"))
        return 0
    finally:
        simulator.stop()
