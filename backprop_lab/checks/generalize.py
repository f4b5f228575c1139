"""Checks for lesson 07: inverted dropout, forward (the mask) and backward (the gradients of a
network whose hidden layer is dropped out)."""
import numpy as np

from .. import data
from ..exercise import CORRECT, WRONG, Verdict, attempt, compare, conclude
from ..fit import one_hot
from ..mlp import MLP, dropout_mask, softmax

# ---- exercise 1: dropout_forward(A, p, rng, training) -> (out, mask) -------------------------
# A batch of activations with no zeros (so out / A recovers the mask) and a p that is not 1/2
# (so "keep with probability p" and "keep with probability 1 - p" differ).
P = 0.3
A_CHECK = np.random.default_rng(7).uniform(0.2, 1.0, size=(40, 50)) * np.where(
    np.random.default_rng(8).random((40, 50)) < 0.5, -1, 1)
SEED = 11


def reference_dropout_forward(A, p, rng, training=True):
    """Inverted dropout: (A * mask, mask), mask 1/(1 - p) for a kept unit and 0 for a dropped one;
    at test time (training=False) A itself and a mask of ones."""
    if not training:
        return A, np.ones_like(A)
    mask = dropout_mask(A.shape, p, rng, A.dtype)
    return A * mask, mask


def _values_near(R, values):
    """Every entry of R is one of values (up to rounding)."""
    return bool(np.all(np.min([np.abs(R - v) for v in values], axis=0) < 1e-9))


def _pair(value, what):
    if not (isinstance(value, (tuple, list)) and len(value) == 2):
        return None, None, Verdict(WRONG, f"{what} should return the pair (out, mask), not "
                                          f"{type(value).__name__}.")
    try:
        out, mask = (np.asarray(v, dtype=float) if v is not None else None for v in value)
    except (TypeError, ValueError):
        return None, None, Verdict(WRONG, f"{what}: out and mask should be arrays of numbers, not "
                                          f"{type(value[0]).__name__} and {type(value[1]).__name__}.")
    if out is None or out.shape != A_CHECK.shape:
        return None, None, Verdict(WRONG, f"{what}: out should have A's shape {A_CHECK.shape}, "
                                          f"not {None if out is None else out.shape}.")
    return out, mask, None


