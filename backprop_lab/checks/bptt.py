"""Checks for lesson 06: the backward step through time, inside the loop of BPTT.

The learner's function is bptt(inputs, targets, hs, ps, params) -> (dW_xh, dW_hh, db_h,
dW_hy, db_y), with hs = [h_0, ..., h_T] and ps = [p_1, ..., p_T] from RNN.forward. The
reference is backprop_lab.rnn's: bptt from the output gradients (p_t - onehot) / T.
"""
import numpy as np

from .. import rnn
from ..exercise import CORRECT, WRONG, Verdict, attempt, compare, conclude
from ..text import NAMASKAR

NAMES = ("dW_xh", "dW_hh", "db_h", "dW_hy", "db_y")
ORDER = (3, 4, 2, 0, 1)          # backprop's order: the output's gradients first


def _case(hidden, seed, word="namaskar", h0_scale=0.0, shift=0.0):
    """(inputs, targets, hs, ps, params) for an RNN on word; shift moves every weight and bias
    away from its start (nonzero biases), so that no two slips give the same numbers."""
    net = rnn.RNN(len(NAMASKAR), hidden, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for p in net.params:
        p += shift * rng.normal(size=p.shape)
    inputs, targets = NAMASKAR.next_letter_task(word)
    h0 = h0_scale * rng.uniform(-1, 1, size=(hidden, 1))
    hs, ps = net.forward(inputs, h0)
    return inputs, targets, hs, ps, net.params


CASE = _case(hidden=4, seed=6, h0_scale=0.5, shift=0.5)      # the check's own arrays
LESSON = _case(hidden=3, seed=0)                              # the lesson's: RNN(6, 3, seed=0)


def reference_bptt(inputs, targets, hs, ps, params):
    """The package's BPTT (backprop_lab.rnn.bptt): the reference answer."""
    grads, _ = rnn.bptt(params, inputs, hs, rnn.output_gradients(ps, targets))
    return tuple(grads)


def slipped(inputs, targets, hs, ps, params, future=True, dW_hh_with="h_prev", prime="1-h^2",
            per_T=True, W_hh_back="W_hh.T", sign=1, dW_hh_transposed=False):
    """BPTT written out with one of the usual slips switched on (the defaults are right)."""
    W_xh, W_hh, b_h, W_hy, b_y = params
    T = len(inputs)
    grads = [np.zeros_like(p) for p in params]
    dW_xh, dW_hh, db_h, dW_hy, db_y = grads
    dh_next = np.zeros_like(hs[0])
    for t in reversed(range(T)):
        x = np.zeros((W_xh.shape[1], 1))
        x[inputs[t]] = 1
        h, h_prev = hs[t + 1], hs[t]
        dy = ps[t].copy()
        dy[targets[t]] -= 1
        dy *= sign / T if per_T else sign
        dW_hy += dy @ h.T
        db_y += dy
        dh = W_hy.T @ dy + (dh_next if future else 0)
        delta = dh * ((1 - h ** 2) if prime == "1-h^2" else (1 - np.tanh(h) ** 2) if prime == "tanh'(h)" else 1)
        dW_xh += delta @ x.T
        other = h if dW_hh_with == "h" else h_prev
        dW_hh += (other @ delta.T) if dW_hh_transposed else (delta @ other.T)
        db_h += delta
        dh_next = (W_hh.T if W_hh_back == "W_hh.T" else W_hh) @ delta
    return tuple(grads)


SLIPS = [   # (what the slip changes in slipped(), the explanation the check gives)
    (dict(per_T=False),
     "the 1/T is missing: the loss is the mean over the T steps, so dy = (p - onehot(target)) / T."),
    (dict(future=False),
     "the delta from h_{t+1} is missing: h_t feeds y_t and also the next step's a_{t+1}, so "
     "dh = W_hy.T @ dy + dh_next, where dh_next = W_hh.T @ delta_{t+1} came back from step t+1."),
    (dict(dW_hh_with="h"),
     "dW_hh was summed with h_t: W_hh multiplies the previous state in a_t = W_xh x_t + W_hh h_{t-1} + b_h, "
     "so dW_hh += delta @ h_prev.T."),
    (dict(prime="tanh'(h)"),
     "tanh' was taken at h instead of written from h: h_t = tanh(a_t) already, so tanh'(a_t) = 1 - h**2; "
     "1 - np.tanh(h)**2 applies tanh a second time."),
    (dict(prime="none"),
     "delta lacks the factor tanh'(a_t) = 1 - h**2: delta = dh * (1 - h**2)."),
    (dict(W_hh_back="W_hh"),
     "dh_next = W_hh @ delta should be W_hh.T @ delta: going back, a product takes the transpose "
     "(W_hh is square, so the shapes do not tell)."),
    (dict(dW_hh_transposed=True),
     "dW_hh is transposed: it is delta @ h_prev.T, shaped like W_hh with rows for the new state "
     "(W_hh is square, so the shapes do not tell)."),
    (dict(sign=-1),
     "the sign is flipped: either dy was written (onehot(target) - p) / T for (p - onehot(target)) / T, "
     "or a minus slipped into dW_hy += dy @ h.T."),
]


# A gradient checked after a right one made from the same dy (or delta) is off by T or -1 in its
# own line, not in dy: {index: (what was right, the lines from there to this gradient)}.
OWN_LINE = {
    4: ("dW_hy, made from the same dy, is", "db_y += dy"),
    2: ("dW_hy and db_y, made from dy, are", "dy = (p - onehot(target)) / T reaches db_h through "
        "dh = W_hy.T @ dy + dh_next, delta = dh * (1 - h**2) and db_h += delta"),
    0: ("db_h, made from the same delta, is", "dW_xh += delta @ x.T"),
    1: ("db_h, made from the same delta, is", "dW_hh += delta @ h_prev.T"),
}
SCALE_SLIPS = (dict(per_T=False), dict(sign=-1))       # the slips in dy, which scale every gradient


def _own_line(k, right, T):
    right_before, lines = OWN_LINE[k]
    name = NAMES[k]
    return [(right * T, f"{name} is T times too large while {right_before} right: {lines}."),
            (-right, f"{name} has the wrong sign while {right_before} right: {lines}.")]


def _copies(case):
    inputs, targets, hs, ps, params = case
    return (list(inputs), list(targets), [h.copy() for h in hs], [p.copy() for p in ps],
            [p.copy() for p in params])


def diagnose_bptt(candidate):
    args = _copies(CASE)
    value, failed = attempt(lambda: candidate(*args), example=lambda: candidate(*_copies(LESSON)))
    if failed:
        return failed
    if not (isinstance(value, (tuple, list)) and len(value) == 5):
        return Verdict(WRONG, f"return the 5 arrays (dW_xh, dW_hh, db_h, dW_hy, db_y), "
                              f"not {type(value).__name__}.")
    _, _, hs, ps, params = CASE
    if any(not np.array_equal(a, b) for a, b in zip(args[3] + args[2] + args[4], ps + hs + params)):
        return Verdict(WRONG, "your code changed ps, hs or params in place (dy = p and then "
                              "dy[target] -= 1 changes p itself): start from a copy, dy = p.copy().")
    right = reference_bptt(*_copies(CASE))
    wrongs = [(slipped(*_copies(CASE), **slip), words, slip in SCALE_SLIPS) for slip, words in SLIPS]
    for k in ORDER:
        mistakes = [(w[k], words) for w, words, in_dy in wrongs if k not in OWN_LINE or not in_dy]
        if k in OWN_LINE:
            mistakes = _own_line(k, right[k], len(CASE[0])) + mistakes
        verdict = compare(value[k], right[k], mistakes, name=NAMES[k])
        if verdict.status != CORRECT:
            return verdict
    return Verdict(CORRECT, "dW_xh, dW_hh, db_h, dW_hy and db_y all match the reference.")


def bptt(candidate):
    """Check the learner's bptt; return the one the cells below use."""
    return conclude("Exercise, the backward step through time", diagnose_bptt(candidate),
                    candidate, reference_bptt, used="bptt_used")
