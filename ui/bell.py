"""The station bell: how a bell is heard (or seen) at the examiner's station.

A :class:`BellSink` is anything with ``ring(kind)``. The station timer decides *when* a
bell rings (:mod:`assessments.timing`); the sink only makes it perceptible, so tests
inject a :class:`RecordingBell` and check exactly which bells rang.

How the sound is produced: the tone is **synthesised at run time** (no audio file is
shipped) by :func:`write_bell_wav` into a 16-bit mono WAV in the user cache directory —
a decaying two-partial chime, one strike for the start, two for the warning and three
for the end. It is then played by

1. Qt Multimedia's ``QSoundEffect`` when the Qt Multimedia module is installed
   (it ships in the ``PySide6-Addons`` wheel, not in ``PySide6-Essentials``, and needs
   the system's PulseAudio client library ``libpulse0``);
2. otherwise a system sound player found on the PATH (``pw-play``, ``paplay``,
   ``aplay`` or ``afplay``), started with ``QProcess`` so the GUI never waits for it;
3. otherwise no sound is possible and :func:`sound_backend` says so; the pre-exam check
   then requires the visual bell.

The visual bell (:class:`VisualBell`) flashes the station's clock panel; it works
everywhere and is on by default. :class:`BellSet` rings several sinks at once.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import shutil
import struct
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from platformdirs import user_cache_dir
from PySide6.QtCore import QObject, QProcess, QUrl, Signal

from assessments.timing import BellKind

__all__ = [
    "BellSet",
    "BellSink",
    "PlayerBell",
    "RecordingBell",
    "SoundBackend",
    "SoundEffectBell",
    "VisualBell",
    "bell_wav_path",
    "make_sound_bell",
    "sound_backend",
    "strikes_for",
    "write_bell_wav",
]

SAMPLE_RATE = 22_050
#: Base pitch of the chime (A5) and its bright upper partial (a twelfth above).
BASE_HZ = 880.0
PARTIAL_HZ = BASE_HZ * 3.0
STRIKE_S = 0.45
GAP_S = 0.12
#: Players tried in order when Qt Multimedia is not installed.
PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),
)


class BellSink(Protocol):
    """Makes a bell perceptible. ``ring`` returns at once (never blocks the GUI)."""

    def ring(self, kind: BellKind) -> None: ...


def strikes_for(kind: BellKind) -> int:
    """How many strikes a bell has: 1 to start, 2 for the warning, 3 to stop."""
    return {
        BellKind.READING_START: 1,
        BellKind.START: 1,
        BellKind.WARNING: 2,
        BellKind.END: 3,
        BellKind.CHANGEOVER_END: 1,
    }[kind]


def bell_wav_path(strikes: int, folder: Path | None = None) -> Path:
    """Where the chime of ``strikes`` strikes is kept (the user cache directory)."""
    base = folder or Path(user_cache_dir("skillstation", appauthor=False)) / "sounds"
    return base / f"bell-{strikes}.wav"


def write_bell_wav(path: Path, strikes: int) -> Path:
    """Synthesise the chime (``strikes`` strikes) as a 16-bit mono WAV at ``path``.

    Each strike is a sine at :data:`BASE_HZ` plus a quieter partial at
    :data:`PARTIAL_HZ`, with a 5 ms attack and an exponential decay, so it sounds like a
    small bell rather than a beep and stays clear over room noise.
    """
    if not 1 <= strikes <= 5:
        raise ValueError(f"a bell has 1 to 5 strikes, not {strikes}")
    frames = bytearray()
    strike_n = int(STRIKE_S * SAMPLE_RATE)
    gap_n = int(GAP_S * SAMPLE_RATE)
    attack_n = int(0.005 * SAMPLE_RATE)
    for index in range(strikes):
        for n in range(strike_n):
            t = n / SAMPLE_RATE
            envelope = min(1.0, n / attack_n) * math.exp(-6.0 * t)
            value = 0.7 * math.sin(2 * math.pi * BASE_HZ * t) + 0.25 * math.sin(
                2 * math.pi * PARTIAL_HZ * t
            )
            frames += struct.pack("<h", int(32767 * 0.8 * envelope * value))
        if index < strikes - 1:
            frames += b"\x00\x00" * gap_n
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(frames))
    partial.replace(path)
    return path


def _ensure_wavs(folder: Path | None) -> dict[int, Path]:
    paths: dict[int, Path] = {}
    for strikes in (1, 2, 3):
        path = bell_wav_path(strikes, folder)
        if not path.exists():
            write_bell_wav(path, strikes)
        paths[strikes] = path
    return paths


@dataclass(frozen=True)
class SoundBackend:
    """What can play the bell on this computer: ``kind`` is ``"qt-multimedia"``,
    ``"player"`` or ``"none"``; ``detail`` names the player or says what is missing."""

    kind: str
    detail: str
    program: str | None = None
    arguments: tuple[str, ...] = ()

    @property
    def available(self) -> bool:
        return self.kind != "none"


def sound_backend(which: Callable[[str], str | None] = shutil.which) -> SoundBackend:
    """Find how sound can be produced here (see the module documentation)."""
    if importlib.util.find_spec("PySide6.QtMultimedia") is not None:
        return SoundBackend("qt-multimedia", "Qt Multimedia (QSoundEffect)")
    for name, arguments in PLAYERS:
        program = which(name)
        if program is not None:
            return SoundBackend("player", name, program, arguments)
    return SoundBackend(
        "none",
        "no sound output: install PySide6-Addons (Qt Multimedia) or a sound player "
        "(pipewire, pulseaudio-utils or alsa-utils)",
    )


class SoundEffectBell(QObject):
    """Plays the synthesised chime with Qt Multimedia's ``QSoundEffect``."""

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Only present with PySide6-Addons, hence imported by name.
        multimedia: Any = importlib.import_module("PySide6.QtMultimedia")
        self._effects: dict[int, Any] = {}
        for strikes, path in _ensure_wavs(folder).items():
            effect = multimedia.QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[strikes] = effect

    def ring(self, kind: BellKind) -> None:
        effect = self._effects[strikes_for(kind)]
        effect.play()


