"""The exercise bank: one module per notebook (``nbNN.py``) registering its exercises with the checker.

A module computes each expected answer with ``operations``/``shapes`` (shared computations in
``common``) and fills the worked explanation's template; the words are in
``helpers/texts/<language>/NN.toml``. Importing this package registers every exercise.
"""
from . import nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08, nb09, nb10, nb11  # noqa: F401  (registers)
