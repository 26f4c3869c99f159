"""Code versions: a digest of the source a pipeline step runs, so results are reused only
while that source is unchanged.

``code_version("pipeline.clean")`` hashes the module, every ``pipeline`` module it imports
(transitively) and every vocabulary it loads (``load_vocab("name")``). Changing an extractor
or one of its CSVs changes the version of the steps that use it, and only those: their cached
per-document results are then recomputed, and Dagster shows the assets' code as changed.
"""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = "pipeline"
PACKAGE_DIR = Path(__file__).resolve().parent
_VOCAB_CALL = re.compile(r"""load_vocab\(\s*["'](\w+)["']""")
# vocabularies named in a computed way (f-strings, loops): every CSV counts for such modules
_DYNAMIC_VOCAB = re.compile(r"load_vocab\(\s*[^\"'\s)]")


def _module_path(module: str) -> Path:
    rel = Path(*module.split(".")[1:])
    package = PACKAGE_DIR / rel / "__init__.py"
    return package if package.exists() else (PACKAGE_DIR / rel).with_suffix(".py")


def _imports(module: str, source: str) -> set[str]:
    """``pipeline`` modules imported by ``module``."""
    found = set()
    for node in _statements(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == PACKAGE:
            found.add(node.module)
            # `from pipeline.extract import doses` imports a submodule
            found.update(f"{node.module}.{a.name}" for a in node.names
                         if _module_path(f"{node.module}.{a.name}").exists())
    return {m for m in found if _module_path(m).exists()}


def _statements(node: ast.AST) -> Iterator[ast.AST]:
    """Every statement under ``node``, at any depth. An import is a statement, and no
    expression can hold one, so expressions (most of a module's nodes) are not entered."""
    for child in ast.iter_child_nodes(node):
        if not isinstance(child, ast.expr):
            yield child
            yield from _statements(child)


@cache
def _direct_dependencies(name: str) -> tuple[frozenset[Path], frozenset[str]]:
    """Files ``name`` depends on by itself (its source and the vocabularies it loads) and
    the ``pipeline`` modules it imports; parsed once per process however many steps ask."""
    path = _module_path(name)
    source = path.read_text(encoding="utf-8")
    files = {path}
    if _DYNAMIC_VOCAB.search(source):
        files.update((PACKAGE_DIR / "vocab").glob("*.csv"))
    files.update(PACKAGE_DIR / "vocab" / f"{v}.csv" for v in _VOCAB_CALL.findall(source))
    modules = _imports(name, source)
    # a package's __init__ is imported with any of its modules
    parent = name.rsplit(".", 1)[0]
    if parent != name and parent.startswith(PACKAGE):
        modules.add(parent)
    return frozenset(files), frozenset(modules)


@cache
def source_files(module: str) -> tuple[Path, ...]:
    """Source and vocabulary files ``module`` depends on, sorted."""
    seen: set[str] = set()
    files: set[Path] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        own_files, imported = _direct_dependencies(name)
        files.update(own_files)
        todo.extend(imported)
    return tuple(sorted(f for f in files if f.exists()))


@cache
def code_version(*modules: str) -> str:
    """A short digest of everything ``modules`` run."""
    digest = hashlib.sha256()
    for path in sorted({p for m in modules for p in source_files(m)}):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
