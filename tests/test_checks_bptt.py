"""Lesson 06's check of the backward step through time, fed the right answer, each slip it
names (written as a learner writes it, in the lesson's loop), nothing attempted, and code that
raises."""
import numpy as np
import pytest

from backprop_lab import rnn
from backprop_lab.checks import bptt as check
from backprop_lab.exercise import CORRECT, TODO, WRONG
from backprop_lab.gradcheck import numerical_gradient, relative_error


def one_hot(i, V):
    x = np.zeros((V, 1))
    x[i] = 1.0
    return x


def learner(step):
    """The lesson's loop around a learner's step: step(...) returns (dh_next, dy, delta) after
    adding into the gradients, as the lesson's cell does."""
    def bptt(inputs, targets, hs, ps, params):
        W_xh, W_hh, b_h, W_hy, b_y = params
        T, V = len(inputs), W_xh.shape[1]
        dW_xh, dW_hh, db_h, dW_hy, db_y = [np.zeros_like(p) for p in params]
        dh_next = np.zeros_like(hs[0])
        for t in reversed(range(T)):
            x, h, h_prev, p = one_hot(inputs[t], V), hs[t + 1], hs[t], ps[t]
            dh_next = step(locals(), dW_xh, dW_hh, db_h, dW_hy, db_y)
        return dW_xh, dW_hh, db_h, dW_hy, db_y
    return bptt


def right_step(v, dW_xh, dW_hh, db_h, dW_hy, db_y):
    dy = v["p"].copy()
    dy[v["targets"][v["t"]]] -= 1
    dy /= v["T"]
    dW_hy += dy @ v["h"].T
    db_y += dy
    dh = v["W_hy"].T @ dy + v["dh_next"]
    delta = dh * (1 - v["h"] ** 2)
    dW_xh += delta @ v["x"].T
    dW_hh += delta @ v["h_prev"].T
    db_h += delta
    return v["W_hh"].T @ delta


def make_step(dy_scale=lambda T: 1 / T, future=True, dW_hh_h="h_prev", prime=lambda h: 1 - h ** 2,
              back=lambda W: W.T, transposed=False, in_place=False, sign={}, T_in_sums_only=False):
    """sign: a gradient's own line with the sign flipped ({"db_y": -1}); T_in_sums_only: the 1/T
    in dW_hy's and db_y's lines, not in dy (so dh goes without it)."""
    def step(v, dW_xh, dW_hh, db_h, dW_hy, db_y):
        dy = v["p"] if in_place else v["p"].copy()
        dy[v["targets"][v["t"]]] -= 1
        dy = dy * (1.0 if T_in_sums_only else dy_scale(v["T"]))
        per = 1 / v["T"] if T_in_sums_only else 1.0
        dW_hy += sign.get("dW_hy", 1) * per * dy @ v["h"].T
        db_y += sign.get("db_y", 1) * per * dy
        dh = v["W_hy"].T @ dy + (v["dh_next"] if future else 0)
        delta = dh * prime(v["h"])
        dW_xh += sign.get("dW_xh", 1) * delta @ v["x"].T
        dW_hh += sign.get("dW_hh", 1) * ((v[dW_hh_h] @ delta.T) if transposed else (delta @ v[dW_hh_h].T))
        db_h += sign.get("db_h", 1) * delta
        return back(v["W_hh"]) @ delta
    return step


def test_the_right_answer_is_correct_and_the_reference_is_right():
    assert check.diagnose_bptt(learner(right_step)).status == CORRECT
    assert check.diagnose_bptt(check.reference_bptt).status == CORRECT
    # the reference against centred differences on the check's own arrays
    inputs, targets, hs, ps, params = check.CASE
    net = rnn.RNN(6, 4)
    net.params = [p.copy() for p in params]
    h0 = hs[0]
    numeric = numerical_gradient(lambda: net.loss(inputs, targets, h0), net.params)
    assert relative_error(check.reference_bptt(*check.CASE), numeric) < 1e-8
    assert relative_error(learner(right_step)(*check._copies(check.CASE)), numeric) < 1e-8


