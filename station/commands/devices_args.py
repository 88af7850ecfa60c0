"""The ``devices list``, ``record`` and ``simulate-device`` commands on the command line: their
names, help and arguments. The handlers are in :mod:`station.commands.devices`, imported
only when a command runs, so that this module stays cheap to import (see
:mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "devices": ("find connected devices", "Serial ports and USB ids of connected devices."),
}


def _devices_list_arguments(parser: argparse.ArgumentParser) -> None:
    """``devices list`` takes no arguments."""


def _record_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device",
        required=True,
        metavar="URL",
        help="port, usb:VID:PID[:SERIAL], serial:///dev/ttyUSB0?baud=115200, socket://host:port, "
        "sim://cpr?profile=good&speed=10, replay://trace.csv",
    )
    parser.add_argument(
        "--seconds",
        required=True,
        type=float,
        metavar="N",
        help="seconds of the device's time line to record",
    )
    parser.add_argument("--out", required=True, metavar="TRACE.csv", help="trace file to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")


def _simulate_device_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pty",
        action="store_true",
        help="offer the simulated manikin on a pseudo-terminal (required for now)",
    )
    parser.add_argument(
        "--link",
        default=None,
        metavar="PATH",
        help="keep a symbolic link to the terminal here (stable across a simulated unplug)",
    )
    parser.add_argument(
        "--profile",
        default="good",
        choices=["good", "shallow", "fast", "slow", "leaning", "long_pauses", "random"],
        help="how the simulated rescuer performs (default: good)",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="device time runs this many times faster"
    )
    parser.add_argument(
        "--rate-hz",
        dest="rate_hz",
        type=float,
        default=200.0,
        metavar="HZ",
        help="samples per second of device time (default: 200)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the simulated rescuer (default: 0)"
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "devices list",
        "list serial ports with their USB ids",
        "List the serial ports of this computer with USB vendor and product ids and serial "
        "numbers, to find a manikin or sensor board.",
        "station.commands.devices:run_devices_list",
        _devices_list_arguments,
    ),
    Command(
        "record",
        "record a device's samples to a trace file",
        "Read a device for N seconds and write its samples to a trace CSV, with any gaps "
        "(unplugs) recorded.",
        "station.commands.devices:run_record",
        _record_arguments,
    ),
    Command(
        "simulate-device",
        "run a simulated manikin on a pseudo-terminal",
        "Offer a simulated CPR manikin speaking the SkillStation protocol on a "
        "pseudo-terminal, so the whole serial path can be tried without hardware.",
        "station.commands.devices:run_simulate_device",
        _simulate_device_arguments,
    ),
)
