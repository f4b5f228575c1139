"""Lesson 06's SymPy derivation of BPTT: the recurrence for delta_t and the weight gradients as
sums over time simplify to what diff finds, wrong forms do not, and the derived numbers equal
backprop_lab.rnn's."""
import numpy as np
import pytest
import sympy as sp

from backprop_lab.rnn import RNN, bptt, output_gradients
from backprop_lab.symbolic import is_zero
from backprop_lab.symbolic_rnn import UnrolledRNN


@pytest.fixture(scope="module")
def unrolled():
    return UnrolledRNN(T=3, H=2, V=2, targets=[1, 0, 1])


@pytest.mark.parametrize("t", [3, 2, 1])
def test_the_derived_delta_is_the_recurrence(unrolled, t):
    assert unrolled.recurrence_holds(t)


def test_the_usual_slips_are_not_the_derived_delta(unrolled):
    u, t = unrolled, 2
    derived = u.derived_delta(t)
    h = u.a[t].applyfunc(sp.tanh)
    right = u.recurrence(t)
    no_future = u.recurrence(t, next_delta=sp.zeros(u.H, 1))                 # forgot delta_{t+1}
    at_h = right.multiply_elementwise(h.applyfunc(lambda hi: (1 - sp.tanh(hi) ** 2) / (1 - hi ** 2)))
    assert not is_zero(derived - no_future)
    assert not is_zero(derived - at_h)                                       # tanh'(h), not 1 - h^2
    assert not is_zero(derived - right * u.T)                                # no 1/T


def test_weight_gradients_are_sums_over_time():
    u = UnrolledRNN(T=2, H=2, V=2, targets=[1, 0])
    for by_diff, as_sum in zip(u.gradients_by_diff(), u.gradients_as_sums()):
        assert by_diff.shape == as_sum.shape and is_zero(by_diff - as_sum)
    wrong_hh = sum((u.delta_in_inputs(t) * u.h_full[t].T for t in (1, 2)), sp.zeros(2, 2))   # h_t
    assert not is_zero(u.gradients_by_diff()[1] - wrong_hh)


def test_the_derivation_gives_the_numbers_of_the_code(unrolled):
    """The derived deltas and gradients at random numbers, to 30 digits, against rnn.py."""
    u = unrolled
    rng = np.random.default_rng(3)
    net = RNN(u.V, u.H, seed=5)
    for p in net.params:
        p += rng.normal(scale=0.5, size=p.shape)
    inputs, h0 = [0, 1, 1], rng.uniform(-0.5, 0.5, size=(u.H, 1))
    values = u.values(net.params, inputs, h0)
    at = {**values, **u.forward_values(values)}
    hs, ps = net.forward(inputs, h0)
    _, dhs = bptt(net.params, inputs, hs, output_gradients(ps, u.targets))
    for t in range(1, u.T + 1):
        code_delta = dhs[t] * (1 - hs[t] ** 2)
        np.testing.assert_allclose(u.evaluate(u.derived_delta(t), at), code_delta, rtol=1e-12, atol=1e-15)
    loss, grads, _ = net.loss_and_grads(inputs, u.targets, h0)
    assert u.evaluate(u.J, values)[0, 0] == pytest.approx(loss, rel=1e-13)
    for symbolic, numeric in zip(u.gradients_by_diff(), grads):
        np.testing.assert_allclose(u.evaluate(symbolic, values), numeric, rtol=1e-12, atol=1e-15)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="targets"):
        UnrolledRNN(T=2, V=2, targets=[0, 2])
    with pytest.raises(ValueError, match="3 inputs"):
        UnrolledRNN(T=3).values(RNN(2, 2).params, [0, 1])
