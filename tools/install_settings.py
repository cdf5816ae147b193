"""Install the series' JupyterLab settings and kernel limit into an environment, and trust the notebooks.

    python tools/install_settings.py [--prefix PREFIX] [--no-trust | --trust-only]

The one post-install step of every launch route, run from the repository root: binder/postBuild (Binder
and a hub image, with ``--prefix "$NB_PYTHON_PREFIX"``), `make env`, and the conda route after
``conda env create`` (README). It needs only the standard library and nbformat (a JupyterLab dependency).

1. binder/overrides.json      -> PREFIX/share/jupyter/lab/settings/overrides.json (JupyterLab's defaults)
2. binder/jupyter_server_config.py -> PREFIX/etc/jupyter/jupyter_server_config.py (at most two kernels);
   an existing file there that is not the series' own is left alone and the step fails.
3. notebooks/*.ipynb and notebooks/zh/*.ipynb are trusted (signed in the user's Jupyter data directory),
   so JupyterLab shows each explorer's committed still picture (an SVG) before its cell runs again;
   an untrusted notebook shows the explorer's text instead.

PREFIX defaults to this Python's environment (sys.prefix). Running it again is harmless.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "binder" / "overrides.json"
SERVER_CONFIG = ROOT / "binder" / "jupyter_server_config.py"
MARK = "class RecentKernelsManager("        # what makes a server config the series' own
NOTEBOOK_GLOBS = ("notebooks/*.ipynb", "notebooks/zh/*.ipynb")


def install_files(prefix: Path) -> list[Path]:
    """Copy the settings and the server config into ``prefix``; the paths written."""
    settings = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    config = prefix / "etc" / "jupyter" / "jupyter_server_config.py"
    if config.exists() and MARK not in config.read_text(encoding="utf-8", errors="replace"):
        raise SystemExit(f"install_settings: {config} exists and is not the series' own; not overwriting it "
                         f"(merge binder/jupyter_server_config.py into it by hand)")
    for source, target in ((SETTINGS, settings), (SERVER_CONFIG, config)):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return [settings, config]


def notebooks() -> list[Path]:
    """Both editions' notebooks, English then Chinese."""
    return [path for pattern in NOTEBOOK_GLOBS for path in sorted(ROOT.glob(pattern))]


def trust(paths: list[Path], data_dir: str | None = None) -> int:
    """Sign ``paths`` as `jupyter trust` does (in ``data_dir``, default the user's); how many."""
    import nbformat
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary(**({"data_dir": data_dir} if data_dir else {}))
    for path in paths:
        notary.sign(nbformat.read(path, as_version=4))
    return len(paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix), help="environment (default: this Python's)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--no-trust", action="store_true", help="do not trust the notebooks")
    group.add_argument("--trust-only", action="store_true",
                       help="only trust the notebooks (`make lab`: re-executed notebooks need it again)")
    args = parser.parse_args(argv)
    if not args.trust_only:
        for path in install_files(args.prefix):
            print(f"installed {path}")
    if not args.no_trust:
        paths = notebooks()
        if not any(p.parent.name == "zh" for p in paths) or not paths:
            raise SystemExit("install_settings: notebooks/*.ipynb or notebooks/zh/*.ipynb not found")
        print(f"trusted {trust(paths)} notebooks (notebooks/ and notebooks/zh/)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