class PlayerBell(QObject):
    """Plays the synthesised chime with a system sound player, without waiting for it."""

    def __init__(
        self,
        program: str,
        arguments: Iterable[str] = (),
        folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._program = program
        self._arguments = tuple(arguments)
        self._paths = _ensure_wavs(folder)
        self._running: list[QProcess] = []

    def ring(self, kind: BellKind) -> None:
        process = QProcess(self)
        process.finished.connect(lambda *_: self._forget(process))
        self._running.append(process)
        process.start(self._program, [*self._arguments, str(self._paths[strikes_for(kind)])])

    @property
    def playing(self) -> int:
        """How many chimes are still playing."""
        return len(self._running)

    def _forget(self, process: QProcess) -> None:
        if process in self._running:
            self._running.remove(process)
        process.deleteLater()

    def stop(self) -> None:
        """Stop any chime still playing (when the station closes)."""
        for process in list(self._running):
            process.kill()
            process.waitForFinished(1000)
            self._forget(process)


def make_sound_bell(
    backend: SoundBackend | None = None,
    folder: Path | None = None,
    parent: QObject | None = None,
) -> SoundEffectBell | PlayerBell | None:
    """The sound bell for this computer, or None when no sound can be produced."""
    found = backend or sound_backend()
    if found.kind == "qt-multimedia":
        return SoundEffectBell(folder, parent)
    if found.kind == "player" and found.program is not None:
        return PlayerBell(found.program, found.arguments, folder, parent)
    return None


class VisualBell(QObject):
    """The visual bell: emits :attr:`flashed` with the number of strikes; the station
    flashes its clock panel that many times."""

    flashed = Signal(int)

    def ring(self, kind: BellKind) -> None:
        self.flashed.emit(strikes_for(kind))


class RecordingBell:
    """Remembers every bell rung, in order (for tests and the station's bell log)."""

    def __init__(self) -> None:
        self.rung: list[BellKind] = []

    def ring(self, kind: BellKind) -> None:
        self.rung.append(kind)


class BellSet:
    """Rings every sink it holds; a sink that fails does not silence the others."""

    def __init__(self, sinks: Iterable[BellSink] = ()) -> None:
        self.sinks: list[BellSink] = list(sinks)

    def add(self, sink: BellSink) -> None:
        if sink not in self.sinks:
            self.sinks.append(sink)

    def remove(self, sink: BellSink) -> None:
        if sink in self.sinks:
            self.sinks.remove(sink)

    def ring(self, kind: BellKind) -> None:
        failures: list[Exception] = []
        for sink in self.sinks:
            try:
                sink.ring(kind)
            except Exception as exc:  # one broken output must not silence the rest
                failures.append(exc)
        if failures:
            raise failures[0]
