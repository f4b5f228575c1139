"""Check for lesson 00's practice exercise: the weighted sum z = w . x + b."""
import numpy as np

from ..exercise import attempt, compare, conclude

W, X, B = np.array([0.5, -1.0, 2.0]), np.array([2.0, 3.0, 0.25]), 0.75


def reference_weighted_sum(w, x, b):
    return float(np.dot(w, x) + b)


def diagnose_weighted_sum(candidate):
    value, failed = attempt(lambda: candidate(W.copy(), X.copy(), B))
    if failed:
        return failed
    return compare(value, reference_weighted_sum(W, X, B), name="weighted_sum(w, x, b)", mistakes=[
        (np.dot(W, X), "the bias b is missing: z = w . x + b."),
        (np.dot(W, X) - B, "the bias is subtracted: z = w . x + b."),
        (W * X + B, "you returned an array, each product w_i x_i plus b: add the products up "
                    "(np.dot, @ or sum), then add b once."),
        (W * X, "you returned the products w_i x_i: add them up, then add b."),
        (np.sum(W) * np.sum(X) + B, "you multiplied the sums; z adds up the products w_i x_i."),
    ])


def weighted_sum(candidate):
    """Check the learner's weighted_sum; return what the cells below use."""
    verdict = diagnose_weighted_sum(candidate)
    return conclude("Practice exercise, weighted_sum", verdict, candidate, reference_weighted_sum,
                    used="weighted_sum_used")
