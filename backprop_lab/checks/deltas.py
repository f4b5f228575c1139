"""Checks for lesson 03: SymPy answers compared symbolically, simplify(a - b) == 0."""
import re

import sympy as sp

from .. import symbolic
from ..exercise import CORRECT, WRONG, Verdict, attempt, conclude

# Exercise 1: the hidden layer 1 of a 3-4-2 network (layer 0 the input), tanh there. Non-square W, so that a
# missing transpose shows.
W2 = symbolic.matrix_symbols("W^{[2]}", 2, 4)
DELTA2 = symbolic.vector_symbols(r"\delta^{[2]}", 2)
Z1 = symbolic.vector_symbols("z^{[1]}", 4)
# Exercise 2: a 2x3 weight matrix and lambda.
W = symbolic.matrix_symbols("W", 2, 3)
LAM = sp.Symbol("lambda", positive=True)


def product_hint(error):
    """What a SymPy ShapeError says about the learner's product, in the terms of the recurrence."""
    sizes = [tuple(int(n) for n in pair) for pair in re.findall(r"\((\d+), (\d+)\)", str(error))]
    if "size mismatch" in str(error) and len(sizes) == 2:
        (r1, c1), (r2, c2) = sizes
        if (r1, c1) == (r2, c2) and c1 == 1:
            return (f"A matrix product of two columns, ({r1}, 1) * ({r2}, 1), cannot fit. The factor "
                    "f'(z) multiplies entry by entry: use .multiply_elementwise(...) (NumPy's *), not * or @, "
                    "which are matrix products in SymPy.")
        if (r1, c1) == W2.shape:
            return (f"W is {W2.shape} and cannot multiply a ({r2}, {c2}) column: the error flows back "
                    f"through the transpose, W.T * delta_next, which is {W2.T.shape} times {DELTA2.shape}.")
        return f"A matrix product ({r1}, {c1}) * ({r2}, {c2}) does not fit: the columns of the first must match the rows of the second."
    if "must agree" in str(error) and len(sizes) == 2:
        return (f"An entry-by-entry product of a {sizes[0]} and a {sizes[1]} matrix: both factors of "
                "multiply_elementwise must have the same shape.")
    return ""


def _attempt(call, name):
    """(value as a SymPy Matrix, None) or (None, Verdict)."""
    value, failed = attempt(call, hint=product_hint)
    if failed:
        return None, failed
    if value is None:
        return None, Verdict(WRONG, f"{name} is None: is the `return` missing?")
    if not isinstance(value, sp.MatrixBase):     # (an ImmutableMatrix, what sp.diff(expr, W) gives, is an Expr too)
        if isinstance(value, (sp.Expr, int, float)):
            return None, Verdict(WRONG, f"{name} is one expression ({value}); it should be a SymPy Matrix "
                                        "with one entry per variable.")
        try:
            value = sp.Matrix(value)
        except Exception:  # noqa: BLE001 (anything that is not matrix-like)
            return None, Verdict(WRONG, f"{name} should be a SymPy Matrix, not {type(value).__name__}.")
    if any(isinstance(entry, (sp.MatrixBase, sp.NDimArray)) for entry in value):
        return None, Verdict(WRONG, f"the entries of {name} are matrices themselves: a derivative was "
                                    "taken with respect to a whole Matrix where one entry was meant "
                                    "(differentiate by one entry, such as w or zi, not by the Matrix W or z).")
    return value, None


def diagnose(value, expected, mistakes, name):
    """Verdict for a SymPy Matrix against expected; mistakes = [(wrong Matrix, explanation)]."""
    if value.shape != expected.shape:
        if value.T.shape == expected.shape and symbolic.same(value.T, expected):
            return Verdict(WRONG, f"{name} is transposed: its shape is {value.shape}, "
                                  f"expected {expected.shape}.")
        return Verdict(WRONG, f"{name} has shape {value.shape}; expected {expected.shape}.")
    if symbolic.same(value, expected):
        return Verdict(CORRECT, f"simplify({name} - expected) is 0 in every entry.")
    for wrong, explanation in mistakes:
        if symbolic.same(value, wrong):
            return Verdict(WRONG, f"{explanation}")
    if value.is_zero_matrix:
        return Verdict(WRONG, "every entry is 0. Was the derivative taken with respect to a "
                              "variable the expression does not contain (the wrong variable)?")
    return Verdict(WRONG, f"{name} does not simplify to the expected expression, and none of "
                          "the usual slips explains it: go through it step by step.")


