"""No import cycles anywhere in the code base: a module never imports, directly or
through others, a module that imports it back.

The graph is grimp's (the one import-linter builds), with imports made only for type
checking and imports inside functions counted too: a cycle hidden behind
``TYPE_CHECKING`` or a late import is still two modules that cannot be understood, or
changed, one without the other. The check is also shown to catch a cycle.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

PACKAGES = ("station", "assessments", "devices", "reports", "ui")


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Every group of modules that import each other in a ring (Tarjan's strongly
    connected components, without recursion), each group sorted, groups sorted."""
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            module, position = work.pop()
            if position == 0:
                index[module] = low[module] = counter
                counter += 1
                stack.append(module)
                on_stack.add(module)
            targets = imports[module]
            for i in range(position, len(targets)):
                target = targets[i]
                if target not in index:
                    work.append((module, i + 1))
                    work.append((target, 0))
                    break
                if target in on_stack:
                    low[module] = min(low[module], index[target])
            else:
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[module])
    return sorted(groups)


def test_no_module_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert import_cycles(graph) == []


def test_the_check_finds_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "ringpkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from ringpkg import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ringpkg import c\n"
    )
    (package / "c.py").write_text("def f() -> None:\n    from ringpkg import a\n")
    (package / "d.py").write_text("from ringpkg import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        graph = grimp.build_graph("ringpkg", cache_dir=None)
    finally:
        sys.modules.pop("ringpkg", None)
    assert import_cycles(graph) == [["ringpkg.a", "ringpkg.b", "ringpkg.c"]]
