"""Dropout in backprop_lab.MLP: with a fixed mask its gradients agree with centred differences,
p = 0 is exactly no dropout, the expected activation is preserved, the same generator state
gives the same masks, and a bad p or rng is refused with nothing changed."""
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backprop_lab import MLP
from backprop_lab.gradcheck import check_gradients
from backprop_lab.mlp import dropout_mask

COMBOS = [("sigmoid", "mse"), ("identity", "mse"), ("sigmoid", "bce"), ("softmax", "ce")]


def targets(rng, loss, n, m):
    if loss == "ce":
        return np.eye(n)[:, rng.integers(0, n, m)]
    return rng.uniform(size=(n, m))


def randomise(net, rng):
    for p in net.params:
        p[...] = rng.normal(scale=1 / np.sqrt(p.shape[1]), size=p.shape)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(sizes=st.lists(st.integers(1, 6), min_size=3, max_size=5),
       m=st.integers(1, 6),
       hidden=st.sampled_from(["sigmoid", "tanh", "relu"]),
       combo=st.sampled_from(COMBOS),
       p=st.floats(0.05, 0.9),
       lam=st.sampled_from([0.0, 0.1]),
       seed=st.integers(0, 2**32 - 1))
def test_gradients_with_a_fixed_mask_match_centred_differences(sizes, m, hidden, combo, p, lam, seed):
    output, loss = combo
    net = MLP(sizes, hidden=hidden, output=output, loss=loss, weight_decay=lam, dropout=p, seed=seed)
    rng = np.random.default_rng(seed)
    randomise(net, rng)
    X, Y = rng.normal(size=(sizes[0], m)), targets(rng, loss, sizes[-1], m)
    if hidden == "relu":     # a kink within h of a pre-activation makes the difference meaningless
        assume(all(np.abs(Z).min() > 1e-3 for Z in net.forward_pass(X)[0][:-1]))
    fixed = lambda: np.random.default_rng(seed + 1)            # noqa: E731  the same masks each call
    J, grads = net.loss_and_grads(X, Y, rng=fixed())
    error, _ = check_gradients(lambda: net.loss_and_grads(X, Y, rng=fixed())[0], net.params, grads)
    assert error < 1e-7


def test_a_mask_not_reused_in_backward_fails_the_check():
    """The check above can fail: gradients computed with one mask, the loss with another."""
    rng = np.random.default_rng(0)
    net = MLP([4, 6, 3], hidden="tanh", output="softmax", loss="ce", dropout=0.5)
    X, Y = rng.normal(size=(4, 5)), targets(rng, "ce", 3, 5)
    _, other = net.loss_and_grads(X, Y, rng=np.random.default_rng(2))
    error, _ = check_gradients(lambda: net.loss_and_grads(X, Y, rng=np.random.default_rng(1))[0],
                               net.params, other)
    assert error > 1e-2


def test_the_gradient_is_that_of_the_network_written_out_by_hand():
    """A tanh-softmax network with its dropout written out line by line, the mask drawn as
    documented (kept where rng.random >= p, scaled by 1/(1 - p))."""
    rng = np.random.default_rng(3)
    p, m = 0.3, 7
    net = MLP([5, 8, 4], hidden="tanh", output="softmax", loss="ce", dropout=p, seed=2)
    randomise(net, rng)
    X, Y = rng.normal(size=(5, m)), targets(rng, "ce", 4, m)
    W1, b1, W2, b2 = net.params
    keep = np.random.default_rng(9).random((8, m)) >= p
    A1 = np.tanh(W1 @ X + b1) * keep / (1 - p)
    Z2 = W2 @ A1 + b2
    A2 = np.exp(Z2) / np.exp(Z2).sum(axis=0)
    dZ2 = (A2 - Y) / m
    dZ1 = (W2.T @ dZ2) * keep / (1 - p) * (1 - np.tanh(W1 @ X + b1) ** 2)
    J, (dW1, db1, dW2, db2) = net.loss_and_grads(X, Y, rng=np.random.default_rng(9))
    assert J == pytest.approx(-np.mean(np.sum(Y * np.log(A2), axis=0)), rel=1e-12)
    for got, want in [(dW1, dZ1 @ X.T), (db1, dZ1.sum(axis=1, keepdims=True)),
                      (dW2, dZ2 @ A1.T), (db2, dZ2.sum(axis=1, keepdims=True))]:
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15)


# ---- p = 0, forward, masks --------------------------------------------------------------
@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_p_zero_is_exactly_no_dropout_and_draws_nothing(hidden, dtype):
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(3, 6)), targets(rng, "ce", 2, 6)
    plain = MLP([3, 5, 4, 2], hidden=hidden, output="softmax", loss="ce", seed=5, dtype=dtype)
    zero = MLP([3, 5, 4, 2], hidden=hidden, output="softmax", loss="ce", seed=5, dtype=dtype, dropout=0.0)
    assert all(np.array_equal(a, b) for a, b in zip(plain.params, zero.params))
    given_rng = np.random.default_rng(6)
    state, own = given_rng.bit_generator.state, zero.rng.bit_generator.state
    J0, g0 = plain.loss_and_grads(X, Y)
    J1, g1 = zero.loss_and_grads(X, Y, rng=given_rng)
    J2, g2 = zero.loss_and_grads(X, Y)
    assert J0 == J1 == J2
    assert all(np.array_equal(a, b) and np.array_equal(a, c) for a, b, c in zip(g0, g1, g2))
    assert given_rng.bit_generator.state == state and zero.rng.bit_generator.state == own


