"""backprop_lab.MLP: gradients against centred differences over random networks, the losses
against their textbook formulas, every bad input refused with the parameters unchanged,
and extreme inputs finite and silent."""
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from backprop_lab import MLP
from backprop_lab.gradcheck import check_gradients, check_network, relative_error
from backprop_lab.mlp import logsumexp, softmax, softplus

COMBOS = [("sigmoid", "mse"), ("softmax", "mse"), ("identity", "mse"), ("sigmoid", "bce"), ("softmax", "ce")]


def targets(rng, loss, n, m):
    if loss == "ce":
        return np.eye(n)[:, rng.integers(0, n, m)]
    if loss == "bce":
        return rng.uniform(size=(n, m))
    return rng.normal(size=(n, m))


def randomise(net, rng, scale=1.0):
    """Random weights and biases (zero biases would hide half of what a bias gradient can get wrong)."""
    for p in net.params:
        p[...] = rng.normal(scale=scale / np.sqrt(p.shape[1] if p.shape[1] > 1 else 1), size=p.shape)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
       m=st.integers(1, 6),
       hidden=st.sampled_from(["sigmoid", "tanh", "relu"]),
       combo=st.sampled_from(COMBOS),
       lam=st.one_of(st.just(0.0), st.floats(1e-3, 2.0)),   # a decay of 1e-90 is below what h resolves
       seed=st.integers(0, 2**32 - 1))
# one output through a softmax is always 1: the only gradient is weight decay's, 7e-6 against |J| = 1.3
@example(sizes=[1, 1], m=1, hidden="sigmoid", combo=("softmax", "mse"), lam=0.001953125, seed=120387658)
def test_gradients_match_centred_differences(sizes, m, hidden, combo, lam, seed):
    output, loss = combo
    net = MLP(sizes, hidden=hidden, output=output, loss=loss, weight_decay=lam, seed=seed)
    rng = np.random.default_rng(seed)
    randomise(net, rng)
    X, Y = rng.normal(size=(sizes[0], m)), targets(rng, loss, sizes[-1], m)
    Zs, _ = net.forward_pass(X)
    if hidden == "relu":     # a kink within h of a pre-activation makes the difference meaningless
        assume(all(np.abs(Z).min() > 1e-3 for Z in Zs[:-1]))
    error, per_param = check_network(net, X, Y)
    # Rounding leaves about eps*|J|/h in each entry of a centred difference, so a gradient not
    # far above that (a saturated chain of sigmoids, a loss that only weight decay moves) cannot
    # show a small relative error whatever the code: there the difference must be rounding's.
    J, grads = net.loss_and_grads(X, Y)
    noise = np.finfo(np.float64).eps * max(abs(J), 1.0) / 1e-5
    norm, size = np.sqrt(sum(np.sum(g ** 2) for g in grads)), sum(g.size for g in grads)
    difference = error * 2 * norm                 # about ||analytic - numeric|| (the two norms agree)
    assert error < 1e-7 or difference < 10 * noise * np.sqrt(size), (error, per_param, difference, noise)
    # Per parameter, only where a centred difference can resolve the gradient.
    resolved = [e for e, g in zip(per_param, grads) if np.linalg.norm(g) > 1e6 * noise * np.sqrt(g.size)]
    assert max(resolved, default=0.0) < 1e-6, per_param


def test_a_wrong_gradient_is_caught():
    rng = np.random.default_rng(0)
    net = MLP([3, 4, 1], output="sigmoid", loss="bce")
    randomise(net, rng)
    X, Y = rng.normal(size=(3, 8)), rng.uniform(size=(1, 8))
    _, grads = net.loss_and_grads(X, Y)
    loss = lambda: net.loss_and_grads(X, Y)[0]   # noqa: E731
    assert check_gradients(loss, net.params, grads)[0] < 1e-8
    no_axis = grads[:1] + [np.sum(grads[1])] + grads[2:]      # db1 summed over the units as well
    error, per_param = check_gradients(loss, net.params, no_axis)
    assert error > 1e-3 and per_param[1] > 0.1 and max(per_param[2:]) < 1e-8
    doubled = [2 * g for g in grads]                          # a factor off (a missing 1/m, say)
    assert relative_error(doubled, grads) == pytest.approx(1 / 3)


def test_interface_shapes_dtype_and_seed():
    net = MLP([4, 3, 2], hidden="relu", output="softmax", loss="ce", seed=7, dtype=np.float32)
    assert [p.shape for p in net.params] == [(3, 4), (3, 1), (2, 3), (2, 1)]
    assert all(p.dtype == np.float32 for p in net.params)
    again = MLP([4, 3, 2], hidden="relu", output="softmax", loss="ce", seed=7, dtype=np.float32)
    assert all(np.array_equal(p, q) for p, q in zip(net.params, again.params))
    assert not np.array_equal(net.params[0], MLP([4, 3, 2], seed=8).params[0])
    X = np.random.default_rng(0).normal(size=(4, 5))          # float64 in: computed in float32
    A = net.forward(X)
    assert A.shape == (2, 5) and A.dtype == np.float32
    np.testing.assert_allclose(A.sum(axis=0), 1, rtol=1e-6)
    loss, grads = net.loss_and_grads(X, np.eye(2)[:, [0, 1, 1, 0, 1]])
    assert isinstance(loss, float)
    assert [(g.shape, g.dtype) for g in grads] == [(p.shape, np.float32) for p in net.params]
    X32 = X.astype(np.float32)
    Zs, As = net.forward_pass(net._batch(X32))
    assert As[0] is X32 and all(a.dtype == np.float32 for a in Zs + As)   # no copy, no upcast


