"""CPR quality targets for adult, child and infant manikins, and how they are judged.

Every number the analyser compares a compression or a breath with lives in one frozen
:class:`CprTargets`, so a training centre can adapt it (``targets.replace(depth_min_mm=
45)``) without touching the analyser. The defaults follow the resuscitation guidelines:

- **Rate 100-120 /min, adult depth 50-60 mm, full recoil, pauses under 10 s**: AHA 2020
  BLS ("dos and don'ts of adult high-quality CPR") and the ERC 2021 BLS guidelines; the
  2025 summaries leave them unchanged.
- **Chest compression fraction above 80 %**: the 2013 AHA consensus statement on CPR
  quality (Meaney et al., Circulation 2013); 60 % was the floor of older guidance.
- **Adult ventilation 500-600 mL** (6-7 mL/kg, "visible chest rise"): AHA 2020 BLS.
- **Child about 5 cm, infant about 4 cm**: at least one third of the chest's
  antero-posterior depth (AHA 2020 paediatric BLS, ERC 2021 paediatric life support),
  never deeper than the adult 6 cm.

Judgement calls, stated so that they can be argued with:

- Child and infant depth *bands*: the guidelines give a single "about" figure, not a
  band. The child band is 45-60 mm (10 % below "about 5 cm", up to the adult limit that
  ERC 2021 says not to exceed); the infant band is 35-45 mm ("about 4 cm" ± 5 mm).
- Child and infant ventilation volumes: the guidelines ask only for visible chest rise.
  The bands take 6-7 mL/kg (the adult rule) for a typical child manikin of about 20-25
  kg (120-180 mL) and an infant manikin of about 3.5-5 kg (20-35 mL). Lung bags differ
  between manikins: set these from the manikin's manual.
- Full release is a release depth of 5 mm or less: the cut-off of the checklist metric
  "compressions released to 5 mm or less" (assessments/metrics.py), in the range of
  commercial feedback devices (Philips Q-CPR counts leaning above 2.5 kg-force, about
  3-5 mm on an adult manikin's spring).
- The detection thresholds (10 mm for a compression, 100 mL for an adult breath) and
  the score's weights are SkillStation's own; docs/cpr-metrics.md explains each.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["ADULT", "CHILD", "INFANT", "PROFILES", "CprTargets", "get_profile"]


@dataclass(frozen=True, slots=True)
class CprTargets:
    """What good CPR is for one kind of patient, and how the analyser measures it.

    Bands are inclusive: a compression of exactly 50.0 mm is within 50-60 mm. Fields are
    grouped as targets (what the trainee aims for), detection (what counts as a
    compression or a breath at all) and score (how closeness to each target is
    rewarded). Use :meth:`replace` to change some of them; the result is checked again.
    """

    name: str
    description: str
    # --- targets (AHA 2020 BLS, ERC 2021; CCF: 2013 AHA consensus statement)
    depth_min_mm: float = 50.0
    depth_max_mm: float = 60.0
    rate_min_cpm: float = 100.0
    rate_max_cpm: float = 120.0
    #: A compression is fully released when the chest comes back to this depth or less.
    recoil_max_mm: float = 5.0
    #: Chest compression fraction: at least this share of the time with compressions.
    ccf_min: float = 0.80
    vent_min_ml: float = 500.0
    vent_max_ml: float = 600.0
    #: Hands-off longer than this raises an alarm ("pauses under 10 s").
    max_pause_s: float = 10.0
    #: Whether rescue breaths belong to the exercise (30:2). With False, hands-only CPR
    #: is not marked down for giving none.
    ventilations_expected: bool = True
    # --- detection
    #: A compression's peak must reach this depth ...
    compression_min_depth_mm: float = 10.0
    #: ... and stand this far above the lowest depth on each side of it.
    compression_prominence_mm: float = 10.0
    #: Two peaks further apart than this have a pause between them, and the later one
    #: has no rate (60 / 2.0 s = 30 /min, far below any target).
    pause_interval_s: float = 2.0
    #: A compression starts and ends where the depth is this far above the lowest
    #: depth beside it (docs/cpr-metrics.md: "start and end of a compression").
    onset_margin_mm: float = 5.0
    #: A breath's peak must reach this volume ...
    vent_min_volume_ml: float = 100.0
    #: ... and stand this far above the lowest volume on each side of it.
    vent_prominence_ml: float = 50.0
    #: Samples further apart than this (with no gap recorded) are treated as a gap.
    max_sample_interval_s: float = 0.5
    #: Below this sample rate a warning says that timing and depth are less precise.
    min_sample_rate_hz: float = 50.0
    # --- score (docs/cpr-metrics.md: "the score")
    #: Credit falls from 1 at the edge of the band to 0 this far outside it.
    depth_falloff_mm: float = 10.0
    rate_falloff_cpm: float = 20.0
    recoil_falloff_mm: float = 10.0
    ccf_falloff: float = 0.40
    vent_falloff_ml: float = 200.0
    weight_depth: float = 30.0
    weight_rate: float = 25.0
    weight_recoil: float = 20.0
    weight_ccf: float = 15.0
    weight_ventilation: float = 10.0

    def __post_init__(self) -> None:
        problems: list[str] = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            number = isinstance(value, float | int) and not isinstance(value, bool)
            if number and (not math.isfinite(value) or value < 0):
                problems.append(f"{f.name} must be a finite number >= 0, not {value!r}")
        pairs = (
            ("depth_min_mm", "depth_max_mm"),
            ("rate_min_cpm", "rate_max_cpm"),
            ("vent_min_ml", "vent_max_ml"),
        )
        for low, high in pairs:
            if getattr(self, low) > getattr(self, high):
                problems.append(f"{low} ({getattr(self, low)}) is above {high}")
        positive = (
            "compression_prominence_mm",
            "vent_prominence_ml",
            "pause_interval_s",
            "max_sample_interval_s",
            "depth_falloff_mm",
            "rate_falloff_cpm",
            "recoil_falloff_mm",
            "ccf_falloff",
            "vent_falloff_ml",
        )
        problems.extend(f"{name} must be above 0" for name in positive if getattr(self, name) <= 0)
        if self.onset_margin_mm >= self.compression_prominence_mm:
            problems.append("onset_margin_mm must be below compression_prominence_mm")
        if self.ccf_min > 1:
            problems.append("ccf_min is a fraction from 0 to 1")
        weights = (
            self.weight_depth,
            self.weight_rate,
            self.weight_recoil,
            self.weight_ccf,
            self.weight_ventilation,
        )
        if sum(weights) <= 0:
            problems.append("at least one score weight must be above 0")
        if problems:
            raise ValueError(f"CPR targets {self.name!r}: " + "; ".join(problems))

    def replace(self, **changes: Any) -> CprTargets:
        """A copy with some fields changed (checked like a new one)."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The targets as plain values, for JSON output."""
        return dataclasses.asdict(self)