def test_dropout_does_not_change_the_initial_weights():
    plain, dropped = MLP([6, 5, 4, 3], seed=8), MLP([6, 5, 4, 3], seed=8, dropout=0.5)
    assert all(np.array_equal(a, b) for a, b in zip(plain.params, dropped.params))


def test_forward_never_drops():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(3, 10))
    plain, dropped = MLP([3, 7, 2], seed=1), MLP([3, 7, 2], seed=1, dropout=0.8)
    np.testing.assert_array_equal(plain.forward(X), dropped.forward(X))
    np.testing.assert_array_equal(dropped.forward(X), dropped.forward(X))


def test_the_same_generator_state_gives_the_same_masks():
    rng = np.random.default_rng(2)
    X, Y = rng.normal(size=(4, 9)), targets(rng, "ce", 3, 9)
    net = MLP([4, 10, 10, 3], output="softmax", loss="ce", dropout=0.5, seed=3)
    same = [net.loss_and_grads(X, Y, rng=np.random.default_rng(11)) for _ in range(2)]
    other = net.loss_and_grads(X, Y, rng=np.random.default_rng(12))
    assert same[0][0] == same[1][0] != other[0]
    assert all(np.array_equal(a, b) for a, b in zip(same[0][1], same[1][1]))
    # rng=None: the network's own generator, which moves on after each draw ...
    first, second = net.loss_and_grads(X, Y), net.loss_and_grads(X, Y)
    assert first[0] != second[0]
    # ... and which is the generator that drew the weights, continued
    rng = np.random.default_rng(3)
    for shape in [(10, 4), (10, 10), (3, 10)]:
        rng.normal(size=shape)
    assert net.loss_and_grads(X, Y, rng=rng)[0] == first[0]
    assert net.loss_and_grads(X, Y, rng=rng)[0] == second[0]


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_masks_keep_one_minus_p_of_the_units_scaled_by_one_over_one_minus_p(p):
    n = 200_000
    mask = dropout_mask((n,), p, np.random.default_rng(0))
    assert set(np.unique(mask)) == {0.0, 1 / (1 - p)}
    kept = np.count_nonzero(mask) / n
    assert abs(kept - (1 - p)) < 5 * np.sqrt(p * (1 - p) / n)     # 5 standard errors


@pytest.mark.parametrize("p", [0.2, 0.5, 0.7])
def test_the_expected_activation_is_preserved(p):
    """A1 * mask averaged over K masks is A1, and so is what the next layer computes from it,
    Z2 = W2 (A1 * mask) + b2: each entry within 5 standard errors (estimated from the K draws
    themselves). Without the 1/(1 - p) the average would be (1 - p) A1, over 20 standard
    errors away at these K, which the last assertion sees."""
    K = 4000
    rng = np.random.default_rng(5)
    net = MLP([6, 40, 3], hidden="tanh", output="identity", dropout=p, seed=4)
    randomise(net, rng)
    X = rng.normal(size=(6, 5))
    Zs, As = net.forward_pass(X)
    W2, b2 = net.params[2], net.params[3]
    dropped = np.array([As[1] * dropout_mask(As[1].shape, p, rng) for _ in range(K)])
    for draws, want in [(dropped, As[1]), (W2 @ dropped + b2, Zs[1])]:
        mean, se = draws.mean(axis=0), draws.std(axis=0, ddof=1) / np.sqrt(K)
        assert np.all(np.abs(mean - want) < 5 * se)
    mean, se = dropped.mean(axis=0), dropped.std(axis=0, ddof=1) / np.sqrt(K)
    assert np.all(np.abs(mean - (1 - p) * As[1]) > 5 * se)
    # and the training loss of an identity-output network is that of the dropped forward pass
    masks = [dropout_mask((40, 5), p, np.random.default_rng(8))]
    Y = np.zeros((3, 5))
    J = net.loss_and_grads(X, Y, rng=np.random.default_rng(8))[0]
    assert J == pytest.approx(0.5 * np.sum(net.forward_pass(X, masks)[1][-1] ** 2) / 5, rel=1e-12)


# ---- bad input --------------------------------------------------------------------------
BAD_P = [-0.1, 1.0, 1.5, float("nan"), float("inf"), True, "0.5", None]


@pytest.mark.parametrize("p", BAD_P)
def test_bad_p_is_refused_when_made(p):
    with pytest.raises(ValueError, match=r"dropout must be a probability in \[0, 1\)"):
        MLP([3, 4, 2], dropout=p)


@pytest.mark.parametrize("p", BAD_P)
def test_bad_p_is_refused_on_a_network_and_nothing_changes(p):
    net = MLP([3, 4, 2], dropout=0.25, seed=1)
    params, state = [q.copy() for q in net.params], net.rng.bit_generator.state
    with pytest.raises(ValueError, match=r"dropout must be a probability in \[0, 1\)"):
        net.dropout = p
    assert net.dropout == 0.25 and net.rng.bit_generator.state == state
    assert all(np.array_equal(a, b) for a, b in zip(net.params, params))
    net.dropout = 0.5                                   # a good p is taken
    assert net.dropout == 0.5 and "dropout=0.5" in repr(net)


@pytest.mark.parametrize("rng", [42, np.random.RandomState(0), "seed"])
def test_an_rng_that_is_not_a_generator_is_refused(rng):
    net = MLP([3, 4, 2], dropout=0.5, seed=1)
    state = net.rng.bit_generator.state
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        net.loss_and_grads(np.ones((3, 2)), np.full((2, 2), 0.5), rng=rng)
    assert net.rng.bit_generator.state == state
