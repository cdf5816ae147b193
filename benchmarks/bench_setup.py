"""Set-up time: the README's first command (`make lab`) on a fresh clone, until JupyterLab answers.

Clones this repository into a temporary folder (no .venv there), runs ``make lab`` with a free port
and a token passed through Jupyter's environment variables, polls ``/api/status`` and stops the
server. The figure depends on the package cache: pip's cache and local wheels make a second run
faster, so the first line says whether the cache was warm.
Run: ``python benchmarks/bench_setup.py``. Prints a table.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.labserver import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main(timeout: float = 900):
    tmp = Path(tempfile.mkdtemp(prefix="tconv-setup-"))
    try:
        subprocess.run(["git", "clone", "-q", str(ROOT), str(tmp / "clone")], check=True)
        port, token = free_port(), "bench-setup"
        env = dict(os.environ, JUPYTER_PORT=str(port), JUPYTER_TOKEN=token, BROWSER="true")
        log = open(tmp / "make-lab.log", "w")
        t = time.perf_counter()
        proc = subprocess.Popen(["make", "lab"], cwd=tmp / "clone", env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        answered = None
        while time.perf_counter() - t < timeout and proc.poll() is None:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                answered = time.perf_counter() - t
                break
            time.sleep(0.5)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
        if answered is None:
            print((tmp / "make-lab.log").read_text()[-3000:])
            raise SystemExit("JupyterLab never answered")
        print(f"{'set-up step':44} {'seconds':>8}")
        print(f"{'make lab on a fresh clone → JupyterLab answers':44} {answered:8.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
