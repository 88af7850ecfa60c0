"""The shape of the code base, checked: layers, no import cycles, every package typed,
Qt kept in ui/, a fast ``--version``.

Each rule has a test that it holds, and each check is shown to catch a breach too, so a
check that silently stopped working would not go unnoticed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Mapping, Set
from pathlib import Path
from typing import Any

import grimp
import pytest

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

#: The packages that must work without Qt (the CLI, the tests and the GUI all use them).
CORE_PACKAGES = ("common", "station", "assessments", "devices", "reports")
#: Every package of SkillStation.
PACKAGES = (*CORE_PACKAGES, "ui")

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
    assert "Contracts: 7 kept, 0 broken." in output, output


def _write_package_tree(root: Path, modules: dict[str, str]) -> None:
    """Write the top-level packages, empty, plus the given modules' source."""
    for package in PACKAGES:
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
        ("assessments.scoring", "from devices import sample\n", "assessments knows no devices"),
        ("common.clock", "import devices.sample\n", "common imports no other"),
        ("common.text", "from station import storage\n", "common imports no other"),
        ("ui.audit", "import station.storage\n", "ui reaches the database only through"),
        ("ui.backup", "from station.storage import backup\n", "ui reaches the database only"),
        ("station.storage", "import station.services\n", "storage knows nothing"),
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
            "devices.sample": "",
            "station.storage": "",
            "station.services": "",
            "ui.main_window": "",
            module: source,
        },
    )
    status, output = _lint_imports(tmp_path)
    assert status != 0, output
    broken = [line for line in output.splitlines() if "BROKEN" in line]
    assert any(contract in line for line in broken), output
    assert module in output, output


# --------------------------------------------------------------------------- no import cycles


def find_cycles(imports: Mapping[str, Set[str]]) -> list[list[str]]:
    """The import cycles of a graph (module -> modules it imports): its strongly connected
    components of more than one module, plus any module that imports itself, each sorted,
    largest first. Tarjan's algorithm, without recursion (the graph has ~300 modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in sorted(imports):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(imports.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                child = todo.pop()
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, sorted(imports.get(child, ()))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in imports.get(node, ()):
                    cycles.append(sorted(component))
    return sorted(cycles, key=lambda c: (-len(c), c))


def project_imports(packages: tuple[str, ...] = PACKAGES) -> grimp.ImportGraph:
    """grimp's graph of the packages: every ``import`` statement, at the top of a module,
    inside a function or under ``if TYPE_CHECKING:``. Imports made only for the type
    checker count: the two modules still know each other, and mypy follows them."""
    return grimp.build_graph(*packages, cache_dir=None)


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    modules = graph.modules
    return find_cycles(
        {m: set(graph.find_modules_directly_imported_by(m)) & modules for m in modules}
    )


def describe(graph: grimp.ImportGraph, cycles: list[list[str]]) -> str:
    """Each cycle's imports, with the lines that make them, to say what to break."""
    lines: list[str] = []
    for cycle in cycles:
        lines.append(f"cycle of {len(cycle)} modules: {', '.join(cycle)}")
        members = set(cycle)
        for importer in cycle:
            for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
                details = graph.get_import_details(importer=importer, imported=imported)
                where = ", ".join(f"l.{d['line_number']}" for d in details)
                lines.append(f"    {importer} -> {imported} ({where})")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return project_imports()


def test_no_import_cycles(graph: grimp.ImportGraph) -> None:
    cycles = import_cycles(graph)
    assert cycles == [], describe(graph, cycles)
    # Not vacuous: the graph is the project's, every package of it.
    assert {"station.storage.engine", "station.services", "ui.app", "common.clock"} <= graph.modules


def test_the_cycle_finder_finds_cycles_and_only_cycles() -> None:
    imports = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a", "d"},  # a -> b -> c -> a
        "d": {"e"},
        "e": set(),  # d and e: a chain, no cycle
        "f": {"f"},  # a module importing itself
        "g": {"h"},
        "h": {"g"},  # a pair
        "x": {"y"},  # y imports nothing listed
    }
    assert find_cycles(imports) == [["a", "b", "c"], ["g", "h"], ["f"]]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_cycle_check_finds_one_made_by_a_deferred_or_type_only_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real graph builder on a throwaway tree: a cycle closed by an import inside a
    function, and one closed by an import under ``if TYPE_CHECKING:``."""
    sources = {
        "cyclealpha/__init__.py": "",
        "cyclealpha/first.py": "from cyclebeta import second\n",
        "cyclebeta/__init__.py": "",
        "cyclebeta/second.py": "def later():\n    from cyclealpha import first\n",
        "cyclebeta/third.py": (
            "from typing import TYPE_CHECKING\n"
            "import cyclebeta.fourth\n"
            "if TYPE_CHECKING:\n    from cyclebeta import fifth\n"
        ),
        "cyclebeta/fourth.py": "",
        "cyclebeta/fifth.py": "import cyclebeta.third\n",
    }
    for name, source in sources.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = project_imports(("cyclealpha", "cyclebeta"))
    cycles = import_cycles(graph)
    assert cycles == [
        ["cyclealpha.first", "cyclebeta.second"],
        ["cyclebeta.fifth", "cyclebeta.third"],
    ], describe(graph, cycles)
    assert "cyclebeta.second -> cyclealpha.first (l.2)" in describe(graph, cycles)


# --------------------------------------------------------------------------- typed and packaged


#: Folders of Python that are not packages but are type-checked all the same.
CHECKED_FOLDERS = ("scripts", "bench")


def coverage_gaps(packages: Set[str], pyproject: Mapping[str, Any]) -> list[str]:
    """Where a package is missing from the configuration that must name every package:
    mypy strict (which also checks the scripts and benchmarks), import-linter's root
    packages and the wheel's package list."""
    tool = pyproject["tool"]
    named = {
        "[tool.mypy] files": set(tool["mypy"]["files"]),
        "[tool.importlinter] root_packages": set(tool["importlinter"]["root_packages"]),
        "[tool.setuptools.packages.find] include": {
            pattern.removesuffix("*")
            for pattern in tool["setuptools"]["packages"]["find"]["include"]
        },
    }
    gaps = [
        f"{p} is missing from {where}"
        for where, have in named.items()
        for p in sorted(packages - have)
    ]
    gaps += [
        f"{folder} is missing from [tool.mypy] files"
        for folder in CHECKED_FOLDERS
        if folder not in named["[tool.mypy] files"]
    ]
    if tool["mypy"].get("strict") is not True:
        gaps.append("[tool.mypy] strict is not true")
    return gaps


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def test_every_package_is_type_checked_linted_and_packaged() -> None:
    on_disk = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert on_disk == set(PACKAGES), "a new top-level package: add it to PACKAGES here"
    assert coverage_gaps(on_disk, _pyproject()) == []


def test_the_coverage_check_finds_a_package_left_out() -> None:
    pyproject = _pyproject()
    pyproject["tool"]["mypy"]["files"].remove("ui")
    pyproject["tool"]["mypy"]["files"].remove("bench")
    pyproject["tool"]["mypy"]["strict"] = False
    assert coverage_gaps(set(PACKAGES), pyproject) == [
        "ui is missing from [tool.mypy] files",
        "bench is missing from [tool.mypy] files",
        "[tool.mypy] strict is not true",
    ]
    assert coverage_gaps({*PACKAGES, "extra"}, _pyproject()) == [
        "extra is missing from [tool.mypy] files",
        "extra is missing from [tool.importlinter] root_packages",
        "extra is missing from [tool.setuptools.packages.find] include",
    ]


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


@pytest.mark.slow  # a fresh interpreter per module of the core
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
