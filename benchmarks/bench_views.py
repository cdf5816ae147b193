"""Browser-side cost of one explorer move: each view's ``view(state, ctx)`` (numbers, sentences and the whole
SVG) over the states of its torch fixture, timed in Node (the V8 that Chromium runs too).

An explorer answers within two animation frames (33 ms) when compute + DOM swap + paint fit in them; this is
the compute part. ``benchmarks/bench_browser.py`` measures key press → painted frame in a real page.
Run: ``python benchmarks/bench_views.py`` (or ``make bench``). Prints a table; asserts nothing.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = r"""
import { readFileSync } from "node:fs";
import { VIEWS } from "%(bundle)s";
const kinds = Object.keys(VIEWS);
const rows = [];
for (const kind of kinds) {
  let data;
  try { data = JSON.parse(readFileSync(`%(fixtures)s/${kind}.json`)); } catch { continue; }
  const ctx = data.en.ctx;
  const states = (data.en.cases || []).map((c) => c.state).filter((s) => s && VIEWS[kind].keys.every((k) => k in s)).slice(0, 400);
  if (!states.length) continue;
  for (const s of states.slice(0, 20)) VIEWS[kind].view(VIEWS[kind].adapt(s, null), ctx);   // warm up the JIT
  const times = [];
  for (const s of states) {
    const state = VIEWS[kind].adapt(s, null);
    const t = performance.now();
    VIEWS[kind].view(state, ctx);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  rows.push({ kind, n: times.length, median: q(0.5), p90: q(0.9), max: times[times.length - 1] });
}
console.log(JSON.stringify(rows));
"""


def main() -> int:
    node = shutil.which("node")
    if node is None:
        print("node is not installed: nothing to time", file=sys.stderr)
        return 1
    script = SCRIPT % {"bundle": (ROOT / "helpers/js/explorers.js").as_uri(),
                       "fixtures": (ROOT / "tests/js/fixtures").as_posix()}
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    rows = json.loads(done.stdout)
    size = (ROOT / "helpers/js/explorers.js").stat().st_size + (ROOT / "helpers/js/explorers.css").stat().st_size
    print(f"explorers.js + explorers.css: {size / 1024:.1f} KB unminified (budget 150 KB)\n")
    print("| view | states | median | p90 | max |\n| --- | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['kind']} | {r['n']} | {r['median']:.2f} ms | {r['p90']:.2f} ms | {r['max']:.2f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