@pytest.mark.parametrize("hidden, gains", [("tanh", [1] * 10), ("relu", [1] + [2] * 9)])
def test_initial_weights_follow_glorot_and_he(hidden, gains):
    """Var W = gain / n_in, with He's gain 2 only on a layer whose input is a ReLU's output
    (every layer but the first, whose input is the data: He et al. 2015, eq. 10 and the remark
    after it). Then a ReLU network's pre-activations keep the mean square of the data, 1 here,
    through all 10 layers; the factor 2 on the first layer too would double it everywhere."""
    sizes = [300] * 11
    net = MLP(sizes, hidden=hidden, output="identity", seed=0)
    for W, gain, n_in in zip(net.weights, gains, sizes):
        # the sample variance of 90,000 normal draws: standard error sqrt(2 / 90,000) relative
        assert np.var(W) * n_in / gain == pytest.approx(1, abs=5 * np.sqrt(2 / W.size))
    if hidden == "relu":     # one network wanders (finite width); the average over 20 does not
        X = np.random.default_rng(1).normal(size=(200, 300))
        mean_squares = np.mean([[np.mean(Z ** 2) for Z in MLP([200] * 11, hidden="relu", output="identity",
                                                               seed=s).forward_pass(X)[0]] for s in range(20)], axis=0)
        assert mean_squares == pytest.approx([1.0] * 10, rel=0.25)


def test_params_are_updated_in_place_by_optimizers():
    net = MLP([2, 3, 1], output="identity")
    W1 = net.params[0]
    X, Y = np.ones((2, 4)), np.zeros((1, 4))
    before = net.forward(X).copy()
    for p, g in zip(net.params, net.loss_and_grads(X, Y)[1]):
        p -= 0.1 * g
    assert net.params[0] is W1 and not np.allclose(net.forward(X), before)


@pytest.mark.parametrize("output, loss", COMBOS)
def test_losses_equal_their_textbook_formulas(output, loss):
    rng = np.random.default_rng(3)
    lam = 0.7
    net = MLP([3, 5, 4], hidden="tanh", output=output, loss=loss, weight_decay=lam)
    randomise(net, rng)
    X, Y = rng.normal(size=(3, 6)), targets(rng, loss, 4, 6)
    A = net.forward(X)
    if loss == "mse":
        data = np.mean([0.5 * np.sum((Y[:, i] - A[:, i]) ** 2) for i in range(6)])
    elif loss == "bce":
        data = -np.mean(np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A), axis=0))
    else:
        data = -np.mean(np.sum(Y * np.log(A), axis=0))
    decay = lam / 2 * (np.sum(net.params[0] ** 2) + np.sum(net.params[2] ** 2))   # weights only
    J, grads = net.loss_and_grads(X, Y)
    assert J == pytest.approx(data + decay, rel=1e-12)
    plain = MLP([3, 5, 4], hidden="tanh", output=output, loss=loss)
    for p, q in zip(plain.params, net.params):
        p[...] = q
    _, plain_grads = plain.loss_and_grads(X, Y)
    np.testing.assert_allclose(grads[0] - plain_grads[0], lam * net.params[0], atol=1e-14)
    np.testing.assert_array_equal(grads[1], plain_grads[1])   # no decay on the biases


def test_without_hidden_layer_it_is_logistic_regression():
    rng = np.random.default_rng(1)
    net = MLP([2, 1], output="sigmoid", loss="bce")
    randomise(net, rng)
    X, y = rng.normal(size=(2, 9)), rng.integers(0, 2, size=(1, 9)).astype(float)
    a = 1 / (1 + np.exp(-(net.params[0] @ X + net.params[1])))
    _, (dW, db) = net.loss_and_grads(X, y)
    np.testing.assert_allclose(dW, (a - y) @ X.T / 9, rtol=1e-12)
    np.testing.assert_allclose(db, np.sum(a - y, keepdims=True) / 9, rtol=1e-12)


# ---- bad input --------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, error, words", [
    (dict(sizes=[3]), ValueError, "at least two"),
    (dict(sizes=[3, 0, 1]), ValueError, "positive"),
    (dict(sizes=[3, 2.5, 1]), ValueError, "positive integers"),
    (dict(hidden="softmax"), ValueError, "unknown hidden activation 'softmax'"),
    (dict(output="tanh"), ValueError, "unknown output activation 'tanh'"),
    (dict(loss="hinge"), ValueError, "unknown loss 'hinge'"),
    (dict(output="identity", loss="bce"), ValueError, "needs output 'sigmoid'"),
    (dict(output="sigmoid", loss="ce"), ValueError, "needs output 'softmax'"),
    (dict(weight_decay=-0.1), ValueError, "weight_decay"),
    (dict(weight_decay=float("nan")), ValueError, "weight_decay"),
    (dict(dtype=np.int64), TypeError, "float32 or float64"),
    (dict(dtype=np.float16), TypeError, "float32 or float64"),
])
def test_bad_construction_is_refused(kwargs, error, words):
    kwargs = {"sizes": [3, 2, 1], **kwargs}
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        MLP(**kwargs)


