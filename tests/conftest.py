"""Shared set-up of the notebook tests: every notebook is executed once, on the real JJava kernel, in the
tiny profile, by the same runner `./course run` uses; the tests then read what each run recorded."""
import json
import os
import sys
from pathlib import Path

import pytest

HOME = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HOME / "tools"))

import run_notebooks  # noqa: E402

NOTEBOOKS = sorted(p.stem for p in (HOME / "notebooks").glob("[0-9][0-9]_*.ipynb"))
PROFILE = "tiny"


def read_json(path: Path) -> dict:
    assert path.exists(), f"{path} was not written"
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def tiny_runs() -> dict:
    """Executes every notebook once (tiny profile) and returns {stem: runner result}."""
    if not os.environ.get("COURSE_DATA_MIRROR"):
        print("note: COURSE_DATA_MIRROR is not set, so data is downloaded from the canonical URLs")
    results = {}
    for path in run_notebooks.select([]):
        results[path.stem] = run_notebooks.execute(path, PROFILE)
    run_notebooks.write_report(PROFILE)
    return results


@pytest.fixture(scope="session")
def references() -> dict:
    return run_notebooks.references()


def run_dir(stem: str) -> Path:
    return run_notebooks.runs_dir() / PROFILE / stem
