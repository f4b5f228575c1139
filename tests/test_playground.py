"""Lesson 04's live training without a browser: the two new data sets, one training step, a
diverging learning rate, and the widget's Play / Step / restart."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from backprop_lab import data, training
from backprop_lab.widgets import playground as pg

from figures import after_a_message, assert_frame_is_figure, frame_made_ahead, full_draw_requests, in_a_kernel


@pytest.fixture(scope="module")
def datasets():
    return {"flower": data.flower(), "circles": data.circles(), "spirals": data.spirals()}


# ---------------------------------------------------------------- the data sets
@pytest.mark.parametrize("make", [data.circles, data.spirals])
def test_new_data_sets_are_fixed_balanced_and_shaped(make):
    X, y = make(m=301)
    assert X.shape == (2, 301) and y.shape == (301,) and set(y) == {0.0, 1.0}
    assert abs(int(y.sum()) - 150) <= 1
    np.testing.assert_array_equal(make(m=301)[0], X)            # the same seed, the same points
    assert not np.array_equal(make(m=301, seed=9)[0], X)


def test_circles_radii():
    X, y = data.circles(m=2000, noise=0.0, factor=0.5)
    r = np.hypot(*X)
    np.testing.assert_allclose(r[y == 0], 1.0)
    np.testing.assert_allclose(r[y == 1], 0.5)


def test_spirals_are_two_arms_half_a_turn_apart():
    X, y = data.spirals(m=2000, noise=0.0)
    r, angle = np.hypot(*X), np.arctan2(X[1], X[0])
    t = r * 2 * np.pi                                       # radius t / (2 pi): t from the radius
    expected = np.angle(np.exp(1j * (t + np.pi * y)))       # t + pi for arm 1, wrapped to (-pi, pi]
    np.testing.assert_allclose(np.exp(1j * angle), np.exp(1j * expected), atol=1e-9)
    assert r.max() == pytest.approx(1.5, abs=0.01)          # 1.5 turns


# ---------------------------------------------------------------- training
def test_one_training_step_is_a_gradient_step(datasets):
    X, labels = datasets["flower"]
    net, by_hand = pg.new_network(5, "tanh"), pg.new_network(5, "tanh")
    for p, q in zip(net.params, by_hand.params):
        np.testing.assert_array_equal(p, q)                  # the same seed, the same weights
    losses, diverged = pg.train(net, X, labels, lr=0.5, steps=1)
    start, grads = by_hand.loss_and_grads(X, labels.reshape(1, -1))
    for p, g in zip(by_hand.params, grads):
        p -= 0.5 * g
    for p, q in zip(net.params, by_hand.params):
        np.testing.assert_allclose(p, q, rtol=1e-12)
    assert not diverged and len(losses) == 1
    assert losses[0] == pytest.approx(by_hand.loss_and_grads(X, labels.reshape(1, -1))[0]) and losses[0] < start


def test_a_diverging_rate_is_said_silently(datasets):
    X, labels = datasets["circles"]
    net = pg.new_network(8, "relu")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        losses, diverged = pg.train(net, X, labels, lr=1e300, steps=20)
    assert diverged and np.all(np.isfinite(losses)) and len(losses) < 20
    assert "DIVERGED" in pg.verdict([0.7, *losses], diverged, 1e300)


def test_the_verdict_names_a_loss_above_its_start():
    assert pg.verdict(list(np.linspace(0.7, 0.1, 200)), False, 1.0) is None
    assert "above where it started" in pg.verdict([0.7] + [3.7] * 200, False, 30.0)


# ---------------------------------------------------------------- the widget
def test_step_trains_and_moves_the_regions_and_the_curve(datasets):
    ui = pg.playground(datasets)
    live = ui.playground
    before = live.image.get_array().copy()
    ui.step_button.click()
    assert live.step == pg.STEPS_PER_UPDATE and len(live.curve.get_xdata()) == pg.STEPS_PER_UPDATE + 1
    assert not np.allclose(live.image.get_array(), before)
    X, labels = datasets["flower"]
    g1, _, points = live.grids["flower"]
    np.testing.assert_allclose(live.image.get_array(), live.net.forward(points)[0].reshape(g1.shape))
    accuracy = training.accuracy(live.net, X, labels)
    assert f"step {pg.STEPS_PER_UPDATE} " in live.status.value and f"{accuracy:.1%}" in live.status.value


def test_a_tick_of_play_trains_and_pause_stops(datasets):
    ui = pg.playground(datasets)
    ui.play_button.click()
    assert ui.play.playing and ui.play_button.description == "Pause"
    ui.play.value += 1                                   # what the browser's timer sends
    ui.play.value += 1
    assert ui.playground.step == 2 * pg.STEPS_PER_UPDATE
    ui.play_button.click()
    assert not ui.play.playing and ui.play_button.description == "Play"


def test_changing_a_control_restarts_from_the_same_seed(datasets):
    ui = pg.playground(datasets)
    ui.step_button.click()
    ui.units.value = 7
    live = ui.playground
    assert live.step == 0 and live.net.sizes == [2, 7, 1]
    for p, q in zip(live.net.params, pg.new_network(7, "tanh").params):
        np.testing.assert_array_equal(p, q)
    ui.data.value = "spirals"
    assert live.data == "spirals" and live.points["spirals"].get_visible() and not live.points["flower"].get_visible()
    ui.activation.value = "relu"
    ui.rate.value = 3.0
    assert (live.net.hidden, live.lr, live.step) == ("relu", 3.0, 0)


def test_after_a_full_draw_training_is_blitted(datasets):
    ui = pg.playground(datasets)
    canvas = ui.playground.fig.canvas
    canvas.draw()
    calls = full_draw_requests(canvas)
    ui.step_button.click()
    after_a_message()
    assert calls == []
    ui.data.value = "circles"                       # new points and axes: a full draw
    assert calls
    canvas.draw()
    calls.clear()
    ui.data.value = "flower"                        # drawn before: its background is kept
    after_a_message()
    assert calls == []


def test_the_other_data_sets_are_drawn_ahead_while_the_kernel_waits(datasets):
    from backprop_lab.widgets import blit

    def shown():
        ui = pg.playground(datasets)
        ui.playground.fig.canvas.draw()               # the browser's first full draw
        return ui

    ui = in_a_kernel(shown, len(datasets) * blit.PRERENDER_DELAY + 0.3)
    live, canvas = ui.playground, ui.playground.fig.canvas
    assert live.points["flower"].get_visible() and not live.points["spirals"].get_visible()   # restored
    calls = full_draw_requests(canvas)
    ui.data.value = "spirals"                         # never shown before: pasted
    after_a_message()
    assert calls == [] and live.points["spirals"].get_visible()


def test_step_and_each_control_send_a_frame_made_ahead_that_is_the_figure_of_those_settings(datasets, monkeypatch):
    from backprop_lab.widgets import blit
    monkeypatch.setattr(pg, "PAUSE_DELAY", 0.2)      # the other activations' and data sets' too, sooner

    def shown():
        ui = pg.playground(datasets)
        ui.playground.fig.canvas.draw()               # the browser's first full draw
        return ui

    ui = in_a_kernel(shown, len(datasets) * blit.PRERENDER_DELAY + 0.6)    # backgrounds, then frames, ahead
    live = ui.playground
    actions = [("Step", lambda: ui.step_button.click()), ("units", lambda: setattr(ui.units, "value", 5)),
               ("activation", lambda: setattr(ui.activation, "value", "relu")),
               ("data", lambda: setattr(ui.data, "value", "circles")), ("Step", lambda: ui.step_button.click())]
    for what, act in actions:
        png = frame_made_ahead(live.blitter, act)
        fresh = pg.Playground(datasets, live.data, live.hidden_units, live.activation, live.lr)
        fresh.fig.canvas.draw()
        while fresh.step < live.step:
            fresh.advance()
        assert_frame_is_figure(png, fresh.fig, what)
    assert (live.data, live.hidden_units, live.activation, live.step) == ("circles", 5, "relu", pg.STEPS_PER_UPDATE)
    plt.close(live.fig)


def test_no_frame_is_made_ahead_for_a_step_that_widens_the_loss_axis(datasets):
    live = pg.Playground(datasets)
    live.advance(pg.X_STEPS - pg.STEPS_PER_UPDATE + 1)
    assert all(state[4] == 0 for states in live.next_states() for state in states)
    live.diverged = True
    live.advance(0)
    assert all(state[4] == 0 for states in live.next_states() for state in states)
