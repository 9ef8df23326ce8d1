"""The headless runner stops a notebook that runs past its budget, and reports a failing cell's message."""
import json

import nbformat

import run_notebooks


def _notebook(tmp_path, name, *sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (course)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_notebook_past_its_budget_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("COURSE_NOTEBOOK_TIMEOUT", "20")
    path = _notebook(tmp_path, "98_sleepy", 'System.out.println("start");', "Thread.sleep(600_000);")
    result = run_notebooks.execute(path, "tiny")
    assert result["status"] == "timeout", result
    assert result["seconds"] < 120
    recorded = json.loads((tmp_path / "runs/tiny/98_sleepy/run.json").read_text())
    assert recorded["status"] == "timeout" and "20 s budget" in recorded["error"]


def test_a_failing_cell_is_reported_with_its_message(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "runs"))
    path = _notebook(tmp_path, "97_failing", 'throw new IllegalArgumentException("learning rate must be > 0, got -1");')
    result = run_notebooks.execute(path, "tiny")
    assert result["status"] == "failed"
    assert "learning rate must be > 0, got -1" in result["error"]
    executed = nbformat.read(tmp_path / "runs/tiny/97_failing/97_failing.ipynb", as_version=4)
    assert executed.cells[0].outputs[0].output_type == "error"
