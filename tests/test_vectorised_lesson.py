"""Lesson 04's package code: the exercise checks (right answer, each usual slip, nothing
attempted), the flower data set, the loop-over-examples gradients, training, gradient
checking of the source page's backward pass."""
import numpy as np
import pytest

from backprop_lab import MLP, data, gradcheck, loops, training
from backprop_lab.checks import vectorised as check
from backprop_lab.exercise import CORRECT, TODO, WRONG


def right_forward(X, W1, b1, W2, b2):
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    return Z1, A1, Z2, 1 / (1 + np.exp(-Z2))


def make_backward(dz2=lambda A2, Y, m: (A2 - Y) / m, prime=lambda Z1, A1: 1 - A1 ** 2,
                  db=lambda dZ: dZ.sum(axis=1, keepdims=True), transpose_dW2=False, extra_m=1,
                  dz1_without_m=False, dw1_extra_m=False, dW2_sign=1, dz1_extra_m=False):
    def backward(X, Y, params, cache):
        W1, b1, W2, b2 = params
        Z1, A1, Z2, A2 = cache
        m = X.shape[1]
        dZ2 = dz2(A2, Y, m)
        dW2 = dW2_sign * (A1 @ dZ2.T if transpose_dW2 else dZ2 @ A1.T) / extra_m
        dZ1 = (W2.T @ (A2 - Y if dz1_without_m else dZ2)) * prime(Z1, A1) / (m if dz1_extra_m else 1)
        dW1 = dZ1 @ X.T / (m if dw1_extra_m else extra_m)
        return dW1, db(dZ1) / extra_m, dW2, db(dZ2) / extra_m
    return backward


def not_attempted(*args):
    raise NotImplementedError()


def test_forward_check():
    assert check.diagnose_forward(right_forward).status == CORRECT
    assert check.diagnose_forward(not_attempted).status == TODO
    slips = {
        "no bias": lambda X, W1, b1, W2, b2: right_forward(X, W1, 0 * b1, W2, b2),
        "sigmoid": lambda X, W1, b1, W2, b2: (W1 @ X + b1, 1 / (1 + np.exp(-(W1 @ X + b1))), None, None),
        "not its pre-activation": lambda X, W1, b1, W2, b2: (lambda Z1: (Z1, np.tanh(Z1), W2 @ Z1 + b2, None))(W1 @ X + b1),
        "transposed": lambda X, W1, b1, W2, b2: (X.T @ W1.T + b1.T, None, None, None),
        "shapes": lambda X, W1, b1, W2, b2: (W1.T @ X, None, None, None),
    }
    for words, candidate in slips.items():
        verdict = check.diagnose_forward(candidate)
        assert verdict.status == WRONG and words in str(verdict), (words, str(verdict))


@pytest.mark.parametrize("slip, words", [
    (dict(dz2=lambda A2, Y, m: A2 - Y), "1/m is missing"),
    (dict(extra_m=5), "1/m is applied twice"),
    (dict(dz2=lambda A2, Y, m: (Y - A2) / m), "sign is flipped"),
    (dict(dW2_sign=-1), "or a minus slipped into dW2 = dZ2 @ A1.T"),
    (dict(dz2=lambda A2, Y, m: (A2 - Y) * A2 * (1 - A2) / m), "squared-error formula"),
    (dict(prime=lambda Z1, A1: 1 - np.tanh(A1) ** 2), "at A1 instead of Z1"),
    (dict(prime=lambda Z1, A1: 1.0), "lacks the factor"),
    (dict(prime=lambda Z1, A1: A1 * (1 - A1)), "sigmoid's derivative"),
    (dict(transpose_dW2=True), "dW2 is transposed"),
    (dict(db=lambda dZ: np.sum(dZ)), "no axis"),
    (dict(db=lambda dZ: dZ.sum(axis=0, keepdims=True)), "over axis 0"),
    (dict(db=lambda dZ: dZ.sum(axis=0)), "over axis 0"),
    (dict(db=lambda dZ: dZ.sum(axis=1)), "keepdims=True"),
    # the gradients checked after a right one (dW2 first) are named for their own slip
    (dict(db=lambda dZ: dZ), "it was not summed over the examples"),
    (dict(db=lambda dZ: dZ.mean(axis=1, keepdims=True)), "db2 has a second 1/m"),
    (dict(db=lambda dZ: -dZ.sum(axis=1, keepdims=True)), "db2 has the wrong sign while dW2 is right"),
    (dict(prime=lambda Z1, A1: A1 ** 2 - 1), "dW1 has the wrong sign while dW2 is right"),
    (dict(dz1_without_m=True), "dW1 lacks the 1/m that dW2 has"),
    (dict(dw1_extra_m=True), "dW1 has a second 1/m"),
    (dict(dz1_extra_m=True), "and dZ1 = (W2.T @ dZ2) * (1 - A1**2), neither with a 1/m of its own"),
    (dict(db=lambda dZ: np.sum(dZ, keepdims=True)), "db1 = np.sum(dZ1) with no axis"),
])
def test_backward_check_names_each_slip(slip, words):
    verdict = check.diagnose_backward(make_backward(**slip))
    assert verdict.status == WRONG and words in str(verdict), str(verdict)


