"""The layout rules of docs/architecture.md, read from the source itself.

- portal is the ground floor: no module in it imports an app above it (the root
  URLconf, the settings and the WSGI/ASGI/gunicorn entry points excepted);
- every app imports only what it may: portal for all, bulletins for congress and
  search;
- no two project modules import each other, directly or round a longer loop;
- no import inside a function dodges a cycle: project modules are imported at the
  top of a module, except in an AppConfig's methods (``ready()`` runs once the
  models are loaded) and in gunicorn hooks (they run before Django is set up).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("portal", "bulletins", "congress", "search", "polls", "analytics")

# What each app may import besides itself.
ALLOWED = {
    "portal": set(),
    "bulletins": {"portal"},
    "congress": {"portal", "bulletins"},
    "search": {"portal", "bulletins"},
    "polls": {"portal"},
    "analytics": {"portal"},
}

# Entry points of the whole project, which name the apps on purpose.
ENTRY_POINTS = {
    "portal.urls",
    "portal.wsgi",
    "portal.asgi",
    "portal.gunicorn.conf",
}
LATE_IMPORTS_ALLOWED = {"analytics.gunicorn_hooks", "portal.gunicorn.conf"}


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield _module_name(path), path


MODULES = dict(_sources())


def _resolve(module, node):
    """Project modules named by an import statement in ``module``."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            is_package = MODULES[module].name == "__init__.py"
            base = module.split(".")
            if not is_package:
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # "from x import y" imports the submodule x.y when there is one.
        names = [
            f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in MODULES else prefix
            for alias in node.names
        ]
    found = []
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name.split(".")[0] in APPS:
            found.append(name)
    return found


def _imports(module):
    """(imported module, line, enclosing function or None) for ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    out = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child
            if isinstance(child, ast.Import | ast.ImportFrom):
                for name in _resolve(module, child):
                    out.append((name, child.lineno, inner))
            visit(child, inner)

    visit(tree, None)
    return out


IMPORTS = {module: _imports(module) for module in MODULES}


def test_the_source_is_found():
    assert "portal.registry" in MODULES
    assert "congress.models.documents" in MODULES
    assert any(name == "portal.registry" for name, _l, _f in IMPORTS["bulletins.apps"])


@pytest.mark.parametrize("app", APPS)
def test_apps_import_only_what_they_may(app):
    wrong = []
    for module, imports in IMPORTS.items():
        if module.split(".")[0] != app or module in ENTRY_POINTS:
            continue
        for name, line, _function in imports:
            target = name.split(".")[0]
            if target != app and target not in ALLOWED[app]:
                wrong.append(f"{module}:{line} imports {name}")
    assert wrong == []


def test_no_import_cycles():
    graph = {
        module: {name for name, _line, _f in imports if name != module}
        for module, imports in IMPORTS.items()
    }
    cycles = []
    index, low, stack, on_stack = {}, {}, [], set()

    def strongconnect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                strongconnect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            strongconnect(node)
    assert cycles == []


def test_project_modules_are_imported_at_the_top():
    late = []
    for module, imports in IMPORTS.items():
        if module in LATE_IMPORTS_ALLOWED or module.endswith(".apps"):
            continue
        for name, line, function in imports:
            if function is not None:
                late.append(f"{module}:{line} imports {name} inside {function.name}()")
    assert late == []
