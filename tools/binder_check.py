"""Binder rehearsal: do on this machine what repo2docker and mybinder.org do with binder/.

    python tools/binder_check.py            # `make binder-check`; tests/test_launch.py runs the same steps

1. resolve   ``pip install --dry-run`` of binder/requirements.txt. PyTorch's CPU wheel index is not
             reachable from the project's machines: then the line naming it is dropped from a temporary
             copy, so pip takes torch from this machine's own source (its configured find-links), and
             the output says so.
2. env       a fresh Python 3.11 venv (binder/runtime.txt) holding only binder/requirements.txt, cached
             under ~/.cache/tconv-notebooks/ keyed on the hash of the binder/ files it is built from.
3. repo      the repository as Binder clones it: the committed tree (with edits to tracked files),
             nothing untracked, no dev venv, `helpers` not installed.
4. postBuild run as ``./binder/postBuild`` from the repository root, with NB_PYTHON_PREFIX and PATH
             pointing at the environment (repo2docker's build step).
5. server    started as mybinder.org starts it: the BinderHub chart's launcher (``python3 -c ...``
             that execs ``jupyter-lab``) with BinderSpawner's arguments (base URL, token, ...), run from
             the repository root with HOME there too (REPO_DIR = HOME on Binder).
6. browser   the badge's URL (lab/tree/notebooks/00_index.ipynb): Run All; the "Next" link to 01;
             Run All; a slider moved with the keyboard redraws the picture; Next to 02 starts a third
             kernel, so 00's (the longest idle) is shut down: its tab still holds the notebook, saved,
             and says "No Kernel". Then Notebook 7: /tree lists the series, 01 runs, a slider redraws.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
SHOTS = ROOT / "artifacts" / "binder"
TORCH_CPU_HOST = "download.pytorch.org"
BASE_URL = "/user/rehearsal/"

sys.path.insert(0, str(ROOT))


def say(message: str) -> None:
    print(f"[binder-check] {message}", flush=True)


# ---------------------------------------------------------------- 1. resolve


def reachable(host: str, port: int = 443, timeout: float = 5) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
        return True
    except OSError:
        return False


def requirements_for_here(workdir: Path, lines: list[str] | None = None) -> tuple[Path, str | None]:
    """A requirements file for pip here: binder/requirements.txt (or ``lines``), without PyTorch's CPU
    index when that index is unreachable from this machine.

    Returns the file to give pip and, when substituted, a sentence saying so. (pip retries an
    unreachable index several times per package, so it is not even tried.)
    """
    source = BINDER / "requirements.txt"
    if lines is None:
        lines = source.read_text(encoding="utf-8").splitlines()
    index_lines = [ln for ln in lines if ln.startswith("--extra-index-url") and TORCH_CPU_HOST in ln]
    assert index_lines, "the requirements do not name PyTorch's CPU wheel index"
    copy = workdir / "requirements.txt"
    if reachable(TORCH_CPU_HOST):
        copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return copy, None
    # without that index, `torch==V` could resolve to the default index's multi-GB CUDA build: ask for
    # the CPU build by its full version instead, which only this machine's own wheel source holds
    kept = [re.sub(r"^(torch==[^+\s]+)$", r"\1+cpu", ln) for ln in lines if ln not in index_lines]
    copy.write_text("\n".join(kept) + "\n", encoding="utf-8")
    note = (f"{TORCH_CPU_HOST} is unreachable here: substituted this machine's own torch source for "
            f"`{index_lines[0]}` (pip's configured find-links) and asked for torch's CPU build by name (+cpu)")
    return copy, note


def dry_run(python: str = sys.executable) -> tuple[dict[str, str], str | None]:
    """What ``pip install --dry-run -r binder/requirements.txt`` would install: {name: version}, note."""
    with tempfile.TemporaryDirectory(prefix="tconv-resolve-") as tmp:
        requirements, note = requirements_for_here(Path(tmp))
        report = Path(tmp) / "report.json"
        _pip(python, "install", "--dry-run", "--ignore-installed", "--quiet", "--report", str(report),
             "-r", str(requirements))
        installs = json.loads(report.read_text())["install"]
    return {_name(i["metadata"]["name"]): i["metadata"]["version"] for i in installs}, note


def _pip(python: str, *args: str) -> None:
    """Run pip; its output (warnings about this machine's local index layout) only when it fails."""
    result = subprocess.run([python, "-m", "pip", *args], capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"pip {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# ---------------------------------------------------------------- 2. env


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tconv-notebooks"


def binder_python() -> str:
    runtime = (BINDER / "runtime.txt").read_text().strip()
    match = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert match, f"binder/runtime.txt should read python-3.N, not {runtime!r}"
    exe = shutil.which(f"python{match[1]}")
    assert exe, f"binder/runtime.txt asks for Python {match[1]}: python{match[1]} is not on the PATH"
    return exe


def environment() -> Path:
    """A venv built from binder/runtime.txt and binder/requirements.txt only; reused while they are unchanged."""
    python = binder_python()
    key = hashlib.sha256()
    for name in ("runtime.txt", "requirements.txt"):
        key.update((BINDER / name).read_bytes())
    key.update(subprocess.run([python, "-VV"], capture_output=True, text=True).stdout.encode())
    prefix = cache_dir() / f"binder-env-{key.hexdigest()[:12]}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{prefix}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test runs never build the same one at once
        if (prefix / ".complete").exists():
            say(f"environment: reusing {prefix} (same binder/ files)")
            return prefix
        shutil.rmtree(prefix, ignore_errors=True)
        say(f"environment: building {prefix} from binder/requirements.txt only")
        start = time.monotonic()
        subprocess.run([python, "-m", "venv", str(prefix)], check=True)
        with tempfile.TemporaryDirectory(prefix="tconv-env-") as tmp:
            requirements, note = requirements_for_here(Path(tmp))
            if note:
                say(note)
            _pip(str(prefix / "bin" / "python"), "install", "--quiet", "-r", str(requirements))
        (prefix / ".complete").touch()
        say(f"environment: built in {time.monotonic() - start:.0f} s")
    return prefix


# ---------------------------------------------------------------- 3. repo and 4. postBuild


def repository(dest: Path) -> Path:
    """The files a clone of this repository would hold (tracked files, with their working-tree edits)."""
    ref = subprocess.run(["git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@example.invalid",
                          "stash", "create"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip() or "HEAD"
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True,
                             check=True).stdout
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="tar")
    return dest


def clean_env(prefix: Path, home: Path) -> dict[str, str]:
    """The user's environment on Binder: the env first on PATH, HOME = the repository, nothing of ours
    but this machine's pip settings (PIP_*: where its packages come from)."""
    pip = {k: v for k, v in os.environ.items() if k.startswith("PIP_")}
    return {**pip, "PATH": f"{prefix / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(home),
            "NB_PYTHON_PREFIX": str(prefix), "KERNEL_PYTHON_PREFIX": str(prefix), "REPO_DIR": str(home),
            "LANG": "C.UTF-8", "PYTHONNOUSERSITE": "1", "PYTHONUNBUFFERED": "1"}


def post_build(prefix: Path, repo: Path) -> str:
    result = subprocess.run(["./binder/postBuild"], cwd=repo, env=clean_env(prefix, repo),
                            capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode:
        raise AssertionError(f"binder/postBuild failed ({result.returncode}):\n{output}")
    return output


# ---------------------------------------------------------------- 5. server

# BinderHub's Helm chart (helm-chart/binderhub/values.yaml, jupyterhub.singleuser.cmd) starts the
# image's server with this program: JupyterLab if jupyterlab >= 3 imports, else Jupyter Notebook.
BINDERHUB_LAUNCHER = """
import os
import sys

try:
    import jupyterlab
    import jupyterlab.labapp
    major = int(jupyterlab.__version__.split(".", 1)[0])
except Exception as e:
    print("Failed to import jupyterlab: {e}", file=sys.stderr)
    have_lab = False
else:
    have_lab = major >= 3

if have_lab:
    print("Launching jupyter-lab", file=sys.stderr)
    exe = "jupyter-lab"
else:
    print("jupyter-lab not found, launching jupyter-notebook", file=sys.stderr)
    exe = "jupyter-notebook"

os.execvp(exe, sys.argv)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BinderServer:
    """The rehearsal's Jupyter server, started as mybinder.org starts it; a context manager.

    ``extra_args`` are appended to the command line (they override config files).
    """

    def __init__(self, prefix: Path, repo: Path, extra_args: tuple[str, ...] = ()):
        self.prefix, self.repo, self.extra_args = prefix, repo, extra_args
        self.port, self.token = _free_port(), "binder-rehearsal-token"
        self.proc = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}{BASE_URL}"

    def url(self, path: str) -> str:
        return f"{self.base}{path}{'&' if '?' in path else '?'}token={self.token}"

    def api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(self.url(f"api/{path}"), method=method)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def start(self, timeout: float = 90):
        # BinderSpawner.get_args (binderhub/binderspawner_mixin.py), NotebookApp.* duplicated as ServerApp.*
        args = ["--ip=127.0.0.1", f"--port={self.port}", f"--NotebookApp.base_url={BASE_URL}",
                f"--NotebookApp.token={self.token}", "--NotebookApp.trust_xheaders=True"]
        args += [a.replace("--NotebookApp.", "--ServerApp.") for a in args if a.startswith("--NotebookApp.")]
        if os.getuid() == 0:  # Binder runs as a normal user; JupyterLab refuses root without this flag
            args.append("--allow-root")
        # the browser check reads kernel state from window.jupyterapp; changes nothing else
        args += ["--LabApp.expose_app_in_browser=True", "--JupyterNotebookApp.expose_app_in_browser=True"]
        cmd = [str(self.prefix / "bin" / "python3"), "-c", BINDERHUB_LAUNCHER, *args, *self.extra_args]
        self.log_path = self.repo / ".jupyter-server-log.txt"  # where repo2docker's entrypoint logs
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=self.repo, env=clean_env(self.prefix, self.repo),
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                self.api("status")
                return self
            time.sleep(0.3)
        raise RuntimeError(f"the server did not answer within {timeout} s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.api("shutdown", method="POST")
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 15)
                self.proc.wait(10)
        if self.proc:
            self.log.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@contextlib.contextmanager
def rehearsal_server(extra_args: tuple[str, ...] = ()):
    """Steps 2-5: environment, repository copy, postBuild, server. Yields the running BinderServer."""
    prefix = environment()
    with tempfile.TemporaryDirectory(prefix="tconv-binder-") as tmp:
        repo = repository(Path(tmp) / "repo")
        say("repository: tracked files copied (helpers/ not installed)")
        output = post_build(prefix, repo)
        say("postBuild: ran from the repository root, exit 0" + (f"\n{output}" if output else ""))
        with BinderServer(prefix, repo, extra_args) as server:
            say(f"server: started as BinderHub starts it, {server.base}")
            try:
                yield server
            except BaseException:
                sys.stderr.write(f"server log (tail):\n{server.log_path.read_text()[-3000:]}\n")
                raise


# ---------------------------------------------------------------- 6. browser

# the live explorer (helpers/js/controls.js): its picture and its state
PICTURE_JS = """el => el.querySelector('.tconv-picture-box').innerHTML + '|' + el.dataset.state"""


NOTE = "# my note: H_out = H + k - 1"
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in front (JupyterLab keeps others hidden)


def run_all(page, timeout_ms: int = 300_000):
    """Run All Cells from the Run menu; wait until the kernel has been busy and every cell has run."""
    from tools.labserver import KERNEL_IDLE_JS
    page.evaluate("""() => {
      const s = window.jupyterapp.shell.currentWidget.sessionContext;
      window.__tconvBusy = false;
      s.statusChanged.connect((_, status) => { if (status === 'busy') window.__tconvBusy = true; });
    }""")
    page.get_by_role("menuitem", name="Run", exact=True).first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).first.click()
    page.wait_for_function(f"""() => window.__tconvBusy && ({KERNEL_IDLE_JS})() &&
      ![...document.querySelectorAll('{CURRENT} .jp-InputPrompt')].some(p => p.textContent.includes('*'))""",
                           timeout=timeout_ms)


def _assert_clean(page, name: str):
    text = page.locator(f"{CURRENT} .jp-Notebook").inner_text()
    for bad in ("Traceback", "ModuleNotFoundError", "Error displaying widget"):
        assert bad not in text, f"{name}: the page shows {bad!r}"


def _move_slider(page, explorer):
    """Move the explorer's first movable control with an arrow key (in Lab and in Notebook 7; every control
    carries data-lm-suppress-shortcuts, so the notebook's arrow shortcuts leave it alone) and wait for a new
    picture; the notebook's active cell stays where it was."""
    before = explorer.evaluate(PICTURE_JS)
    control = explorer.locator(".tconv-control input[type=range]:not([disabled])").first
    at_max = control.evaluate("i => +i.value >= +i.max")
    control.focus()
    active = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
    control.press("ArrowLeft" if at_max else "ArrowRight")
    page.wait_for_function(f"([el, b]) => ({PICTURE_JS})(el) !== b",
                           arg=[explorer.element_handle(), before], timeout=20_000)
    assert page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex") == active, (
        "the arrow key moved the notebook's selection, not only the explorer")


def follow_next(page, timeout_ms: int = 120_000):
    """Click the notebook's last "Next" link (a new JupyterLab tab) and wait for its kernel."""
    from tools.labserver import KERNEL_IDLE_JS
    current = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")
    page.locator(f"{CURRENT} .jp-Notebook a", has_text="Next").last.click()
    page.wait_for_function("p => window.jupyterapp.shell.currentWidget.context.path !== p", arg=current,
                           timeout=timeout_ms)
    page.wait_for_selector(f"{CURRENT} .jp-Cell", timeout=timeout_ms)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout_ms)
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")


def smoke(server: BinderServer) -> list[str]:
    """Step 6. Returns what was checked, one line each; raises AssertionError on a failure."""
    from playwright.sync_api import sync_playwright

    from tools.labserver import launch_browser, open_notebook
    SHOTS.mkdir(parents=True, exist_ok=True)
    done = []
    with sync_playwright() as p:
        browser = launch_browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1600})
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        # the badge's urlpath
        open_notebook(page, server.url("lab/tree/notebooks/00_index.ipynb"))
        run_all(page)
        _assert_clean(page, "00_index")
        assert "torch 2.13.0+cpu" in page.locator(f"{CURRENT} .jp-Notebook").inner_text(), "not torch's CPU build"
        # a note of the student's own, typed at the end of the first code cell
        page.locator(f"{CURRENT} .jp-CodeCell .cm-content").first.click()
        page.keyboard.press("Control+End")
        page.keyboard.type(f"\n{NOTE}")
        page.keyboard.press("Escape")
        done.append("lab/tree/notebooks/00_index.ipynb: Run All, no error; a note typed into a cell")

        path = follow_next(page)
        assert path == "notebooks/01_basic_operation.ipynb", path
        run_all(page)
        _assert_clean(page, "01")
        explorer = page.locator(f"{CURRENT} .tconv-explorer.tconv-live").first
        explorer.scroll_into_view_if_needed()
        explorer.screenshot(path=str(SHOTS / "01_before.png"))
        _move_slider(page, explorer)
        explorer.screenshot(path=str(SHOTS / "01_after.png"))
        done.append("Next -> 01_basic_operation: Run All, no error; a slider moved (keyboard), picture redrawn")

        # a third kernel: the server keeps two, so 00's (idle longest) is shut down
        assert follow_next(page) == "notebooks/02_padding.ipynb"
        kernels = server.api("kernels")
        sessions = {s["path"]: s["kernel"]["id"] for s in server.api("sessions")}
        assert len(kernels) == 2, f"expected 2 running kernels after opening 00, 01, 02; got {len(kernels)}"
        assert "notebooks/00_index.ipynb" not in sessions, sessions
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="00_index.ipynb").click()
        page.wait_for_function("() => window.jupyterapp.shell.currentWidget.context.path"
                               " === 'notebooks/00_index.ipynb'")
        status = page.locator(f"{CURRENT} .jp-Toolbar-kernelName")
        page.wait_for_function("el => /No Kernel/.test(el.textContent)", arg=status.element_handle(),
                               timeout=30_000)
        assert NOTE in page.locator(f"{CURRENT} .jp-Notebook").inner_text(), "the typed note is gone"
        assert "helpers agrees with torch: True" in page.locator(f"{CURRENT} .jp-Notebook").inner_text()
        page.screenshot(path=str(SHOTS / "00_kernel_shut_down.png"))
        shown = status.inner_text().strip()
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty")
        assert NOTE in (server.repo / "notebooks" / "00_index.ipynb").read_text(), "the note was not saved"
        # running a cell there asks for a kernel
        page.locator(f"{CURRENT} .jp-CodeCell").first.click()
        page.keyboard.press("Shift+Enter")
        page.wait_for_function("el => !/No Kernel/.test(el.textContent)", arg=status.element_handle(),
                               timeout=30_000)
        page.screenshot(path=str(SHOTS / "00_run_without_kernel.png"))
        done.append(f"Next -> 02: {len(kernels)} kernels run, 00's was shut down; its tab still shows the "
                    f"notebook with the typed note (saved with Ctrl+S), toolbar {shown!r}; running a cell "
                    "there started a new kernel")

        assert not errors, f"JupyterLab page errors: {errors}"
        lab_errors = len(errors)

        # Notebook 7, where a /tree or /notebooks link lands
        page.goto(server.url("tree/notebooks"))
        page.get_by_text("01_basic_operation.ipynb").first.wait_for(timeout=60_000)
        assert page.get_by_text("10_upsampling_in_practice.ipynb").count() >= 1
        done.append("Notebook 7 /tree/notebooks lists the series")
        tree_errors = errors[lab_errors:]
        done.append(f"Notebook 7 /tree page errors (left as they are): {tree_errors}")
        page.goto(server.url("notebooks/notebooks/01_basic_operation.ipynb"))
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        from tools.labserver import KERNEL_IDLE_JS
        page.wait_for_function(KERNEL_IDLE_JS, timeout=120_000)
        run_all(page)
        _assert_clean(page, "Notebook 7 01")
        explorer = page.locator(".tconv-explorer.tconv-live").first
        explorer.scroll_into_view_if_needed()
        _move_slider(page, explorer)
        explorer.screenshot(path=str(SHOTS / "notebook7_01_after.png"))
        done.append("Notebook 7 /notebooks/notebooks/01_basic_operation.ipynb: Run All, no error; "
                    "a slider moved (arrow key), picture redrawn")
        version = page.evaluate("() => window.jupyterapp && window.jupyterapp.version")
        browser.close()
    done.append(f"JupyterLab: no page errors; Notebook 7: {errors[lab_errors + len(tree_errors):]}")
    done.append(f"screenshots in {SHOTS.relative_to(ROOT)}/ (Notebook 7 app {version})")
    return done


