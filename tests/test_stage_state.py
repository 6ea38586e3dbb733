"""Stages keep no module-level state that calls write to: two analyses at once must not meet there.

The threaded tests in test_pipeline.py catch state that mixes up results when it happens to be hit;
this check reads the code, so a cache or list filled at run time is caught before any race.
Module-level tables that are only read (patterns, word lists) are fine, and so are
`functools.lru_cache`d loaders of static resources (voc/extract/morph.py, voc/text/tokens.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

VOC = Path(__file__).resolve().parent.parent / "voc"
STAGES = ["audio", "asr", "diarize", "prosody", "text", "emotion", "extract", "summary"]
STAGE_MODULES = ["turns.py", "call_metrics.py", "call_date.py", "pipeline.py"]
MUTATORS = {"append", "extend", "insert", "update", "setdefault", "add", "clear", "pop", "popitem", "remove", "discard"}


def stage_files() -> list[Path]:
    return sorted([*(p for s in STAGES for p in (VOC / s).rglob("*.py")), *(VOC / m for m in STAGE_MODULES)])


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _local_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Parameters and names the function binds itself (unless it declares them global)."""
    arguments = function.args
    names = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    names |= {n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    declared = {name for n in ast.walk(function) if isinstance(n, ast.Global) for name in n.names}
    return names - declared


def _root(node: ast.expr) -> str | None:
    while isinstance(node, ast.Subscript | ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def writes_to_module_state(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_names = _module_names(tree)
    found: list[str] = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        local = _local_names(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Global):
                found += [f"{path.name}:{node.lineno} global {', '.join(node.names)}"]
            elif isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
                for target in targets:
                    name = _root(target) if isinstance(target, ast.Subscript | ast.Attribute) else None
                    if name in module_names and name not in local:
                        found.append(f"{path.name}:{node.lineno} writes into {name}")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                name = _root(node.func.value)
                if node.func.attr in MUTATORS and name in module_names and name not in local:
                    found.append(f"{path.name}:{node.lineno} {name}.{node.func.attr}()")
    return found


def test_stage_modules_keep_no_state_between_calls() -> None:
    files = stage_files()
    assert len(files) > 30  # the walk found the stage packages
    assert [finding for path in files for finding in writes_to_module_state(path)] == []


def test_the_check_sees_a_module_level_cache(tmp_path: Path) -> None:
    module = tmp_path / "cached.py"
    module.write_text(
        "_last: list[object] = []\n"
        "SEEN = {}\n"
        "def read(key):\n"
        "    _last[:] = [key]\n"
        "    SEEN.setdefault(key, 0)\n"
        "    local = []\n"
        "    local.append(key)\n"
        "def shadow(SEEN):\n"
        "    SEEN.clear()\n"
    )
    assert writes_to_module_state(module) == ["cached.py:4 writes into _last", "cached.py:5 SEEN.setdefault()"]
