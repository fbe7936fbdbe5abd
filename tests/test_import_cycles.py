"""The package's import graph has no cycles, lazy (function-level) imports included.

A cycle between modules means neither can be understood, tested or moved alone; a lazy
import only hides it from the interpreter. The graph is read from the source with ``ast``
(nothing is imported), one node per module, an edge per import of another module of
robustir (``from pkg import name`` points at ``pkg.name`` when that is a module, else at
``pkg``). Importing a submodule also runs its parent packages' ``__init__``; those implicit
edges are not counted (every package would otherwise sit in a cycle with its children).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> dict[str, Path]:
    """Every module of the robustir distribution, by its import name."""
    out: dict[str, Path] = {}
    # attacks/ installs as robustir.attacks (pyproject package-dir)
    for top, name in (("robustir", "robustir"), ("attacks", "robustir.attacks")):
        base = ROOT / top
        for p in sorted(base.rglob("*.py")):
            rel = p.relative_to(base).with_suffix("")
            parts = [name, *rel.parts]
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = p
    return out


def _package_of(mod: str, path: Path) -> str:
    return mod if path.name == "__init__.py" else mod.rpartition(".")[0]


def import_graph() -> dict[str, set[str]]:
    """module -> the package modules it imports (anywhere in its source)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = _package_of(mod, path).split(".")
                    base = base[: len(base) - (node.level - 1)]
                    src = ".".join(base + ([node.module] if node.module else []))
                else:
                    src = node.module or ""
                for a in node.names:
                    sub = f"{src}.{a.name}"
                    targets.append(sub if sub in mods else src)
            for t in targets:
                # the deepest module of the package named by t
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if t and t != mod:
                    graph[mod].add(t)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    import sys
    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def test_cycle_finder_finds_a_planted_cycle() -> None:
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(g) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_attacks_imports_nothing_from_robustir() -> None:
    g = import_graph()
    bad = sorted(f"{m} -> {t}" for m, ts in g.items() if m.startswith("robustir.attacks") for t in ts
                 if t.startswith("robustir") and not t.startswith("robustir.attacks"))
    assert bad == []


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    if found:
        pytest.fail("import cycles:\n" + "\n".join(" <-> ".join(c) for c in found))