GOOD_X, GOOD_Y = np.ones((3, 4)), np.full((2, 4), 0.5)
NAN_X = GOOD_X.copy()
NAN_X[1, 2] = np.nan
INF_Y = GOOD_Y.copy()
INF_Y[0, 3] = np.inf
BAD_BATCHES = [
    (np.ones((4, 4)), GOOD_Y, ValueError, r"X must have shape \(3, m\).*got shape \(4, 4\)"),
    (GOOD_X.T, GOOD_Y, ValueError, r"got shape \(4, 3\)"),
    (np.ones(3), GOOD_Y, ValueError, r"got shape \(3,\).*reshape"),
    (np.ones((3, 0)), np.ones((2, 0)), ValueError, r"empty batch: shape \(3, 0\)"),
    (GOOD_X, np.full((2, 5), 0.5), ValueError, r"X has m = 4 examples but Y has 5.*\(2, 4\)"),
    (GOOD_X, np.full((3, 4), 0.5), ValueError, r"Y must have shape \(2, m\).*got shape \(3, 4\)"),
    (NAN_X, GOOD_Y, ValueError, r"X of shape \(3, 4\) holds NaN or inf \(first at \(1, 2\)\)"),
    (GOOD_X, INF_Y, ValueError, r"Y of shape \(2, 4\) holds NaN or inf"),
    (GOOD_X.astype(complex), GOOD_Y, TypeError, "real numbers"),
    ([["a"] * 4] * 3, GOOD_Y, TypeError, "real numbers"),
    (GOOD_X, GOOD_Y + 1, ValueError, r"targets in \[0, 1\].*\(2, 4\)"),
]


@pytest.mark.parametrize("X, Y, error, pattern", BAD_BATCHES)
def test_bad_batch_is_refused_and_nothing_changes(X, Y, error, pattern):
    net = MLP([3, 4, 2], output="sigmoid", loss="bce", seed=1)
    before = [p.copy() for p in net.params]
    with pytest.raises(error, match=pattern):
        net.loss_and_grads(X, Y)
    if not pattern.startswith(("X has", "Y ", "targets")):
        with pytest.raises(error, match=pattern):
            net.forward(X)
    assert all(np.array_equal(p, q) for p, q in zip(net.params, before))


def test_ce_needs_one_hot_targets():
    net = MLP([3, 2], output="softmax", loss="ce")
    before = [p.copy() for p in net.params]
    with pytest.raises(ValueError, match=r"one-hot.*\(2, 4\)"):
        net.loss_and_grads(GOOD_X, np.ones((2, 4)))
    assert all(np.array_equal(p, q) for p, q in zip(net.params, before))


# ---- extremes ---------------------------------------------------------------------------
def silently(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):   # underflow to 0 is the right answer here
            return call()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_softplus_logsumexp_are_finite_and_silent(dtype):
    Z = np.array([[1e4, -1e4, 0.0, 1e4], [-1e4, 1e4, 0.0, 1e4 - 1], [0.0, 0.0, 0.0, -1e4]], dtype=dtype)
    S, P, L = silently(lambda: (softmax(Z), softplus(Z), logsumexp(Z)))
    assert all(np.all(np.isfinite(v)) and v.dtype == dtype for v in (S, P, L))
    np.testing.assert_allclose(S.sum(axis=0), 1, rtol=1e-6)
    np.testing.assert_allclose(S[:, 0], [1, 0, 0])
    np.testing.assert_allclose(P[0], [1e4, 0, np.log(2), 1e4], rtol=1e-6)
    np.testing.assert_allclose(L[0], [1e4, 1e4, np.log(3), 1e4 + np.log1p(np.exp(-1))], rtol=1e-6)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("output, loss", COMBOS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_inputs_stay_finite_and_silent(hidden, output, loss, dtype):
    net = MLP([2, 3, 2], hidden=hidden, output=output, loss=loss, dtype=dtype)
    net.params[2][...] = [[1e4, -1e4, 1e4], [-1e4, 1e4, -1e4]]   # output pre-activations of size 1e4
    X = np.array([[1e4, -1e4, 0.0, 1.0], [-1e4, 1e4, 0.0, -1.0]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 1.0]])
    A = silently(lambda: net.forward(X))
    J, grads = silently(lambda: net.loss_and_grads(X, Y))
    assert np.all(np.isfinite(A)) and np.isfinite(J)
    assert all(np.all(np.isfinite(g)) and g.dtype == dtype for g in grads)
    if loss != "mse":            # a confident wrong answer costs about |z|, not inf
        assert J > 100
