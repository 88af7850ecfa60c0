"""How crowded the house is: the largest source files and the public surface of each
service class, for docs/development.md's map and for reviews of a change.

Usage: ``python scripts/measure_layout.py [--top N]`` from the repository root (with the
project installed, as ``./scripts/setup.sh`` does). Prints:

- the ``N`` largest Python files of the packages (tests and the translation tables of
  ``station/locale`` left out: the first are not the product, the second are data);
- for the facade ``StationServices`` and every service class: its public methods and
  properties (inherited ones included), those it defines itself, and the length of its
  method resolution order (how deep its inheritance chain is).
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("common", "station", "assessments", "devices", "reports", "ui")


def largest_files(top: int) -> list[tuple[int, str]]:
    sizes = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("station/locale/"):
                continue
            with path.open(encoding="utf-8") as handle:
                sizes.append((sum(1 for _ in handle), relative))
    return sorted(sizes, reverse=True)[:top]


def _public(cls: type) -> list[str]:
    return sorted(
        name
        for name, value in inspect.getmembers(cls)
        if not name.startswith("_") and (inspect.isfunction(value) or isinstance(value, property))
    )


def service_classes() -> list[type]:
    import station.services as services

    facade = services.StationServices
    found = {
        value
        for value in vars(services).values()
        if inspect.isclass(value) and value.__name__.endswith("Services") and value is not facade
    }
    return [facade, *sorted(found, key=lambda c: c.__name__)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    print(f"largest files (lines), of {', '.join(PACKAGES)}:")
    for lines, path in largest_files(args.top):
        print(f"  {lines:6,}  {path}")
    print("public surface per service class (public = with inherited; own = defined here):")
    for cls in service_classes():
        public = _public(cls)
        own = [name for name in public if name in vars(cls)]
        print(
            f"  {cls.__name__:24} public {len(public):3}  own {len(own):3}  mro {len(cls.__mro__)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
