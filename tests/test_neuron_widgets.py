"""The sliders of lessons 00 and 01, driven without a browser."""
import numpy as np

from backprop_lab import data, neuron
from backprop_lab.widgets import neuron_descent, tour


def test_learning_rate_slider_moves_the_lines_to_the_new_training_run():
    X, y = data.two_blobs()
    box = neuron_descent.learning_rate_explorer(X, y, lr=0.5)
    slider, explorer = box.children[0], box.explorer
    before = explorer.line_loss.get_ydata().copy()
    slider.value = 5.0                                   # what a learner's drag does
    after = explorer.line_loss.get_ydata()
    w, b, losses = neuron.gradient_descent(neuron_descent.W0, neuron_descent.B0, X, y, 5.0, neuron_descent.STEPS)
    np.testing.assert_allclose(after, losses)
    assert not np.allclose(before, after)
    x1, x2 = explorer.line_boundary.get_data()
    np.testing.assert_allclose(w[0] * np.asarray(x1) + w[1] * np.asarray(x2) + b, 0, atol=1e-9)
    assert "5" in explorer.ax_loss.get_title()


def test_vertical_boundary_is_drawn_as_a_vertical_line():
    x1, x2 = neuron_descent.boundary(np.array([2.0, 0.0]), -1.0)
    np.testing.assert_allclose(x1, [0.5, 0.5])


def test_sigmoid_readout_follows_its_slider():
    box = tour.sigmoid_readout(0.0)
    slider, label = box.children
    assert "0.5000" in label.value
    slider.value = 2.0
    assert label.value == tour.readout(2.0) and "0.8808" in label.value
