"""Lesson 07 without a browser: the training loop `fit` (curves, early stopping, schedules), the
confusion matrix, the regularization explorer (curves and weight images swapped in place, the
slider snapping to the trained settings) and the initialization explorer (activations equal to
a forward pass written out by hand, histograms, what it says, redrawn in place and silent)."""
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest

from backprop_lab import MLP, data, optim
from backprop_lab.fit import confusion_matrix, evaluate, fit, one_hot, should_stop, stopping_epoch
from backprop_lab.widgets import initialization as init
from backprop_lab.widgets import regularization as reg

from figures import after_a_message, assert_frame_is_figure, frame_made_ahead, full_draw_requests, in_a_kernel


@pytest.fixture(scope="module")
def digits():
    X, y = data.digits()
    train, val = data.split(X.shape[1], [120, 80], seed=0)
    return X[:, train] / 16, y[train], X[:, val] / 16, y[val]


def small(lam=0.0, p=0.0, seed=0):
    return (MLP([64, 12, 10], hidden="relu", output="softmax", loss="ce", weight_decay=lam, dropout=p, seed=seed),
            optim.Momentum(lr=0.05, momentum=0.9))


# ---------------------------------------------------------------- fit
def test_fit_records_the_curves_of_the_network_as_tested(digits):
    X, y, Xv, yv = digits
    net, opt = small(p=0.3)
    history = fit(net, opt, X, y, Xv, yv, epochs=4, batch_size=32)
    assert len(history.val_loss) == len(history.train_acc) == 5 and len(history.lr) == 4
    # the last entries are those of the final network, measured by hand without dropout
    A = net.forward(Xv)
    assert history.val_loss[-1] == pytest.approx(-np.mean(np.log(A[yv, np.arange(len(yv))])), rel=1e-12)
    assert history.val_acc[-1] == np.mean(A.argmax(axis=0) == yv)
    assert (history.train_loss[-1], history.train_acc[-1]) == evaluate(net, X, y)
    assert history.best_epoch == int(np.argmin(history.val_loss))


def test_fit_is_minibatch_sgd_written_out(digits):
    """One epoch of fit with plain SGD equals the steps taken by hand on the same shuffled batches."""
    X, y, Xv, yv = digits
    net, _ = small()
    by_hand, _ = small()
    fit(net, optim.SGD(lr=0.1), X, y, Xv, yv, epochs=1, batch_size=50, seed=3)
    order = np.random.default_rng(3).permutation(X.shape[1])
    Y = one_hot(y, 10)
    for start in range(0, X.shape[1], 50):
        batch = order[start:start + 50]
        _, grads = by_hand.loss_and_grads(X[:, batch], Y[:, batch])
        for p, g in zip(by_hand.params, grads):
            p -= 0.1 * g
    for a, b in zip(net.params, by_hand.params):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


def test_fit_follows_the_schedule_and_is_repeatable(digits):
    X, y, Xv, yv = digits
    eta = optim.schedule("StepLR", 0.1, step_size=2, gamma=0.5)
    runs = [fit(*small(p=0.2), X, y, Xv, yv, epochs=5, batch_size=40, schedule=eta) for _ in range(2)]
    assert runs[0].lr == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])
    assert runs[0].val_loss == runs[1].val_loss                     # same seed, same masks and batches


def test_early_stopping_rule_and_restoring_the_best(digits):
    curve = [1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9]
    assert not should_stop(curve[:5], patience=3) and should_stop(curve[:6], patience=3)
    assert stopping_epoch(curve, patience=3) == 5
    assert stopping_epoch(curve, patience=10) == 6                   # never fires: the last epoch
    X, y, Xv, yv = digits
    net, opt = small()
    history = fit(net, opt, X, y, Xv, yv, epochs=60, batch_size=20, patience=3, restore_best=True)
    assert history.stopped_at is not None and history.stopped_at == len(history.val_loss) - 1
    assert history.stopped_at - history.best_epoch == 3
    assert evaluate(net, Xv, yv)[0] == pytest.approx(min(history.val_loss), rel=1e-12)


