import warnings

import numpy as np
import pytest

from backprop_lab.activations import ACTIVATIONS, relu_prime, sigmoid, step

Z = np.linspace(-4, 4, 161) + 0.013     # avoid 0, where the step and ReLU have no derivative


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "identity"])
def test_derivative_matches_centred_difference(name):
    f, f_prime = ACTIVATIONS[name]
    h = 1e-6
    np.testing.assert_allclose(f_prime(Z), (f(Z + h) - f(Z - h)) / (2 * h), atol=1e-8)


def test_sigmoid_is_finite_and_silent_at_extremes():
    z = np.array([-1e4, -800.0, -30.0, 0.0, 30.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = sigmoid(z)
    assert np.all(np.isfinite(s))
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    np.testing.assert_allclose(s, 1 - sigmoid(-z), atol=1e-15)   # symmetry holds in both branches


def test_step_and_relu_conventions_at_zero():
    assert step(0.0) == 1.0 and step(-1e-9) == 0.0
    assert relu_prime(np.array([0.0]))[0] == 0.0


def test_relu_prime_keeps_float32():
    assert relu_prime(np.ones(3, dtype=np.float32)).dtype == np.float32
