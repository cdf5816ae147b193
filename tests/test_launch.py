"""Launching the series elsewhere: Binder, the conda route, a plain clone (a JupyterHub with nbgitpuller).

- every Binder/conda pin equals pyproject.toml, and pip resolves the Binder requirements (and the conda
  file's pip part) to exactly those versions with PyTorch's CPU build;
- a plain clone runs notebooks in an environment with the dependencies but without the project;
- the Binder rehearsal (tools/binder_check.py, marker `browser`): environment from binder/ only,
  postBuild, the server started as mybinder.org starts it, 00 -> 01 -> 02 in Chromium, Notebook 7.
The environment built from binder/ is cached by its files' hash (~/.cache/tconv-notebooks/).
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import tomllib
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import ROOT

from tools import binder_check, binder_pins

TORCH_CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"


def _name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


LINUX, NOT_LINUX = 'sys_platform == "linux"', 'sys_platform != "linux"'


def _pins(lines):
    """{name: version} of the exact pins among requirement lines, as they apply on Linux (Binder, a hub)."""
    pins = {}
    for line in lines:
        requirement, _, marker = line.partition(";")
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", requirement.strip())
        if match and marker.split("#")[0].strip() in ("", LINUX):
            pins[_name(match[1])] = match[2]
    return pins


def _pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _pins(project["dependencies"])
    test = _pins(project["optional-dependencies"]["test"])
    assert len(runtime) == len(project["dependencies"]), "pyproject.toml: every dependency is an exact pin"
    return runtime, test


def _requirement_lines():
    text = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


@pytest.fixture(scope="module")
def binder_env():
    """The environment built from binder/ only (cached by the hash of binder/requirements.txt, runtime.txt)."""
    return binder_check.environment()


# ---------------------------------------------------------------- Binder files


def test_binder_is_the_pip_route_on_python_3_11():
    """requirements.txt + runtime.txt: repo2docker's Python buildpack, which honours runtime.txt."""
    files = {p.name for p in (ROOT / "binder").iterdir()}
    assert {"requirements.txt", "runtime.txt", "postBuild"} <= files
    # these would switch repo2docker to another buildpack: conda (environment.yml, which ignores
    # runtime.txt), pipenv, Julia, R, or the image's own Dockerfile
    assert not files & {"environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock", "Dockerfile",
                        "Project.toml", "REQUIRE", "install.R"}, files
    # these keep the Python buildpack but add steps no other route has: setup.py (pip install of the
    # project; nothing of it is installed on Binder, notebooks/helpers is a link) and apt.txt (Debian
    # packages, e.g. a font, on Binder only; the CJK font comes from pyproject.toml's pins instead)
    assert not files & {"setup.py", "apt.txt"}, files
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_binder_requirements_equal_pyproject_pins():
    runtime, test = _pyproject()
    lines = _requirement_lines()
    pins = _pins(lines)
    assert len(pins) == len(lines) - 2, f"every line but the index (and torch off Linux) is an exact pin: {lines}"
    assert lines[0] == TORCH_CPU_INDEX, "torch must come from PyTorch's CPU wheel index (no CUDA build)"
    # on Linux the CPU build by its full version, which PyPI lacks: a dead index fails, never CUDA
    torch = runtime["torch"]
    assert f'torch=={torch}+cpu; {LINUX}' in lines and f'torch=={torch}; {NOT_LINUX}' in lines, lines
    assert pins.keys() >= runtime.keys(), f"binder/requirements.txt lacks {runtime.keys() - pins.keys()}"
    for name, version in pins.items():
        expected = runtime.get(name, test.get(name)) + ("+cpu" if name == "torch" else "")
        assert version == expected, f"binder/requirements.txt: {name}=={version}, pyproject.toml pins {expected}"
    # what a student's page and kernel run: the tested Notebook 7 and ipykernel
    assert pins["notebook"] == test["notebook"] and pins["ipykernel"] == test["ipykernel"]