def test_a_diverging_run_stops_silently(digits):
    """At lr = 1e200 the first steps overflow: fit stops in epoch 1, keeping the finite curves."""
    X, y, Xv, yv = digits
    net = MLP([64, 12, 10], hidden="relu", output="softmax", loss="ce", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = fit(net, optim.SGD(lr=1e200), X, y, Xv, yv, epochs=20, batch_size=20)
    assert history.diverged_at == 1 and history.stopped_at is None
    assert len(history.val_loss) == 1 and np.isfinite(history.val_loss[0])


def test_confusion_matrix_counts_pairs():
    C = confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], 3)
    assert C.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]
    assert C.sum() == 6 and np.trace(C) == 4


# ---------------------------------------------------------------- the regularization explorer
@pytest.fixture(scope="module")
def runs(digits):
    X, y, Xv, yv = digits
    return reg.train_each((0.0, 0.01, 0.1), lambda lam: small(lam=lam), X, y, Xv, yv, epochs=6, batch_size=40)


def test_train_each_is_fit_for_each_setting(runs, digits):
    X, y, Xv, yv = digits
    net, opt = small(lam=0.01)
    history = fit(net, opt, X, y, Xv, yv, 6, 40)
    assert runs[0.01].history.val_loss == history.val_loss
    np.testing.assert_array_equal(runs[0.01].weights, net.params[0])


def test_summary_and_gap_read_the_history(runs):
    h = runs[0.1].history
    assert reg.gap(h) == pytest.approx(100 * (h.train_acc[-1] - h.val_acc[-1]))
    text = reg.summary("λ = 0.1", h)
    assert f"validation {h.val_acc[-1]:.1%}" in text and f"at epoch {h.best_epoch}" in text


def test_a_unit_s_weights_are_drawn_as_the_image_they_multiply():
    X, _ = data.digits()
    np.testing.assert_array_equal(reg.unit_image(X[:, 0]), X[:, 0].reshape(8, 8))
    # the first image is a 0: a ring of ink with a hole in the middle
    image = reg.unit_image(X[:, 0])
    assert image[3:5, 3:5].max() <= 2 and image[0, 2:5].min() > 0


def test_the_explorer_swaps_curves_and_images_in_place(runs):
    box = reg.regularization_explorer(runs, "λ", "weight decay λ")
    explorer, slider = box.explorer, box.slider
    assert [value for _, value in slider.options] == list(runs)        # the slider snaps to the runs
    artists = (explorer.train_line, explorer.val_line, explorer.image)
    slider.value = 0.1
    assert (explorer.train_line, explorer.val_line, explorer.image) == artists
    h, W1 = runs[0.1].history, runs[0.1].weights
    np.testing.assert_array_equal(explorer.val_line.get_ydata(), h.val_loss)
    np.testing.assert_array_equal(explorer.image.get_array(), reg.mosaic(W1))
    assert explorer.status.value.startswith("λ = 0.1: training accuracy")


def test_every_setting_s_frame_is_made_ahead_and_is_the_figure_of_its_run(runs):
    def shown():
        box = reg.regularization_explorer(runs, "λ", "weight decay λ")
        box.explorer.fig.canvas.draw()                # the browser's first full draw
        return box

    box = in_a_kernel(shown, 0.6)
    for value in list(runs)[::-1]:                    # every move sends a frame made ahead...
        png = frame_made_ahead(box.explorer.blitter, lambda: setattr(box.slider, "value", value), 0.3)
        fresh = reg.Explorer(runs, "λ", value)        # ...the figure a new explorer draws for that run
        assert_frame_is_figure(png, fresh.fig)
    plt.close(box.explorer.fig)


def test_the_mosaic_shows_each_unit_on_its_own_scale_with_blank_lines_between():
    W = np.arange(1.0, 16 * 64 + 1).reshape(16, 64) * np.where(np.arange(16) % 2, -1, 1)[:, None]
    image = reg.mosaic(W)
    assert image.shape == (35, 35)
    np.testing.assert_array_equal(image[9:17, 27:35], W[7].reshape(8, 8) / np.abs(W[7]).max())    # row 1, column 3
    assert image[9:17, 27:35].min() == -1.0                        # unit 7's weights are negative
    assert np.isnan(image[8, :]).all() and np.isnan(image[:, 26]).all()
    assert np.isnan(image).sum() == 35 * 35 - 16 * 64


