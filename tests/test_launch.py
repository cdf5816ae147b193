"""Launching the series elsewhere: Binder, the conda route, a plain clone (a JupyterHub with nbgitpuller).

- every Binder/conda pin equals pyproject.toml, and pip resolves the Binder requirements (and the conda
  file's pip part) to exactly those versions with PyTorch's CPU build;
- a plain clone runs notebooks in an environment with the dependencies but without the project;
- the Binder rehearsal (tools/binder_check.py, marker `browser`): environment from binder/ only,
  postBuild, the server started as mybinder.org starts it, 00 -> 01 -> 02 in Chromium, Notebook 7.
The environment built from binder/ is cached by its files' hash (~/.cache/tconv-notebooks/).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import warnings

import pytest
import yaml
from conftest import ROOT

from tools import binder_check, binder_pins

TORCH_CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"


def _name(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lines):
    pins = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line.strip())
        if match:
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
    # any of these would switch repo2docker to another buildpack (and environment.yml ignores runtime.txt)
    assert not files & {"environment.yml", "environment.yaml", "Pipfile", "Pipfile.lock", "setup.py",
                        "Dockerfile", "Project.toml", "install.R", "apt.txt"}, files
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_binder_requirements_equal_pyproject_pins():
    runtime, test = _pyproject()
    lines = _requirement_lines()
    pins = _pins(lines)
    assert len(pins) == len(lines) - 1, f"every line but the index is an exact pin: {lines}"
    assert lines[0] == TORCH_CPU_INDEX, "torch must come from PyTorch's CPU wheel index (no CUDA build)"
    assert pins.keys() >= runtime.keys(), f"binder/requirements.txt lacks {runtime.keys() - pins.keys()}"
    for name, version in pins.items():
        expected = runtime.get(name, test.get(name))
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
    assert pip == [[TORCH_CPU_INDEX, "-e .[test]"]], pip


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
        expected = f"{version}+cpu" if name == "torch" else version
        assert resolved.get(name) == expected, f"{name}: pip chose {resolved.get(name)}, expected {expected}"
    cuda = sorted(n for n in resolved if n.startswith("nvidia-") or "cuda" in n or n == "triton")
    assert not cuda, f"a CUDA build slipped in: {cuda}"


@pytest.mark.launch
def test_binder_requirements_resolve_to_the_pins_with_cpu_torch(tmp_path):
    runtime, test = _pyproject()
    resolved = _dry_run(_requirement_lines(), tmp_path)
    _assert_resolved(resolved, _pins(_requirement_lines()))
    assert resolved["torch"] == f"{runtime['torch']}+cpu"


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
    for step in ('cp binder/overrides.json "${settings}/overrides.json"',
                 'cp binder/jupyter_server_config.py "${config}"',
                 'config="${NB_PYTHON_PREFIX}/etc/jupyter/jupyter_server_config.py"',
                 "jupyter trust notebooks/*.ipynb"):
        assert step in text, f"binder/postBuild lacks: {step}"


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


def test_kernel_limit_shuts_down_the_longest_idle_kernel_and_never_a_busy_one(monkeypatch, tmp_path):
    import asyncio
    import datetime as dt
    from types import SimpleNamespace

    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    cls = _kernel_manager_class()
    manager = cls(root_dir=str(tmp_path))
    assert manager.max_kernels == 2
    shut = []

    async def fake_start(self, *, kernel_id=None, path=None, **kwargs):
        kid = kernel_id or f"k{len(self._kernels) + len(shut)}"
        self._kernels[kid] = SimpleNamespace(execution_state="idle", last_activity=dt.datetime.now(dt.UTC))
        return kid

    async def fake_shutdown(kid, *args, **kwargs):
        shut.append(kid)
        del manager._kernels[kid]

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", fake_start)
    monkeypatch.setattr(manager, "shutdown_kernel", fake_shutdown)
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    async def scenario():
        a = await manager.start_kernel(path="notebooks")
        b = await manager.start_kernel(path="notebooks")
        manager._kernels[a].last_activity = t0 + dt.timedelta(minutes=5)  # a used more recently than b
        manager._kernels[b].last_activity = t0
        c = await manager.start_kernel(path="notebooks")
        assert shut == [b] and set(manager._kernels) == {a, c}
        # the kernel idle longest is busy: it stays, the other idle one goes
        manager._kernels[a].last_activity, manager._kernels[a].execution_state = t0, "busy"
        manager._kernels[c].last_activity = t0 + dt.timedelta(minutes=1)
        d = await manager.start_kernel(path="notebooks")
        assert shut == [b, c] and set(manager._kernels) == {a, d}
        # all busy: nothing is shut down (a third kernel runs rather than losing work)
        manager._kernels[d].execution_state = "busy"
        e = await manager.start_kernel(path="notebooks")
        assert shut == [b, c] and set(manager._kernels) == {a, d, e}
        # restarting an existing kernel is not a new kernel
        await manager.start_kernel(kernel_id=e, path="notebooks")
        assert shut == [b, c]

    asyncio.run(scenario())