def test_binder_requirements_are_generated_from_pyproject():
    """A pin change in pyproject.toml is mirrored by running tools/binder_pins.py."""
    assert (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8") == binder_pins.render(), \
        "binder/requirements.txt is out of date: run `python tools/binder_pins.py`"


def test_conda_environment_is_python_and_pip_installing_the_project():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["name"] == "tconv-notebooks" and env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d["pip"] for d in env["dependencies"] if isinstance(d, dict)]
    assert conda == ["python=3.11", "pip"], "conda supplies only Python and pip"
    assert [[line.split("  #")[0].strip() for line in part] for part in pip] == \
        [[TORCH_CPU_INDEX, f'torch=={_pyproject()[0]["torch"]}+cpu; {LINUX}', "-e .[test]"]], pip


def _dry_run(lines, tmp_path):
    """{name: version} pip would install for these requirement lines (from the repository root)."""
    requirements, note = binder_check.requirements_for_here(tmp_path, lines)
    if note:
        print(note)
        warnings.warn(note, stacklevel=2)
    report = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                             "--quiet", "--report", str(report), "-r", str(requirements)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return {_name(i["metadata"]["name"]): i["metadata"]["version"] for i in json.loads(report.read_text())["install"]}


def _assert_resolved(resolved, pins):
    for name, version in pins.items():
        expected = f"{version}+cpu" if name == "torch" and not version.endswith("+cpu") else version
        assert resolved.get(name) == expected, f"{name}: pip chose {resolved.get(name)}, expected {expected}"
    cuda = sorted(n for n in resolved if n.startswith("nvidia-") or "cuda" in n or n == "triton")
    assert not cuda, f"a CUDA build slipped in: {cuda}"


@pytest.mark.launch
def test_binder_requirements_resolve_to_the_pins_with_cpu_torch(tmp_path):
    runtime, test = _pyproject()
    resolved = _dry_run(_requirement_lines(), tmp_path)
    _assert_resolved(resolved, _pins(_requirement_lines()))
    assert resolved["torch"] == f"{runtime['torch']}+cpu"


def _torch_with_a_dead_cpu_index(lines, tmp_path):
    """pip's dry run of torch ``lines`` (no dependencies) with the CPU index unreachable and PyPI as the
    default index, as on a Binder build whose CPU index is down: (returncode, stderr, report or None)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    requirements, report = tmp_path / "torch.txt", tmp_path / "torch.json"
    requirements.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PIP_FIND_LINKS"}   # not this machine's own wheel
    env["PIP_CONFIG_FILE"] = os.devnull
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
                             "--no-deps", "--retries", "0", "--timeout", "15", "--extra-index-url",
                             "http://127.0.0.1:9/whl/cpu", "--report", str(report), "-r", str(requirements)],
                            env=env, capture_output=True, text=True, timeout=300)
    return result.returncode, result.stderr, json.loads(report.read_text()) if report.exists() else None


def test_a_dead_cpu_index_fails_the_binder_install_instead_of_taking_cuda_torch(tmp_path):
    """binder/requirements.txt's torch lines fail at once when PyTorch's index is unreachable; a plain
    ``torch==2.13.0`` (as before) quietly resolved to PyPI's CUDA build."""
    torch_lines = [line for line in _requirement_lines() if line.startswith("torch==")]
    code, stderr, _ = _torch_with_a_dead_cpu_index(torch_lines, tmp_path / "now")
    assert code != 0 and "No matching distribution found for torch==2.13.0+cpu" in stderr, stderr[-2000:]
    code, stderr, report = _torch_with_a_dead_cpu_index(["torch==2.13.0"], tmp_path / "before")
    if code:
        pytest.skip(f"PyPI is not reachable here to show the old line's CUDA build: {stderr[-300:]}")
    torch = report["install"][0]["metadata"]
    assert torch["version"] == "2.13.0" and any(r.startswith("nvidia-") for r in torch["requires_dist"])


