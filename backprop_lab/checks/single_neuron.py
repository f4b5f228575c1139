"""Checks for lesson 01: the sigmoid's derivative and one gradient step."""
import numpy as np

from .. import neuron
from ..activations import sigmoid, sigmoid_prime as reference_sigmoid_prime
from ..exercise import WRONG, Verdict, attempt, compare, conclude

Z = np.linspace(-6, 6, 25)


def diagnose_sigmoid_prime(candidate):
    value, failed = attempt(lambda: candidate(Z.copy()))
    if failed:
        return failed
    s = sigmoid(Z)
    return compare(value, s * (1 - s), name="sigmoid_prime(z)", mistakes=[
        (s, "you returned sigmoid(z) itself, not its derivative."),
        (Z * (1 - Z), "you computed z(1 - z): the formula is a(1 - a) with a = sigmoid(z), not z."),
        (sigmoid(s) * (1 - sigmoid(s)), "you applied the sigmoid twice: a(1 - a) needs a = sigmoid(z) once."),
        (-s * (1 - s), "the sign is flipped: the sigmoid is increasing, so its derivative is positive."),
        (1 - s ** 2, "1 - a^2 is the derivative of tanh, not of the sigmoid."),
        (s * (1 + s), "a(1 + a): the second factor is (1 - a)."),
        (1 - s, "only (1 - a): multiply by a too."),
    ])


def sigmoid_prime(candidate):
    """Check the learner's sigmoid_prime; return what the cells below use."""
    verdict = diagnose_sigmoid_prime(candidate)
    return conclude("Exercise 1, sigmoid_prime", verdict, candidate, reference_sigmoid_prime,
                    used="sigmoid_prime_used")


# One example, chosen so that no two of the usual slips give the same numbers (lr not 0.5:
# there, a step without lr is the step with dL/da = 2(a - y); w @ x not 0: there, z = b, and
# a z that forgot w @ x, or subtracted it, would pass; and w @ x = 0.1 and z = 0.15 are none of
# b, y and lr, so that a z that forgot b, or is one of them, gives numbers of its own).
W, B, X, Y, LR = np.array([0.5, -0.2]), 0.05, np.array([1.0, 2.0]), 1.0, 0.3


def reference_gradient_step(w, b, x, y, lr):
    dw, db = neuron.gradients(w, b, x, y)
    return w - lr * dw, b - lr * db


def diagnose_gradient_step(candidate):
    result, failed = attempt(lambda: candidate(W.copy(), B, X.copy(), Y, LR))
    if failed:
        return failed
    if not (isinstance(result, tuple) and len(result) == 2):
        return Verdict(WRONG, "gradient_step should return a pair (w_new, b_new), "
                              f"not {type(result).__name__}.")
    z, a = neuron.forward(W, B, X)

    def step_with(dz, x=X, lr=LR, sign=-1, bias=True):
        """The step that a given dL/dz (and slip) produces, as [w1, w2, b]."""
        return np.append(W + sign * lr * dz * x, B + sign * lr * dz * bias)

    dz = (a - Y) * reference_sigmoid_prime(z)
    mistakes = [
        (step_with(dz, sign=+1), "the step goes uphill: w and b move against the gradient, "
                                 "w - lr * dL/dw with dL/dw = (a - y) sigmoid'(z) x. The sign slips "
                                 "in at dL/da (a - y, not y - a), in the step (-, not +), or as a "
                                 "minus on another factor."),
        (step_with(a - Y), "the factor sigmoid'(z) is missing from the chain rule."),
        (step_with((a - Y) * reference_sigmoid_prime(a)),
         "sigmoid' was taken at a = sigmoid(z); take it at z, or write it as a(1 - a)."),
        (step_with(dz, lr=1.0), "the learning rate is missing from the step."),
        (step_with(2 * dz), "the step is twice the right one: dL/da was taken as 2(a - y). With "
                            "L = 1/2 (a - y)^2 the 1/2 cancels the 2: dL/da = a - y."),
        (step_with(dz, x=1.0), "dz/dw = x is missing: w's gradient is dL/dz times x."),
        (step_with(dz, bias=False), "the bias was not updated: it has a gradient too, dL/db = dL/dz."),
    ]
    return compare(np.append(*result), step_with(dz), mistakes, name="(w_new, b_new)")


def gradient_step(candidate):
    """Check the learner's gradient_step; return what the cells below use."""
    verdict = diagnose_gradient_step(candidate)
    return conclude("Exercise 2, gradient_step", verdict, candidate, reference_gradient_step,
                    used="gradient_step_used")
