"""The sliders of lessons 00 and 01, driven without a browser."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from backprop_lab import data, neuron
from backprop_lab.widgets import neuron_descent, tour

from figures import assert_frame_is_figure, frame_made_ahead, in_a_kernel


def lesson_01_data():
    return data.two_blobs(m=40, seed=0, offset=neuron_descent.OFFSET)


def test_learning_rate_slider_moves_the_lines_to_the_new_training_run():
    X, y = lesson_01_data()
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
    assert box.children[2] is explorer.text and explorer.text.value.startswith("learning rate 5:")


def test_every_rate_has_its_frame_made_ahead_and_it_is_the_figure_of_that_run():
    X, y = lesson_01_data()

    def make():
        box = neuron_descent.learning_rate_explorer(X, y, lr=0.5)
        box.explorer.fig.canvas.draw()                 # the page's first full draw
        return box

    box = in_a_kernel(make, 0.5)                       # the other rates' frames are made meanwhile
    slider, explorer = box.children[0], box.explorer
    for rate in (r for r in neuron_descent.RATES if r != 0.5):      # every move: a frame made ahead
        png = frame_made_ahead(explorer.blitter, lambda: setattr(slider, "value", rate), 0.2)
        fresh = neuron_descent.Explorer(X, y, rate)                 # ...the figure a new explorer draws
        assert_frame_is_figure(png, fresh.fig)
    plt.close(explorer.fig)


def test_slider_starts_exactly_at_the_rate_the_lesson_gives():
    box = neuron_descent.learning_rate_explorer(*lesson_01_data(), lr=0.5)
    slider = box.children[0]
    assert slider.value == 0.5 and slider.label == "0.5"
    assert slider.options[0][1] == 0.01 and slider.options[-1][1] == 100


def test_loss_title_is_short_enough_to_fit():
    """The title once carried the whole summary and was clipped; the summary is now a text line."""
    box = neuron_descent.learning_rate_explorer(*lesson_01_data(), lr=0.5)
    assert box.explorer.ax_loss.get_title() == "loss during training"


def test_too_large_a_rate_visibly_fails_and_the_text_says_so():
    """On the lesson's data, small rates lower the loss at every step, middle ones overshoot
    (the loss goes up at some steps) and the largest end with a higher loss than they started:
    bigger is not always better, and the line under the figure says which is which."""
    X, y = lesson_01_data()
    box = neuron_descent.learning_rate_explorer(X, y, lr=0.5)
    slider, explorer = box.children[0], box.explorer
    kinds = {}
    for lr in neuron_descent.RATES:
        slider.value = lr
        losses = explorer.line_loss.get_ydata()
        kinds[lr] = neuron_descent.verdict(losses)[0]
        # the verdict read again from the curve itself, independently of verdict()
        went_up = np.sum(np.diff(losses) > 1e-6)
        assert (kinds[lr] == "failed") == (losses[-1] >= losses[0])
        assert (kinds[lr] == "smooth") == (went_up == 0 and losses[-1] < losses[0])
        if kinds[lr] == "failed":
            assert "FAILED" in explorer.text.value and "too large" in explorer.text.value
            assert explorer.line_loss.get_color() == "C3"
        else:
            assert "FAILED" not in explorer.text.value
    assert kinds[0.01] == kinds[0.5] == "smooth"
    assert "unstable" in kinds.values()
    assert kinds[100.0] == "failed"
    # the failures are at the top of the range: once it fails, every larger rate fails too
    first = min(lr for lr, kind in kinds.items() if kind == "failed")
    assert all(kind == "failed" for lr, kind in kinds.items() if lr >= first)
    # and the rate that trains best is neither end of the slider
    finals = {lr: neuron_descent.train(X, y, lr)[2][-1] for lr in neuron_descent.RATES}
    assert min(finals, key=finals.get) not in (neuron_descent.RATES[0], neuron_descent.RATES[-1])


def test_a_failed_run_has_every_output_pinned_at_one_end():
    """What lesson 01 says of the failed runs: all 40 outputs on the same side of 0.5, and
    sigma'(z) far below its peak of 1/4."""
    X, y = lesson_01_data()
    for lr in neuron_descent.RATES:
        w, b, losses = neuron_descent.train(X, y, lr)
        if neuron_descent.verdict(losses)[0] != "failed":
            continue
        a = 1 / (1 + np.exp(-(w @ X + b)))
        assert np.all(a < 0.5) or np.all(a > 0.5)
        assert np.max(a * (1 - a)) < 0.05
        assert np.mean((a > 0.5) != (y == 1)) == 0.5          # half the points wrong


def test_a_rate_off_the_slider_is_refused():
    with pytest.raises(ValueError, match="rates"):
        neuron_descent.learning_rate_explorer(*lesson_01_data(), lr=0.3)


def test_vertical_boundary_is_drawn_as_a_vertical_line():
    x1, x2 = neuron_descent.boundary(np.array([2.0, 0.0]), -1.0)
    np.testing.assert_allclose(x1, [0.5, 0.5])


def test_sigmoid_readout_follows_its_slider():
    box = tour.sigmoid_readout(0.0)
    slider, canvas, label = box.children
    assert canvas is box.plot.fig.canvas
    assert "0.5000" in label.value
    slider.value = 2.0
    assert label.value == tour.readout(2.0) and "0.8808" in label.value


def test_sigmoid_slider_moves_the_points_on_the_two_curves():
    box = tour.sigmoid_readout(0.0)
    slider, plot = box.children[0], box.plot
    assert plot.on_sigmoid.get_data()[1][0] == 0.5 and plot.on_prime.get_data()[1][0] == 0.25
    slider.value = -2.0
    s = 1 / (1 + np.exp(2.0))                                  # sigma(-2), written out
    np.testing.assert_allclose(plot.on_sigmoid.get_data(), [[-2.0], [s]])
    np.testing.assert_allclose(plot.on_prime.get_data(), [[-2.0], [s * (1 - s)]])
    assert list(plot.guide.get_xdata()) == [-2.0, -2.0]
    # the points lie on the drawn curves
    for point, curve in ((plot.on_sigmoid, 0), (plot.on_prime, 1)):
        xs, ys = plot.fig.axes[0].lines[curve].get_data()
        assert np.interp(-2.0, xs, ys) == pytest.approx(point.get_data()[1][0], abs=1e-3)
