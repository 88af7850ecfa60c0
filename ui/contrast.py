"""Status colours made readable as text on the current background.

The Okabe–Ito status colours tell statuses apart for colour-blind readers, but some of
them are light (orange, sky blue) and fade into a light window as text: orange on the
light theme's window has a contrast ratio near 2:1. Text drawn in a status colour is
therefore shaded towards black on a light background (towards white on a dark one)
until it reaches the contrast ratio WCAG 2.1 asks of text (success criterion 1.4.3:
4.5:1, or 3:1 for large text), keeping its hue so it still matches the status's
swatches and borders.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

__all__ = ["contrast_ratio", "readable_on"]

#: WCAG 2.1 minimum contrast for normal text; large text (18 pt, or 14 pt bold) needs 3.
NORMAL_TEXT = 4.5
LARGE_TEXT = 3.0


def _channel(value: float) -> float:
    # The sRGB transfer function, as WCAG 2.1 defines relative luminance.
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def _luminance(colour: QColor) -> float:
    r, g, b = (_channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_on(colour: QColor, background: QColor, minimum: float = NORMAL_TEXT) -> QColor:
    """``colour``, shaded towards black (or white, on a dark background) in small steps
    until it has at least ``minimum`` contrast with ``background``."""
    if contrast_ratio(colour, background) >= minimum:
        return QColor(colour)
    target = QColor("#000000") if _luminance(background) > 0.18 else QColor("#ffffff")
    shaded = QColor(colour)
    for step in range(1, 21):
        t = step / 20
        shaded = QColor.fromRgbF(
            colour.redF() * (1 - t) + target.redF() * t,
            colour.greenF() * (1 - t) + target.greenF() * t,
            colour.blueF() * (1 - t) + target.blueF() * t,
        )
        if contrast_ratio(shaded, background) >= minimum:
            break
    return shaded


def text_on(background: QColor) -> QColor:
    """Black or white, whichever has the higher contrast on ``background`` (for text on
    a coloured cell or bar)."""
    black, white = QColor("#000000"), QColor("#FFFFFF")
    return (
        black if contrast_ratio(black, background) >= contrast_ratio(white, background) else white
    )
