"""The serial ports of this computer, and finding a USB device by its identity.

A USB serial adapter (an Arduino, an ESP32, a manikin's USB link) carries a vendor id,
a product id and usually a serial number. The port *name* it gets (``/dev/ttyUSB0``,
``COM5``) depends on the order devices were plugged in and can change after an unplug;
the USB identity does not, so it is what the station remembers to find a device again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "PortInfo",
    "UsbId",
    "find_usb_ports",
    "list_ports",
    "parse_usb_id",
    "usb_id_of",
]

#: Returns pyserial ``ListPortInfo``-like objects (``serial.tools.list_ports.comports``).
Lister = Callable[[], Iterable[Any]]


@dataclass(frozen=True, slots=True)
class UsbId:
    """A USB device's identity: vendor id, product id and (if it has one) serial number."""

    vid: int
    pid: int
    serial: str | None = None

    def __str__(self) -> str:
        text = f"{self.vid:04X}:{self.pid:04X}"
        return f"{text}:{self.serial}" if self.serial else text

    def matches(self, port: PortInfo) -> bool:
        return (
            port.vid == self.vid
            and port.pid == self.pid
            and (self.serial is None or port.serial_number == self.serial)
        )


@dataclass(frozen=True, slots=True)
class PortInfo:
    """One serial port as the operating system describes it."""

    device: str
    description: str = ""
    vid: int | None = None
    pid: int | None = None
    serial_number: str | None = None
    manufacturer: str | None = None
    product: str | None = None
    location: str | None = None

    @property
    def usb_id(self) -> UsbId | None:
        """The USB identity, or None for a port that is not on USB."""
        if self.vid is None or self.pid is None:
            return None
        return UsbId(self.vid, self.pid, self.serial_number or None)


def _system_lister() -> Iterable[Any]:
    from serial.tools import list_ports as pyserial_ports

    result: Iterable[Any] = pyserial_ports.comports()
    return result


def _text(value: Any) -> str | None:
    return None if value in (None, "", "n/a") else str(value)


def list_ports(lister: Lister | None = None) -> list[PortInfo]:
    """Every serial port, sorted by name (``lister`` replaces pyserial's in tests)."""
    ports = [
        PortInfo(
            device=str(p.device),
            description=_text(getattr(p, "description", None)) or "",
            vid=getattr(p, "vid", None),
            pid=getattr(p, "pid", None),
            serial_number=_text(getattr(p, "serial_number", None)),
            manufacturer=_text(getattr(p, "manufacturer", None)),
            product=_text(getattr(p, "product", None)),
            location=_text(getattr(p, "location", None)),
        )
        for p in (lister or _system_lister)()
    ]
    return sorted(ports, key=lambda p: p.device)


def find_usb_ports(usb: UsbId, lister: Lister | None = None) -> list[PortInfo]:
    """The ports of devices with this USB identity (more than one when two identical
    boards without serial numbers are plugged in)."""
    return [p for p in list_ports(lister) if usb.matches(p)]


def usb_id_of(device: str, lister: Lister | None = None) -> UsbId | None:
    """The USB identity of the device behind a port name or a link to one."""
    wanted = {device, os.path.realpath(device)}
    for port in list_ports(lister):
        if port.device in wanted or os.path.realpath(port.device) in wanted:
            return port.usb_id
    return None


_USB = re.compile(r"([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})(?::(.+))?")


def parse_usb_id(text: str) -> UsbId:
    """Read ``VID:PID[:SERIAL]`` (hex ids, as ``lsusb`` prints them)."""
    match = _USB.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"{text!r} is not a USB identity: write VID:PID or VID:PID:SERIAL with the "
            "ids in hex, e.g. 2341:0043 (see `skillstation devices list`)"
        )
    vid, pid, serial = match.groups()
    return UsbId(int(vid, 16), int(pid, 16), serial or None)
