"""Checkers that give a learner specific feedback on the "Check yourself" exercises.

Taught in notebooks/00_start_here.ipynb (how exercises work) and used in every chapter from
notebooks/01_derivative.ipynb on.

``check(exercise_id, answer)`` compares an answer with the true one and says exactly what
differs ("at x = 1.5 your derivative gives 4.1, the true value is 4.75"), and recognises common
mistakes ("that is the forward difference"). An answer left as ``...`` gets a reminder of what
to do, never an error, so an untouched notebook runs top to bottom.

Each chapter's exercises are in the module named after it (`derivative` for chapters 0 and 1,
`gradient`, `chain_rule`, `backprop`, `optimizers`, `convolution`); the checkers they share are
in `checks`.
"""

from calclib.exercises import backprop, chain_rule, convolution, derivative, gradient, optimizers
from calclib.exercises.checks import Feedback

EXERCISES = {**derivative.EXERCISES, **gradient.EXERCISES, **chain_rule.EXERCISES,
             **backprop.EXERCISES, **optimizers.EXERCISES, **convolution.EXERCISES}


def check(exercise_id: str, answer) -> Feedback:
    """Check an answer to the exercise called exercise_id (e.g. "01-power-rule")."""
    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; "
                         f"the exercises are {', '.join(map(repr, EXERCISES))}")
    if answer is ... or answer is None:
        return Feedback(None, "Replace the ... with your answer, then run this cell again.")
    return EXERCISES[exercise_id](answer)


__all__ = ["EXERCISES", "Feedback", "check"]