def test_after_a_full_draw_a_move_is_blitted_not_redrawn(runs):
    box = reg.regularization_explorer(runs, "λ", "weight decay λ")
    canvas = box.explorer.fig.canvas
    canvas.draw()
    assert box.explorer.blitter.background is not None
    calls = full_draw_requests(canvas)
    box.slider.value = 0.01
    after_a_message()
    assert calls == []


# ---------------------------------------------------------------- the initialization explorer
@pytest.fixture(scope="module")
def inputs():
    rng = np.random.default_rng(0)
    return rng.normal(size=(64, 300))


@pytest.mark.parametrize("activation, f", [("tanh", np.tanh), ("ReLU", lambda z: np.maximum(z, 0))])
def test_activations_are_the_forward_pass_written_out(inputs, activation, f):
    network = init.Network(inputs)
    As = network.activations(1.3, activation)
    A = inputs
    for l, S in enumerate(network.standard[:-1]):
        A = f(1.3 * S @ A)                      # biases start at zero
        np.testing.assert_allclose(As[l], A, rtol=1e-12, atol=1e-300)
    assert len(As) == init.DEPTH and As[0].shape == (init.WIDTH, 300)
    assert all(np.std(S) == pytest.approx(1 / np.sqrt(S.shape[1]), rel=0.05) for S in network.standard[:-1])


def test_he_keeps_relu_s_mean_square_and_glorot_halves_it(inputs):
    """The arithmetic of section 7, averaged over the units: E[relu(z)^2] = Var z / 2, so each
    layer multiplies the mean square by s^2 / 2."""
    network = init.Network(inputs, width=400)
    for s, factor in [(np.sqrt(2), 1.0), (1.0, 0.5)]:
        As = network.activations(s, "ReLU")
        ratios = [np.mean(b ** 2) / np.mean(a ** 2) for a, b in zip(As[1:], As[2:])]
        assert np.exp(np.mean(np.log(ratios))) == pytest.approx(factor, rel=0.15)


@pytest.mark.parametrize("activation", ["tanh", "ReLU"])
def test_histograms_are_numpy_s(activation):
    rng = np.random.default_rng(1)
    As = [rng.normal(size=(50, 80)) * s for s in (0.05, 0.7, 4.0)]
    edges, fractions = init.histograms(As, activation)
    for A, row in zip(As, fractions):
        shown = A[A > 0] if activation == "ReLU" else A
        counts, _ = np.histogram(np.clip(shown, *init.RANGES[activation]), bins=edges)
        np.testing.assert_array_equal(row, counts / A.size)


def test_histograms_count_every_value_once(inputs):
    network = init.Network(inputs)
    As = network.activations(1.0, "tanh")
    edges, fractions = init.histograms(As, "tanh")
    assert edges[0] == -1 and edges[-1] == 1 and fractions.shape == (init.DEPTH, init.BINS)
    np.testing.assert_allclose(fractions.sum(axis=1), 1)
    As = network.activations(3.0, "ReLU")                    # values beyond the range: in the last bin
    edges, fractions = init.histograms(As, "ReLU")
    np.testing.assert_allclose(fractions.sum(axis=1), [np.mean(A > 0) for A in As])
    assert fractions[-1, -1] == pytest.approx(np.mean(As[-1] >= edges[-2]), rel=1e-12)
    assert np.mean(As[-1] > 3.0) > 0.3              # most of the last bin lies beyond the range