@pytest.mark.parametrize("slip, words", [
    (dict(dy_scale=lambda T: 1.0), "the 1/T is missing"),
    (dict(future=False), "the delta from h_{t+1} is missing"),
    (dict(dW_hh_h="h"), "dW_hh was summed with h_t"),
    (dict(prime=lambda h: 1 - np.tanh(h) ** 2), "tanh' was taken at h instead of written from h"),
    (dict(prime=lambda h: 1.0), "delta lacks the factor tanh'(a_t) = 1 - h**2"),
    (dict(back=lambda W: W), "should be W_hh.T @ delta"),
    (dict(transposed=True), "dW_hh is transposed"),
    (dict(dy_scale=lambda T: -1 / T), "the sign is flipped"),
    (dict(in_place=True), "changed ps, hs or params in place"),
    # a gradient checked after a right one made from the same dy or delta: named for its own line
    (dict(sign={"dW_hy": -1}), "or a minus slipped into dW_hy += dy @ h.T"),
    (dict(sign={"db_y": -1}), "db_y has the wrong sign while dW_hy, made from the same dy, is right"),
    (dict(T_in_sums_only=True), "db_h is T times too large while dW_hy and db_y, made from dy, are right"),
    (dict(sign={"db_h": -1}), "db_h has the wrong sign while dW_hy and db_y, made from dy, are right"),
    (dict(sign={"dW_xh": -1}), "dW_xh has the wrong sign while db_h, made from the same delta, is right"),
    (dict(sign={"dW_hh": -1}), "dW_hh has the wrong sign while db_h, made from the same delta, is right"),
])
def test_each_slip_is_named(slip, words):
    verdict = check.diagnose_bptt(learner(make_step(**slip)))
    assert verdict.status == WRONG and words in verdict.message, verdict.message


def test_the_slips_are_told_apart():
    """No two slips give the same gradient where the check looks first, so each message is
    the one for that slip (and none is the right answer)."""
    right = check.reference_bptt(*check._copies(check.CASE))
    wrongs = [check.slipped(*check._copies(check.CASE), **slip) for slip, _ in check.SLIPS]
    for i, a in enumerate(wrongs):
        assert not all(np.allclose(x, y) for x, y in zip(a, right))
        for b in wrongs[i + 1:]:
            assert not all(np.allclose(x, y) for x, y in zip(a, b))


def test_nothing_attempted_a_wrong_return_and_an_exception():
    def not_attempted(*args):
        raise NotImplementedError()
    assert check.diagnose_bptt(not_attempted).status == TODO

    def transposed_product(inputs, targets, hs, ps, params):
        return params[3] @ hs[1].T @ np.ones((1, 1))       # a product that does not fit
    verdict = check.diagnose_bptt(transposed_product)
    assert verdict.status == WRONG and "raised ValueError" in verdict.message

    def returns_three(inputs, targets, hs, ps, params):
        return check.reference_bptt(inputs, targets, hs, ps, params)[:3]
    verdict = check.diagnose_bptt(returns_three)
    assert verdict.status == WRONG and "return the 5 arrays" in verdict.message

    def shuffled(inputs, targets, hs, ps, params):
        g = check.reference_bptt(inputs, targets, hs, ps, params)
        return g[0], g[1], g[2], g[3].T, g[4]
    verdict = check.diagnose_bptt(shuffled)
    assert verdict.status == WRONG and "dW_hy is transposed" in verdict.message


def test_the_check_returns_what_the_cells_below_use(capsys):
    assert check.bptt(learner(right_step)).__name__ == "bptt"
    assert check.bptt(learner(make_step(future=False))) is check.reference_bptt
    out = capsys.readouterr().out
    assert "bptt_used" in out and "Not yet" in out