# ---------------------------------------------------------------- a JupyterHub with nbgitpuller

NBGITPULLER = "nbgitpuller==1.3.0"


def hub_commands() -> str:
    """The commands README.md's "JupyterHub" section gives a hub admin (its first ```sh block)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## On a JupyterHub\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README.md has no '## On a JupyterHub' section"
    block = re.search(r"```sh\n(.*?)```", section[1], re.S)
    assert block, "README.md's JupyterHub section has no ```sh block"
    assert NBGITPULLER in block[1], f"the hub commands should install {NBGITPULLER}"
    return block[1]


def hub_environment() -> Path:
    """A venv made by running the README's hub commands from a copy of the repository; cached."""
    python = binder_python()
    commands = hub_commands()
    key = hashlib.sha256(commands.encode())
    for path in sorted(BINDER.iterdir()):
        key.update(path.read_bytes())
    prefix = cache_dir() / f"hub-env-{key.hexdigest()[:12]}"
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{prefix}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (prefix / ".complete").exists():
            say(f"hub image: reusing {prefix}")
            return prefix
        shutil.rmtree(prefix, ignore_errors=True)
        say(f"hub image: running README.md's hub commands into {prefix}")
        subprocess.run([python, "-m", "venv", str(prefix)], check=True)
        with tempfile.TemporaryDirectory(prefix="tconv-hub-build-") as tmp:
            repo = repository(Path(tmp) / "repo")
            requirements, note = requirements_for_here(Path(tmp))
            if note:
                say(note)
                shutil.copy(requirements, repo / "binder" / "requirements.txt")
            env = clean_env(prefix, Path(tmp))
            del env["NB_PYTHON_PREFIX"], env["KERNEL_PYTHON_PREFIX"]
            result = subprocess.run(["bash", "-euo", "pipefail", "-c", commands], cwd=repo, env=env,
                                    capture_output=True, text=True)
            if result.returncode:
                raise AssertionError(f"the README's hub commands failed:\n{result.stdout[-2000:]}\n"
                                     f"{result.stderr[-3000:]}")
        (prefix / ".complete").touch()
    return prefix