@pytest.mark.launch
def test_conda_pip_part_resolves_to_the_pins_with_cpu_torch(tmp_path):
    runtime, test = _pyproject()
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    lines = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    resolved = _dry_run(lines, tmp_path)
    _assert_resolved(resolved, {**runtime, **test})
    assert resolved["tconv-notebooks"] == "0.1.0"


def test_post_build_is_strict_and_installs_the_settings():
    post_build = ROOT / "binder" / "postBuild"
    text = post_build.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n") and "set -euo pipefail" in text.splitlines()
    assert os.access(post_build, os.X_OK), "binder/postBuild is not executable"
    assert "pip install" not in text, "nothing of the project is installed: notebooks/helpers is a link"
    commands = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    assert commands[-1] == 'python tools/install_settings.py --prefix "${NB_PYTHON_PREFIX}"', commands


def _recipe(target):
    """The commands of one Makefile target."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)+)", text, re.M)
    assert match, f"Makefile has no target {target}"
    return [line.strip() for line in match[1].splitlines()]


def test_every_route_runs_the_one_post_install_step():
    """Binder/hub (postBuild), `make env`, `make lab`/`lab-zh` and the conda route (README) all use
    tools/install_settings.py; nothing else copies the settings or trusts notebooks."""
    env = _recipe("$(STAMP)")
    assert "$(PY) tools/install_settings.py" in env and not [c for c in env if c.startswith("cp ")], env
    for target in ("lab", "lab-zh"):
        assert _recipe(target)[0] == "$(PY) tools/install_settings.py --trust-only", _recipe(target)
    conda = re.search(r"^### With conda\n(.*?)(?=^#)", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M)[1]
    block = re.search(r"```sh\n(.*?)```", conda, re.S)[1].splitlines()
    assert block.index("python tools/install_settings.py") == block.index("conda activate tconv-notebooks") + 1
    assert "python tools/install_settings.py" in (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "jupyter trust" not in (ROOT / "Makefile").read_text() + (ROOT / "binder" / "postBuild").read_text()


def _run_install_settings(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path / "home"))
    return subprocess.run([sys.executable, "tools/install_settings.py", "--prefix", str(tmp_path / "prefix"), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def test_install_settings_into_a_temp_prefix_trusts_both_editions(tmp_path):
    import nbformat
    from nbformat.sign import NotebookNotary
    for _ in range(2):                                          # running it again is harmless
        result = _run_install_settings(tmp_path)
        assert result.returncode == 0, result.stderr
    prefix = tmp_path / "prefix"
    for source, target in (("overrides.json", "share/jupyter/lab/settings/overrides.json"),
                           ("jupyter_server_config.py", "etc/jupyter/jupyter_server_config.py")):
        assert (prefix / target).read_bytes() == (ROOT / "binder" / source).read_bytes(), target
    notary = NotebookNotary(data_dir=str(tmp_path / "data"))
    for name in ("00_index.ipynb", "zh/00_index.ipynb", "zh/07_matrix_view.ipynb", "solutions.ipynb"):
        nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        assert notary.check_signature(nb), f"notebooks/{name} is not trusted"
    nb.cells[0].source += " changed"
    assert not notary.check_signature(nb), "the check could not fail"


def test_install_settings_leaves_a_foreign_server_config_alone(tmp_path):
    config = tmp_path / "prefix" / "etc" / "jupyter" / "jupyter_server_config.py"
    config.parent.mkdir(parents=True)
    config.write_text("c.ServerApp.ip = '0.0.0.0'\n")
    result = _run_install_settings(tmp_path, "--no-trust")
    assert result.returncode != 0 and "not overwriting" in result.stderr
    assert config.read_text() == "c.ServerApp.ip = '0.0.0.0'\n"


# ---------------------------------------------------------------- torch's CPU build for `make env`


def _report(*packages):
    return {"install": [{"metadata": {"name": n, "version": v}} for n, v in packages]}


def test_a_pip_report_with_cuda_torch_is_not_the_cpu_build():
    from tools import install_torch
    pypi_linux = _report(("torch", "2.13.0"), ("nvidia-cublas-cu12", "12.8.4.1"), ("triton", "3.5.0"))
    assert not install_torch.is_cpu_build(pypi_linux)
    assert install_torch.is_cpu_build(_report(("torch", "2.13.0+cpu"), ("sympy", "1.14.0")))
    assert install_torch.is_cpu_build(_report(("torch", "2.13.0"), ("sympy", "1.14.0")))  # macOS, a CPU mirror
    assert not install_torch.is_cpu_build(_report(("sympy", "1.14.0")))


def test_make_env_takes_torch_cpu_from_this_machines_sources():
    """Here the CPU wheel lies on local disk (pip's find-links) and download.pytorch.org is out of reach:
    the plan installs from the machine's own sources, without the CPU index."""
    from tools import install_torch
    pip_args, why = install_torch.plan(install_torch.torch_pin())
    assert pip_args == ["torch==2.13.0"] and "2.13.0+cpu" in why, (pip_args, why)


def test_unreachable_cpu_index_fails_fast_with_what_to_do():
    """No CPU build anywhere (the index unreachable, the default index without it): exit 1 within seconds,
    saying what to do, instead of pip's retries and PyPI's CUDA build."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    start = time.monotonic()
    result = subprocess.run([sys.executable, "tools/install_torch.py", "--dry-run", "--cpu-index",
                             "http://127.0.0.1:9/whl/cpu", "--pip-arg=--index-url=http://127.0.0.1:9/simple"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert time.monotonic() - start < 60
    for words in ("torch==2.13.0+cpu", "CUDA build", "make env TORCH_CPU=0", "pip install ./torch-2.13.0+cpu"):
        assert words in result.stderr, result.stderr


def test_make_env_installs_torch_cpu_first_and_checks_for_cuda():
    env = _recipe("$(STAMP)")
    first, project, check = (next(i for i, c in enumerate(env) if key in c) for key in
                             ("tools/install_torch.py)", 'pip install -e ".[test]"', "install_torch.py --check"))
    assert first < project < check, env


def test_post_build_installs_the_settings_and_trusts_both_editions(tmp_path):
    """postBuild run as repo2docker runs it (this Python's environment standing in for Binder's)."""
    import nbformat
    from nbformat.sign import NotebookNotary
    repo = binder_check.repository(tmp_path / "repo")
    env = binder_check.clean_env(Path(sys.prefix), repo)
    env.update(NB_PYTHON_PREFIX=str(tmp_path / "prefix"), JUPYTER_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(["./binder/postBuild"], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "prefix" / "etc" / "jupyter" / "jupyter_server_config.py").exists()
    assert (tmp_path / "prefix" / "share" / "jupyter" / "lab" / "settings" / "overrides.json").exists()
    notary = NotebookNotary(data_dir=str(tmp_path / "data"))
    for name in ("01_basic_operation.ipynb", "zh/01_basic_operation.ipynb"):
        assert notary.check_signature(nbformat.read(repo / "notebooks" / name, as_version=4)), name


@pytest.mark.launch
def test_post_build_fails_when_the_helpers_link_is_broken(binder_env, tmp_path):
    """The build stops at postBuild, not in the student's first cell."""
    repo = binder_check.repository(tmp_path / "repo")
    (repo / "notebooks" / "helpers").unlink()
    env = binder_check.clean_env(binder_env, repo)
    env["NB_PYTHON_PREFIX"] = str(tmp_path / "prefix")
    result = subprocess.run(["./binder/postBuild"], cwd=repo, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "No module named 'helpers'" in result.stderr
    assert not (tmp_path / "prefix").exists(), "postBuild went on after the failed import"


# ---------------------------------------------------------------- a plain clone


def test_helpers_link_is_a_relative_symlink_in_git():
    link = ROOT / "notebooks" / "helpers"
    assert link.is_symlink() and os.readlink(link) == "../helpers"
    assert link.resolve() == (ROOT / "helpers").resolve()
    staged = subprocess.run(["git", "ls-files", "-s", "notebooks/helpers"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout
    assert staged.startswith("120000 "), f"git must store notebooks/helpers as a symlink: {staged!r}"


@pytest.mark.launch
def test_plain_clone_runs_notebooks_without_the_project_installed(binder_env, tmp_path):
    """What nbgitpuller does (a shallow `git clone`), then two notebooks run in an environment that
    has the dependencies (binder/requirements.txt) but not the project."""
    clone = tmp_path / "tconv-notebooks"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", str(clone)], check=True)
    diff = subprocess.run(["git", "diff", "HEAD", "--binary"], cwd=ROOT, capture_output=True, check=True).stdout
    if diff:  # this working tree's edits to tracked files, so the test checks what would be committed
        subprocess.run(["git", "apply", "-"], cwd=clone, input=diff, check=True)
    env = binder_check.clean_env(binder_env, clone)
    python = str(binder_env / "bin" / "python")
    outside = subprocess.run([python, "-c", "import helpers"], cwd="/", env=env, capture_output=True, text=True)
    assert "No module named 'helpers'" in outside.stderr, "the environment must not have the project installed"
    for name in ("01_basic_operation.ipynb", "07_matrix_view.ipynb"):
        result = subprocess.run(
            [str(binder_env / "bin" / "jupyter"), "nbconvert", "--to", "notebook", "--execute",
             "--ExecutePreprocessor.timeout=600", "--output-dir", str(tmp_path / "out"), f"notebooks/{name}"],
            cwd=clone, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{name} failed in a plain clone:\n{result.stderr[-3000:]}"
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        assert '"output_type": "error"' not in text
        assert str(clone / "notebooks" / "helpers") in subprocess.run(
            [python, "-c", "import helpers; print(helpers.__file__)"], cwd=clone / "notebooks", env=env,
            capture_output=True, text=True).stdout


# ---------------------------------------------------------------- the Binder rehearsal


@pytest.mark.launch
@pytest.mark.browser
def test_binder_rehearsal(binder_env):
    with binder_check.rehearsal_server() as server:
        done = binder_check.smoke(server)
    for line in done:
        print(line)
    assert any("00's was shut down" in line for line in done)
    assert any("Notebook 7 /notebooks" in line for line in done)


def test_readme_gives_a_hub_the_route_to_trusted_notebooks():
    """Trust is per user and nbgitpuller clones after the server starts, so the hub trusts at start-up:
    a postStart hook that pulls with nbgitpuller's `gitpuller` and runs tools/install_settings.py."""
    section = re.search(r"^## On a JupyterHub\n(.*?)(?=^## )", (ROOT / "README.md").read_text(encoding="utf-8"),
                        re.S | re.M)[1]
    hook = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S)[1])
    command = hook["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[:2] == ["sh", "-c"]
    steps = command[2].split(" && ")
    assert steps[1] == "gitpuller https://github.com/tconv-notebooks/tconv-notebooks main tconv-notebooks"
    assert steps[-1] == "python tools/install_settings.py --trust-only"
    assert "--trust-only" in (ROOT / "tools" / "install_settings.py").read_text()


@pytest.mark.launch
@pytest.mark.browser
def test_hub_commands_and_nbgitpuller_link():
    """README's hub commands build a working image; its nbgitpuller link clones a series that runs."""
    done = binder_check.hub_check()
    print(*done, sep="\n")
    assert any("helpers agrees with torch: True" in line for line in done)


# ---------------------------------------------------------------- the kernel limit


def _kernel_manager_class():
    """RecentKernelsManager, loaded from binder/jupyter_server_config.py as the server loads it."""
    namespace = {"get_config": lambda: __import__("traitlets.config", fromlist=["Config"]).Config()}
    exec(compile((ROOT / "binder" / "jupyter_server_config.py").read_text(), "jupyter_server_config.py", "exec"),
         namespace)
    cls = namespace["c"].ServerApp.kernel_manager_class
    assert cls is namespace["RecentKernelsManager"]
    return cls


class _FakeKernels:
    """RecentKernelsManager with its parent's start and shutdown replaced: a start takes ``delay`` seconds
    (other starts run meanwhile, as on a server) and leaves the kernel "starting"; ``peak`` is the most
    kernels that ever ran at once."""

    def __init__(self, monkeypatch, tmp_path, delay=0.02):
        from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
        self.manager = manager = _kernel_manager_class()(root_dir=str(tmp_path))
        self.shut, self.peak, self.fail_next = [], 0, False
        count = iter(range(1000))
        fake = self

        async def start(self, *, kernel_id=None, path=None, **kwargs):
            if kernel_id in self._kernels:          # as jupyter_server: an existing kernel is reused
                return kernel_id
            await asyncio.sleep(delay)
            if fake.fail_next:
                fake.fail_next = False
                raise RuntimeError("kernel failed to start")
            kid = kernel_id or f"k{next(count)}"
            self._kernels[kid] = SimpleNamespace(execution_state="starting", last_activity=_now())
            fake.peak = max(fake.peak, len(self._kernels))
            return kid

        async def shutdown(kid, *args, **kwargs):
            await asyncio.sleep(delay / 4)
            fake.shut.append(kid)
            del manager._kernels[kid]

        monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
        monkeypatch.setattr(manager, "shutdown_kernel", shutdown)

    async def start(self, n=1):
        """n kernels started at once (restored tabs, fast clicks); their ids."""
        return await asyncio.gather(*(self.manager.start_kernel(path="notebooks") for _ in range(n)))

    def use(self, kid):
        """A cell run or a slider moved: the kernel's last_activity moves on (as record_activity does)."""
        time.sleep(0.002)
        self.manager._kernels[kid].execution_state = "idle"
        self.manager._kernels[kid].last_activity = _now()

    @property
    def running(self):
        return set(self.manager._kernels)


def _now():
    import datetime as dt
    return dt.datetime.now(dt.UTC)


def test_kernel_limit_is_two_and_the_longest_idle_kernel_goes_first(monkeypatch, tmp_path):
    fake = _FakeKernels(monkeypatch, tmp_path)
    assert fake.manager.max_kernels == 2

    async def walk():
        [a] = await fake.start()
        fake.use(a)
        [b] = await fake.start()
        fake.use(b)
        fake.use(a)                               # a used after b: b is idle longest
        [c] = await fake.start()
        assert fake.shut == [b] and fake.running == {a, c}
        await fake.manager.start_kernel(kernel_id=c, path="notebooks")  # a restart is not a new kernel
        assert fake.shut == [b]

    asyncio.run(walk())


def test_reload_with_twelve_tabs_open_starts_two_kernels_not_twelve(monkeypatch, tmp_path):
    """A reload restores 00-11: twelve starts at once. Before, each saw only "starting" kernels, which
    it never stopped: 12 kernels (4 GB)."""
    fake = _FakeKernels(monkeypatch, tmp_path)

    async def reload():
        [mine] = await fake.start()
        fake.use(mine)                             # the notebook the student was working in
        await fake.start(12)
        assert len(fake.running) == 2 and fake.peak == 2, (fake.running, fake.peak)
        assert mine in fake.running, "the kernel the student was using was shut down"

    asyncio.run(reload())


def test_kernels_still_starting_count_and_can_be_stopped(monkeypatch, tmp_path):
    fake = _FakeKernels(monkeypatch, tmp_path)

    async def fast_next_clicks():
        [a] = await fake.start()
        fake.use(a)
        for _ in range(4):                         # "Next" clicked before each kernel was idle
            await fake.start()
        assert len(fake.running) == 2 and a in fake.running
        assert all(fake.manager._kernels[k].execution_state == "starting" for k in fake.running - {a})

    asyncio.run(fast_next_clicks())


def test_hub_link_clicked_again_keeps_the_limit_and_the_kernel_in_use(monkeypatch, tmp_path):
    """A second click opens another JupyterLab tab: its restored notebooks reconnect to running kernels
    (a start with their id) and start new ones for the others, all at once."""
    fake = _FakeKernels(monkeypatch, tmp_path)

    async def click_again():
        [a, b] = await fake.start(2)
        fake.use(b)
        fake.use(a)
        await asyncio.gather(fake.manager.start_kernel(kernel_id=a, path="notebooks"),
                             fake.manager.start_kernel(kernel_id=b, path="notebooks"),
                             *(fake.manager.start_kernel(path="notebooks") for _ in range(3)))
        assert len(fake.running) == 2 and a in fake.running and fake.peak == 2

    asyncio.run(click_again())


def test_a_busy_kernel_is_never_shut_down(monkeypatch, tmp_path):
    fake = _FakeKernels(monkeypatch, tmp_path)

    async def busy():
        [a, b] = await fake.start(2)
        fake.use(b)
        fake.use(a)
        fake.manager._kernels[b].execution_state = "busy"   # b idle longest, but running a cell
        [c] = await fake.start()
        assert fake.running == {a, b, c} and not fake.shut  # a third kernel rather than lost work

    asyncio.run(busy())


def test_a_failed_start_does_not_block_later_starts(monkeypatch, tmp_path):
    fake = _FakeKernels(monkeypatch, tmp_path)

    async def failing():
        fake.fail_next = True
        with pytest.raises(RuntimeError):
            await fake.start()
        [a] = await asyncio.wait_for(fake.start(), timeout=5)
        assert fake.running == {a}

    asyncio.run(failing())


def test_server_keeps_two_kernels_when_six_start_at_once(tmp_path):
    """jupyter_server with binder/jupyter_server_config.py on localhost; six POST /api/kernels at once."""
    from concurrent.futures import ThreadPoolExecutor
    from urllib.request import Request, urlopen

    from tools.labserver import free_port
    port, token = free_port(), "tconv-kernel-limit"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "HOME": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", f"--config={ROOT / 'binder' / 'jupyter_server_config.py'}",
         "--no-browser", f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={tmp_path}", "--ServerApp.allow_root=True"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def api(method, path):
        request = Request(f"http://127.0.0.1:{port}/api/{path}", method=method, data=b"{}" if method == "POST" else None,
                          headers={"Authorization": f"token {token}"})
        with urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api("GET", "kernels")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(lambda _: api("POST", "kernels"), range(6)))
        assert [status for status, _ in answers] == [201] * 6
        _, running = api("GET", "kernels")
        assert len(running) == 2, running
        assert {k["id"] for k in running} <= {k["id"] for _, k in answers}
    finally:
        server.terminate()
        _, log = server.communicate(timeout=60)
    assert "to keep at most 2 kernels" in log, log[-2000:]


# ---------------------------------------------------------------- what a student is told


def _index_notes(path):
    import nbformat
    nb = nbformat.read(path, as_version=4)
    return {cell.get("id"): cell.source for cell in nb.cells if cell.cell_type == "markdown"}


@pytest.mark.parametrize("edition, words", [
    # the explorers compute and draw in the browser (issue 18): they keep moving without a kernel
    ("00_index.ipynb", {"idx-04-n": ("compute and draw in your browser", "kernel has stopped", "No Kernel",
                                     "Run ▸ Run All Cells"),
                        "idx-06-n": ("explorers keep working", "10 minutes without activity", "100 students",
                                     "open the Binder link again")}),
    ("zh/00_index.ipynb", {"idx-04-n": ("直接在你的浏览器里计算和作图", "内核停止之后", "无内核", "运行 ▸ 运行所有单元格"),
                           "idx-06-n": ("探索器照样能用", "10 分钟没有任何活动", "100 名学生", "重新打开 Binder 链接")}),
])
def test_index_tells_a_student_when_the_kernel_has_stopped(edition, words):
    """A stopped kernel (the two-kernel limit, Binder's 10-minute idle cull) shows only as a slider whose
    picture no longer changes: both indexes' "how to use the series" notes say so and what to do."""
    notes = _index_notes(ROOT / "notebooks" / edition)
    for cell, phrases in words.items():
        for phrase in phrases:
            assert phrase in notes[cell], f"{edition} {cell} does not say {phrase!r}"
