"""Executes course notebooks headlessly on the real Java kernel and records what they produced.

For each notebook: runs/<profile>/<stem>/ gets the executed .ipynb, its HTML, run.json (status, seconds,
error), and whatever the notebook itself wrote (manifest.json, metrics.json, plots). Then
runs/<profile>/report.html lists every notebook's metrics beside the reference numbers in
notebooks/references.json. Profile and paths reach the kernel as environment variables (papermill cannot
inject parameters into Java notebooks).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import re
import signal
import sys
import threading
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter

HOME = Path(os.environ.get("COURSE_HOME", Path(__file__).resolve().parent.parent))
NOTEBOOKS = HOME / "notebooks"
PROFILES = ("tiny", "workshop", "full")
# Seconds a whole notebook may take before its kernel is stopped: generous, so a slow machine is not cut
# off, yet a hung kernel never holds a workshop or CI hostage. COURSE_NOTEBOOK_TIMEOUT overrides it.
NOTEBOOK_TIMEOUT = {"tiny": 600, "workshop": 3600, "full": None}


def runs_dir() -> Path:
    return Path(os.environ.get("COURSE_RUNS_DIR", HOME / "runs"))


def references() -> dict:
    path = NOTEBOOKS / "references.json"
    return json.loads(path.read_text()) if path.exists() else {}


def select(names: list[str]) -> list[Path]:
    available = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if not names:
        return available
    chosen = []
    for name in names:
        if name.endswith(".ipynb") and Path(name).is_file():  # a notebook outside the course, e.g. a test's
            chosen.append(Path(name).resolve())
            continue
        matches = [p for p in available if p.stem == name or p.stem.startswith(name + "_") or p.name == name]
        if not matches:
            listing = ", ".join(p.stem for p in available)
            raise SystemExit(f"No notebook '{name}'. Available: {listing}")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


ANSI = re.compile(r"\x1b\[[0-9;]*m")


class KernelProcesses:
    """The kernel's processes: JJava's launcher JVM and the real kernel JVM it starts as a child. jupyter_client
    starts the launcher in a session of its own, so both share one process group, which is how they are found,
    measured and, at the end, stopped together: killing the launcher alone leaves the kernel running."""

    def __init__(self, pgid: int):
        self.pgid = pgid
        self.pids: set[int] = set()
        self.peak_rss = 0          # bytes: the largest VmHWM (peak resident set) of any of them
        self.timeline: list[list[float]] = []  # [seconds since start, resident MB of the group]
        self.started = time.time()
        self.refresh()

    @staticmethod
    def _status(pid: int) -> dict:
        fields = {}
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    fields[key] = value.strip()
        except OSError:
            pass
        return fields

    def members(self) -> list[int]:
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        # pgrp is the 5th field, after "pid (comm) state ppid"; comm may hold spaces
                        rest = f.read().rsplit(")", 1)[1].split()
                    if int(rest[2]) == self.pgid:
                        found.append(int(entry))
                except (OSError, IndexError, ValueError):
                    continue
        return found

    def refresh(self) -> None:
        total = 0
        for pid in self.members():
            self.pids.add(pid)
            status = self._status(pid)
            kb = lambda key: int(status.get(key, "0 kB").split()[0])
            self.peak_rss = max(self.peak_rss, kb("VmHWM") * 1024)
            total += kb("VmRSS") * 1024
        if total:
            self.timeline.append([round(time.time() - self.started, 1), round(total / 1e6)])

    def alive(self) -> list[int]:
        states = {pid: self._status(pid).get("State", "") for pid in self.pids}
        return [pid for pid, state in states.items() if state and not state.startswith("Z")]

    def stop(self) -> None:
        """SIGKILL to the whole group, then wait (briefly) until none of its processes is left."""
        try:
            os.killpg(self.pgid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        deadline = time.time() + 10
        while self.alive() and time.time() < deadline:
            time.sleep(0.1)


def crash_log(pids) -> Path | None:
    """The JVM's fatal-error log of one of the kernel's processes (kernel.json sends them to runs/crashes/)."""
    for folder in (HOME / "runs" / "crashes", NOTEBOOKS):
        for pid in sorted(pids):
            candidate = folder / f"hs_err_pid{pid}.log"
            if candidate.exists():
                return candidate
    return None


class StreamingClient(NotebookClient):
    """Echoes what the kernel prints while it prints it, so a long headless run shows it is alive."""

    prefix = ""
    pending = ""

    def output(self, outs, msg, display_id, cell_index):
        kind = msg["msg_type"]
        content = msg["content"]
        if kind == "stream":
            # A kernel may send one line in several pieces: print whole lines only.
            *lines, self.pending = (self.pending + content.get("text", "")).split("\n")
            for line in lines:
                print(f"{self.prefix} {line}", flush=True)
        elif kind == "error":
            self.flush()
            trace = ANSI.sub("", "\n".join(content.get("traceback", [])))
            lines = [content.get("ename", "") + ": " + content.get("evalue", "")] + trace.splitlines()[:30]
            print("\n".join(f"{self.prefix} ! {line}" for line in lines), flush=True)
        return super().output(outs, msg, display_id, cell_index)

    def flush(self):
        if self.pending:
            print(f"{self.prefix} {self.pending}", flush=True)
            self.pending = ""


def execute(path: Path, profile: str) -> dict:
    stem = path.stem
    out_dir = runs_dir() / profile / stem
    out_dir.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(path, as_version=4)
    os.environ["COURSE_PROFILE"] = profile
    budget = float(os.environ.get("COURSE_NOTEBOOK_TIMEOUT") or 0) or NOTEBOOK_TIMEOUT[profile]
    client = StreamingClient(nb, kernel_name="java", timeout=budget, startup_timeout=120,
                             resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.prefix = f"[{stem[:2]}]"
    started = time.time()
    status, error = "ok", None
    print(f"[{stem[:2]}] running {path.name} (profile {profile})", flush=True)
    kernel_log = open(out_dir / "kernel.log", "w")  # the JVM's own messages: crashes, memory errors
    expired = threading.Event()
    finished = threading.Event()
    kernel: list[KernelProcesses] = []

    def kernel_started(**_):
        pgid = getattr(client.km.provisioner, "pgid", None)
        if pgid:
            kernel.append(KernelProcesses(pgid))

    def measure():  # resident memory every second; the peak itself comes from the kernel's own VmHWM
        while not finished.wait(1.0):
            if kernel:
                kernel[0].refresh()

    client.on_notebook_start = kernel_started
    client.on_cell_executed = lambda **_: kernel[0].refresh() if kernel else None

    def stop_kernel():
        expired.set()
        print(f"{client.prefix} stopping the kernel: the notebook ran past its {budget:.0f} s budget", flush=True)
        if kernel:
            kernel[0].stop()

    watchdog = threading.Timer(budget, stop_kernel) if budget else None
    if watchdog:
        watchdog.daemon = True
        watchdog.start()
    sampler = threading.Thread(target=measure, daemon=True)
    sampler.start()
    interrupted = False
    try:
        try:
            _execute_interruptibly(client, kernel_log)
        except KeyboardInterrupt:  # Ctrl-C (or SIGTERM): stop this kernel, record the run, then stop the whole run
            interrupted = True
            status, error = "interrupted", "stopped by Ctrl-C or SIGTERM"
            print(f"{client.prefix} interrupted: stopping the kernel", flush=True)
    except CellExecutionError as e:
        status, error = "failed", f"{e.ename}: {e.evalue}"
    except CellTimeoutError as e:
        status, error = "timeout", str(e).splitlines()[0]
    except DeadKernelError as e:
        if expired.is_set():
            status, error = "timeout", f"the notebook ran past its {budget:.0f} s budget (COURSE_NOTEBOOK_TIMEOUT)"
        else:
            status, error = "kernel died", _death_reason(e, kernel[0].pids if kernel else set(), out_dir)
    finally:
        # Whatever happened (done, failed, timed out, Ctrl-C), no process of this kernel outlives the run.
        finished.set()
        if watchdog:
            watchdog.cancel()
        if kernel:
            kernel[0].stop()
        kernel_log.close()
    client.flush()
    seconds = round(time.time() - started, 1)
    if error and len(error) > 300:
        error = error[:300] + " ..."
    nbformat.write(nb, out_dir / path.name)
    # The diagrams are Markdown images of notebooks/img/*.png: copy them beside the executed copy (so it shows them
    # when opened from runs/) and embed them in the HTML export, which then stands alone.
    if (NOTEBOOKS / "img").is_dir():
        shutil.copytree(NOTEBOOKS / "img", out_dir / "img", dirs_exist_ok=True)
    body, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(
        nb, resources={"metadata": {"path": str(out_dir)}})
    (out_dir / f"{stem}.html").write_text(body, encoding="utf-8")
    result = {"notebook": stem, "profile": profile, "status": status, "seconds": seconds, "error": error}
    if kernel:
        result["peak_rss_bytes"] = kernel[0].peak_rss
        result["kernel_pids"] = sorted(kernel[0].pids)
        result["rss_mb_timeline"] = kernel[0].timeline[:: max(1, len(kernel[0].timeline) // 200)]
    (out_dir / "run.json").write_text(json.dumps(result, indent=2) + "\n")
    verdict = "ok" if status == "ok" else f"{status.upper()} — {error}"
    peak = f", peak memory {result['peak_rss_bytes'] / 1e9:.2f} GB" if result.get("peak_rss_bytes") else ""
    print(f"[{stem[:2]}] {verdict} ({seconds} s{peak}); outputs in {out_dir.relative_to(HOME) if out_dir.is_relative_to(HOME) else out_dir}", flush=True)
    if interrupted:
        raise KeyboardInterrupt
    return result


def _execute_interruptibly(client: NotebookClient, kernel_log) -> None:
    """Runs the notebook in a worker thread, so that Ctrl-C reaches this (main) thread as KeyboardInterrupt.
    (In the main thread nbclient takes SIGINT itself, shuts the kernel down and carries on with the next
    notebook.) An exception of the run is re-raised here."""
    outcome: list[BaseException] = []

    def work():
        try:
            client.execute(stderr=kernel_log)
        except BaseException as e:  # handed to the main thread
            outcome.append(e)

    worker = threading.Thread(target=work, name="notebook", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.25)
    if outcome:
        raise outcome[0]


def _death_reason(error: Exception, pids, out_dir: Path) -> str:
    log = crash_log(pids)
    if log is not None:
        kept = out_dir / log.name
        kept.write_bytes(log.read_bytes())
        log.unlink()
        lines = kept.read_text(errors="replace").splitlines()
        frame = next((lines[i + 1].strip("# ") for i, line in enumerate(lines[:-1]) if line.startswith("# Problematic frame")), "")
        return (f"the kernel JVM crashed in native code ({frame or 'see the log'}); its crash log is {kept}. "
                "Restart the notebook; if it happens again, report it with that file")
    return f"{error} (out of memory? see kernel.log in {out_dir}; the heap is COURSE_HEAP, e.g. COURSE_HEAP=2g ./course setup)"


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return html.escape(str(value))


def _gb(value) -> str:
    return f"{value / 1e9:.2f} GB" if isinstance(value, (int, float)) and value > 0 else "?"


def _meets(value, target: dict | None) -> str:
    if not target or not isinstance(value, (int, float)):
        return ""
    ok = (target.get("min") is None or value >= target["min"]) and (target.get("max") is None or value <= target["max"])
    return "✓" if ok else "✗"


def _target_text(target: dict | None) -> str:
    if not target:
        return ""
    parts = []
    if target.get("min") is not None:
        parts.append(f"≥ {target['min']}")
    if target.get("max") is not None:
        parts.append(f"≤ {target['max']}")
    return " and ".join(parts)


def write_report(profile: str) -> Path:
    refs = references()
    base = runs_dir() / profile
    rows = []
    for nb_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        stem = nb_dir.name
        read = lambda name: json.loads((nb_dir / name).read_text()) if (nb_dir / name).exists() else {}
        run, metrics, manifest = read("run.json"), read("metrics.json"), read("manifest.json")
        ref = refs.get(stem, {})
        status = run.get("status", "not run by the runner")
        head = (f"<h2>{html.escape(ref.get('title', stem))} <small>({html.escape(stem)})</small></h2>"
                f"<p>status: <b class='{'ok' if status == 'ok' else 'bad'}'>{html.escape(status)}</b>"
                f" · {run.get('seconds', '?')} s · peak memory {_gb(run.get('peak_rss_bytes'))}"
                f" · heap {_gb(manifest.get('max_heap_bytes'))} · allocator {html.escape(str(manifest.get('allocator', '?')).split(' ')[0])}"
                f" · device {html.escape(str(manifest.get('device', '?')))}"
                f" · DJL {html.escape(str(manifest.get('djl_version', '?')))} / PyTorch {html.escape(str(manifest.get('pytorch_version', '?')))}"
                f" · commit {html.escape(str(manifest.get('git_commit', '?'))[:12])}"
                f" · <a href='{stem}/{stem}.html'>executed notebook</a></p>")
        if run.get("error"):
            head += f"<p class='bad'>{html.escape(run['error'])}</p>"
        table = ["<table><tr><th>metric</th><th>this run</th><th>target ({})</th><th></th><th>reference</th></tr>".format(profile)]
        described = ref.get("metrics", {})
        for name in list(described) + [m for m in metrics if m not in described]:
            spec = described.get(name, {})
            value = metrics.get(name, "—")
            target = spec.get("target", {}).get(profile)
            table.append(f"<tr><td title='{html.escape(spec.get('description', ''))}'>{html.escape(name)}</td>"
                         f"<td>{_fmt(value)}</td><td>{_target_text(target)}</td><td>{_meets(value, target)}</td>"
                         f"<td>{html.escape(str(spec.get('reference', '')))}</td></tr>")
        table.append("</table>")
        rows.append(head + "".join(table))
    page = ("<!doctype html><meta charset='utf-8'><title>Course report: {p}</title>"
            "<style>body{{font-family:sans-serif;max-width:960px;margin:2em auto}}table{{border-collapse:collapse;width:100%}}"
            "td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left}}.ok{{color:#070}}.bad{{color:#b00}}</style>"
            "<h1>From word2vec to GPT, in Java — results, profile <i>{p}</i></h1>"
            "<p>Every number below was produced by the run itself; targets and references come from notebooks/references.json.</p>"
            ).format(p=html.escape(profile)) + "".join(rows)
    out = base / "report.html"
    out.write_text(page, encoding="utf-8")
    return out


def _terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./course run", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="numbers or stems, e.g. 00 01 (default: all)")
    parser.add_argument("--profile", default=os.environ.get("COURSE_PROFILE") or "workshop")
    args = parser.parse_args(argv)
    if args.profile not in PROFILES:
        raise SystemExit(f"Unknown profile '{args.profile}'. Valid profiles: {', '.join(PROFILES)}")
    signal.signal(signal.SIGTERM, _terminate)
    # Ctrl-C stops the run whatever this process inherited: a parent may have blocked SIGINT in its signal mask or
    # ignored it (a child process inherits both), and then the run would go on past Ctrl-C.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    signal.signal(signal.SIGINT, signal.default_int_handler)
    results = []
    try:
        for p in select(args.notebooks):
            results.append(execute(p, args.profile))
    except KeyboardInterrupt:
        write_report(args.profile)
        print("Interrupted: no kernel is left running. Run the same command again to go on; training resumes from its checkpoints.",
              file=sys.stderr)
        return 130
    report = write_report(args.profile)
    print(f"Report: {report}")
    failed = [r for r in results if r["status"] != "ok"]
    for r in failed:
        print(f"FAILED {r['notebook']}: {r['error']}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
