"""The app's shape in figures: modules per folder, import arrows, the longest functions.

Run: ``.venv/bin/python scripts/import_graph.py [--parts] [--top N] [--root CHECKOUT]``

Reads ``archive/`` with ``ast`` (nothing is imported or run). A module is a ``.py`` file; a
*part* is a package folder (``archive/ingest``) or a top-level module (``archive/models.py``).
An arrow is one module importing another module of the app (``from archive.x import y`` counts
``archive.x``, or ``archive.x.y`` when that is a module); migrations and management commands are
left out of the arrows, as they sit at the edge and import what they need.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # --root reads another checkout
APP = "archive"
EDGE_PACKAGES = ("archive.migrations", "archive.management")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> dict[str, Path]:
    modules = {module_name(p): p for p in sorted((ROOT / APP).rglob("*.py"))}
    return {name: p for name, p in modules.items() if not name.startswith(EDGE_PACKAGES)}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The app modules that ``path`` imports (at any depth of the file: function-level too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != APP:
                found.add(name)
                break
    return found


def part_of(module: str) -> str:
    """``archive.web.search`` -> ``archive.web``; ``archive.models`` -> ``archive.models``."""
    pieces = module.split(".")
    if len(pieces) >= 3 or (ROOT / Path(*pieces)).is_dir():
        return ".".join(pieces[:2])
    return module


def longest_functions(modules: dict[str, Path], top: int) -> list[tuple[int, str]]:
    sizes = []
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                sizes.append((node.end_lineno - node.lineno + 1, f"{name}.{node.name}"))
    return sorted(sizes, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parts", action="store_true", help="List the arrows between parts.")
    parser.add_argument("--top", type=int, default=8, help="How many long functions to list.")
    parser.add_argument("--root", type=Path, help="Another checkout, e.g. a git worktree.")
    args = parser.parse_args()
    if args.root:
        global ROOT
        ROOT = args.root.resolve()

    modules = app_modules()
    arrows = {(m, t) for m, p in modules.items() for t in imports_of(p, modules) if t != m}
    per_folder = Counter(str(p.parent.relative_to(ROOT)) for p in modules.values())
    part_arrows = defaultdict(int)
    for source, target in arrows:
        if part_of(source) != part_of(target):
            part_arrows[(part_of(source), part_of(target))] += 1
    parts = {part_of(m) for m in modules}

    print(f"modules: {len(modules)} in {len(per_folder)} folders; import arrows: {len(arrows)}")
    for folder, count in sorted(per_folder.items()):
        print(f"  {folder + '/':28} {count:3} modules")
    print(f"parts: {len(parts)}; arrows between parts: {len(part_arrows)}")
    if args.parts:
        for (source, target), count in sorted(part_arrows.items()):
            print(f"  {source:24} -> {target:24} ({count} imports)")
    print("longest functions (lines):")
    for size, name in longest_functions(modules, args.top):
        print(f"  {size:4}  {name}")


if __name__ == "__main__":
    main()
