"""One reading from a device, as every consumer (analyser, recorder, GUI) sees it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

_EMPTY: Mapping[str, float] = MappingProxyType({})

#: The channels every CPR feedback device may report, with their units.
CHANNELS: dict[str, str] = {
    "depth_mm": "mm",  # chest displacement from rest; 0 = fully released
    "force_n": "N",  # force on the chest
    "lung_volume_ml": "mL",  # volume in the manikin's lung
}


@dataclass(frozen=True, slots=True)
class Sample:
    """A sample carries its values, the device's time and the host's time.

    ``device_t_s`` is the device's own clock, unwrapped and in seconds since the stream
    began: analysis runs on it, so host scheduling jitter never bends a waveform.
    ``host_t_s`` is ``time.monotonic()`` (or the injected clock) when the host received
    the frame: used for latency, clock-offset estimation and aligning with video and marks.
    A channel the device does not report is None. Further channels (hand position, airway
    pressure) go in ``extra``.
    """

    device_t_s: float
    host_t_s: float
    depth_mm: float | None = None
    force_n: float | None = None
    lung_volume_ml: float | None = None
    extra: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
