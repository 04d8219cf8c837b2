"""The import graph of mlhire_calc: arrows point one way, down the layers, never back.

cli -> api -> output -> engine -> datafiles -> domain (docs/architecture.md).

Every `import` counts, at module level, inside functions and under TYPE_CHECKING alike:
a lazy import still makes the importing module depend on the imported one.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

import mlhire_calc

PACKAGE = "mlhire_calc"
ROOT = Path(mlhire_calc.__file__).parent


def _modules() -> dict[str, Path]:
    """Dotted name of every module of the package, with its file."""
    modules = {}
    for file in sorted(ROOT.rglob("*.py")):
        parts = [PACKAGE, *file.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = file
    return modules


def _imports(name: str, file: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that `name` imports, relative imports resolved."""
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(), filename=str(file))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            for alias in node.names:
                submodule = f"{module}.{alias.name}"  # `from . import cache` imports a module
                found.add(submodule if submodule in modules else module)
    return {imported for imported in found if imported in modules and imported != name}


@functools.cache
def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, file, modules) for name, file in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of modules that import each other (Tarjan's SCCs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
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

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return groups


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for imported in graph[todo.pop()]:
            if imported not in seen:
                seen.add(imported)
                todo.append(imported)
    return seen


def test_the_graph_sees_lazy_and_relative_imports() -> None:
    graph = _graph()
    assert "mlhire_calc.datafiles.reader" in graph["mlhire_calc.datafiles.load"]  # inside a function
    assert "mlhire_calc.datafiles.cache" in graph["mlhire_calc.datafiles.load"]  # `from . import cache`
    assert "mlhire_calc.output.views.budget" in graph["mlhire_calc.api"]  # two levels down
    assert (
        "mlhire_calc.output.views.common" in graph["mlhire_calc.output.views.budget"]
    )  # relative inside views


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_nothing_imports_the_cli() -> None:
    importers = {name for name, imported in _graph().items() if "mlhire_calc.cli.app" in imported}
    assert importers <= {"mlhire_calc.__main__"}


COMMAND_MODULES = sorted(
    {f"mlhire_calc.cli.{module}" for module, _ in __import__("mlhire_calc.cli.app").cli.app.COMMANDS.values()}
)


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_the_commands_never_import_the_app(module: str) -> None:
    """`mlhire --help` lists the commands from `cli.app` without loading their modules."""
    assert "mlhire_calc.cli.app" not in _reachable(_graph(), module)


def test_every_command_module_exists() -> None:
    assert set(COMMAND_MODULES) <= set(_modules())


LAYERS = ("domain", "datafiles", "engine", "output", "api", "cli")


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_imports_run_down_the_layers() -> None:
    """A module imports only from its own layer and the layers below it."""
    upward = [
        f"{module} -> {imported}"
        for module, imports in _graph().items()
        for imported in imports
        if _layer(module) is not None and _layer(imported) is not None and _layer(imported) > _layer(module)  # type: ignore[operator]
    ]
    assert upward == []


def test_every_module_sits_in_a_layer() -> None:
    outside = {name for name in _modules() if _layer(name) is None}
    assert outside == {"mlhire_calc", "mlhire_calc.__main__", "mlhire_calc.version"}


def test_no_module_is_over_500_lines() -> None:
    long = {name: n for name, file in _modules().items() if (n := len(file.read_text().splitlines())) > 500}
    assert long == {}


def test_validate_reads_plans_without_the_budget_engine() -> None:
    graph = _graph()
    assert "mlhire_calc.engine.plans" in graph["mlhire_calc.engine.validate"]
    assert "mlhire_calc.engine.budget" not in _reachable(graph, "mlhire_calc.engine.validate")
    assert "mlhire_calc.engine.budget" not in _reachable(graph, "mlhire_calc.engine.plans")
