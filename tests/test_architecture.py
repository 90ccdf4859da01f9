"""The house rules: every stage installs under the ``nghiquyet`` namespace, and imports only flow one way
(core <- index <- ingest <- chat <- eval/ui <- cli), checked by import-linter's contracts in pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

STAGES = {"core": "core", "index": "index", "ingest": "ingest", "chat": "chat", "eval": "eval", "ui": "ui", "cli": "cli"}
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path, config: Path) -> subprocess.CompletedProcess:
    # The copy under ``root`` is found first on the path: ``root/nghiquyet`` is a part of the namespace.
    return subprocess.run([str(LINT), "--config", str(config), "--no-cache"], capture_output=True, text=True,
                          cwd=root, timeout=120, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def copy_of_the_house(tmp_path: Path) -> Path:
    for name, folder in STAGES.items():
        shutil.copytree(REPO / folder, tmp_path / "nghiquyet" / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_import_contract_holds():
    result = lint(REPO, REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_import_against_the_flow_breaks_the_contract(tmp_path: Path):
    root = copy_of_the_house(tmp_path)
    assert lint(root, REPO / "pyproject.toml").returncode == 0, "the copy itself must pass"
    target = root / "nghiquyet" / "core" / "files.py"
    target.write_text(target.read_text() + "\nimport nghiquyet.chat.prompts  # against the flow\n")
    result = lint(root, REPO / "pyproject.toml")
    assert result.returncode == 1
    assert "nghiquyet.core is not allowed to import nghiquyet.chat" in result.stdout


def test_a_bare_folder_import_breaks_the_contract(tmp_path: Path):
    root = copy_of_the_house(tmp_path)
    target = root / "nghiquyet" / "chat" / "prompts.py"
    target.write_text(target.read_text() + "\nimport index.tokenizer  # the folder's bare name\n")
    result = lint(root, REPO / "pyproject.toml")
    assert result.returncode == 1 and "index" in result.stdout


def test_nothing_generic_is_installed_at_the_top_of_site_packages():
    import nghiquyet.core
    import nghiquyet.index

    assert nghiquyet.index.__name__ == "nghiquyet.index"
    for generic in ("index", "chat", "ingest", "eval", "ui", "core", "cli"):
        found = subprocess.run([sys.executable, "-c", f"import importlib.util as u; print(u.find_spec('{generic}'))"],
                               capture_output=True, text=True, cwd="/", timeout=60).stdout.strip()
        assert found == "None", f"'{generic}' is importable from outside the repository: {found}"
