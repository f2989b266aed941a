"""scripts/neo4j-local needs nothing but the Python standard library (issue 18): on a fresh machine
the system python3 has no `neo4j` package, and CI starts the server before or without the project's
environment. These run the launcher's Bolt probe with an interpreter that has no packages at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-local"


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> str:
    """A virtual environment without pip or any package, isolated from the system site-packages."""
    where = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = str(where / "bin" / "python")
    probe = subprocess.run([python, "-c", "import neo4j"], capture_output=True, text=True)
    assert probe.returncode != 0 and "No module named 'neo4j'" in probe.stderr
    return python


def _launcher(bare_python: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHON=bare_python)
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.neo4j
def test_probe_answers_without_the_driver(bare_python, neo4j_settings):
    uri = os.environ["NEO4J_URI"]
    done = _launcher(bare_python, "probe", uri)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"bolt {uri} answers (Bolt 5.")


def test_probe_of_a_closed_port_says_so(bare_python):
    done = _launcher(bare_python, "probe", "bolt://127.0.0.1:1")
    assert done.returncode == 3
    assert done.stderr.strip() == ("neo4j-local: Bolt at bolt://127.0.0.1:1 does not answer "
                                   "(ConnectionRefusedError: [Errno 111] Connection refused)")


def test_probe_refuses_what_is_not_a_bolt_uri(bare_python):
    done = _launcher(bare_python, "probe", "http://example.org")
    assert done.returncode == 1
    assert done.stderr.strip() == ("neo4j-local: ERROR: probe wants a URI like bolt://127.0.0.1:7687, "
                                   "not 'http://example.org'")
