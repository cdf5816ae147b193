"""Print a fresh variant of the exercises and, separately, its answer key, as Markdown (`make quiz SEED=n`).

Usage (from the repository root):

    python tools/quiz.py --seed 7                        # the sheet, a page break, then the key
    python tools/quiz.py --seed 7 --notebooks 01 02 03   # only the lessons of a 20-minute lecture
    python tools/quiz.py --seed 7 -o quiz/               # quiz/quiz-7.md and quiz/key-7.md

Every number comes from `helpers.quiz` (drawn from the seed, answers computed with helpers.operations
and helpers.shapes); no answer equals the notebook exercise's, so solutions.ipynb does not give it away.
Hand out the sheet, keep the key; a new seed gives a new quiz, the same seed the same one.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `helpers` from this checkout

from helpers.quiz import answer_key, markdown, quiz  # noqa: E402

PAGE_BREAK = '\n<div style="page-break-after: always"></div>\n\n---\n'


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="which variant (a whole number ≥ 0; default 1)")
    parser.add_argument("--notebooks", nargs="+", metavar="NN", help="lessons to cover, e.g. 01 02 03 (default: 01–10)")
    part = parser.add_mutually_exclusive_group()
    part.add_argument("--questions-only", action="store_true", help="print only the question sheet")
    part.add_argument("--key-only", action="store_true", help="print only the answer key")
    parser.add_argument("-o", "--out", type=Path, help="write quiz-SEED.md and key-SEED.md into this folder instead")
    args = parser.parse_args(argv)
    try:
        questions = quiz(args.seed, args.notebooks)
    except ValueError as error:
        parser.error(str(error))
    sheet, key = markdown(questions, args.seed), answer_key(questions, args.seed)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in ((f"quiz-{args.seed}.md", sheet), (f"key-{args.seed}.md", key)):
            (args.out / name).write_text(text, encoding="utf-8")
            print(args.out / name)
        return 0
    if args.key_only:
        print(key)
    elif args.questions_only:
        print(sheet)
    else:
        print(sheet + PAGE_BREAK + "\n" + key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
