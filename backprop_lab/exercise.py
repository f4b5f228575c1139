"""How an exercise is checked: run the learner's code, compare, name the mistake.

A check never raises. It prints one verdict and returns the implementation the
rest of the notebook should use: the learner's when it is right, the reference
otherwise, so "Run All" works whether or not an exercise was attempted.
"""
from dataclasses import dataclass

import numpy as np

CORRECT, WRONG, TODO = "correct", "wrong", "todo"
_ICON = {CORRECT: "✅", WRONG: "❌", TODO: "✏️"}


@dataclass(frozen=True)
class Verdict:
    status: str  # CORRECT, WRONG or TODO
    message: str

    def __str__(self):
        return f"{_ICON[self.status]} {self.message}"


def attempt(call):
    """Run call(); return (value, None), or (None, Verdict) when it did not work."""
    try:
        return call(), None
    except NotImplementedError:
        return None, Verdict(TODO, "Not attempted yet: replace `raise NotImplementedError` with your code.")
    except Exception as error:  # a learner's code can fail in any way; say how
        return None, Verdict(WRONG, f"Your code raised {type(error).__name__}: {error}")


def close(a, b, rtol=1e-6, atol=1e-9):
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def compare(value, expected, mistakes=(), name="your answer"):
    """Verdict for value against expected.

    mistakes is a sequence of (wrong_value, explanation): the values that the usual
    slips give for the same inputs. The first one value matches names the slip.
    """
    if value is None:
        return Verdict(WRONG, f"{name} is None: is the `return` missing?")
    try:
        got = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return Verdict(WRONG, f"{name} should be a number or an array, not {type(value).__name__}.")
    want = np.asarray(expected, dtype=float)
    if close(got, want):
        return Verdict(CORRECT, f"Correct: {name} matches.")
    for wrong, explanation in mistakes:
        if close(got, wrong):
            return Verdict(WRONG, f"Not yet: {explanation}")
    if got.shape != want.shape:
        if got.T.shape == want.shape and close(got.T, want):
            return Verdict(WRONG, f"{name} is transposed: its shape is {got.shape}, expected {want.shape}.")
        return Verdict(WRONG, f"{name} has shape {got.shape}; expected {want.shape}.")
    worst = np.unravel_index(np.argmax(np.abs(got - want)), want.shape) if want.shape else ()
    return Verdict(WRONG, f"Not yet: {name} differs from the right value "
                          f"(got {got[worst]:.6g} where {want[worst]:.6g} was expected). "
                          "None of the usual slips explains it: go through it step by step.")


def conclude(title, verdict, yours, reference):
    """Print the verdict of exercise `title`; return what the next cells should use."""
    print(f"{title}: {verdict}")
    if verdict.status == CORRECT:
        return yours
    print("   The cells below use the reference implementation from backprop_lab until this one passes.")
    return reference
