"""Answer checkers for the exercises in the notebooks: ``check``, ``solution``, ``question``, ``keys``.

A reader types an answer and calls ``check("02.1", (4, 4))``; the result shows
"✓ Correct: …" with the worked reasoning, or "✗ Not yet — hint: …" that guides without
giving the answer away; the unanswered stub ``check("02.1", None)`` shows a neutral "✎ Your answer
here: …" prompt. Keys are ``"NN.k"``: notebook ``NN``, exercise ``k``. Introduced in 01_basic_operation.ipynb.

This module is the notebooks' entry point; the parts live apart:

* ``helpers/checker.py`` — the engine (reading, comparing, diagnosing answers; CheckResult, Solution);
* ``helpers/bank/nbNN.py`` — each notebook's exercises, answers computed with ``operations``/``shapes``;
* ``helpers/texts/<language>/NN.toml`` — their words (question, hints, explanation, mistakes),
  and ``checker.toml`` the engine's own sentences; the language is ``helpers.i18n.get_language()``.
"""
from . import bank  # noqa: F401  (registers every exercise)
from .checker import EXERCISES, NOTEBOOKS, CheckResult, Exercise, Solution, check, keys, question, solution

__all__ = ["check", "question", "solution", "keys", "CheckResult", "Solution", "Exercise", "EXERCISES", "NOTEBOOKS"]
