"""Time to execute every notebook headless, and the peak memory of its kernel.

Each notebook runs in a fresh kernel (as nbclient and the tests do); the peak resident memory is
the kernel process's high-water mark (VmHWM in /proc). Targets: whole series ≤ 60 s on 2 cores,
every kernel < 500 MB. Run: ``python benchmarks/bench_notebooks.py``. Prints a table.
"""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(path: Path) -> tuple[float, float]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    t = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        peak = peak_rss_mb(client.km.provisioner.process.pid)
    return time.perf_counter() - t, peak


def main():
    paths = sorted((ROOT / "notebooks").glob("*.ipynb"))
    total, worst = 0.0, 0.0
    print(f"{'notebook':42} {'seconds':>8} {'peak kernel MB':>15}")
    for path in paths:
        seconds, peak = run(path)
        total += seconds
        worst = max(worst, peak)
        print(f"{path.name:42} {seconds:8.2f} {peak:15.0f}")
    print(f"{'all ' + str(len(paths)) + ' notebooks':42} {total:8.2f} {worst:15.0f} (max)")


if __name__ == "__main__":
    main()