def diagnose_tanh_hidden_delta(candidate):
    value, failed = _attempt(lambda: candidate(W2, DELTA2, Z1), "delta")
    if failed:
        return failed
    backward = W2.T * DELTA2
    tanh_z = Z1.applyfunc(sp.tanh)
    expected = symbolic.tanh_hidden_delta(W2, DELTA2, Z1)
    times = backward.multiply_elementwise
    mistakes = [
        (backward, "the factor f'(z) = 1 - tanh(z)^2 is missing: the error passed back through "
                   "W.T must be scaled by how fast this layer's output moves with z."),
        (-expected, "the sign is flipped: delta is dJ/dz, and W.T delta_next * f'(z) has no minus sign "
                    "(the minus of -(y - a) lives in the output delta only). Look for a minus on one of "
                    "the factors, or f'(z) written tanh(z)^2 - 1 instead of 1 - tanh(z)^2."),
        (times(tanh_z.applyfunc(lambda t: t * (1 - t))),
         "tanh(z)(1 - tanh(z)) is the sigmoid's form a(1 - a): for tanh, f'(z) = 1 - tanh(z)^2."),
        (times(Z1.applyfunc(lambda z: 1 - z ** 2)),
         "the derivative is in the wrong variable: 1 - a^2 holds with a = tanh(z); with z itself "
         "write 1 - tanh(z)^2."),
        (times(Z1.applyfunc(lambda z: 1 - sp.tanh(sp.tanh(z)) ** 2)),
         "tanh was applied twice: f'(z) = 1 - tanh(z)^2, taken at z, not at a = tanh(z)."),
        (times(tanh_z), "f(z) = tanh(z) is there instead of its derivative 1 - tanh(z)^2."),
        (expected / 2, "a factor 1/2 too many: the 1/2 of the squared error was already cancelled "
                       "in the output delta."),
        (2 * expected, "a factor 2 too many: the 2 from differentiating the square cancels the 1/2 "
                       "of the cost, in the output delta, not here."),
    ]
    return diagnose(value, expected, mistakes, "delta")


def tanh_hidden_delta(candidate):
    """Check the learner's tanh_hidden_delta; return the one to use from here on."""
    verdict = diagnose_tanh_hidden_delta(candidate)
    return conclude("Exercise 1, tanh_hidden_delta", verdict, candidate, symbolic.tanh_hidden_delta,
                    used="tanh_hidden_delta_used")


def diagnose_weight_decay_gradient(candidate):
    value, failed = _attempt(lambda: candidate(W, LAM), "the gradient")
    if failed:
        return failed
    expected = symbolic.weight_decay_gradient(W, LAM)
    half_sum = sum(w ** 2 for w in W) / 2
    mistakes = [
        (2 * LAM * W, "a factor 2 too many: the term is lambda/2 * sum(W^2); its 1/2 is there to "
                      "cancel the 2 of d(w^2)/dw = 2w."),
        (LAM * W / 2, "a factor 1/2 too many: d(w^2)/dw = 2w cancels the 1/2 of lambda/2."),
        (-LAM * W, "the sign is flipped: the term grows with |W|, so its gradient points the way W "
                   "does (the update w - lr * lambda * w then shrinks it)."),
        (W.applyfunc(lambda w: half_sum), "the derivative was taken in the wrong variable, lambda: "
                                          "take it with respect to each weight W_ij."),
        (LAM * W.applyfunc(lambda w: w ** 2), "lambda * W_ij^2 is not differentiated: d(w^2)/dw = 2w."),
        (LAM * W.applyfunc(lambda w: w ** 2) / 2, "that is the term itself, entry by entry, "
                                                  "not its derivative."),
        (W.applyfunc(lambda w: LAM), "only lambda: the derivative of lambda/2 * w^2 is lambda * w."),
    ]
    return diagnose(value, expected, mistakes, "the gradient")


def weight_decay_gradient(candidate):
    """Check the learner's weight_decay_gradient; return the one to use from here on."""
    verdict = diagnose_weight_decay_gradient(candidate)
    return conclude("Exercise 2, weight_decay_gradient", verdict, candidate, symbolic.weight_decay_gradient,
                    used="weight_decay_gradient_used")
