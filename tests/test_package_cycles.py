"""Imports point one way, down: no package of the service imports, even indirectly, one that
imports it back. A cycle here fails with the import lines that close it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import cleavr_connect

ROOT = Path(cleavr_connect.__file__).parent


def _unit(parts: tuple[str, ...]) -> str:
    """`cleavr_connect.<unit>…`: a top-level package, or a top-level module on its own."""
    return parts[1].removesuffix(".py") if len(parts) > 1 else ""


def _imports(path: Path) -> Iterator[tuple[str, int]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "cleavr_connect":
                yield from (("cleavr_connect." + a.name, node.lineno) for a in node.names)
            elif node.module.startswith("cleavr_connect."):
                yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("cleavr_connect."):
                    yield alias.name, node.lineno


def package_graph() -> dict[str, dict[str, list[str]]]:
    """unit → unit it imports → where (`file:line`), every import counted (also the ones inside
    functions or under TYPE_CHECKING: a deferred import is still a dependency)."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent)
        if "migrations" in rel.parts:
            continue
        source = _unit(rel.parts)
        for module, line in _imports(path):
            target = module.split(".")[1]
            if target != source:
                graph.setdefault(source, {}).setdefault(target, []).append(f"{rel}:{line}")
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """The strongly connected components of more than one unit (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_package_imports_one_that_imports_it_back() -> None:
    graph = package_graph()
    assert len(graph) > 10  # the walk found the packages
    problems = []
    for component in cycles(graph):
        problems.append(" ↔ ".join(component))
        for a in component:
            for b in component:
                if b in graph.get(a, {}):
                    problems.append(f"  {a} → {b}: {', '.join(graph[a][b][:3])}")
    assert not problems, "package import cycle:\n" + "\n".join(problems)


def test_the_check_sees_a_cycle() -> None:
    graph = {"api": {"events": ["x"]}, "events": {"db": ["y"], "api": ["z"]}, "db": {}}
    assert cycles(graph) == [["api", "events"]]


# Which database a statement runs on is the business of `db/` and of repositories alone.
_DATABASE_WORDS = re.compile(r"\bdialect\b|\basyncpg\b|\b(db|database)\.direct\b|\bpg_driver\b")


def test_only_db_and_repositories_know_the_database() -> None:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "db" or path.name.endswith("repository.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if _DATABASE_WORDS.search(code):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert not found, "database-specific code outside db/ and repositories:\n" + "\n".join(found)
