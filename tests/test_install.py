"""Installs: every Python package locked with its hash, and README's production steps are the
ones `make production-check` runs."""

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
TEST_LOCK = ROOT / "requirements-test.lock"
CHECK = ROOT / ".ci" / "production-check"
BEGIN, END = "<!-- production-steps -->", "<!-- /production-steps -->"


def _pins(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) for every requirement of a hashed lock file."""
    pins, name = {}, None
    for line in path.read_text().splitlines():
        if match := re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+) \\$", line):
            name = canonicalize_name(match[1])
            pins[name] = (match[2], frozenset())
        elif match := re.match(r"^\s+--hash=(sha256:[0-9a-f]{64})", line):
            version, hashes = pins[name]
            pins[name] = (version, hashes | {match[1]})
        else:
            assert not line or line.lstrip().startswith("#"), f"{path.name}: {line!r}"
    return pins


def _project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _readme_steps() -> list[str]:
    text = (ROOT / "README.md").read_text()
    assert text.count(BEGIN) == 1 and text.count(END) == 1, "README marks one production block"
    block = text.split(BEGIN)[1].split(END)[0].strip().splitlines()
    assert block[0] == "```sh" and block[-1] == "```", block
    return [line for line in block[1:-1] if line.strip() and not line.lstrip().startswith("#")]


@pytest.mark.parametrize(
    ("lock", "extras"), [(LOCK, []), (TEST_LOCK, ["test"])], ids=["runtime", "test"]
)
def test_every_dependency_is_locked_with_its_hash(lock, extras):
    pins = _pins(lock)
    wanted = [Requirement(r) for r in _project()["dependencies"]]
    for extra in extras:
        wanted += [Requirement(r) for r in _project()["optional-dependencies"][extra]]
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{lock.name} lacks {requirement}: run `make lock`"
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)
    assert all(hashes for _version, hashes in pins.values()), f"{lock.name}: a pin has no hash"


def test_test_lock_holds_the_runtime_pins_and_no_test_tool_reaches_production():
    runtime, test = _pins(LOCK), _pins(TEST_LOCK)
    assert {name: test.get(name) for name in runtime} == runtime
    tools = {
        canonicalize_name(Requirement(r).name) for r in _project()["optional-dependencies"]["test"]
    }
    assert not tools & runtime.keys()


def test_every_pip_install_in_an_install_path_uses_a_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text()
    sources = {
        "Makefile": makefile,
        ".ci/run": (ROOT / ".ci" / "run").read_text(),
        "README production": "\n".join(_readme_steps()),
    }
    for name, text in sources.items():
        for line in text.splitlines():
            if "pip install" in line and "uv==" not in line:  # `make lock`'s throwaway uv
                assert "--require-hashes --only-binary :all:" in line, (name, line)
                assert re.search(r" -r (\S+\.lock|\$\((TEST_)?LOCK\))$", line), (name, line)
                assert "-e " not in line and "--upgrade" not in line, (name, line)
    # A changed lock re-installs.
    assert re.search(r"^\$\(VENV\)/\.installed: \$\(LOCK\) \$\(TEST_LOCK\)$", makefile, re.M)


def test_readme_production_block_is_the_complete_install_in_order():
    steps = _readme_steps()
    wanted = [
        "python3 -m venv .venv",
        ".venv/bin/pip install --require-hashes --only-binary :all: -r requirements.lock",
        ".venv/bin/pybabel compile -d translations",
        "npm ci --omit=dev",
        ".venv/bin/flask --app app db upgrade",
        ".venv/bin/flask --app app staff create",
        ".venv/bin/gunicorn 'app:create_app()' --bind 127.0.0.1:8000",
    ]
    positions = [next(i for i, step in enumerate(steps) if step.startswith(w)) for w in wanted]
    assert positions == sorted(positions), steps
    exports = [step for step in steps if step.startswith("export ")]
    for variable in ("DATABASE_URL", "SECRET_KEY", "BASE_URL", "RATELIMIT_STORAGE_URI"):
        assert any(f"{variable}=" in step for step in exports), variable


@pytest.mark.skipif(not shutil.which("bash"), reason="the check is a bash script")
def test_production_check_runs_exactly_the_readme_steps():
    plan = subprocess.run(
        ["bash", str(CHECK), "--print-steps"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    expected = []
    for step in _readme_steps():
        if step.startswith("export "):
            expected.append(f"skip {step}")
        elif "gunicorn " in step:
            expected.append("serve " + step.replace("127.0.0.1:8000", "127.0.0.1:$PORT"))
        else:
            expected.append(f"run {step}")
    assert plan == expected
    script = CHECK.read_text()
    assert BEGIN in script and END.replace("/", "\\/") in script
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^production-check:\n\t\.ci/production-check$", makefile, re.M)


def test_compiled_catalogues_are_never_committed():
    if not (ROOT / ".git").exists() or not shutil.which("git"):
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "translations"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked and not [path for path in tracked if path.endswith(".mo")]
    assert "translations/*/LC_MESSAGES/*.mo" in (ROOT / ".gitignore").read_text().splitlines()
