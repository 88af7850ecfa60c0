"""A candidate's name in the order its language writes it, the same everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.names import listed_name, person_name


@pytest.mark.parametrize(
    ("given_name", "family_name", "read", "listed"),
    [
        ("Amina", "Diallo", "Amina Diallo", "Diallo, Amina"),
        ("José", "Núñez", "José Núñez", "Núñez, José"),
        ("Олег", "Иванов", "Олег Иванов", "Иванов, Олег"),
        ("أحمد", "الفارسي", "أحمد الفارسي", "الفارسي, أحمد"),
        # Chinese, Japanese and Korean: family name first, no space.
        ("小明", "王", "王小明", "王小明"),
        ("花子", "佐藤", "佐藤花子", "佐藤花子"),
        ("ハナ", "サトウ", "サトウハナ", "サトウハナ"),
        ("민준", "박", "박민준", "박민준"),
        # A CJK family name with a given name in another script: family first, a space.
        ("Anna", "王", "王 Anna", "王 Anna"),
        # A Latin family name with a CJK given name: the Latin order.
        ("小明", "Wang", "小明 Wang", "Wang, 小明"),
        # One part missing: the other alone.
        ("", "Diallo", "Diallo", "Diallo"),
        ("Amina", " ", "Amina", "Amina"),
    ],
)
def test_names_in_their_order(given_name: str, family_name: str, read: str, listed: str) -> None:
    assert person_name(given_name, family_name) == read
    assert listed_name(given_name, family_name) == listed


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=12), st.text(max_size=12))
def test_nothing_of_a_name_is_lost(given_name: str, family_name: str) -> None:
    shown = person_name(given_name, family_name)
    assert given_name.strip() in shown and family_name.strip() in shown


def test_badges_and_the_check_in_list_print_a_korean_name_family_first(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from test_services_support import build_world

    from station import pdf_reports

    world = build_world(tmp_path / "world")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "candidate_id,family_name,given_name\nK1,박,민준\nC9,Diallo,Amina\n", encoding="utf-8"
    )
    world.services.roster.import_roster(world.cora, "OSCE-1", roster)
    badges = {
        b.candidate_number: b.name
        for b in world.services.reporting.badge_data(world.cora, "OSCE-1").badges
    }
    assert badges["K1"] == "박민준" and badges["C9"] == "Amina Diallo"
    path = pdf_reports.write_badges(
        world.services.reporting, world.cora, "OSCE-1", tmp_path / "badges.pdf"
    )
    text = "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)
    assert "박민준" in text and "민준박" not in text
    listed = {
        c.candidate_number: c.display_name
        for c in world.services.checkin.station_candidates(world.eli, "OSCE-1", "alpha")
    }
    assert listed["K1"] == "박민준" and listed["C9"] == "Diallo, Amina"
    world.services.db.close()
