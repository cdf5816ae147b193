"""Install torch's CPU build into this Python before the project (`make env`), or stop with a clear message.

    .venv/bin/python tools/install_torch.py [--dry-run] [--check]

On Linux, PyPI's torch is the CUDA build (2.13.0: a 502 MiB wheel plus 15 nvidia-* packages of several
GB); the CPU build, ``torch==2.13.0+cpu``, lies on PyTorch's CPU wheel index. A plain ``--extra-index-url``
is not enough: when that index is unreachable pip retries for a while, then quietly takes PyPI's CUDA
build. So, on Linux:

1. ask pip (``--dry-run --report``) what the machine's own sources give for ``torch==VERSION``: if that
   is a CPU build (version ``+cpu``, or no nvidia-* requirement: a local wheel, a mirror), install it;
2. otherwise install ``torch==VERSION+cpu`` with the CPU index as an extra index, ``--retries 0
   --timeout 15``: PyPI has no ``+cpu`` release, so an unreachable index fails at once instead of
   falling back to CUDA;
3. if that fails, say what to do, and exit 1.

macOS and Windows wheels on PyPI are CPU builds already: nothing to do. ``--check`` only verifies that no
nvidia-* package is installed (run after ``pip install -e .``). VERSION is pyproject.toml's torch pin.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
FAST = ["--retries", "0", "--timeout", "15"]


def torch_pin() -> str:
    """pyproject.toml's torch version (``2.13.0``)."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return next(re.fullmatch(r"torch==(\S+)", d)[1] for d in deps if d.startswith("torch=="))


def is_cpu_build(report: dict) -> bool:
    """Whether a ``pip install --report`` installs a CPU torch: torch ``+cpu``, or no nvidia-* package."""
    items = report["install"]
    torch = next((i["metadata"] for i in items if i["metadata"]["name"].lower() == "torch"), None)
    if torch is None:
        return False
    nvidia = [i["metadata"]["name"] for i in items if i["metadata"]["name"].lower().startswith("nvidia-")]
    return torch["version"].endswith("+cpu") or not nvidia


def dry_run(requirement: str, pip_args: list[str] = ()) -> tuple[dict | None, str]:
    """pip's report for installing ``requirement`` (None if it cannot resolve) and pip's stderr."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        result = subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                                 "--quiet", "--report", str(report), *pip_args, requirement],
                                capture_output=True, text=True)
        if result.returncode or not report.exists():
            return None, result.stderr
        return json.loads(report.read_text()), result.stderr


def nvidia_installed() -> list[str]:
    """nvidia-* distributions in this Python's environment."""
    return sorted({d.metadata["Name"] for d in metadata.distributions()
                   if (d.metadata["Name"] or "").lower().startswith("nvidia-")})


def plan(version: str, cpu_index: str = CPU_INDEX, pip_args: list[str] = ()) -> tuple[list[str] | None, str]:
    """The ``pip install`` arguments that give torch ``version``'s CPU build, and why; None if none does."""
    report, _ = dry_run(f"torch=={version}", [*FAST, *pip_args])
    if report is not None and is_cpu_build(report):
        torch = next(i for i in report["install"] if i["metadata"]["name"].lower() == "torch")
        return [*pip_args, f"torch=={version}"], f"this machine's sources give torch {torch['metadata']['version']}"
    cpu = [*FAST, "--extra-index-url", cpu_index, *pip_args, f"torch=={version}+cpu"]
    report, stderr = dry_run(cpu[-1], cpu[:-1])
    if report is not None and is_cpu_build(report):
        return cpu, f"torch {version}+cpu from {cpu_index}"
    errors = [line for line in stderr.splitlines() if line.startswith("ERROR")]
    return None, errors[0] if errors else "pip found no torch"


def failure_message(version: str, cpu_index: str, reason: str) -> str:
    return (f"make env: torch {version}'s CPU build (torch=={version}+cpu) is not reachable: {reason}\n"
            f"  It comes from {cpu_index}; PyPI's torch {version} is the CUDA build (a 502 MiB wheel plus\n"
            f"  15 nvidia-* packages), which this step refuses to install in its place. What to do:\n"
            f"  - check the network or proxy for {cpu_index.split('/')[2]} and run `make env` again; or\n"
            f"  - download torch-{version}+cpu for your Python from {cpu_index}/torch/, run\n"
            f"    `.venv/bin/python -m pip install ./torch-{version}+cpu-....whl`, then `make env`; or\n"
            f"  - to accept the CUDA build on purpose: `make env TORCH_CPU=0`.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would be installed, install nothing")
    parser.add_argument("--check", action="store_true", help="only fail if an nvidia-* package is installed")
    parser.add_argument("--cpu-index", default=CPU_INDEX, help=argparse.SUPPRESS)
    parser.add_argument("--pip-arg", action="append", default=[], help=argparse.SUPPRESS)  # tests
    args = parser.parse_args(argv)
    if args.check:
        found = nvidia_installed()
        if found and sys.platform == "linux":
            print(f"make env: CUDA packages were installed ({', '.join(found)}): torch is not the CPU build.\n"
                  f"  Remove .venv and run `make env` again (tools/install_torch.py installs the CPU build first).",
                  file=sys.stderr)
            return 1
        return 0
    if sys.platform != "linux":
        print(f"install_torch: {sys.platform}: PyPI's torch is a CPU build; nothing to do first")
        return 0
    version = torch_pin()
    try:
        installed = metadata.version("torch")
    except metadata.PackageNotFoundError:
        installed = None
    if installed and installed.split("+")[0] == version and not nvidia_installed() and not args.dry_run:
        print(f"install_torch: torch {installed} (no CUDA packages) is installed already")
        return 0
    pip_args, why = plan(version, args.cpu_index, args.pip_arg)
    if pip_args is None:
        print(failure_message(version, args.cpu_index, why), file=sys.stderr)
        return 1
    print(f"install_torch: {why}" + (" (dry run: nothing installed)" if args.dry_run else ""))
    if args.dry_run:
        return 0
    return subprocess.run([sys.executable, "-m", "pip", "install", *pip_args]).returncode


if __name__ == "__main__":
    sys.exit(main())
