"""The exercises of the notebooks: in the normal tiny run each shows "not attempted yet" (and the run succeeds);
executed once more with every stub cell replaced by its solution from solutions/<notebook>.json, each shows ✓.
The solved copies run on the same runner as the other notebook tests, with their outputs under a temporary
COURSE_RUNS_DIR so they never overwrite the tiny run the other tests read."""
import json

import nbformat
import pytest

import run_notebooks
from conftest import HOME, NOTEBOOKS, PROFILE, run_dir

SOLUTIONS = HOME / "solutions"


def exercise_cells(nb) -> dict:
    return {c.metadata["exercise"]: c for c in nb.cells if c.cell_type == "code" and "exercise" in c.metadata}


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.output_type == "stream")


WITH_EXERCISES = [s for s in NOTEBOOKS if exercise_cells(nbformat.read(HOME / "notebooks" / f"{s}.ipynb", as_version=4))]


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_every_exercise_has_a_solution(stem):
    cells = exercise_cells(nbformat.read(HOME / "notebooks" / f"{stem}.ipynb", as_version=4))
    solutions = json.loads((SOLUTIONS / f"{stem}.json").read_text(encoding="utf-8"))
    assert set(solutions) == set(cells), f"{stem}: exercises {sorted(cells)} but solutions for {sorted(solutions)}"
    for eid, cell in cells.items():
        assert "// your code here" in cell.source, f"{eid}: the stub should say where the learner writes"
        assert "// your code here" not in solutions[eid], f"{eid}: the solution is still a stub"


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_unattempted_exercises_say_so(tiny_runs, stem):
    assert tiny_runs[stem]["status"] == "ok", f"{stem}: {tiny_runs[stem]['error']}"
    executed = nbformat.read(run_dir(stem) / f"{stem}.ipynb", as_version=4)
    for eid, cell in exercise_cells(executed).items():
        assert f"· {eid}: not attempted yet — hint: " in printed(cell), f"{eid} printed: {printed(cell)!r}"


@pytest.mark.parametrize("stem", WITH_EXERCISES)
def test_solved_exercises_pass(tiny_runs, stem, tmp_path, monkeypatch):
    # tiny_runs first: the solved copies run after the normal run, never interleaved with it
    solutions = json.loads((SOLUTIONS / f"{stem}.json").read_text(encoding="utf-8"))
    nb = nbformat.read(HOME / "notebooks" / f"{stem}.ipynb", as_version=4)
    for eid, cell in exercise_cells(nb).items():
        cell.source = solutions[eid]
    solved = tmp_path / f"{stem}.ipynb"
    nbformat.write(nb, solved)
    runs = tmp_path / "runs"
    monkeypatch.setenv("COURSE_RUNS_DIR", str(runs))
    result = run_notebooks.execute(solved, PROFILE)
    assert result["status"] == "ok", f"{stem} with solutions: {result['error']}"
    executed = nbformat.read(runs / PROFILE / stem / f"{stem}.ipynb", as_version=4)
    for eid, cell in exercise_cells(executed).items():
        assert f"✓ {eid}: " in printed(cell), f"{eid} with its solution printed: {printed(cell)!r}"
