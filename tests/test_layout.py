"""The house's dependency rule: each layer imports only the layers below it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "web", "staff", "camps", "registration")
#: What each of our top-level names may import of ours, beside itself.
ALLOWED = {
    "extensions": {"core"},
    "core": {"extensions"},
    "web": {"extensions", "core"},
    "staff": {"extensions", "core", "web"},
    "camps": {"extensions", "core", "web", "staff"},
    "registration": {"extensions", "core", "web", "staff", "camps"},
}
OURS = {*PACKAGES, "extensions", "app"}


def _modules():
    yield ROOT / "extensions.py"
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path):
    """Every top-level name of ours that a module imports, anywhere in it."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in OURS:
                yield node.lineno, top


def test_each_layer_imports_only_the_layers_below_it():
    broken = []
    for path in _modules():
        layer = path.relative_to(ROOT).parts[0].removesuffix(".py")
        for line, imported in _imports(path):
            if imported != layer and imported not in ALLOWED[layer]:
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not broken, "\n".join(broken)


def test_camps_never_imports_registration():
    # The strongest of the rules, named on its own: camps tells registration by signals.
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "camps").rglob("*.py"))
        for line, imported in _imports(path)
        if imported == "registration"
    ]
    assert not offenders


def test_nothing_imports_the_app():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in _modules()
        for line, imported in _imports(path)
        if imported == "app"
    ]
    assert not offenders


def test_no_python_module_at_the_root_but_the_app_and_its_extensions():
    assert sorted(path.name for path in ROOT.glob("*.py")) == ["app.py", "extensions.py"]


def test_the_check_sees_a_broken_rule(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from registration.models import Booking\n")
    assert list(_imports(module)) == [(2, "registration")]


def test_core_reads_no_request_and_no_flask_globals():
    # Translations (flask_babel) are allowed: a message is translated where it is shown.
    offenders = []
    for path in sorted((ROOT / "core").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.ImportFrom) and node.module in ("flask", "flask_login")) or (
                isinstance(node, ast.Import) and any(a.name == "flask" for a in node.names)
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders
