"""Write a large, valid station definition for benchmarks: every item type, a scenario.

The bundled library holds stations of 10 to 40 items; faculty who merge a whole course
into one file, or a long simulation scenario, reach a few hundred. This writes such a
file (200 items by default) so that validation can be timed on it: ten sections, binary,
three-point, rating, timed and device-judged items, texts in two languages, a global
rating, a minimum-items rule, a fixed pass mark and a scripted scenario whose events use
every kind of trigger.

Usage: ``python bench/make_definition.py FOLDER [--items N]``; prints the file's path.
The content is made up for timing and is not meant for use in an assessment.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

ACTIVE_S = 600

SECTIONS = [
    ("scene", "Scene safety and first look", "Sécurité et premier regard"),
    ("airway", "Airway", "Voies aériennes"),
    ("breathing", "Breathing", "Respiration"),
    ("circulation", "Circulation", "Circulation"),
    ("cpr", "Chest compressions", "Compressions thoraciques"),
    ("rhythm", "Rhythm and defibrillation", "Rythme et défibrillation"),
    ("drugs", "Drugs and access", "Médicaments et abord"),
    ("team", "Team work", "Travail d'équipe"),
    ("reassess", "Reassessment", "Réévaluation"),
    ("handover", "Handover", "Transmission"),
]

#: What the candidate does, in English and French.
ACTIONS = [
    ("checks for danger before approaching", "vérifie l'absence de danger avant d'approcher"),
    ("checks for a response by voice and touch", "recherche une réponse à la voix et au toucher"),
    ("opens the airway with head tilt and chin lift", "libère les voies aériennes"),
    ("looks, listens and feels for breathing for 10 s at most", "évalue la respiration en 10 s"),
    ("calls for help and asks for a defibrillator", "appelle à l'aide, demande un défibrillateur"),
    ("states the rhythm aloud before acting on it", "annonce le rythme à voix haute"),
    ("tells the team who leads and who compresses", "répartit les rôles dans l'équipe"),
    ("asks for high-flow oxygen", "demande de l'oxygène à haut débit"),
    ("measures oxygen saturation", "mesure la saturation en oxygène"),
    ("counts the respiratory rate", "compte la fréquence respiratoire"),
    ("checks capillary refill", "vérifie le temps de recoloration capillaire"),
    ("asks for intravenous access", "demande un abord veineux"),
    ("gives the drug at the right dose and says so", "administre et annonce la bonne dose"),
    ("asks for a blood glucose", "demande une glycémie"),
    ("swaps compressors every two minutes", "relaie le masseur toutes les deux minutes"),
    ("keeps pauses for rhythm checks short", "limite les pauses d'analyse du rythme"),
    ("warns everyone to stand clear before the shock", "fait écarter tout le monde avant le choc"),
    ("restarts compressions straight after the shock", "reprend les compressions après le choc"),
    ("summarises the situation to the team", "résume la situation à l'équipe"),
    ("hands over with a structured summary", "transmet avec une synthèse structurée"),
]

DEVICE_RULES = [
    "pct_depth_ok >= 70",
    "pct_rate_ok >= 70",
    "pct_full_recoil >= 80",
    "ccf >= 0.8",
    "longest_pause_s <= 10",
]

ANCHORS = {
    1: {"en": "not done or unsafe", "fr": "non fait ou dangereux"},
    3: {"en": "done with prompting", "fr": "fait avec aide"},
    5: {"en": "done fluently, unprompted", "fr": "fait avec aisance, sans aide"},
}


def _item(number: int, section: str) -> dict[str, Any]:
    """The number-th item (0-based): types in turn, so every type appears in each section."""
    en, fr = ACTIONS[number % len(ACTIONS)]
    item: dict[str, Any] = {"id": f"{section}.{number:03d}"}
    # Every third item has its text in two languages.
    if number % 3 == 0:
        item["text"] = {"en": f"Candidate {en}", "fr": f"Le candidat {fr}"}
    else:
        item["text"] = f"Candidate {en}"
    match number % 5:
        case 0:
            item["type"] = "binary"
        case 1:
            item["type"] = "three_point"
            item["partial_credit"] = 0.5
            item["partial_label"] = "done, but late or incomplete"
        case 2:
            item["type"] = "rating"
            item["scale_max"] = 5
            item["anchors"] = {point: dict(text) for point, text in ANCHORS.items()}
        case 3:
            item["type"] = "timed"
            item["within_s"] = 30 + (number * 7) % (ACTIVE_S - 60)
            item["late_credit"] = 0.5
        case _:
            item["type"] = "device"
            item["rule"] = DEVICE_RULES[number % len(DEVICE_RULES)]
    if number % 4 == 0:
        item["help"] = "Accept any clear wording; the action counts, not the phrase."
    if number % 10 == 0:
        item["starred"] = True
    if number % 50 == 0:
        item["critical"] = True
    item["weight"] = 1 + number % 3
    return item


def definition(items: int = 200) -> dict[str, Any]:
    """A station definition with ``items`` checklist items, as plain data."""
    per_section = -(-items // len(SECTIONS))  # ceiling division
    sections: list[dict[str, Any]] = []
    numbers = iter(range(items))
    for section_id, en, fr in SECTIONS:
        chunk = [_item(n, section_id) for _, n in zip(range(per_section), numbers, strict=False)]
        if chunk:
            sections.append({"id": section_id, "title": {"en": en, "fr": fr}, "items": chunk})
    first_items = [section["items"][0]["id"] for section in sections]
    return {
        "schema_version": 1,
        "id": f"bench-megacode-{items}",
        "version": "1.0",
        "kind": "scenario",
        "language": "en",
        "title": {"en": "Adult cardiac arrest, long form", "fr": "Arrêt cardiaque adulte"},
        "authors": ["SkillStation benchmarks"],
        "source": {"citation": "Generated for benchmarking; not for use in an assessment."},
        "tags": ["bench", "resuscitation", "adult"],
        "instructions": {
            "candidate": "You find an adult collapsed on a ward. Manage the situation.",
            "examiner": "Mark each item as it happens; rate the overall performance at the end.",
            "simulated_patient": "Lie still; do not respond.",
        },
        "timing": {"reading_s": 60, "active_s": ACTIVE_S, "warning_at_s": 540, "changeover_s": 60},
        "device": {"kind": "cpr_manikin", "profile": "adult"},
        "sections": sections,
        "min_items": {"count": items * 3 // 5, "require_starred": True},
        "global_rating": {
            "steps": [
                {"id": "fail", "label": "Clear fail"},
                {"id": "borderline", "label": "Borderline"},
                {"id": "pass", "label": "Clear pass"},
                {"id": "good", "label": "Good"},
                {"id": "excellent", "label": "Excellent"},
            ],
            "borderline": "borderline",
        },
        "pass_rule": {"mode": "fixed", "pass_mark_pct": 60},
        "feedback_phrases": [
            "Good, early call for help.",
            {"en": "Pauses in compressions were long.", "fr": "Pauses trop longues."},
            "Clear leadership.",
        ],
        "scenario": {
            "initial_vitals": {"hr": 0, "spo2": 70, "sbp": 0, "rr": 0, "rhythm": "VF"},
            "events": [
                {"id": "collapse", "label": "Patient found", "at_s": 0},
                {
                    "id": "help-arrives",
                    "label": "Help arrives",
                    "when": {"item": first_items[0], "state": "done"},
                    "message": "A nurse arrives with the defibrillator.",
                },
                {
                    "id": "no-compressions",
                    "label": "Prompt: no compressions yet",
                    "at_s": 30,
                    "when": {"metric": "compressions", "op": "<", "value": 1},
                    "message": "The nurse asks: should I start compressions?",
                },
                {
                    "id": "first-shock-due",
                    "label": "Rhythm check",
                    "after": "help-arrives",
                    "delay_s": 120,
                    "message": "Two minutes of CPR: time for a rhythm check.",
                },
                {
                    "id": "good-cpr",
                    "label": "Good CPR raises EtCO2",
                    "when": {"metric": "pct_depth_ok", "op": ">=", "value": 70},
                    "vitals": {"etco2": 20},
                    "over_s": 30,
                },
                {
                    "id": "rosc",
                    "label": "Return of spontaneous circulation",
                    "at_s": 420,
                    "vitals": {"hr": 110, "sbp": 90, "dbp": 55, "spo2": 94, "rhythm": "sinus"},
                    "over_s": 20,
                },
                {
                    "id": "relative-arrives",
                    "label": "Relative arrives",
                    "manual": True,
                    "message": "A relative asks what is happening.",
                },
            ],
        },
    }


def write_definition(folder: Path, items: int = 200) -> Path:
    """Write the definition to ``folder/bench-megacode-<items>.yaml``; return the path."""
    path = folder / f"bench-megacode-{items}.yaml"
    header = "# Generated by bench/make_definition.py for benchmarking; do not edit.\n"
    body = yaml.safe_dump(definition(items), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write the definition")
    parser.add_argument("--items", type=int, default=200, help="number of items (default 200)")
    args = parser.parse_args(argv)
    if args.items < len(SECTIONS):
        parser.error(f"--items must be at least {len(SECTIONS)} (one per section)")
    args.folder.mkdir(parents=True, exist_ok=True)
    print(write_definition(args.folder, args.items))
    return 0


if __name__ == "__main__":
    sys.exit(main())
