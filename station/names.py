"""A candidate's name as people read it: one rule for every screen, report and badge.

A roster gives each candidate a family name and a given name. Most languages the station
serves write the given name first ("Amina Diallo"); Chinese, Japanese and Korean write
the family name first ("王小明", "佐藤花子", "박민준"), and a Korean name printed "민준 박"
reads as a mistake. The order follows the script of the family name, which is what the
roster holds (there is no per-candidate language): a family name in Han characters,
kana or Hangul comes first, written without a space when the whole name is in those
scripts, as those languages write it.
"""

from __future__ import annotations

import unicodedata

#: Unicode character-name prefixes of the scripts that write the family name first.
_FAMILY_FIRST_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA",
                         "KATAKANA", "HANGUL")  # fmt: skip


def _family_first_script(char: str) -> bool:
    return unicodedata.name(char, "").startswith(_FAMILY_FIRST_SCRIPTS)


def _written_in_family_first_script(text: str) -> bool:
    """Whether the letters of ``text`` are in Han, kana or Hangul (spaces, the Japanese
    middle dot and the prolonged-sound mark do not count either way)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(_family_first_script(c) for c in letters)


def person_name(given_name: str, family_name: str) -> str:
    """The name to show and print: "Given Family", or "FamilyGiven" (with a space when
    the given name is in another script) for a family name in Han, kana or Hangul."""
    given, family = given_name.strip(), family_name.strip()
    if not given or not family:
        return given or family
    if _written_in_family_first_script(family):
        separator = "" if _written_in_family_first_script(given) else " "
        return f"{family}{separator}{given}"
    return f"{given} {family}"


def listed_name(given_name: str, family_name: str) -> str:
    """The name in a list sorted by family name: "Family, Given"; a name whose family name
    comes first anyway (Han, kana, Hangul) is written as :func:`person_name` writes it."""
    given, family = given_name.strip(), family_name.strip()
    if not given or not family or _written_in_family_first_script(family):
        return person_name(given, family)
    return f"{family}, {given}"
