"""Lesson 07's exercise checks: the right answers pass, each mistake a check names is diagnosed
by that very mistake, written as a learner would write it; unattempted code is a TODO and code
that raises is WRONG."""
import numpy as np
import pytest

from backprop_lab.activations import sigmoid
from backprop_lab.checks import generalize as check
from backprop_lab.exercise import CORRECT, TODO, WRONG
from backprop_lab.mlp import dropout_mask, softmax


# ---- exercise 1: dropout_forward ---------------------------------------------------------------
def right(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) >= p) / (1 - p)
    return A * mask, mask


def right_other_draw(A, p, rng, training=True):        # keep where u < 1 - p: also right
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) < 1 - p) / (1 - p)
    return A * mask, mask


def right_binomial(A, p, rng, training=True):          # another generator method: also right
    if not training:
        return A, np.ones_like(A)
    mask = rng.binomial(1, 1 - p, size=A.shape) / (1 - p)
    return A * mask, mask


def no_scaling(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    mask = rng.random(A.shape) >= p
    return A * mask, mask


def drops_at_test_time(A, p, rng, training=True):
    mask = (rng.random(A.shape) >= p) / (1 - p)
    return A * mask, mask


def scales_at_test_time(A, p, rng, training=True):
    if not training:
        return A * (1 - p), np.ones_like(A)
    mask = (rng.random(A.shape) >= p) / (1 - p)
    return A * mask, mask


def multiplies_by_one_minus_p(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) >= p) * (1 - p)
    return A * mask, mask


def keeps_with_probability_p(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) < p) / (1 - p)
    return A * mask, mask


def cs231n_convention(A, p, rng, training=True):        # p read as the probability of keeping
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) < p) / p
    return A * mask, mask


def one_mask_for_the_batch(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random((A.shape[0], 1)) >= p) / (1 - p)
    return A * mask, mask


def one_mask_per_example(A, p, rng, training=True):     # a number per column, for all its units
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape[1]) >= p) / (1 - p)
    return A * mask, mask


def compares_with_minus_p(A, p, rng, training=True):    # every entry kept
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) >= -p) / (1 - p)
    return A * mask, mask


def zero_mask_at_test_time(A, p, rng, training=True):
    if not training:
        return A, np.zeros_like(A)
    return right(A, p, rng, training)


def compares_with_A(A, p, rng, training=True):           # A for p: about 70 % kept, by chance
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random(A.shape) >= A) / (1 - p)
    return A * mask, mask


def one_number_for_all(A, p, rng, training=True):        # one draw for the whole array
    if not training:
        return A, np.ones_like(A)
    mask = (rng.random() >= p) / (1 - p)
    return A * mask, mask


