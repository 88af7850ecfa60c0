"""The fonts reports embed, and how text in any script is made printable.

PDF's standard fonts (Helvetica, Times) cover Western European letters only: a Cyrillic,
Arabic or Chinese name would print as black boxes. Reports therefore embed TrueType
fonts, subset to the glyphs used:

- **DejaVu Sans** (regular and bold) for Latin, Greek, Cyrillic, Arabic and most other
  alphabetic scripts. It comes from Debian's ``fonts-dejavu-core`` package at its
  standard path. The font is not bundled with SkillStation because a system package is
  kept up to date by the distribution and shared by every program; no PyPI package ships
  it on its own without a much larger dependency.
- **WenQuanYi Micro Hei** (Debian ``fonts-wqy-microhei``) for Chinese, Japanese and
  Korean: a TrueType collection ReportLab can embed (the Noto CJK fonts use CFF outlines,
  which ReportLab cannot embed). When it is missing, ReportLab's built-in CID font
  ``STSong-Light`` is used instead: it needs no file, but is not embedded, so the PDF
  viewer supplies the glyphs.

Text is split into runs by script and each run gets the font that has its glyphs
(:func:`markup` for paragraphs, :func:`runs` for drawings). Arabic and Hebrew runs are
shaped (Arabic letters joined by position with ``arabic-reshaper``) and put in visual
order with ``python-bidi``'s implementation of the Unicode bidirectional algorithm,
because ReportLab lays out glyphs left to right as given.

``SKILLSTATION_FONT_DIR`` names an extra folder searched first (a portable install or
another distribution's layout).
"""

from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

#: Font names as ReportLab knows them once registered.
SANS = "SkillSans"
SANS_BOLD = "SkillSans-Bold"
CJK = "SkillCJK"

_DEJAVU_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
)
_CJK_FILES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
)
#: The built-in (not embedded) CID font used when no CJK TrueType font is installed.
CID_FALLBACK = "STSong-Light"


class FontMissing(RuntimeError):
    """A font reports need is not installed; the message names the package."""


@dataclass(frozen=True)
class FontSet:
    """The fonts registered for this process."""

    sans: str
    sans_bold: str
    cjk: str
    cjk_embedded: bool


_lock = threading.Lock()
_fonts: FontSet | None = None


def _search_dirs() -> list[Path]:
    extra = os.environ.get("SKILLSTATION_FONT_DIR")
    dirs = [Path(extra)] if extra else []
    return dirs + [Path(d) for d in _DEJAVU_DIRS]


def _find(name: str) -> Path | None:
    for folder in _search_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def register_fonts() -> FontSet:
    """Register the report fonts with ReportLab (once per process) and return them.

    Raises :class:`FontMissing` naming the Debian package when DejaVu Sans is missing.
    """
    global _fonts
    with _lock:
        if _fonts is not None:
            return _fonts
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfbase.ttfonts import TTFont

        regular = _find("DejaVuSans.ttf")
        bold = _find("DejaVuSans-Bold.ttf")
        if regular is None or bold is None:
            raise FontMissing(
                "the DejaVu Sans font that reports embed is not installed; install it with "
                "`sudo apt-get install fonts-dejavu-core` (or put DejaVuSans.ttf and "
                "DejaVuSans-Bold.ttf in the folder SKILLSTATION_FONT_DIR names)"
            )
        pdfmetrics.registerFont(TTFont(SANS, str(regular)))
        pdfmetrics.registerFont(TTFont(SANS_BOLD, str(bold)))
        pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)

        cjk_path = _find("wqy-microhei.ttc")
        candidates = ([(str(cjk_path), 0)] if cjk_path else []) + list(_CJK_FILES)
        embedded = False
        for path, index in candidates:
            if Path(path).is_file():
                pdfmetrics.registerFont(TTFont(CJK, path, subfontIndex=index))
                embedded = True
                break
        if not embedded:
            pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
        _fonts = FontSet(SANS, SANS_BOLD, CJK if embedded else CID_FALLBACK, embedded)
        return _fonts


