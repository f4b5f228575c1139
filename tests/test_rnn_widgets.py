"""Lesson 06's figures, driven without a browser: the vanishing/exploding sliders redraw in place
with finite data and a message (and no warnings) even where the gradient explodes; the
clipping runs; the unrolled network shows the letters."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from backprop_lab import gradient_flow
from backprop_lab.widgets import unrolled, vanishing

from figures import assert_frame_is_figure, frame_made_ahead, in_a_kernel


@pytest.mark.parametrize("rho, T, words", [(0.5, 100, "vanishes"), (1.0, 5, "within a factor 100"),
                                           (3.0, 100, "explodes"), (3.0, 5, "")])
def test_figure_data_is_finite_and_says_what_happens(rho, T, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # any warning fails the test
        t, norms, bound, message = vanishing.figure_data(rho, T)
    assert len(t) == len(norms) == len(bound) == T and t[0] == 1 and t[-1] == T
    assert np.all(np.isfinite(norms)) and np.all(norms > 0) and np.all(np.isfinite(bound))
    assert words in message and f"spectral radius {rho:.2f}, T = {T}" in message
    raw = gradient_flow.flow(rho, T)[1]
    np.testing.assert_allclose(norms, raw)              # nothing altered where it was finite


def test_points_beyond_the_plot_are_counted_in_the_message():
    t, norms, bound, message = vanishing.figure_data(0.5, 100)
    beyond = int(np.sum((norms < vanishing.Y_RANGE[0]) | (norms > vanishing.Y_RANGE[1])))
    assert beyond > 0 and f"({beyond} of 100 points off the plot)" in message


def test_sliders_move_the_lines_in_place():
    box = vanishing.vanishing_explorer(rho=1.0, T=40)   # (ipympl's toolbar warns when made: not ours)
    radius, length = box.children[0].children
    explorer = box.explorer
    line, label = explorer.line, explorer.label
    before = line.get_ydata().copy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")                   # moving the sliders: no warning at all
        radius.value = 3.0                               # what a learner's drag does
        length.value = 100
    assert explorer.line is line and len(explorer.ax.lines) == 3      # the same artists, moved
    t, norms, bound, message = vanishing.figure_data(3.0, 100)
    np.testing.assert_allclose(line.get_ydata(), norms)
    np.testing.assert_allclose(explorer.line_bound.get_ydata(), bound)
    assert len(before) == 40 and label.value == message and "explodes" in label.value
    assert radius.description == "spectral radius of W_hh" and length.description == "sequence length T"


def test_a_key_press_on_either_slider_sends_a_frame_made_ahead_that_is_the_figure_of_those_values():
    def shown():
        box = vanishing.vanishing_explorer(rho=1.0, T=40)
        box.explorer.fig.canvas.draw()                  # the browser's first full draw
        return box

    box = in_a_kernel(shown, 0.3)
    radius, length = box.children[0].children
    for slider, value in ((radius, 1.05), (radius, 1.1), (length, 45), (radius, 1.05), (length, 40)):
        value = value * (1 + 1e-15) if slider is radius else value     # the page's arithmetic
        png = frame_made_ahead(box.explorer.blitter, lambda: setattr(slider, "value", value), 0.3)
        fresh = vanishing.Explorer(radius.value, length.value)         # the figure drawn anew at those values
        assert_frame_is_figure(png, fresh.fig)
    plt.close(box.explorer.fig)


def test_clipping_runs_the_lessons_setting():
    runs = vanishing.clipping_runs()
    (plain, plain_norms, plain_net), (clipped, clipped_norms, clipped_net) = runs.values()
    assert list(runs) == ["not clipped", "clipped to norm 1"]
    assert plain_norms.max() > 1000 and clipped[-1] < 0.05 < 1 < plain[-1]
    # what the lesson says happened: without clipping nearly every tanh unit ends saturated
    assert vanishing.saturated(plain_net) > 0.9 > 0.5 > vanishing.saturated(clipped_net)
    hs, _ = plain_net.forward(gradient_flow.text(vanishing.CLIP_T)[0])
    assert np.mean(np.abs(np.hstack(hs[1:])) > 0.99) == vanishing.saturated(plain_net)
    fig = vanishing.clipping_figure(runs)
    assert fig.get_size_inches()[0] <= 8.6 and len(fig.axes[0].lines) == 2


def test_unrolled_figure_shows_every_letter():
    fig = unrolled.unrolled_figure("namaska", "amaskar")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert [t for t in texts if len(t) == 1] == list("namaska")
    assert [t[2:] for t in texts if t.startswith("→ ")] == list("amaskar")
    assert fig.get_size_inches()[0] <= 8.6