def test_a_backward_right_only_for_one_output_unit_is_not_yet():
    """The lesson's network has one output unit; a sum over all axes or W2.T * dZ2 is right there by chance."""
    def db2_summed_over_everything(X, Y, params, cache):
        dW1, db1, dW2, _ = make_backward()(X, Y, params, cache)
        return dW1, db1, dW2, np.sum((cache[3] - Y) / X.shape[1], keepdims=True)

    def elementwise_for_matrix_product(X, Y, params, cache):
        (W1, b1, W2, b2), (Z1, A1, Z2, A2), m = params, cache, X.shape[1]
        dZ2 = (A2 - Y) / m
        dZ1 = (W2.T * dZ2) * (1 - A1 ** 2)
        return dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True)

    for candidate, found in ((db2_summed_over_everything, "where its gradients are not right: db2"),
                             (elementwise_for_matrix_product, "but not with two, where your code raised ValueError")):
        verdict = check.diagnose_backward(candidate)
        assert verdict.status == WRONG and "right with the lesson's one output unit, but not with two" in verdict.message
        assert found in verdict.message and ".." not in verdict.message, verdict.message
    assert "with one output unit and with two" in check.diagnose_backward(make_backward()).message


def test_backward_check_right_todo_and_shape_error():
    assert check.diagnose_backward(make_backward()).status == CORRECT
    assert check.diagnose_backward(not_attempted).status == TODO
    def untransposed(X, Y, params, cache):
        return params[2] @ (cache[3] - Y)        # W2 instead of W2.T: the product does not fit
    verdict = check.diagnose_backward(untransposed)
    assert verdict.status == WRONG, str(verdict)
    # the failing line, and the shapes of its arrays in the lesson's own example (400 flowers)
    assert "`return params[2] @ (cache[3] - Y)" in verdict.message
    assert "in the lesson’s example: params" not in verdict.message       # only arrays have shapes
    assert "Y (1, 400)" in verdict.message and "A @ B needs as many columns" in verdict.message


def test_checks_return_the_reference_when_wrong(capsys):
    assert check.backward(not_attempted) is check.reference_backward
    assert check.forward(right_forward) is right_forward
    assert "To do: not attempted yet" in capsys.readouterr().out


def test_references_agree_with_the_textbook_formulas():
    cache = check.reference_forward(check.X, *check.PARAMS)
    for a, b in zip(cache, right_forward(check.X, *check.PARAMS)):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    for a, b in zip(check.reference_backward(check.X, check.Y, check.PARAMS, cache),
                    make_backward()(check.X, check.Y, check.PARAMS, cache)):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def seed_back_propogation(paremeters, cache, X, Y):
    """The source page's backward pass, as published (the lesson runs the same code)."""
    m = X.shape[1]
    A1, A2, W2 = cache['A1'], cache['A2'], paremeters['W2']
    dZ2 = (1 / m) * (A2 - Y)
    dW2 = np.dot(dZ2, A1.T)
    db2 = np.sum(dZ2)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), (1 - np.power(A1, 2)))
    dW1 = np.dot(dZ1, X.T)
    db1 = np.sum(dZ1)
    return {'dW2': dW2, 'db2': db2, 'dW1': dW1, 'db1': db1}


def test_gradient_checking_catches_the_source_pages_db1():
    X, labels = data.flower(m=400, seed=1)
    X, Y = X[:, :20], labels[None, :20]
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
    Zs, As = net.forward_pass(X)
    page = seed_back_propogation(dict(W2=net.params[2]), dict(A1=As[1], A2=As[2]), X, Y)
    grads = [page["dW1"], page["db1"], page["dW2"], page["db2"]]
    _, per_param = gradcheck.check_gradients(lambda: net.loss_and_grads(X, Y)[0], net.params, grads)
    assert per_param[1] > 0.1 and max(per_param[0], per_param[2], per_param[3]) < 1e-8
    assert np.isclose(page["db1"], net.loss_and_grads(X, Y)[1][1].sum())   # every unit gets the total
    with pytest.raises(ValueError, match=r"shape \(2,\).*\(4, 1\)"):
        gradcheck.as_shapes([np.ones(2)], [net.params[1]])


def test_flower_is_fixed_balanced_and_not_linearly_separable():
    X, y = data.flower()
    X2, y2 = data.flower()
    assert X.shape == (2, 400) and y.shape == (400,) and np.array_equal(X, X2) and np.array_equal(y, y2)
    assert y.sum() == 200 and not np.array_equal(X, data.flower(seed=2)[0])
    assert data.flower(m=7)[0].shape == (2, 7)
    logistic = MLP([2, 1], output="sigmoid", loss="bce")
    training.gradient_descent(logistic, X, y[None], 1.2, 1000)
    hidden = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce")
    losses = training.gradient_descent(hidden, X, y[None], 1.2, 3000)
    assert training.accuracy(logistic, X, y) < 0.6 < 0.9 < training.accuracy(hidden, X, y)
    assert losses[-1] < losses[0] and losses.shape == (3001,)


def test_training_refuses_a_bad_rate_and_predicts_classes():
    net = MLP([2, 3], output="softmax", loss="ce")
    with pytest.raises(ValueError, match="learning rate"):
        training.gradient_descent(net, np.ones((2, 3)), np.eye(3), -1, 5)
    assert training.predict(net, np.ones((2, 4))).shape == (4,)


@pytest.mark.parametrize("hidden, output, loss", [("tanh", "sigmoid", "bce"), ("relu", "softmax", "ce"),
                                                  ("sigmoid", "identity", "mse")])
def test_loop_over_examples_equals_the_batch(hidden, output, loss):
    rng = np.random.default_rng(5)
    net = MLP([3, 4, 5, 2], hidden=hidden, output=output, loss=loss, weight_decay=0.3, seed=1)
    X = rng.normal(size=(3, 9))
    Y = np.eye(2)[:, rng.integers(0, 2, 9)] if loss != "mse" else rng.normal(size=(2, 9))
    J, grads = net.loss_and_grads(X, Y)
    J_loop, grads_loop = loops.loss_and_grads_by_example(net, X, Y)
    assert J_loop == pytest.approx(J, rel=1e-12)
    for g, h in zip(grads, grads_loop):
        np.testing.assert_allclose(h, g, rtol=1e-10, atol=1e-14)
