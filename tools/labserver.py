"""Start a throw-away JupyterLab and a headless Chromium on it, for the browser test and benchmark.

Used by tests/test_browser.py and benchmarks/bench_browser.py. The server serves a fresh copy of
notebooks/ (JupyterLab autosaves into the files it opens), on a free port, with a token, its own
settings (no windowing, no news toasts) and is shut down through its API.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A JupyterLab process serving a copy of ``notebooks/``; use as a context manager."""

    def __init__(self, token: str = "tconv-test-token", notebooks: Path = ROOT / "notebooks"):
        self.token = token
        self.port = free_port()
        self.tmp = Path(tempfile.mkdtemp(prefix="tconv-lab-"))
        self.root = self.tmp / "root"
        self.notebooks = notebooks
        self.restore_notebooks()
        self.proc = None

    def restore_notebooks(self):
        """Copy the series (again) into the served folder, undoing what JupyterLab autosaved."""
        shutil.copytree(self.notebooks, self.root / "notebooks", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, ui: str = "lab") -> str:
        """The page of one notebook; in JupyterLab a workspace of its own, reset, so no other tab is restored."""
        if ui == "lab":
            workspace = Path(path).stem.replace("_", "-")
            return f"{self.base}/lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"
        return f"{self.base}/notebooks/{path}?token={self.token}"

    def _settings(self):
        settings = self.tmp / "settings"
        for name, value in {
            "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
                {"fetchNews": "false", "checkForUpdates": False},
        }.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        return settings

    def start(self, timeout: float = 60):
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(self._settings()),
                   JUPYTERLAB_WORKSPACES_DIR=str(self.tmp / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"))
        cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
               f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={self.root}",
               "--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"]
        # as `make lab` and Binder's postBuild do: the stored explorer pictures (SVG) render only in
        # trusted notebooks
        subprocess.run([sys.executable, "-m", "jupyter", "trust", *map(str, (self.root / "notebooks").glob("*.ipynb"))],
                       check=True, capture_output=True)
        self.log = open(self.tmp / "lab.log", "w")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early; see {self.tmp / 'lab.log'}:\n"
                                   + (self.tmp / "lab.log").read_text()[-2000:])
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2)
                return self
            time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(OSError):
                req = urllib.request.Request(f"{self.base}/api/shutdown?token={self.token}", method="POST")
                urllib.request.urlopen(req, timeout=5)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def shutdown_kernels(self):
        """Shut down every kernel the server runs: one server can then serve a whole test session without
        a kernel per notebook ever opened piling up."""
        def call(path, method="GET"):
            req = urllib.request.Request(f"{self.base}{path}?token={self.token}", method=method)
            with urllib.request.urlopen(req, timeout=30) as answer:
                return json.loads(answer.read() or b"null")
        for kernel in call("/api/kernels"):
            with contextlib.suppress(OSError):   # already gone with its session
                call(f"/api/kernels/{kernel['id']}", "DELETE")

    def restore_settings(self):
        """Back to the settings the server started with: a test may leave user settings behind (the
        Chinese interface; jupyterlab-slideshow stores an unfinished slideshow as ``active`` in its own)."""
        shutil.rmtree(self.tmp / "settings", ignore_errors=True)
        self._settings()

    def reset(self):
        """What one test changed, undone for the next: kernels, autosaved notebooks, user settings."""
        self.shutdown_kernels()
        self.restore_notebooks()
        self.restore_settings()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def launch_browser(playwright):
    """Debian's Chromium, headless, with the flags that keep it off the (closed) network."""
    # Scrollbars shown, as a reader's browser shows them (Playwright hides them by default): they take space.
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      ignore_default_args=["--hide-scrollbars"])


@contextlib.contextmanager
def chromium():
    """``launch_browser`` with Playwright started and everything closed afterwards."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = launch_browser(p)
        try:
            yield browser
        finally:
            browser.close()


# JavaScript run in the page: is the notebook's kernel connected and idle?
KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
}"""


def open_notebook(page, url: str, timeout_ms: int = 120_000):
    """Open a notebook page and wait until its cells are shown and its kernel is idle."""
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout_ms)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout_ms)


def open_and_run_all(page, url: str, timeout_ms: int = 120_000):
    """Open a notebook page, wait for its kernel, run every cell through the Run menu, wait until done."""
    open_notebook(page, url, timeout_ms)
    run_all(page, timeout_ms)


def run_all(page, timeout_ms: int = 120_000, menu: tuple[str, str] = ("Run", "Run All Cells")):
    """Run every cell through the Run menu, as a person would, and wait until all have run.
    ``menu``: the menu's and the item's labels (in a Chinese JupyterLab ("运行", "运行所有单元格"))."""
    page.get_by_role("menuitem", name=menu[0], exact=True).first.click()
    page.get_by_role("menuitem", name=menu[1], exact=True).first.click()
    # every code cell gets an execution count once it has run; then the kernel is idle again
    page.wait_for_function(
        """() => {
          const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
          return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", timeout=timeout_ms)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout_ms)