def diagnose_dropout_forward(candidate):
    run = lambda seed, training: candidate(A_CHECK.copy(), P, np.random.default_rng(seed),  # noqa: E731
                                           training=training)
    value, failed = attempt(lambda: run(SEED, True))
    if failed:
        return failed
    out, mask, wrong = _pair(value, "in training")
    if wrong:
        return wrong
    R = out / A_CHECK                        # the factor each activation was multiplied by
    kept = np.count_nonzero(np.abs(R) > 1e-12) / R.size
    se = np.sqrt(P * (1 - P) / R.size)       # the standard error of the kept fraction
    factor, all_dropped = R.flat[0], np.isclose(R.flat[0], 0)
    if np.allclose(R, factor) and (all_dropped or np.isclose(factor, 1 / (1 - P))):
        return Verdict(WRONG, f"every entry of A was multiplied by the same factor ({factor:.3g}): all "
                              f"the units were {'dropped' if all_dropped else 'kept'}. Either one random "
                              "number was drawn for the whole array, or the comparison "
                              f"{'drops' if all_dropped else 'keeps'} every entry: draw one per entry and "
                              "compare it with p, `rng.random(A.shape) >= p`.")
    if _values_near(R, [1.0]):
        return Verdict(WRONG, "nothing was dropped with training=True: while training, drop each "
                              "unit with probability p (its mask entry 0) and scale the others by 1/(1 - p).")
    if _values_near(R, [0.0, 1.0]):
        return Verdict(WRONG, "the kept units are not scaled: inverted dropout multiplies them by "
                              "1/(1 - p), so that A * mask has the same expected value as A and "
                              "nothing needs to change at test time.")
    if _values_near(R, [0.0, 1 - P]):
        return Verdict(WRONG, "the kept units were multiplied by 1 - p; inverted dropout divides "
                              "them by 1 - p, so that their expected value stays that of A.")
    if _values_near(R, [0.0, 1 / P]) and abs(kept - P) < 5 * se:
        return Verdict(WRONG, "p was used as the probability of keeping a unit (as in CS231n's "
                              "notes); here p is the probability of dropping it: keep with "
                              "probability 1 - p and scale by 1/(1 - p).")
    if not _values_near(R, [0.0, 1 / (1 - P)]):
        return Verdict(WRONG, "out should be A times a mask whose entries are 0 (dropped) or "
                              "1/(1 - p) (kept); some of your out / A are neither.")
    if np.allclose(R, R[:, :1]):
        return Verdict(WRONG, "the same units were dropped for every example (one mask column "
                              "broadcast over the batch): draw one number per entry of A, "
                              "`rng.random(A.shape)`.")
    if np.allclose(R, R[:1, :]):
        return Verdict(WRONG, "all the units of an example were dropped or kept together (one mask row, "
                              "a number per example, broadcast over the units): draw one number per "
                              "entry of A, `rng.random(A.shape)`.")
    by_sign = [np.count_nonzero(np.abs(R[part]) > 1e-12) / np.count_nonzero(part) for part in (A_CHECK < 0, A_CHECK > 0)]
    # each half holds about half the entries, so the difference of their kept fractions has a
    # standard error of about 2 se: 10 se is 5 of those
    if abs(by_sign[0] - by_sign[1]) > 10 * se:
        return Verdict(WRONG, f"whether a unit is kept depends on its value: {by_sign[0]:.0%} of A's negative "
                              f"entries were kept and {by_sign[1]:.0%} of its positive ones. Compare the random "
                              "numbers with p, `rng.random(A.shape) >= p`, not with A.")
    if abs(kept - P) < 5 * se:
        return Verdict(WRONG, f"about {kept:.0%} of the units were kept with p = {P}: p is the "
                              "probability of dropping a unit, so keep each with probability 1 - p "
                              "(`rng.random(A.shape) >= p`).")
    if abs(kept - (1 - P)) > 5 * se:
        return Verdict(WRONG, f"{kept:.0%} of the units were kept with p = {P}; about "
                              f"{1 - P:.0%} should be: keep each unit with probability 1 - p.")
    if mask is None or mask.shape != A_CHECK.shape or not np.allclose(mask, R):
        return Verdict(WRONG, "the mask you return is not what A was multiplied by: return the mask "
                              "(0 or 1/(1 - p) per entry) that gives out = A * mask; backward needs it.")
    again, _ = attempt(lambda: run(SEED, True))
    if not (isinstance(again, (tuple, list)) and np.array_equal(np.asarray(again[0], dtype=float), out)):
        return Verdict(WRONG, "two calls with generators in the same state gave different masks: "
                              "draw the mask from `rng` (e.g. `rng.random(A.shape)`), not from "
                              "np.random, so that the same state gives the same mask (gradient "
                              "checking needs that).")
    value, failed = attempt(lambda: run(SEED, False))
    if failed:
        return failed
    test_out, test_mask, wrong = _pair(value, "at test time (training=False)")
    if wrong:
        return wrong
    if np.allclose(test_out, A_CHECK):
        if test_mask is not None and test_mask.shape == A_CHECK.shape and np.allclose(test_mask, 1.0):
            return Verdict(CORRECT, "in training about 1 - p of the units are kept and scaled by "
                                    "1/(1 - p), drawn from rng; at test time A passes unchanged.")
        return Verdict(WRONG, "at test time out is A, as it should be, but the mask returned is not a mask "
                              "of ones, `np.ones_like(A)`: nothing is dropped, so every entry's factor is 1.")
    if np.allclose(test_out, (1 - P) * A_CHECK):
        return Verdict(WRONG, "at test time A was multiplied by 1 - p: that is the rule of dropout "
                              "as Srivastava et al. first wrote it, where training does not scale. "
                              "Inverted dropout scales during training, so at test time A is used as it is.")
    if _values_near(test_out / A_CHECK, [0.0, 1 / (1 - P)]) or _values_near(test_out / A_CHECK, [0.0, 1.0]):
        return Verdict(WRONG, "units were dropped at test time (training=False): a trained network "
                              "is tested with every unit, so return A unchanged (and a mask of ones).")
    return Verdict(WRONG, "with training=False, out should be A unchanged: nothing is dropped or "
                          "scaled at test time.")


