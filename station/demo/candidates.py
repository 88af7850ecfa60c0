"""The demonstration candidates: names from many languages and scripts, drawn from
the seed, and the roster CSV they are imported from.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class _Culture:
    """Names of one language: given names by gender, family names (a pair when the
    family name takes a masculine and a feminine form)."""

    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str | tuple[str, str], ...]


#: Names from many languages and scripts, so that every screen and export meets
#: accents, combining marks, Cyrillic, Greek, Arabic (right to left) and CJK text. The
#: first four are always represented in a cohort.
_CULTURES: tuple[_Culture, ...] = (
    _Culture(
        ("Amélie", "Hélène", "Maëlle"),
        ("Jérôme", "Benoît", "François"),
        ("Lefèvre", "Bérenger", "Dubois", "Moreau"),
    ),
    _Culture(
        ("Анна", "Екатерина", "Ольга"),
        ("Дмитрий", "Алексей", "Сергей"),
        (("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова")),
    ),
    _Culture(("فاطمة", "مريم", "ليلى"), ("يوسف", "عمر", "خالد"), ("الحسيني", "المصري", "حداد")),
    _Culture(("丽娜", "静", "雨桐"), ("伟", "子轩", "浩然"), ("王", "李", "张", "欧阳")),
    _Culture(
        ("Sofía", "Inés", "María José"),
        ("José Luis", "Martín", "Iñaki"),
        ("Núñez", "García Márquez", "Ibáñez", "Peña"),
    ),
    _Culture(("美咲", "陽菜", "結衣"), ("健太", "翔", "大翔"), ("佐藤", "鈴木", "高橋")),
    _Culture(("서연", "지우", "하은"), ("민준", "도윤", "서준"), ("김", "박", "이")),
    _Culture(
        ("Ελένη", "Κατερίνα", "Μαρία"),
        ("Γιώργος", "Νίκος", "Δημήτρης"),
        (("Παπαδόπουλος", "Παπαδοπούλου"), "Οικονόμου", ("Γεωργίου", "Γεωργίου")),
    ),
    _Culture(
        ("Agnieszka", "Małgorzata", "Zofia"),
        ("Łukasz", "Wojciech", "Paweł"),
        (("Wiśniewski", "Wiśniewska"), ("Dąbrowski", "Dąbrowska"), "Kowalczyk"),
    ),
    _Culture(
        ("Ayşe", "Gülşen", "Elif"), ("Çağrı", "Oğuz", "Mehmet"), ("Yılmaz", "Öztürk", "Şahin")
    ),
    _Culture(
        ("Thu Hà", "Ngọc Ánh", "Phương Linh"),
        ("Văn Đức", "Minh Tuấn", "Quốc Bảo"),
        ("Nguyễn", "Trần", "Phạm"),
    ),
    _Culture(
        ("Käthe", "Anneliese", "Jördis"),
        ("Jürgen", "Lukas", "Matthäus"),
        ("Müller", "Schröder", "Weiß"),
    ),
    _Culture(
        ("Siobhán", "Aoife", "Caoimhe"),
        ("Pádraig", "Seán", "Ciarán"),
        ("O'Brien", "O'Sullivan", "Mac Giolla Phádraig"),
    ),
    _Culture(
        ("Adéọlá", "Folúkẹ́", "Ìfẹ́olúwa"),
        ("Olúwaseun", "Babátúndé", "Àyọ̀dèjì"),
        ("Adébáyọ̀", "Ògúnlẹ̀yẹ", "Okonkwo"),
    ),
    _Culture(
        ("Åsa", "Sigríður", "Ingrid"),
        ("Søren", "Björn", "Håkon"),
        ("Lindqvist", "Håkansson", "Jørgensen"),
    ),
    _Culture(
        ("Оксана", "Ганна", "Ірина"),
        ("Андрій", "Тарас", "Богдан"),
        ("Шевченко", "Коваленко", "Бондаренко"),
    ),
    _Culture(
        ("Conceição", "Lúcia", "Beatriz"),
        ("João", "Sebastião", "Gonçalo"),
        ("Gonçalves", "Araújo", "Simões"),
    ),
    _Culture(
        ("Priya", "Ananya", "Kavya"), ("Arjun", "Rohan", "Vikram"), ("Sharma", "Iyer", "Banerjee")
    ),
)
_ALWAYS_INCLUDED = 4


@dataclass(frozen=True)
class DemoCandidate:
    """A simulated candidate: a roster row and an ability (``theta``, about standard
    normal across the cohort; see :mod:`assessments.simulation`)."""

    candidate_id: str
    family_name: str
    given_name: str
    email: str
    group: str
    theta: float


def demo_candidates(count: int, seed: int) -> list[DemoCandidate]:
    """``count`` candidates with names from many languages, ids ``C-001``, ``C-002``...

    The cultures are dealt in turn (accented Latin, Cyrillic, Arabic and CJK first,
    the others in a seeded order), so any cohort of four or more has all four scripts;
    a name repeats only once every combination of a culture has been used. The ids are
    given after a shuffle, so an id says nothing about the name.
    """
    if count < 1:
        raise ValueError(f"a cohort needs at least one candidate, not {count}")
    rng = random.Random(f"{seed}:names")
    order = list(range(len(_CULTURES)))
    rest = order[_ALWAYS_INCLUDED:]
    rng.shuffle(rest)
    order = order[:_ALWAYS_INCLUDED] + rest
    used: set[tuple[str, str]] = set()
    people: list[tuple[str, str]] = []
    for index in range(count):
        culture = _CULTURES[order[index % len(order)]]
        people.append(_pick_name(culture, rng, used))
    rng.shuffle(people)
    width = max(3, len(str(count)))
    ability = random.Random(f"{seed}:ability")
    half = (count + 1) // 2
    return [
        DemoCandidate(
            candidate_id=f"C-{number:0{width}d}",
            family_name=family,
            given_name=given,
            email=f"c-{number:0{width}d}@students.example.edu",
            group="A" if number <= half else "B",
            theta=round(ability.gauss(0.2, 1.0), 3),
        )
        for number, (family, given) in enumerate(people, start=1)
    ]


def _pick_name(
    culture: _Culture, rng: random.Random, used: set[tuple[str, str]]
) -> tuple[str, str]:
    """A (family, given) name of ``culture`` not used yet, if any is left."""
    combos: list[tuple[str, str]] = []
    for gender, givens in (("f", culture.female), ("m", culture.male)):
        for family in culture.family:
            if isinstance(family, tuple):
                family = family[1] if gender == "f" else family[0]
            combos.extend((family, given) for given in givens)
    fresh = [c for c in combos if c not in used]
    choice = rng.choice(fresh or combos)
    used.add(choice)
    return choice


def write_roster(path: Path, candidates: Sequence[DemoCandidate]) -> None:
    """Write a roster file as a spreadsheet's "CSV UTF-8" does (with a byte-order
    mark), in the columns :meth:`RosterServices.import_roster` reads."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate_id", "family_name", "given_name", "email", "group"])
        for c in candidates:
            writer.writerow([c.candidate_id, c.family_name, c.given_name, c.email, c.group])
