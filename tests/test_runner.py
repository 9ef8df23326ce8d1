"""The headless runner stops a notebook that runs past its budget, reports a failing cell's message, records the
kernel's peak memory, and leaves no kernel process behind — after a timeout, a failure or a Ctrl-C."""
import json
import os
import signal
import subprocess
import sys
import time

import nbformat

import run_notebooks
from conftest import HOME


def _notebook(tmp_path, name, *sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "java", "display_name": "Java (course)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _assert_no_kernel_left(result):
    pids = result.get("kernel_pids") or []
    assert len(pids) >= 2, f"expected JJava's launcher and its kernel JVM among the recorded pids, got {pids}"
    survivors = [p for p in pids if _alive(p)]
    assert not survivors, f"kernel processes outlived the run: {survivors}"


def test_a_notebook_past_its_budget_is_stopped_with_all_its_kernel_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setenv("COURSE_NOTEBOOK_TIMEOUT", "20")
    path = _notebook(tmp_path, "98_sleepy", 'System.out.println("start");', "Thread.sleep(600_000);")
    result = run_notebooks.execute(path, "tiny")
    assert result["status"] == "timeout", result
    assert result["seconds"] < 120
    recorded = json.loads((tmp_path / "runs/tiny/98_sleepy/run.json").read_text())
    assert recorded["status"] == "timeout" and "20 s budget" in recorded["error"]
    _assert_no_kernel_left(recorded)


def test_a_failing_cell_is_reported_with_its_message_and_the_peak_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "runs"))
    path = _notebook(tmp_path, "97_failing",
                     "byte[] block = new byte[200_000_000]; java.util.Arrays.fill(block, (byte) 1);",
                     'throw new IllegalArgumentException("learning rate must be > 0, got -1");')
    result = run_notebooks.execute(path, "tiny")
    assert result["status"] == "failed"
    assert "learning rate must be > 0, got -1" in result["error"]
    executed = nbformat.read(tmp_path / "runs/tiny/97_failing/97_failing.ipynb", as_version=4)
    assert executed.cells[1].outputs[0].output_type == "error"
    assert result["peak_rss_bytes"] > 200_000_000, "the 200 MB the first cell touched must show in the peak"
    assert result["rss_mb_timeline"], "resident memory is recorded over the run"
    _assert_no_kernel_left(result)


def test_ctrl_c_stops_the_run_and_its_kernel(tmp_path):
    path = _notebook(tmp_path, "96_interrupted", 'System.out.println("started");', "Thread.sleep(600_000);")
    env = dict(os.environ, COURSE_RUNS_DIR=str(tmp_path / "runs"), PYTHONUNBUFFERED="1")
    runner = subprocess.Popen([sys.executable, str(HOME / "tools/run_notebooks.py"), str(path), "--profile", "tiny"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in runner.stdout:
            if "started" in line:
                break
        time.sleep(1)
        runner.send_signal(signal.SIGINT)
        output = runner.communicate(timeout=60)[0]
    finally:
        runner.kill()
    assert runner.returncode == 130, output
    assert "no kernel is left running" in output, output
    recorded = json.loads((tmp_path / "runs/tiny/96_interrupted/run.json").read_text())
    assert recorded["status"] == "interrupted", recorded
    _assert_no_kernel_left(recorded)


def test_a_kernel_that_crashes_in_native_code_is_named_with_its_crash_log(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_RUNS_DIR", str(tmp_path / "runs"))
    crash = ('java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe"); f.setAccessible(true);\n'
             '((sun.misc.Unsafe) f.get(null)).putAddress(0L, 42L);  // a write to address 0: SIGSEGV, as a native bug would')
    path = _notebook(tmp_path, "95_crashing", 'System.out.println("before");', crash)
    result = run_notebooks.execute(path, "tiny")
    assert result["status"] == "kernel died", result
    kept = list((tmp_path / "runs/tiny/95_crashing").glob("hs_err_pid*.log"))
    assert len(kept) == 1, "the JVM's crash log is kept in the run folder"
    assert str(kept[0]) in result["error"] and "crashed in native code" in result["error"], result["error"]
    assert not list((HOME / "notebooks").glob("hs_err_pid*.log")), "no crash log lands beside the notebooks"
    _assert_no_kernel_left(result)


def _kernel_threads(tmp_path, env_threads):
    kernel = tmp_path / "kernel"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({"argv": ["java", "-jar", "x.jar", "{connection_file}"], "language": "java"}))
    env = {k: v for k, v in os.environ.items() if k != "COURSE_THREADS"}
    if env_threads is not None:
        env["COURSE_THREADS"] = env_threads
    subprocess.run([sys.executable, str(HOME / "tools" / "kernelspec.py"), "--kernel-dir", str(kernel), "--classpath", str(tmp_path),
                    "--java", "/usr/bin/java", "--home", str(tmp_path)], check=True, env=env)
    opts = json.loads((kernel / "kernel.json").read_text())["env"]["JJAVA_JVM_OPTS"]
    return [o for o in opts.split() if o.startswith("-Dai.djl.pytorch.num_threads=")]


def test_the_kernel_uses_every_core_unless_course_threads_says_otherwise(tmp_path):
    assert _kernel_threads(tmp_path / "a", None) == [f"-Dai.djl.pytorch.num_threads={os.cpu_count()}"]
    assert _kernel_threads(tmp_path / "b", "1") == ["-Dai.djl.pytorch.num_threads=1"]
