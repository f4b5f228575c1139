import numpy as np

from backprop_lab import data, neuron


def finite_difference_gradient(w, b, x, y, h=1e-6):
    def loss_at(v):
        return neuron.loss(v[:-1], v[-1], x, y)
    v = np.append(w, b)
    return np.array([(loss_at(v + h * e) - loss_at(v - h * e)) / (2 * h) for e in np.eye(len(v))])


def test_gradients_match_finite_differences_one_example_and_a_batch():
    rng = np.random.default_rng(1)
    for x, y in [(np.array([1.0, 2.0]), 1.0), (rng.normal(size=(2, 7)), rng.integers(0, 2, 7))]:
        w, b = rng.normal(size=2), 0.3
        dw, db = neuron.gradients(w, b, x, y)
        np.testing.assert_allclose(np.append(dw, db), finite_difference_gradient(w, b, x, y), rtol=1e-6, atol=1e-10)


def test_gradient_descent_lowers_the_loss_on_the_blobs():
    X, y = data.two_blobs()
    _, _, losses = neuron.gradient_descent([-1.0, 0.5], 0.0, X, y, lr=0.5, steps=100)
    assert losses[-1] < 0.2 * losses[0]
    assert np.all(np.diff(losses) < 0)           # a small step always goes downhill here


def test_perceptron_learns_and_or_but_not_xor():
    for gate in ["AND", "OR"]:
        w, b, errors = neuron.perceptron(data.GATE_INPUTS, data.GATES[gate], epochs=20)
        assert errors[-1] == 0
        predictions = (w @ data.GATE_INPUTS + b >= 0).astype(float)
        np.testing.assert_array_equal(predictions, data.GATES[gate])
    _, _, errors = neuron.perceptron(data.GATE_INPUTS, data.GATES["XOR"], epochs=50)
    assert len(errors) == 50 and min(errors) > 0