ADULT: Final = CprTargets(
    "adult",
    "adult (AHA 2020 BLS, ERC 2021): 50-60 mm at 100-120 /min, full recoil, "
    "breaths of 500-600 mL, CCF above 80 %, pauses under 10 s",
)

CHILD: Final = CprTargets(
    "child",
    "child (AHA 2020 paediatric BLS, ERC 2021): about 5 cm (one third of the chest), "
    "100-120 /min; depth band and breath volume are judgement calls",
    depth_min_mm=45.0,
    depth_max_mm=60.0,
    vent_min_ml=120.0,
    vent_max_ml=180.0,
    vent_min_volume_ml=50.0,
    vent_prominence_ml=25.0,
    vent_falloff_ml=60.0,
)

INFANT: Final = CprTargets(
    "infant",
    "infant (AHA 2020 paediatric BLS, ERC 2021): about 4 cm (one third of the chest), "
    "100-120 /min; depth band and breath volume are judgement calls",
    depth_min_mm=35.0,
    depth_max_mm=45.0,
    vent_min_ml=20.0,
    vent_max_ml=35.0,
    vent_min_volume_ml=10.0,
    vent_prominence_ml=10.0,
    depth_falloff_mm=8.0,
    vent_falloff_ml=15.0,
)

#: The built-in profiles by name.
PROFILES: Final[dict[str, CprTargets]] = {p.name: p for p in (ADULT, CHILD, INFANT)}


def get_profile(name: str) -> CprTargets:
    """The built-in profile called ``name`` (``adult``, ``child`` or ``infant``)."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ValueError(f"no CPR profile {name!r}; choose one of {known}") from None
