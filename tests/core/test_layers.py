"""The apps depend one way: core <- contacts <- coordination <- planning <- portal."""

import ast
from pathlib import Path

import pytest

LAYERS = ["core", "contacts", "coordination", "planning", "portal"]
ROOT = Path(__file__).resolve().parents[2]


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                yield top, node.lineno


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_an_app_imports_nothing_to_its_right(app):
    right = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {top}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for top, line in imported_apps(path)
        if top in right
    ]
    assert wrong == []


def test_the_shared_pieces_live_in_core():
    for module in ["dates", "text", "spreadsheets", "pagecache", "ratelimits", "seeding", "fields"]:
        assert (ROOT / "core" / f"{module}.py").is_file()
    for library in ["precise_dates", "portal_format"]:
        assert (ROOT / "core" / "templatetags" / f"{library}.py").is_file()
    for old in ["contacts/text.py", "coordination/dates.py"]:
        assert not (ROOT / old).exists()
