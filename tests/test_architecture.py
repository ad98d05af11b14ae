"""The package's shape (docs/architecture.md): module size, no import cycles, the lab apart."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Set

SRC = Path(__file__).resolve().parent.parent / "src"
PKG = SRC / "docfix"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> Dict[str, Path]:
    return {_module_name(p): p for p in PKG.rglob("*.py")}


def _resolve(mod: str, is_pkg: bool, node: ast.ImportFrom, known: Set[str]) -> List[str]:
    """The docfix modules a module-level ``from ... import`` loads."""
    if node.level:
        base = mod.split(".") if is_pkg else mod.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known]
    out = subs  # "from . import numbers": a submodule ...
    if target in known and len(subs) < len(node.names):
        out.append(target)  # ... any other name comes from the module itself
    return out


def import_graph() -> Dict[str, Set[str]]:
    """Module -> the docfix modules its module-level code imports (not
    ``if TYPE_CHECKING:`` blocks, not imports inside functions)."""
    mods = _modules()
    known = set(mods)
    graph: Dict[str, Set[str]] = {}
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        deps: Set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom):
                deps.update(_resolve(mod, path.name == "__init__.py", node, known))
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name in known)
        deps.discard(mod)
        graph[mod] = deps
    return graph


def _cycles(graph: Dict[str, Set[str]]) -> List[List[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    on: Set[str] = set()
    out: List[List[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_among_modules():
    # a package's __init__ re-exporting its own submodules is not a cycle of design
    graph = import_graph()
    for mod, deps in graph.items():
        graph[mod] = {d for d in deps if not (mod != "docfix" and d.startswith(mod + ".")
                                              and (PKG.parent / mod.replace(".", "/") / "__init__.py").exists())}
    assert _cycles(graph) == []


def test_no_module_is_longer_than_the_limit():
    long = {m: n for m, p in _modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_the_library_never_imports_the_lab():
    code = ("import sys, docfix; docfix.repair('2022年全市教育工作会议召开。'); docfix.normalize('教 育');"
            "print(sorted(m for m in sys.modules if m.startswith('docfix.lab')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_built_package_ships_every_lexicon_and_the_model(tmp_path):
    # ``pip install .`` installs what build_py builds: every lexicons/*.txt
    # (word lists and the rules' data) and the default model must be in it
    root = SRC.parent
    p = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "-d", str(tmp_path)], cwd=root,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]
    data = tmp_path / "docfix" / "data"
    shipped = {x.name for x in data.iterdir()}
    assert {x.name for x in (root / "lexicons").glob("*.txt")} <= shipped
    assert {"default.klm", "default.npz", "default.words.klm", "default.calib.json"} <= shipped
    drawings = {x.name for x in (root / "models").glob("shapes-*.npz")}
    assert drawings and drawings <= shipped
