"""The shape of the code base, checked: layers, Qt kept in ui/, a fast ``--version``.

Each rule has a test that it holds, and each check is shown to catch a breach too, so a
check that silently stopped working would not go unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

#: The packages that must work without Qt (the CLI, the tests and the GUI all use them).
CORE_PACKAGES = ("station", "assessments", "devices", "reports")

#: Libraries too slow to import for ``skillstation --version``: each command imports what
#: it needs when it runs (see station/cli.py).
HEAVY_MODULES = (
    "pydantic",
    "yaml",
    "sqlalchemy",
    "numpy",
    "PySide6",
    "shiboken6",
    "alembic",
    "reportlab",
    "cv2",
)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a command; return its exit status and its stdout and stderr together."""
    done = subprocess.run(
        args,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def _lint_imports(project: Path) -> tuple[int, str]:
    """import-linter's verdict on the contracts in project/pyproject.toml (lint-imports
    reads pyproject.toml from the folder it runs in)."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    command = [str(BIN / "lint-imports"), "--no-cache"]
    return _run(command, cwd=project, env=env)


# --------------------------------------------------------------------------- layers


def test_import_contracts_are_kept() -> None:
    status, output = _lint_imports(REPO)
    assert status == 0, output
    assert "Contracts: 3 kept, 0 broken." in output, output


def _write_package_tree(root: Path, modules: dict[str, str]) -> None:
    """Write the five top-level packages, empty, plus the given modules' source."""
    for package in ("station", "assessments", "devices", "reports", "ui"):
        (root / package).mkdir()
        (root / package / "__init__.py").write_text("")
    for dotted, source in modules.items():
        (root / Path(*dotted.split("."))).with_suffix(".py").write_text(source)


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("assessments.widgets", "import PySide6.QtWidgets\n", "Only ui imports Qt"),
        ("devices.cpr", "import shiboken6\n", "Only ui imports Qt"),
        ("devices.sensor", "from assessments import metrics\n", "devices stands on its own"),
        ("assessments.scoring", "import station.storage\n", "Layers point one way"),
        ("reports.sheet", "from ui import main_window\n", "Layers point one way"),
    ],
)
def test_import_contracts_catch_a_breach(
    tmp_path: Path, module: str, source: str, contract: str
) -> None:
    """The real contracts, run on a throwaway code base that breaks one of them."""
    (tmp_path / "pyproject.toml").write_text((REPO / "pyproject.toml").read_text())
    _write_package_tree(
        tmp_path,
        {
            "assessments.metrics": "",
            "station.storage": "",
            "ui.main_window": "",
            module: source,
        },
    )
    status, output = _lint_imports(tmp_path)
    assert status != 0, output
    broken = [line for line in output.splitlines() if "BROKEN" in line]
    assert any(contract in line for line in broken), output
    assert module in output, output


# --------------------------------------------------------------------------- no Qt in the core

# Imports every module of the given packages while any attempt to import PySide6 or
# shiboken6 raises ImportError, as on a machine without Qt. Modules are found with
# pkgutil.walk_packages and, since that skips folders without an __init__.py (namespace
# packages), also by looking for *.py files on disk. Prints the modules imported.
# Not imported: a package's __main__ (it would start the command line) and Alembic's
# migration scripts under station/migrations (Alembic runs them within its own context,
# outside which they cannot be imported).
_IMPORT_WITHOUT_QT = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import pkgutil
    import sys
    from pathlib import Path

    class NoQt(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in {"PySide6", "shiboken6"}:
                raise ImportError(f"{name} is not installed (blocked by the test)")
            return None

    sys.meta_path.insert(0, NoQt())

    def fail(name):
        raise ImportError(f"could not import package {name}")

    def wanted(name):
        return name.rpartition(".")[2] != "__main__" and not name.startswith(
            "station.migrations"
        )

    imported = []
    for root in sys.argv[1:]:
        package = importlib.import_module(root)
        imported.append(root)
        for info in pkgutil.walk_packages(package.__path__, root + ".", onerror=fail):
            if wanted(info.name):
                importlib.import_module(info.name)
                imported.append(info.name)
        for folder in package.__path__:
            for file in sorted(Path(folder).rglob("*.py")):
                parts = (root, *file.relative_to(folder).with_suffix("").parts)
                name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                if wanted(name) and name not in imported:
                    importlib.import_module(name)
                    imported.append(name)
    print(len(imported), "modules imported:", " ".join(imported))
    """
)


def test_core_imports_without_qt() -> None:
    status, output = _run([sys.executable, "-c", _IMPORT_WITHOUT_QT, *CORE_PACKAGES], cwd=REPO)
    assert status == 0, output
    # Not vacuous: the modules known to exist were found.
    for module in ("assessments.definitions.model", "assessments.metrics", "station.cli"):
        assert f" {module}" in output, output


def test_import_check_catches_qt_in_the_core(tmp_path: Path) -> None:
    _write_package_tree(tmp_path, {"reports.chart": "from PySide6 import QtCharts\n"})
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    status, output = _run(
        [sys.executable, "-c", _IMPORT_WITHOUT_QT, *CORE_PACKAGES], cwd=tmp_path, env=env
    )
    assert status != 0, output
    assert "PySide6 is not installed (blocked by the test)" in output, output


# --------------------------------------------------------------------------- fast --version


def _imported_modules(importtime_output: str) -> set[str]:
    """Module names from ``python -X importtime``'s report ("import time: … | name")."""
    return {
        line.rpartition("|")[2].strip()
        for line in importtime_output.splitlines()
        if line.startswith("import time:") and "|" in line
    }


@pytest.mark.parametrize(
    "command",
    [[str(BIN / "skillstation")], ["-m", "station"]],
    ids=["console-script", "python-m-station"],
)
def test_version_imports_no_heavy_library(command: list[str]) -> None:
    status, output = _run([sys.executable, "-X", "importtime", *command, "--version"], cwd=REPO)
    assert status == 0, output
    from station._version import __version__

    assert __version__ in output
    modules = _imported_modules(output)
    assert "station.cli" in modules, output  # the report is read as intended
    heavy = sorted(m for m in modules if m.partition(".")[0] in HEAVY_MODULES)
    assert not heavy, f"`skillstation --version` imports {heavy}; import them lazily"
