"""The import contracts of pyproject.toml ([tool.importlinter], checked by scripts/lint-imports in
the lint step) hold on the code, and an upward import breaks them, naming the import."""

import shutil
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import ROOT

LINT = ROOT / "scripts" / "lint-imports"


def lint(project) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(LINT)], cwd=project, capture_output=True, text=True,
                          timeout=300)


def project_copy(dest):
    """pyproject.toml and the folders it maps into the directive_kg namespace."""
    shutil.copy(ROOT / "pyproject.toml", dest)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for folder in set(config["tool"]["setuptools"]["package-dir"].values()):
        shutil.copytree(ROOT / folder, dest / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_the_contracts_hold():
    r = lint(ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 broken" in r.stdout


@pytest.mark.parametrize("module, upward, contract", [
    # loaders read documents; they may not reach into the store (the first complaint)
    ("loaders/dates.py", "from directive_kg.kg.store.store import Store", "One-way layers"),
    # the views do not import the CLI that shows them
    ("viz/layout.py", "from directive_kg.kg.cli.output import emit_rows", "One-way layers"),
    # command groups do not import one another
    ("kg/cli/viz.py", "from directive_kg.kg.cli.gaps import gaps", "The kg command"),
])
def test_an_upward_import_breaks_a_contract(tmp_path, module, upward, contract):
    project = project_copy(tmp_path)
    path = project / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{upward}  # noqa: E402, F401\n",
                    encoding="utf-8")
    r = lint(project)
    assert r.returncode == 1, r.stdout + r.stderr
    broken = r.stdout.split("Broken contracts", 1)[1]
    assert contract in broken
    importer = "directive_kg." + module.removesuffix(".py").replace("/", ".")
    imported = upward.split()[1]
    assert f"{importer} -> {imported}" in broken