def global_random_state(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    mask = (np.random.rand(*A.shape) >= p) / (1 - p)
    return A * mask, mask


def returns_keep_flags(A, p, rng, training=True):
    if not training:
        return A, np.ones_like(A)
    keep = rng.random(A.shape) >= p
    return A * keep / (1 - p), keep


def returns_the_generator(A, p, rng, training=True):     # rng where the mask goes
    return right(A, p, rng, training)[0], rng


def never_drops(A, p, rng, training=True):
    return A, np.ones_like(A)


def returns_out_only(A, p, rng, training=True):
    return right(A, p, rng, training)[0]


@pytest.mark.parametrize("candidate", [right, right_other_draw, right_binomial])
def test_dropout_forward_right(candidate):
    verdict = check.diagnose_dropout_forward(candidate)
    assert verdict.status == CORRECT, verdict.message


def test_the_reference_passes_its_own_check():
    assert check.diagnose_dropout_forward(check.reference_dropout_forward).status == CORRECT


@pytest.mark.parametrize("candidate, words", [
    (no_scaling, "the kept units are not scaled: inverted dropout multiplies them by 1/(1 - p)"),
    (drops_at_test_time, "units were dropped at test time (training=False)"),
    (scales_at_test_time, "at test time A was multiplied by 1 - p"),
    (multiplies_by_one_minus_p, "the kept units were multiplied by 1 - p; inverted dropout divides"),
    (keeps_with_probability_p, "of the units were kept with p = 0.3: p is the probability of dropping"),
    (cs231n_convention, "p was used as the probability of keeping a unit (as in CS231n's notes)"),
    (one_mask_for_the_batch, "the same units were dropped for every example"),
    (one_mask_per_example, "all the units of an example were dropped or kept together"),
    (one_number_for_all, "every entry of A was multiplied by the same factor"),
    (compares_with_A, "whether a unit is kept depends on its value"),
    (zero_mask_at_test_time, "the mask returned is not a mask of ones"),
    (compares_with_minus_p, "the same factor (1.43): all the units were kept. Either one random number was "
                            "drawn for the whole array, or the comparison keeps every entry"),
    (global_random_state, "draw the mask from `rng`"),
    (returns_keep_flags, "the mask you return is not what A was multiplied by"),
    (never_drops, "nothing was dropped with training=True"),
    (returns_out_only, "should return the pair (out, mask)"),
    (returns_the_generator, "out and mask should be arrays of numbers, not ndarray and Generator"),
])
def test_dropout_forward_mistakes_are_named(candidate, words):
    verdict = check.diagnose_dropout_forward(candidate)
    assert verdict.status == WRONG and words in verdict.message, verdict.message


@pytest.mark.parametrize("seed, all_kept", [(11, False), (13, True)])   # the check's seed, and another
def test_one_number_drawn_for_the_whole_array_is_named_whatever_it_drew(seed, all_kept, monkeypatch):
    monkeypatch.setattr(check, "SEED", seed)
    assert (np.random.default_rng(seed).random() >= check.P) == all_kept
    verdict = check.diagnose_dropout_forward(one_number_for_all)
    assert verdict.status == WRONG and "the same factor" in verdict.message, verdict.message


def test_dropout_forward_todo_and_errors():
    def todo(A, p, rng, training=True):
        raise NotImplementedError()

    def broken(A, p, rng, training=True):
        return A @ A, None

    assert check.diagnose_dropout_forward(todo).status == TODO
    verdict = check.diagnose_dropout_forward(broken)
    assert verdict.status == WRONG and "ValueError" in verdict.message and "A @ A" in verdict.message


def test_the_check_returns_yours_when_right_and_the_reference_otherwise():
    assert check.dropout_forward(right) is right
    assert check.dropout_forward(no_scaling) is check.reference_dropout_forward


# ---- exercise 2: grads_with_dropout ---------------------------------------------------------------
def grads(X, Y, params, p, rng, *, new_mask=False, no_backward_mask=False, dW2_before=False,
          prime_after=False, unscaled=False, other_draw=False, no_m=False, db2_without_m=False,
          dZ1_without_m=False):
    """A learner's grads_with_dropout, with one of the slips switched on."""
    W1, b1, W2, b2 = params
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    if unscaled:
        mask = (rng.random(A1.shape) >= p).astype(float)
    elif other_draw:
        mask = (rng.random(A1.shape) < 1 - p) / (1 - p)
    else:
        mask = dropout_mask(A1.shape, p, rng)
    D1 = A1 * mask
    A2 = softmax(W2 @ D1 + b2)
    dZ2 = (A2 - Y) if no_m else (A2 - Y) / m
    dW2 = dZ2 @ (A1 if dW2_before else D1).T
    db2 = np.sum(A2 - Y if db2_without_m else dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ (A2 - Y if dZ1_without_m else dZ2)
    if new_mask:
        dA1 = dA1 * dropout_mask(A1.shape, p, rng)
    elif not no_backward_mask:
        dA1 = dA1 * mask
    dZ1 = dA1 * (1 - (D1 if prime_after else A1) ** 2)
    dW1 = dZ1 @ X.T
    db1 = np.sum(dZ1, axis=1, keepdims=True)
    return dW1, db1, dW2, db2


def test_grads_with_dropout_right():
    verdict = check.diagnose_grads_with_dropout(grads)
    assert verdict.status == CORRECT, verdict.message
    assert check.diagnose_grads_with_dropout(check.reference_grads_with_dropout).status == CORRECT


@pytest.mark.parametrize("slip, words", [
    ("new_mask", "the backward pass drew a new mask"),
    ("no_backward_mask", "the mask is missing from the backward pass"),
    ("dW2_before", "dW2 uses A1 from before dropout"),
    ("prime_after", "1 - (A1 * mask)**2 uses the dropped and scaled values"),
    ("unscaled", "the mask has no 1/(1 - p)"),
    ("other_draw", "a right dropout, but another draw than the package's"),
    ("no_m", "the 1/m is missing"),
    ("db2_without_m", "db2 lacks the 1/m that dW2 has"),
    ("dZ1_without_m", "dW1 lacks the 1/m that dW2 has"),
])
def test_grads_with_dropout_mistakes_are_named(slip, words):
    verdict = check.diagnose_grads_with_dropout(lambda *args: grads(*args, **{slip: True}))
    assert verdict.status == WRONG and words in verdict.message, verdict.message


def test_grads_with_dropout_something_else_wrong_is_not_misnamed():
    def sigmoid_hidden(X, Y, params, p, rng):        # a slip no diagnosis names
        W1, b1, W2, b2 = params
        out = list(grads(X, Y, params, p, rng))
        out[0] = out[0] + sigmoid(W1[:, :1])
        return tuple(out)
    verdict = check.diagnose_grads_with_dropout(sigmoid_hidden)
    assert verdict.status == WRONG and "None of the usual slips" in verdict.message


def test_grads_with_dropout_todo_errors_and_shape():
    def todo(X, Y, params, p, rng):
        raise NotImplementedError()

    def broken(X, Y, params, p, rng):
        W1 = params[0]
        return W1 @ Y

    assert check.diagnose_grads_with_dropout(todo).status == TODO
    verdict = check.diagnose_grads_with_dropout(broken)
    assert verdict.status == WRONG and "ValueError" in verdict.message
    verdict = check.diagnose_grads_with_dropout(lambda *args: grads(*args)[:3])
    assert verdict.status == WRONG and "return the 4 arrays" in verdict.message


def test_the_check_s_own_formula_is_the_package_s_network():
    """The mistakes are built by check._grads; with the right masks it equals MLP's gradients."""
    rng = np.random.default_rng(check.SEED2)
    mask = dropout_mask((4, check.X.shape[1]), check.P2, rng)
    reference = check.reference_grads_with_dropout(check.X, check.Y, check.PARAMS, check.P2,
                                                   np.random.default_rng(check.SEED2))
    for a, b in zip(check._grads(mask, mask), reference):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)


def test_a_shape_error_is_reported_with_the_lesson_s_shapes():
    def transposed(X, Y, params, p, rng):
        W1, b1, W2, b2 = params
        Z1 = W1 @ X.T + b1
        return Z1, Z1, Z1, Z1
    verdict = check.diagnose_grads_with_dropout(transposed)
    assert verdict.status == WRONG and "W1 @ X.T" in verdict.message
    assert "W1 (16, 64)" in verdict.message and "X (64, 20)" in verdict.message, verdict.message


def test_the_lesson_example_is_the_lesson_s_gradient_check():
    X, Y, params, p, rng = check.lesson_example()
    assert X.shape == (64, 20) and Y.shape == (10, 20) and [w.shape for w in params[::2]] == [(16, 64), (10, 16)]
    assert X.max() <= 1 and np.array_equal(Y.sum(axis=0), np.ones(20))