def hub_check() -> list[str]:
    """The README's nbgitpuller link, opened on a server of the hub image: the series clones and runs.

    JupyterHub itself is not run: the link's part after /hub/user-redirect/ is opened directly on the
    user's server (JupyterLab from the hub image, in an empty home directory).
    """
    from playwright.sync_api import sync_playwright

    from tools.labserver import launch_browser
    prefix = hub_environment()
    done = []
    with tempfile.TemporaryDirectory(prefix="tconv-hub-") as tmp:
        # the course repository: this tree committed on a branch `main` of a repository named tconv-notebooks
        source = repository(Path(tmp) / "github" / "tconv-notebooks")
        git = ["git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@example.invalid"]
        subprocess.run(["git", "init", "--quiet", "-b", "main"], cwd=source, check=True)
        subprocess.run(["git", "add", "-A"], cwd=source, check=True)
        subprocess.run([*git, "commit", "--quiet", "-m", "series"], cwd=source, check=True)
        home = Path(tmp) / "home" / "student"
        home.mkdir(parents=True)
        link = hub_link().split("/hub/user-redirect/", 1)[1]
        link = link.replace("https%3A%2F%2Fgithub.com%2Ftconv-notebooks%2Ftconv-notebooks",
                            urllib.parse.quote(f"file://{source}", safe=""))
        with BinderServer(prefix, home, ("--ServerApp.root_dir=" + str(home),)) as server:
            say(f"hub: the student's server (JupyterLab from the hub image), home {home}")
            with sync_playwright() as p:
                browser = launch_browser(p)
                page = browser.new_page(viewport={"width": 1400, "height": 1600})
                from tools.labserver import open_notebook
                page.goto(server.url(link))
                page.wait_for_url("**/lab/tree/tconv-notebooks/notebooks/00_index.ipynb**", timeout=120_000)
                open_notebook(page, page.url)
                run_all(page)
                _assert_clean(page, "00_index from nbgitpuller")
                text = page.locator(f"{CURRENT} .jp-Notebook").inner_text()
                assert "helpers agrees with torch: True" in text, "00's check cell did not print its result"
                assert "torch 2.13.0+cpu" in text, "the hub image does not hold torch's CPU build"
                page.screenshot(path=str(SHOTS / "hub_00_after_nbgitpuller.png"))
                browser.close()
            assert (home / "tconv-notebooks" / "notebooks" / "helpers").is_symlink()
            done.append(f"{link.split('?')[0]}?repo=<the series>...: nbgitpuller cloned into "
                        f"~/tconv-notebooks and opened 00_index; Run All printed 'torch 2.13.0+cpu' and "
                        "'helpers agrees with torch: True'")
    return done


def hub_link() -> str:
    """The nbgitpuller link README.md gives (in its JupyterHub section)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## On a JupyterHub\n(.*?)(?=^## )", readme, re.S | re.M)
    match = re.search(r"https://HUB/hub/user-redirect/git-pull\?\S+", section[1])
    assert match, "README.md's JupyterHub section has no nbgitpuller link"
    return match[0]


def main() -> int:
    versions, note = dry_run(binder_python())
    if note:
        say(note)
    say("resolve: pip install --dry-run -r binder/requirements.txt -> "
        + ", ".join(f"{n}=={versions[n]}" for n in ("jupyterlab", "notebook", "ipywidgets", "torch")))
    with rehearsal_server() as server:
        for line in smoke(server):
            say(f"browser: {line}")
    for line in hub_check():
        say(f"hub: {line}")
    say("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
