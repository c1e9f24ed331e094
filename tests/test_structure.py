"""The code's shape: frozen migrations, layers that import downwards only, small modules."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, models

from relations.models import Event

APP = Path(__file__).resolve().parent.parent / "relations"
# The layers, top to bottom: a module may import from its own layer and those below.
WEB = ("relations.views", "relations.admin", "relations.management", "relations.urls")


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every relations module the file imports, at the top or inside a function."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            found.add(target)
            # `from . import sqlite`: a module, not a name.
            found |= {f"{target}.{alias.name}" for alias in node.names}
    modules = {module_name(p) for p in APP.rglob("*.py")}
    return {m for m in found if m in modules and m != name}


def app_modules() -> dict[str, set[str]]:
    return {
        module_name(path): imports(path)
        for path in APP.rglob("*.py")
        if "migrations" not in path.parts
    }


def test_no_migration_imports_app_code():
    for path in sorted((APP / "migrations").glob("0*.py")):
        assert not imports(path), f"{path.name} imports app code"


def test_nothing_below_the_views_and_the_admin_imports_them():
    for module, imported in app_modules().items():
        if module.startswith(WEB) or module in ("relations.bench", "relations.apps"):
            continue
        upward = {m for m in imported if m.startswith(WEB)}
        assert not upward, f"{module} imports {upward}"


def test_the_modules_import_each_other_without_a_cycle():
    graph = app_modules()

    def visit(module, path):
        if module in path:
            cycle = path[path.index(module) :] + [module]
            raise AssertionError("import cycle: " + " → ".join(cycle))
        for imported in graph.get(module, ()):
            # A package's own modules import it by its name first (Python runs
            # __init__ before them): that is a parent, not a cycle.
            if not module.startswith(imported + "."):
                visit(imported, [*path, module])

    for module in graph:
        visit(module, [])


def test_no_module_is_over_about_400_lines():
    for path in APP.rglob("*.py"):
        if "migrations" not in path.parts:
            lines = len(path.read_text().splitlines())
            assert lines <= 400, f"{path.relative_to(APP.parent)} has {lines} lines"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds a table to alter it")
@pytest.mark.django_db(transaction=True)
def test_search_follows_edits_after_a_migration_rebuilds_the_event_table(seeded):
    def rebuild_event_table(max_length):
        old = Event._meta.get_field("title")
        new = models.CharField(max_length=max_length)
        new.set_attributes_from_name("title")
        new.model = Event
        with connection.schema_editor() as editor:
            editor.alter_field(Event, old, new, strict=True)  # SQLite copies the table

    rebuild_event_table(201)
    try:
        call_command("migrate", verbosity=0)  # after every migrate: the triggers are made again
        event = Event.objects.get(slug="salala-border-incident")
        event.title = "Salala and the quokka"
        event.save()
        assert list(Event.objects.matching("quokka")) == [event]
    finally:
        rebuild_event_table(200)
        call_command("migrate", verbosity=0)
