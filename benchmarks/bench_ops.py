"""Speed of helpers.operations next to torch (CPU) and a naive per-pixel loop.

Workload (a DCGAN-style upsampling layer): x (8, 16, 32, 32), weight (16, 16, 4, 4), stride 2, padding 1
-> (8, 16, 64, 64); and its adjoint conv2d (8, 16, 64, 64) -> (8, 16, 32, 32) with the same kernel.
Each contender runs on the same dtype (float32, torch's default, then float64). Timings are medians
of ``--repeats`` calls after a warm-up, taken round-robin (ours, torch, torch 1 thread, ours, ...) so
a busy machine slows every contender alike; the naive loop runs ``--naive-repeats`` times.

"naive loop" is what one writes from the definition: a Python loop over output pixels, and for each
one over the kernel taps that reach it, adding ``x[:, :, i, j] @ weight[:, :, a, b]`` (batch and
channels vectorised, pixels and taps not). Target: ours ≤ 3× torch with its default threads.

Run: ``python benchmarks/bench_ops.py`` (or ``make bench``). Prints a table; asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers import operations as ops  # noqa: E402

N, C_IN, C_OUT, H, K, S, P = 8, 16, 16, 32, 4, 2, 1


def naive_conv_transpose2d(x, w, s, p):
    """Per output pixel: sum over the taps (a, b) whose copy lands there (groups=1, dilation=1)."""
    n, c_in, h, wd = x.shape
    k = w.shape[2]
    oh, ow = (h - 1) * s - 2 * p + k, (wd - 1) * s - 2 * p + k
    y = np.zeros((n, w.shape[1], oh, ow), dtype=np.result_type(x, w))
    for r in range(oh):
        for c in range(ow):
            acc = y[:, :, r, c]
            for a in range(k):
                i, rem = divmod(r + p - a, s)
                if rem or not 0 <= i < h:
                    continue
                for b in range(k):
                    j, rem = divmod(c + p - b, s)
                    if rem or not 0 <= j < wd:
                        continue
                    acc += x[:, :, i, j] @ w[:, :, a, b]
    return y


def naive_conv2d(x, w, s, p):
    """Per output pixel: the padded window times the kernel, summed (groups=1, dilation=1)."""
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    k = w.shape[2]
    oh, ow = (xp.shape[2] - k) // s + 1, (xp.shape[3] - k) // s + 1
    y = np.empty((x.shape[0], w.shape[0], oh, ow), dtype=np.result_type(x, w))
    wf = w.reshape(w.shape[0], -1).T
    for r in range(oh):
        for c in range(ow):
            y[:, :, r, c] = xp[:, :, r * s:r * s + k, c * s:c * s + k].reshape(x.shape[0], -1) @ wf
    return y


def warm_up(fn, seconds=0.3, calls=3):
    """Call fn for at least ``seconds`` and ``calls`` calls before timing it."""
    t_end = time.perf_counter() + seconds
    for _ in range(calls):
        fn()
    while time.perf_counter() < t_end:
        fn()


def round_robin(contenders, repeats):
    """Median and min seconds per call for each ``name -> (setup, fn)``, timed in turn."""
    for setup, fn in contenders.values():
        setup()
        warm_up(fn)
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, (setup, fn) in contenders.items():
            setup()
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: (statistics.median(t), min(t)) for name, t in times.items()}


def time_once(fn, repeats):
    fn()  # warm-up (one call: this one is slow enough that first-call costs do not matter)
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        t.append(time.perf_counter() - t0)
    return statistics.median(t), min(t)


def workload(op_name, dtype):
    """(ours, torch's, naive, extra evaluations) as zero-argument callables on the same arrays."""
    rng = np.random.default_rng(0)
    w = rng.standard_normal((C_IN, C_OUT, K, K)).astype(dtype)
    if op_name == "conv_transpose2d":
        x = rng.standard_normal((N, C_IN, H, H)).astype(dtype)
        xt, wt = torch.from_numpy(x), torch.from_numpy(w)
        return (lambda: ops.conv_transpose2d(x, w, stride=S, padding=P),
                lambda: F.conv_transpose2d(xt, wt, stride=S, padding=P),
                lambda: naive_conv_transpose2d(x, w, S, P),
                {"ours, scatter evaluation": lambda: ops._conv_transpose2d(x, w, stride=S, padding=P,
                                                                             method="scatter")})
    x = rng.standard_normal((N, C_OUT, 2 * H, 2 * H)).astype(dtype)
    w = np.ascontiguousarray(w.transpose(1, 0, 2, 3))  # conv layout (C_out, C_in, k, k)
    xt, wt = torch.from_numpy(x), torch.from_numpy(w)
    return (lambda: ops.conv2d(x, w, stride=S, padding=P),
            lambda: F.conv2d(xt, wt, stride=S, padding=P),
            lambda: naive_conv2d(x, w, S, P), {})


CASES = [(op, dt) for op in ("conv_transpose2d", "conv2d") for dt in (np.float32, np.float64)]


def settle_allocator():
    """Run every workload once before timing anything.

    glibc's malloc serves big blocks with fresh mmap pages (a page fault per 4 KiB, for ours and
    torch alike) until a bigger block has been freed, which raises its mmap threshold. Without this
    the first case timed in a process ran ~3× slower for both contenders than the same case timed later.
    """
    for op_name, dtype in CASES:
        ours, theirs, _, extra = workload(op_name, dtype)
        for fn in (ours, theirs, *extra.values()):
            fn()


def single_thread_timings(repeats):
    """Ours and torch, both on one thread, in this process (started with OPENBLAS_NUM_THREADS=1)."""
    torch.set_num_threads(1)
    settle_allocator()
    out = {}
    for op_name, dtype in CASES:
        ours, theirs, _, _ = workload(op_name, dtype)
        res = round_robin({"ours": (lambda: None, ours), "torch": (lambda: None, theirs)}, repeats)
        out[f"{op_name}/{np.dtype(dtype).name}"] = res
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--naive-repeats", type=int, default=3)
    parser.add_argument("--single-thread-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.single_thread_child:
        print(json.dumps(single_thread_timings(args.repeats)))
        return
    default_threads = torch.get_num_threads()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"torch {torch.__version__}, numpy {np.__version__}, {os.cpu_count()} CPUs, torch default threads "
          f"{default_threads}, OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')}, "
          f"load average {load:.2f}")
    print(f"conv_transpose2d: x ({N}, {C_IN}, {H}, {H}), weight ({C_IN}, {C_OUT}, {K}, {K}), stride {S}, "
          f"padding {P} -> ({N}, {C_OUT}, {2 * H}, {2 * H})")
    print(f"conv2d:           x ({N}, {C_OUT}, {2 * H}, {2 * H}), weight ({C_OUT}, {C_IN}, {K}, {K}), stride {S}, "
          f"padding {P} -> ({N}, {C_OUT}, {H}, {H})")
    print(f"median and min of {args.repeats} calls, round-robin; naive loop: {args.naive_repeats} calls. "
          "1-thread rows come from a child process with OPENBLAS_NUM_THREADS=1 and torch.set_num_threads(1).\n")
    child = subprocess.run(
        [sys.executable, __file__, "--single-thread-child", "--repeats", str(args.repeats)],
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"},
        capture_output=True, text=True, check=True)
    single = json.loads(child.stdout)
    settle_allocator()

    header = (f"{'operation':<17} {'dtype':<8} {'implementation':<34} {'median ms':>10} {'min ms':>8} "
              f"{'÷ torch':>8}")
    print(header)
    print("-" * len(header))
    for op_name, dtype in CASES:
        ours, theirs, naive, extra = workload(op_name, dtype)
        expected = theirs().numpy()
        tol = 1e-4 if dtype == np.float32 else 1e-10
        for fn in (ours, naive, *extra.values()):
            np.testing.assert_allclose(fn(), expected, rtol=tol, atol=tol)  # same numbers before timing
        keep = lambda: torch.set_num_threads(default_threads)  # noqa: E731
        res = round_robin({"ours": (keep, ours), "torch": (keep, theirs),
                           **{name: (keep, fn) for name, fn in extra.items()}}, args.repeats)
        naive_t = time_once(naive, args.naive_repeats)
        one = single[f"{op_name}/{np.dtype(dtype).name}"]
        ref, ref1 = res["torch"][0], one["torch"][0]
        rows = [(f"ours (NumPy, default threads)", res["ours"], ref),
                (f"torch CPU, {default_threads} threads (default)", res["torch"], ref),
                *[(name, res[name], ref) for name in extra],
                ("ours, 1 thread", one["ours"], ref1),
                ("torch CPU, 1 thread", one["torch"], ref1),
                ("naive per-pixel loop", naive_t, ref)]
        dname = np.dtype(dtype).name
        for name, (med, mn), r in rows:
            print(f"{op_name:<17} {dname:<8} {name:<34} {med * 1e3:>10.3f} {mn * 1e3:>8.3f} {med / r:>7.2f}×")
        print()
    print("÷ torch: median over torch's median with the same thread count (the 1-thread rows against torch on")
    print("1 thread, the others against torch's default). Target for ours: ≤ 3×.")


if __name__ == "__main__":
    main()