@pytest.mark.parametrize("activation, scale, word", [
    ("tanh", 0.25, "vanishing"), ("tanh", 1.0, "alive"), ("tanh", 5.0, "saturating"),
    ("ReLU", 0.5, "vanishing"), ("ReLU", 1.0, "vanishing"), ("ReLU", init.HE, "alive"),
    ("ReLU", 2.0, "growing"), ("ReLU", 5.0, "exploding"),
])
def test_what_the_explorer_says(inputs, activation, scale, word):
    As = init.Network(inputs).activations(scale, activation)
    said = init.diagnosis(As, activation)
    assert said.startswith(word), said
    stds = init.layer_stats(As)
    if word == "vanishing":
        assert stds[-1] < stds[0] / init.SHRINK
    if word == "saturating":
        assert np.mean(np.abs(As[-1]) > init.SATURATED) > init.SATURATED_SHARE


def test_the_initialization_figure_is_redrawn_in_place_and_silently(inputs):
    box = init.initialization_explorer(inputs)
    explorer = box.explorer
    stairs, line = list(explorer.stairs), explorer.std_line
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        for activation in ("ReLU", "tanh"):
            box.toggle.value = activation
            for _, scale in box.slider.options:
                box.slider.value = scale
                assert explorer.stairs == stairs and explorer.std_line is line
                As = explorer.network.activations(scale, activation)
                np.testing.assert_allclose(line.get_ydata(), np.clip(init.layer_stats(As), 1e-4, 1e4))
                np.testing.assert_allclose(stairs[4].get_data().values, init.histograms(As, activation)[1][4])
                assert explorer.text.endswith(init.diagnosis(As, activation))
    assert explorer.hist_axes[0].get_xlim() == init.RANGES["tanh"]
    box.toggle.value, box.slider.value = "ReLU", init.HE                 # back to a state seen: kept
    As = explorer.network.activations(init.HE, "ReLU")
    np.testing.assert_allclose(stairs[9].get_data().values, init.histograms(As, "ReLU")[1][9])
    assert explorer.text.endswith(init.diagnosis(As, "ReLU"))


def test_switching_the_activation_asks_for_a_full_draw(inputs):
    box = init.initialization_explorer(inputs)
    canvas = box.explorer.fig.canvas
    canvas.draw()
    calls = full_draw_requests(canvas)
    box.slider.value = 2.0                   # a scale: blitted
    assert calls == []
    box.toggle.value = "ReLU"                # new x ranges: a full draw
    assert calls and box.explorer.hist_axes[0].get_xlim() == init.RANGES["ReLU"]
    canvas.draw()                            # the browser's full draw
    calls.clear()
    box.toggle.value = "tanh"                # drawn before: its background is kept
    box.slider.value = 1.2
    after_a_message()
    assert calls == []


def test_the_other_activation_is_drawn_ahead_while_the_kernel_waits(inputs):
    from backprop_lab.widgets import blit

    def shown():
        box = init.initialization_explorer(inputs)
        box.explorer.fig.canvas.draw()                # the browser's first full draw
        return box

    box = in_a_kernel(shown, 2 * blit.PRERENDER_DELAY + 0.3)
    explorer, canvas = box.explorer, box.explorer.fig.canvas
    size = canvas.get_width_height(physical=True)
    assert {("tanh", *size), ("ReLU", *size)} <= set(explorer.blitter.backgrounds)
    assert explorer.hist_axes[0].get_xlim() == init.RANGES["tanh"]       # the shown one, restored
    calls = full_draw_requests(canvas)
    box.toggle.value = "ReLU"                         # never shown before: pasted
    after_a_message()
    assert calls == []


def test_every_scale_and_activation_s_frame_is_made_ahead_and_is_the_figure_of_that_setting(inputs):
    from backprop_lab.widgets import blit

    def shown():
        box = init.initialization_explorer(inputs)
        box.explorer.fig.canvas.draw()                # the browser's first full draw
        return box

    box = in_a_kernel(shown, 2 * blit.PRERENDER_DELAY + 1.0)    # the backgrounds, then the frames
    moves = [("slider", 2.0), ("toggle", "ReLU"), ("slider", init.HE), ("toggle", "tanh")]
    for control, value in moves:
        png = frame_made_ahead(box.explorer.blitter, lambda: setattr(getattr(box, control), "value", value), 1.0)
        fresh = init.Explorer(inputs, box.slider.value, box.toggle.value)
        assert_frame_is_figure(png, fresh.fig, str(value))
    plt.close(box.explorer.fig)