def dropout_forward(candidate):
    """Check the learner's dropout_forward; return what the cells below use."""
    return conclude("Exercise 1, dropout forward", diagnose_dropout_forward(candidate), candidate,
                    reference_dropout_forward, used="dropout_forward_used")


# ---- exercise 2: grads_with_dropout(X, Y, params, p, rng) -> (dW1, db1, dW2, db2) ------------
# A tanh hidden layer with dropout, a softmax output and the cross-entropy averaged over m.
_rng = np.random.default_rng(5)
X = _rng.normal(size=(5, 6))
Y = np.eye(3)[:, _rng.integers(0, 3, 6)]
PARAMS = (_rng.normal(size=(4, 5)), _rng.normal(size=(4, 1)), _rng.normal(size=(3, 4)), _rng.normal(size=(3, 1)))
P2, SEED2 = 0.4, 3


def network(params, p):
    net = MLP([params[0].shape[1], params[0].shape[0], params[2].shape[0]],
              hidden="tanh", output="softmax", loss="ce", dropout=p)
    for param, value in zip(net.params, params):
        param[...] = value
    return net


def reference_grads_with_dropout(X, Y, params, p, rng):
    """The package's MLP with dropout p: its gradients for the mask drawn from rng."""
    return tuple(network(params, p).loss_and_grads(X, Y, rng=rng)[1])


def _grads(forward_mask, backward_mask, dW2_from_dropped=True, prime_from_dropped=False, scale=1.0):
    """The gradients with a mask in the forward pass and one (maybe another) in the backward."""
    W1, b1, W2, b2 = PARAMS
    m = X.shape[1]
    A1 = np.tanh(W1 @ X + b1)
    D1 = A1 * forward_mask
    dZ2 = (softmax(W2 @ D1 + b2) - Y) / m * scale
    dA1 = W2.T @ dZ2 * backward_mask
    dZ1 = dA1 * (1 - (D1 if prime_from_dropped else A1) ** 2)
    dW2 = dZ2 @ (D1 if dW2_from_dropped else A1).T
    return dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dW2, dZ2.sum(axis=1, keepdims=True)


def lesson_example():
    """The lesson's own arrays for the gradient check: 20 training digits and its 64-16-10 network.
    A shape error is reported with these shapes, the ones the learner sees in the lesson."""
    pixels, labels = data.digits()
    first = data.split(pixels.shape[1], [1000, 397, 400], seed=0)[0][:20]
    net = MLP([64, 16, 10], hidden="tanh", output="softmax", loss="ce", dropout=0.5, seed=1)
    return pixels[:, first] / 16, one_hot(labels[first], 10), tuple(net.params), 0.5, np.random.default_rng(7)


