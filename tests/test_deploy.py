"""The deployment examples under deploy/ checked by what installs here: the compose file against the Compose
specification's schema, the Kubernetes manifests against the API schemas (kubernetes-validate, offline), and
every NGHIQUYET_* variable they set against the settings that exist (a misspelt one would be ignored)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from nghiquyet.core.config import ENV_ALIASES, Settings, env_name

from tests.conftest import REPO

DEPLOY = REPO / "deploy"
MANIFESTS = sorted(p for p in (DEPLOY / "k8s").glob("*.yaml") if p.name != "kustomization.yaml")
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return str(path)


def test_compose_file_follows_the_compose_spec():
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.compose-spec",
                             str(DEPLOY / "compose.yaml")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_manifests_follow_the_api_schemas():
    result = subprocess.run([tool("kubernetes-validate"), "--strict", "--quiet", "-k", "1.32.0", *map(str, MANIFESTS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_kustomization_lists_every_manifest_but_the_example_secret():
    listed = yaml.safe_load((DEPLOY / "k8s" / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
    assert sorted(listed) == sorted(p.name for p in MANIFESTS if p.name != "secret.example.yaml")


def test_every_variable_the_examples_set_is_a_setting():
    known = set(ENV_ALIASES) | {env_name(key) for key in Settings().to_dict()}
    for path in [DEPLOY / "compose.yaml", DEPLOY / "Dockerfile", *MANIFESTS]:
        for name in set(re.findall(r"\b(NGHIQUYET_[A-Z_]+)\b", path.read_text(encoding="utf-8"))):
            assert name in known, f"{path.name}: {name}"
