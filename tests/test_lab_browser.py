"""`./course lab` as a learner meets it: the real JupyterLab, the real JJava kernel, a real (headless) Chromium.

The test starts `./course lab` on a free localhost port, opens notebook 00, runs its first cells with
Shift+Enter up to the first plot, and checks what a learner would see: the environment report, a PNG
chart, no news/update prompt, and a server log without tracebacks. The server, its kernels and the
browser are stopped even when the test fails; a screenshot goes to runs/tests/lab.png.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

HOME = Path(__file__).resolve().parent.parent
NOTEBOOK = "00_setup_and_tour.ipynb"
SCREENSHOT = HOME / "runs" / "tests" / "lab.png"
STARTUP_SECONDS = 120   # ./course lab re-runs the (up to date) Maven build before Jupyter starts
CELLS_SECONDS = 120     # the kernel's JVM start, PyTorch's native library, a 30-step toy training run

CHROMIUM = next(filter(None, map(shutil.which, ["chromium", "chromium-browser", "google-chrome"])), None)
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Chromium and chromedriver on PATH (Debian: apt-get install chromium chromium-driver); "
           f"found chromium={CHROMIUM}, chromedriver={CHROMEDRIVER}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """One `./course lab` process (its own process group) and what it started."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = tmp / "lab.log"
        env = dict(os.environ, COURSE_PROFILE="tiny",
                   # the notebook's run record goes here, not over the tiny runs the other notebook tests read
                   COURSE_RUNS_DIR=str(tmp / "runs"),
                   # a learner's own Lab settings and saved workspace must not change what this test sees
                   JUPYTERLAB_SETTINGS_DIR=str(tmp / "user-settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
        args = [str(HOME / "course"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
                f"--IdentityProvider.token={self.token}"]
        if os.geteuid() == 0:  # CI containers run as root; Jupyter refuses that unless told
            args.append("--allow-root")
        # Autosave off: the test runs cells but must leave the notebook in the repository as it was.
        docmanager = tmp / "user-settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
        docmanager.parent.mkdir(parents=True)
        docmanager.write_text('{"autosave": false}\n')
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, cwd=HOME, env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.seen = {}  # pid -> psutil.Process: everything this server started (kernels live in their own sessions)
        self.kernel_pids = set()  # the JJava launcher and the kernel JVM it starts

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def note_children(self) -> None:
        try:
            for p in psutil.Process(self.proc.pid).children(recursive=True):
                if p.pid not in self.seen:
                    self.seen[p.pid] = p
                    if any("jjava" in a for a in p.cmdline()):
                        self.kernel_pids.add(p.pid)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            pass

    def jjava(self) -> dict:
        out = {}
        for pid, p in self.seen.items():
            try:
                if p.is_running() and any("jjava" in a for a in p.cmdline()):
                    out[pid] = " ".join(p.cmdline())[:160]
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                pass
        return out

    def api(self, path: str) -> dict:
        req = urllib.request.Request(self.url + path, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"./course lab exited with {self.proc.returncode} before serving:\n{self.log()[-3000:]}")
            try:
                self.api("/api/status")
                return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"JupyterLab did not answer on {self.url} within {STARTUP_SECONDS} s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        """SIGTERM lets Jupyter shut its kernels down; whatever is left after 20 s is killed."""
        self.note_children()
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        alive = [p for p in self.seen.values() if p.is_running()]
        for p in alive:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        psutil.wait_procs(alive, timeout=10)
        self._log.close()


@pytest.fixture
def lab(tmp_path):
    server = Lab(tmp_path)
    try:
        yield server
    finally:
        server.stop()
        left = server.jjava()
        assert not left, f"kernel processes started by the test survived it: {left}"
        print(f"jjava processes started by the test: {sorted(server.kernel_pids)}; none is left")


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--no-first-run", "--window-size=1400,1000"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def cells_to_run() -> tuple[int, int, int, int]:
    """From the notebook file: the environment report's cell, the first cell that draws a chart, and how many
    Shift+Enter presses from the top reach past it; and the number of cells."""
    sources = ["".join(c["source"]) for c in json.loads((HOME / "notebooks" / NOTEBOOK).read_text())["cells"]]
    report = next(i for i, s in enumerate(sources) if "Doctor.report()" in s)
    chart = next(i for i, s in enumerate(sources) if i > report and "run.plot(" in s)
    return report, chart, chart + 1, len(sources)


def wait_for(what: str, predicate, seconds: float, lab: Lab, driver):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        lab.note_children()
        value = predicate()
        if value:
            return value
        if lab.proc.poll() is not None:
            break
        time.sleep(0.5)
    status = driver.execute_script("var s = document.querySelector('#jp-main-statusbar'); return s ? s.innerText : ''")
    errors = driver.execute_script(
        "return Array.from(document.querySelectorAll('.jp-OutputArea-output[data-mime-type*=\"error\"],"
        " .jp-OutputArea-output[data-mime-type*=\"stderr\"]')).map(e => e.textContent.slice(0, 800))")
    prompts = driver.execute_script(
        "return Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')).map(e => e.textContent)")
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}. Status bar: {status!r}. Prompts: {prompts}. "
                f"Error outputs: {errors}. Server log tail:\n{lab.log()[-2500:]}")


def test_a_learner_runs_the_tour_in_jupyterlab(lab, browser):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    report_cell, chart_cell, presses, total = cells_to_run()
    notebook_before = (HOME / "notebooks" / NOTEBOOK).read_bytes()
    try:
        lab.wait_until_up()
        # overrides.json becomes the schema's defaults (the learner's own settings could still change them)
        schema = lab.api("/lab/api/settings/@jupyterlab/apputils-extension:notification")["schema"]["properties"]
        defaults = {k: schema[k]["default"] for k in ("fetchNews", "checkForUpdates")}
        assert defaults == {"fetchNews": "false", "checkForUpdates": False}, \
            f"the course's Lab settings (tools/lab/overrides.json) are not in effect: {defaults}"

        status_bar = lambda: browser.execute_script(  # noqa: E731
            "var s = document.querySelector('#jp-main-statusbar'); return s ? s.innerText : ''")
        browser.get(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}")
        # A learner reloads the page while the JVM kernel is still starting: the browser drops the pending kernel
        # websocket, which made jupyter_server 2.21.1 log a kernel_ws_protocol traceback (tools/lab/ guards it).
        # The reloaded page must connect to the same kernel.
        connected = r"Java \(course\) \| (Idle|Unknown|Busy)"
        wait_for("the kernel to start connecting",
                 lambda: "Connecting" in status_bar() or re.search(connected, status_bar()), 90, lab, browser)
        browser.refresh()
        wait_for(f"the notebook's {total} cells",
                 lambda: len(browser.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")) == total, 90, lab, browser)

        # A kernel chooser appears only when the notebook's kernel is not found; pick the course's if it does.
        for dialog in browser.find_elements(By.CSS_SELECTOR, ".jp-Dialog select"):
            from selenium.webdriver.support.ui import Select
            Select(dialog).select_by_visible_text("Java (course)")
            browser.find_element(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept").click()

        # Shift+Enter before the kernel is connected runs nothing (JupyterLab leaves the prompt at [ ]), so wait
        # as a learner waits: for the status bar to name the course's kernel and stop saying Initializing/Connecting.
        wait_for("the 'Java (course)' kernel to connect",
                 lambda: re.search(connected, status_bar()), 90, lab, browser)

        # As a learner: click the first cell, then Shift+Enter down the notebook (markdown cells just render).
        browser.find_element(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell").click()
        keys = ActionChains(browser).send_keys(Keys.ESCAPE)
        for _ in range(presses):
            keys = keys.key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT)
        keys.perform()

        def output_text(index: int) -> str:
            return browser.execute_script(
                "var c = document.querySelectorAll('.jp-Notebook .jp-Cell')[arguments[0]];"
                "return c ? Array.from(c.querySelectorAll('.jp-OutputArea-output')).map(e => e.textContent).join('\\n') : ''",
                index)

        report = wait_for("the environment report (cell %d)" % report_cell,
                          lambda: "profile (COURSE_PROFILE)" in output_text(report_cell) and output_text(report_cell),
                          CELLS_SECONDS, lab, browser)
        assert "Environment" in report and re.search(r"profile \(COURSE_PROFILE\)\s*\|\s*tiny\s*\|\s*OK", report), report
        assert "PyTorch" in report and "FAIL" not in report, f"the environment report shows a problem:\n{report}"

        png = wait_for(
            "a PNG chart from cell %d" % chart_cell,
            lambda: browser.execute_script(
                "var c = document.querySelectorAll('.jp-Notebook .jp-Cell')[arguments[0]];"
                "var i = c && c.querySelector('.jp-OutputArea-output img[src^=\"data:image/png\"]');"
                "return i && i.complete && i.naturalWidth > 0 ? [i.naturalWidth, i.naturalHeight] : null", chart_cell),
            CELLS_SECONDS, lab, browser)
        assert png[0] >= 200 and png[1] >= 100, f"the chart is only {png[0]}x{png[1]} pixels"
        lab.note_children()
        assert lab.kernel_pids, "the cells ran, yet no jjava process was found under the server: cannot check clean-up"
        prompts = browser.execute_script(
            "return Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')).map(e => e.textContent)")
        errors = browser.execute_script(
            "return Array.from(document.querySelectorAll('.jp-OutputArea-output[data-mime-type*=\"error\"],"
            " .jp-OutputArea-output[data-mime-type*=\"stderr\"]')).map(e => e.textContent.slice(0, 800))")
        assert not any("Exception" in e or "Error" in e for e in errors), f"a cell failed: {errors}"
        assert "[1]:" in prompts, f"no code cell ran: prompts {prompts}"

        page = browser.find_element(By.TAG_NAME, "body").text
        nags = [line for line in page.splitlines() if "Jupyter news" in line or "new version" in line.lower()]
        assert not nags, f"a news or update prompt is shown (tools/lab/overrides.json not in effect?): {nags}"
        assert not browser.find_elements(By.CSS_SELECTOR, ".jp-Notification-Toast, .Toastify__toast"), \
            "a notification toast is shown: " + "; ".join(
                e.text for e in browser.find_elements(By.CSS_SELECTOR, ".jp-Notification-Toast, .Toastify__toast"))
        assert "Unknown" not in status_bar(), f"the kernel's state is unknown after running cells: {status_bar()!r}"
    finally:
        try:
            browser.save_screenshot(str(SCREENSHOT))
        except Exception as e:  # a dead browser must not hide the real failure
            print(f"no screenshot: {e}")

    kernels = lab.api("/api/kernels")
    assert len(kernels) == 1, f"the reloaded page should have reconnected to the one kernel, found {kernels}"
    log = lab.log()
    if "closed its websocket before the kernel was ready" not in log:
        print("note: the reload came after the kernel had connected, so the early-close case was not exercised")
    bad = [line for line in log.splitlines() if "Traceback" in line or "kernel_ws_protocol" in line or " 500 " in line]
    assert not bad, f"the server log has errors: {bad}\n{log[-4000:]}"
    assert (HOME / "notebooks" / NOTEBOOK).read_bytes() == notebook_before, f"the test changed notebooks/{NOTEBOOK}"
