"""The practice metronome: a beat at 110 /min, heard and seen.

110 /min is the middle of the 100-120 /min compression rate of AHA 2020 BLS and ERC
2021 (/work/shared/reference/cpr-targets.md). The beat is timed on the application's
clock (:class:`common.clock.Clock`): the live view asks :meth:`Metronome.poll` on
every display frame whether a beat fell since the last frame, so tests drive it with a
fake clock and the beat never drifts with the timer's jitter.

The sound is a short click **synthesised at run time** (no audio file is shipped), written
as a 16-bit mono WAV in the user cache directory and played the way the station bell is
played (:func:`ui.bell.sound_backend`): Qt Multimedia's ``QSoundEffect`` when installed,
otherwise a system sound player started with ``QProcess`` (never waited for), otherwise
no sound and the visual beat alone.
"""

from __future__ import annotations

import importlib
import math
import struct
import wave
from pathlib import Path
from typing import Any, Protocol

from platformdirs import user_cache_dir
from PySide6.QtCore import QObject, QProcess, QUrl

from common.clock import Clock
from ui.bell import SAMPLE_RATE, SoundBackend, sound_backend

__all__ = [
    "BEATS_PER_MINUTE",
    "Metronome",
    "PlayerTick",
    "SoundEffectTick",
    "TickSound",
    "make_tick_sound",
    "write_tick_wav",
]

#: The middle of the 100-120 /min target rate (AHA 2020 BLS, ERC 2021).
BEATS_PER_MINUTE = 110.0
#: How long the visual beat stays lit, in seconds.
PULSE_S = 0.15
TICK_HZ = 1600.0
TICK_S = 0.04


class TickSound(Protocol):
    """Makes one metronome click heard; returns at once."""

    def tick(self) -> None: ...


def tick_wav_path(folder: Path | None = None) -> Path:
    base = folder or Path(user_cache_dir("skillstation", appauthor=False)) / "sounds"
    return base / "metronome.wav"


def write_tick_wav(path: Path) -> Path:
    """Synthesise the click: 40 ms of a 1.6 kHz tone with a fast decay (16-bit mono)."""
    frames = bytearray()
    count = int(TICK_S * SAMPLE_RATE)
    for n in range(count):
        t = n / SAMPLE_RATE
        envelope = min(1.0, n / 40) * math.exp(-90.0 * t)
        frames += struct.pack(
            "<h", int(32767 * 0.8 * envelope * math.sin(2 * math.pi * TICK_HZ * t))
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(bytes(frames))
    partial.replace(path)
    return path


class SoundEffectTick(QObject):
    """Plays the click with Qt Multimedia's ``QSoundEffect`` (PySide6-Addons)."""

    def __init__(self, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        multimedia: Any = importlib.import_module("PySide6.QtMultimedia")
        path = tick_wav_path(folder)
        if not path.exists():
            write_tick_wav(path)
        self._effect = multimedia.QSoundEffect(self)
        self._effect.setSource(QUrl.fromLocalFile(str(path)))

    def tick(self) -> None:
        self._effect.play()


class PlayerTick(QObject):
    """Plays the click with a system sound player; a click still playing when the next
    is due is not doubled (the player may start slowly on a busy laptop)."""

    def __init__(
        self,
        program: str,
        arguments: tuple[str, ...] = (),
        folder: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._program = program
        self._arguments = arguments
        self._path = tick_wav_path(folder)
        if not self._path.exists():
            write_tick_wav(self._path)
        self._process: QProcess | None = None

    def tick(self) -> None:
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            return
        if self._process is None:
            self._process = QProcess(self)
        self._process.start(self._program, [*self._arguments, str(self._path)])

    def stop(self) -> None:
        if self._process is not None and self._process.state() != QProcess.ProcessState.NotRunning:
            self._process.kill()
            self._process.waitForFinished(1000)


def make_tick_sound(
    backend: SoundBackend | None = None, folder: Path | None = None, parent: QObject | None = None
) -> SoundEffectTick | PlayerTick | None:
    """The click for this computer, or None when no sound can be produced."""
    found = backend or sound_backend()
    if found.kind == "qt-multimedia":
        return SoundEffectTick(folder, parent)
    if found.kind == "player" and found.program is not None:
        return PlayerTick(found.program, found.arguments, folder, parent)
    return None


class Metronome:
    """Beats at ``bpm`` on ``clock`` from :meth:`start`; :meth:`poll` once per frame."""

    def __init__(
        self, clock: Clock, bpm: float = BEATS_PER_MINUTE, sound: TickSound | None = None
    ) -> None:
        if not bpm > 0:
            raise ValueError(f"a metronome beats above 0 /min, not {bpm!r}")
        self.clock = clock
        self.bpm = bpm
        self.sound = sound
        self.beats = 0
        self._start: float | None = None
        self._last_beat_at: float | None = None

    @property
    def running(self) -> bool:
        return self._start is not None

    @property
    def period_s(self) -> float:
        return 60.0 / self.bpm

    def start(self) -> None:
        """Start beating now (the first beat is at once)."""
        self._start = self.clock.monotonic()
        self._last_index = -1
        self.beats = 0
        self._last_beat_at = None

    def stop(self) -> None:
        self._start = None
        self._last_beat_at = None

    def poll(self) -> bool:
        """Whether a beat fell since the last poll (sounding it if so). Beats missed by
        a late frame are not played in a burst: one click, on time again next beat."""
        if self._start is None:
            return False
        now = self.clock.monotonic()
        index = int((now - self._start) / self.period_s)
        if index <= self._last_index:
            return False
        self._last_index = index
        self.beats += 1
        self._last_beat_at = self._start + index * self.period_s
        if self.sound is not None:
            self.sound.tick()
        return True

    @property
    def lit(self) -> bool:
        """Whether the visual beat is on (within :data:`PULSE_S` of the last beat)."""
        if self._last_beat_at is None:
            return False
        return self.clock.monotonic() - self._last_beat_at < PULSE_S
