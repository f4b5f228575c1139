"""The checks of lessons 00 and 01, fed right answers, the usual wrong ones, and nothing."""
import numpy as np
import pytest

from backprop_lab.activations import sigmoid
from backprop_lab.checks import single_neuron, start_here
from backprop_lab.exercise import CORRECT, TODO, WRONG


def not_done(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("answer, status, words", [
    (lambda w, x, b: np.dot(w, x) + b, CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (lambda w, x, b: np.dot(w, x), WRONG, "bias b is missing"),
    (lambda w, x, b: np.dot(w, x) - b, WRONG, "subtracted"),
    (lambda w, x, b: w * x + b, WRONG, "each product w_i x_i plus b"),
    (lambda w, x, b: None, WRONG, "return"),
    (lambda w, x, b: w[5], WRONG, "IndexError"),
    (lambda w, x, b: 42.0, WRONG, "differs"),
])
def test_weighted_sum_check(answer, status, words):
    verdict = start_here.diagnose_weighted_sum(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


@pytest.mark.parametrize("answer, status, words", [
    (lambda z: sigmoid(z) * (1 - sigmoid(z)), CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (lambda z: sigmoid(z), WRONG, "sigmoid(z) itself"),
    (lambda z: z * (1 - z), WRONG, "z(1 - z)"),
    (lambda z: -sigmoid(z) * (1 - sigmoid(z)), WRONG, "sign"),
    (lambda z: 1 - sigmoid(z) ** 2, WRONG, "tanh"),
    (lambda z: sigmoid(sigmoid(z)) * (1 - sigmoid(sigmoid(z))), WRONG, "twice"),
])
def test_sigmoid_prime_check(answer, status, words):
    verdict = single_neuron.diagnose_sigmoid_prime(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


def step_that(dz_of, lr_used=None, x_factor=True, sign=-1, bias=True, z_of=lambda w, x, b: w @ x + b):
    """A gradient step written with one deliberate slip."""
    def step(w, b, x, y, lr):
        z = z_of(w, x, b)
        a = sigmoid(z)
        dz = dz_of(a, y, z)
        rate = lr if lr_used is None else lr_used
        return w + sign * rate * dz * (x if x_factor else 1), b + sign * rate * dz * bias
    return step


RIGHT = lambda a, y, z: (a - y) * a * (1 - a)   # noqa: E731


PAIR = lambda w, b, x, y, lr: w   # noqa: E731
GRADIENT_STEP_CASES = [
    (step_that(RIGHT), CORRECT, "Correct"),
    (single_neuron.reference_gradient_step, CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (step_that(RIGHT, sign=+1), WRONG, "uphill"),
    (step_that(lambda a, y, z: (y - a) * a * (1 - a)), WRONG, "uphill"),
    (step_that(lambda a, y, z: (a - y) * -(a * (1 - a))), WRONG, "uphill"),    # a minus on sigma'
    (step_that(lambda a, y, z: a - y), WRONG, "sigmoid'(z) is missing"),
    (step_that(lambda a, y, z: (a - y) * sigmoid(a) * (1 - sigmoid(a))), WRONG, "taken at a"),
    (step_that(RIGHT, lr_used=1.0), WRONG, "learning rate is missing"),
    (step_that(lambda a, y, z: 2 * (a - y) * a * (1 - a)), WRONG, "dL/da was taken as 2(a - y)"),
    (step_that(RIGHT, x_factor=False), WRONG, "dz/dw = x"),
    (step_that(RIGHT, bias=False), WRONG, "bias was not updated"),
    (PAIR, WRONG, "pair"),
    # z written wrong: the check's example must not hide it (as w @ x = 0 did)
    (step_that(RIGHT, z_of=lambda w, x, b: -(w @ x) + b), WRONG, "differs"),
    (step_that(RIGHT, z_of=lambda w, x, b: b), WRONG, "differs"),
    (step_that(RIGHT, z_of=lambda w, x, b: w @ x), WRONG, "differs"),              # b forgotten
]


@pytest.mark.parametrize("answer, status, words", GRADIENT_STEP_CASES)
def test_gradient_step_check(answer, status, words):
    verdict = single_neuron.diagnose_gradient_step(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


def test_the_uphill_hint_names_each_place_a_sign_slips_in():
    for dz_of in (lambda a, y, z: (y - a) * a * (1 - a), lambda a, y, z: (a - y) * -(a * (1 - a))):
        message = single_neuron.diagnose_gradient_step(step_that(dz_of)).message
        assert "at dL/da (a - y, not y - a)" in message and "or as a minus on another factor" in message


def test_the_gradient_step_slips_give_numbers_of_their_own():
    """Two slips the check names differently never give the same numbers (two ways of writing
    one slip, named alike, may)."""
    def numbers(step):
        return np.append(*step(single_neuron.W.copy(), single_neuron.B, single_neuron.X.copy(),
                               single_neuron.Y, single_neuron.LR))
    named = [(words, numbers(answer)) for answer, status, words in GRADIENT_STEP_CASES
             if answer not in (not_done, PAIR)]
    for i, (words_i, got_i) in enumerate(named):
        for words_j, got_j in named[:i]:
            assert words_i == words_j or not np.allclose(got_i, got_j), (words_i, words_j)


def test_conclude_returns_the_reference_until_the_answer_is_right(capsys):
    use = single_neuron.sigmoid_prime(not_done)
    assert use is not not_done and "`sigmoid_prime_used` is the reference" in capsys.readouterr().out
    mine = lambda z: sigmoid(z) * (1 - sigmoid(z))   # noqa: E731
    assert single_neuron.sigmoid_prime(mine) is mine