def diagnose_grads_with_dropout(candidate):
    value, failed = attempt(lambda: candidate(X.copy(), Y.copy(), tuple(p.copy() for p in PARAMS),
                                              P2, np.random.default_rng(SEED2)),
                            example=lambda: candidate(*lesson_example()))
    if failed:
        return failed
    if not (isinstance(value, (tuple, list)) and len(value) == 4):
        return Verdict(WRONG, f"return the 4 arrays (dW1, db1, dW2, db2), not {type(value).__name__}.")
    rng = np.random.default_rng(SEED2)
    mask = dropout_mask((4, X.shape[1]), P2, rng)
    second = dropout_mask((4, X.shape[1]), P2, rng)          # what a second draw gives
    u = np.random.default_rng(SEED2).random((4, X.shape[1]))
    other_rule = (u < 1 - P2) / (1 - P2)
    right = reference_grads_with_dropout(X, Y, PARAMS, P2, np.random.default_rng(SEED2))
    whole = [
        (_grads(mask, second), "the backward pass drew a new mask: the gradient flows back only "
                               "through the units that the forward pass kept, so reuse the forward "
                               "pass's mask: dZ1 = (W2.T @ dZ2) * mask * (1 - A1**2)."),
        (_grads(mask, np.ones_like(mask)), "the mask is missing from the backward pass: a dropped "
                                            "unit passed nothing forward, so it gets no gradient: "
                                            "dZ1 = (W2.T @ dZ2) * mask * (1 - A1**2)."),
        (_grads(mask, mask, dW2_from_dropped=False), "dW2 uses A1 from before dropout; the output "
                                                     "layer saw A1 * mask, so dW2 = dZ2 @ (A1 * mask).T."),
        (_grads(mask, mask, prime_from_dropped=True), "tanh'(Z1) = 1 - A1**2 with A1 = tanh(Z1) "
                                                      "before dropout; 1 - (A1 * mask)**2 uses the "
                                                      "dropped and scaled values instead."),
        (_grads(mask * (1 - P2), mask * (1 - P2)), "the mask has no 1/(1 - p): the kept units must "
                                                    "be scaled by 1/(1 - p) (use dropout_mask(A1.shape, p, rng), "
                                                    "which does it)."),
        (_grads(other_rule, other_rule), "your mask keeps a unit where rng.random(...) < 1 - p: a "
                                          "right dropout, but another draw than the package's. Use "
                                          "dropout_mask(A1.shape, p, rng), so that the gradient "
                                          "check below sees the same mask."),
    ]
    # The 1/m missing: in dZ2 when dW2, checked first, lacks it; in a later gradient's own line
    # when the one checked before it, made from the same dZ2 (or dZ1), was right.
    no_m = _grads(mask, mask, scale=X.shape[1])
    missing_m = {2: "the 1/m is missing: the loss is the average over the m examples, so dZ2 = (A2 - Y) / m.",
                 3: "db2 lacks the 1/m that dW2 has: dZ2 = (A2 - Y) / m holds it, so db2 = "
                    "np.sum(dZ2, axis=1, keepdims=True).",
                 0: "dW1 lacks the 1/m that dW2 has: make dZ1 from dZ2 = (A2 - Y) / m, which holds it: "
                    "dZ1 = (W2.T @ dZ2) * mask * (1 - A1**2), and dW1 = dZ1 @ X.T.",
                 1: "db1 lacks the 1/m that dW1 has: db1 = np.sum(dZ1, axis=1, keepdims=True)."}
    names = ["dW2", "db2", "dW1", "db1"]
    order = [2, 3, 0, 1]                    # backprop's order: the output layer first
    for name, k in zip(names, order):
        mistakes = [(w[k], e) for w, e in whole] + [(no_m[k], missing_m[k])]
        verdict = compare(value[k], right[k], mistakes, name=name)
        if verdict.status != CORRECT:
            return verdict
    return Verdict(CORRECT, "(dW1, db1, dW2, db2) all match: the mask of the forward pass, "
                            "reused in the backward pass.")


def grads_with_dropout(candidate):
    """Check the learner's grads_with_dropout; return what the cells below use."""
    return conclude("Exercise 2, backward with dropout", diagnose_grads_with_dropout(candidate),
                    candidate, reference_grads_with_dropout, used="grads_with_dropout_used")