# --------------------------------------------------------------------------- scripts


def is_cjk(ch: str) -> bool:
    """Whether DejaVu Sans lacks ``ch`` because it is a Chinese, Japanese or Korean
    character (ideographs, kana, hangul, CJK punctuation and full-width forms)."""
    code = ord(ch)
    return (
        0x1100 <= code <= 0x11FF  # Hangul Jamo
        or 0x2E80 <= code <= 0x2FDF  # radicals
        or 0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3100 <= code <= 0x31FF  # bopomofo, hangul compatibility jamo, kana ext.
        or 0x3200 <= code <= 0x4DBF  # enclosed CJK, ext. A
        or 0x4E00 <= code <= 0x9FFF  # unified ideographs
        or 0xA960 <= code <= 0xA97F
        or 0xAC00 <= code <= 0xD7FF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F
        or 0xFF00 <= code <= 0xFFEF  # half- and full-width forms
        or 0x20000 <= code <= 0x3FFFF  # ext. B and beyond
    )


def _is_rtl(ch: str) -> bool:
    return unicodedata.bidirectional(ch) in ("R", "AL")


@lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """``text`` ready to be laid out left to right: Arabic letters joined in their
    positional forms and right-to-left runs reversed into visual order. Text without
    right-to-left characters comes back unchanged."""
    if not any(_is_rtl(ch) for ch in text):
        return text
    import arabic_reshaper
    from bidi import get_display

    lines = [get_display(arabic_reshaper.reshape(line)) for line in text.split("\n")]
    return "\n".join(str(line) for line in lines)


def runs(text: str) -> list[tuple[str, bool]]:
    """``text`` (already in visual order) split into runs of ``(chunk, cjk)``."""
    out: list[tuple[str, bool]] = []
    for ch in text:
        cjk = is_cjk(ch)
        if out and out[-1][1] == cjk:
            out[-1] = (out[-1][0] + ch, cjk)
        else:
            out.append((ch, cjk))
    return out


def markup(text: str, *, bold: bool = False) -> str:
    """``text`` as ReportLab paragraph markup: escaped, shaped, in visual order, with
    CJK runs in the CJK font and line breaks kept."""
    fonts = register_fonts()
    if text.isascii():
        body = escape(text).replace("\n", "<br/>")
        return f"<b>{body}</b>" if bold else body
    parts: list[str] = []
    for chunk, cjk in runs(visual(text)):
        body = escape(chunk).replace("\n", "<br/>")
        if cjk:
            parts.append(f'<font face="{fonts.cjk}">{body}</font>')
        else:
            parts.append(body)
    joined = "".join(parts)
    return f"<b>{joined}</b>" if bold else joined


def string_width(text: str, size: float, *, bold: bool = False) -> float:
    """The printed width of ``text`` in points, with the same font choice as
    :func:`draw_string`."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = register_fonts()
    base = fonts.sans_bold if bold else fonts.sans
    return float(
        sum(
            stringWidth(chunk, fonts.cjk if cjk else base, size)
            for chunk, cjk in runs(visual(text))
        )
    )


def draw_string(
    canvas: object,
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    bold: bool = False,
    anchor: str = "start",
) -> None:
    """Draw one line on a ReportLab canvas with per-script fonts. ``anchor`` is
    ``start``, ``middle`` or ``end``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    fonts = register_fonts()
    base = fonts.sans_bold if bold else fonts.sans
    shown = visual(text)
    if anchor != "start":
        width = string_width(text, size, bold=bold)
        x -= width / 2 if anchor == "middle" else width
    for chunk, cjk in runs(shown):
        font = fonts.cjk if cjk else base
        canvas.setFont(font, size)  # type: ignore[attr-defined]
        canvas.drawString(x, y, chunk)  # type: ignore[attr-defined]
        x += stringWidth(chunk, font, size)
