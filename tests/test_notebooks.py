"""Each notebook, executed on the JJava kernel in the tiny profile, runs clean and records what it should."""
import json
import os
from pathlib import Path

import nbformat
import pytest

from conftest import HOME, NOTEBOOKS, PROFILE, read_json, run_dir


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_notebook_runs_without_error(tiny_runs, stem):
    result = tiny_runs[stem]
    assert result["status"] == "ok", f"{stem}: {result['error']}"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_executed_copy_and_html_show_plots(tiny_runs, stem):
    executed = nbformat.read(run_dir(stem) / f"{stem}.ipynb", as_version=4)
    outputs = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"], "error outputs in the executed notebook"
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert pngs, "no image/png output: plots must render as PNG"
    html = (run_dir(stem) / f"{stem}.html").read_text()
    assert "data:image/png;base64" in html, "the HTML export does not embed the plots"


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_manifest_names_versions_device_and_config(tiny_runs, stem):
    m = read_json(run_dir(stem) / "manifest.json")
    assert m["notebook"] == stem and m["profile"] == PROFILE and m["finished"] is True
    assert m["jdk"] and m["djl_version"] == "0.35.1" and m["pytorch_version"] == "2.7.1"
    assert m["device"].startswith(("cpu", "gpu"))
    assert m["wall_time_seconds"] > 0 and isinstance(m["seed"], int)
    assert m["config"], "the run's config record is missing from the manifest"
    assert m["git_commit"]


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_metrics_are_recorded_and_in_the_tiny_range(tiny_runs, references, stem):
    metrics = read_json(run_dir(stem) / "metrics.json")
    expected = references[stem]["metrics"]
    missing = sorted(set(expected) - set(metrics))
    assert not missing, f"metrics not recorded: {missing}"
    for name, spec in expected.items():
        bounds = spec.get("target", {}).get(PROFILE)
        if bounds:
            value = metrics[name]
            assert bounds.get("min") is None or value >= bounds["min"], f"{name} = {value} < {bounds['min']}"
            assert bounds.get("max") is None or value <= bounds["max"], f"{name} = {value} > {bounds['max']}"


def test_report_lists_every_notebook(tiny_runs):
    page = (run_dir(NOTEBOOKS[0]).parent / "report.html").read_text()
    for stem in NOTEBOOKS:
        assert stem in page
    assert "✗" not in page, "a metric is outside its tiny-profile target"


def test_setup_tour_numbers(tiny_runs):
    """Notebook 00's numbers are facts about the data and about calculus, so they are exact."""
    m = read_json(run_dir("00_setup_and_tour") / "metrics.json")
    assert m["autograd_slope"] == pytest.approx(7.0, abs=1e-4)
    assert m["tweets_rows_raw"] == 14640 and m["tweets_rows"] == 14467
    assert m["majority_class"] == "negative"
    assert m["split_train"] + m["split_valid"] + m["split_test"] == m["tweets_rows"]
    assert m["toy_final_loss"] < m["toy_initial_loss"] / 4


def test_gpt_saves_its_tweet_predictions_in_the_shared_format(tiny_runs):
    """06 writes one row per test tweet (course.tweets.TweetPredictions); 07 reads these files side by side."""
    lines = (run_dir("06_gpt") / "tweets_predictions.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "tweet_id,true_label,predicted_label,p_negative,p_neutral,p_positive"
    test_ids = (HOME / "data" / "splits" / "test.txt").read_text().split()
    rows = [line.split(",") for line in lines[1:]]
    assert sorted(r[0] for r in rows) == sorted(test_ids), "not exactly the test split's tweets"
    labels = {"negative", "neutral", "positive"}
    for r in rows:
        assert r[1] in labels and r[2] in labels, r
        assert sum(float(p) for p in r[3:]) == pytest.approx(1.0, abs=1e-5), r
    accuracy = sum(r[1] == r[2] for r in rows) / len(rows)
    assert accuracy == pytest.approx(read_json(run_dir("06_gpt") / "metrics.json")["tweets_accuracy"], abs=1e-12)


def _kernel_env() -> dict:
    venv = Path(os.environ.get("COURSE_VENV") or HOME / ".venv")
    return json.loads((venv / "share/jupyter/kernels/java/kernel.json").read_text()).get("env", {})


@pytest.mark.parametrize("stem", NOTEBOOKS)
def test_run_records_peak_memory_heap_and_allocator(tiny_runs, stem):
    run = read_json(run_dir(stem) / "run.json")
    manifest = read_json(run_dir(stem) / "manifest.json")
    assert run["peak_rss_bytes"] > 100_000_000, "the kernel's peak resident memory is recorded in run.json"
    assert manifest["peak_resident_bytes"] > 100_000_000 and manifest["max_heap_bytes"] > 0
    preload = _kernel_env().get("LD_PRELOAD")
    if not preload:
        pytest.skip("jemalloc was not found by ./course setup, so the kernel runs on glibc's malloc (README: Memory)")
    assert manifest["allocator"].startswith("jemalloc"), f"kernel.json preloads {preload}, the kernel reports {manifest['allocator']}"
    page = (run_dir(stem).parent / "report.html").read_text()
    assert "peak memory" in page and "allocator jemalloc" in page
