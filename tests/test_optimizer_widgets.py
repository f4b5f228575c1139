"""Lesson 05 without a browser: the surfaces' gradients, the paths figure and its sliders,
divergence shown and silent, Reddi et al.'s problem, and the exercise checks."""
import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextPath

from backprop_lab import online_problem, optim
from backprop_lab.checks import optimizers as check
from backprop_lab.surfaces import QUADRATIC, ROSENBROCK, ROTATED_QUADRATIC, SADDLE, SURFACES
from backprop_lab.widgets import optimizer_paths as paths

from figures import after_a_message, assert_frame_is_figure, frame_made_ahead, full_draw_requests, in_a_kernel

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- surfaces
@pytest.mark.parametrize("surface", list(SURFACES.values()), ids=list(SURFACES))
def test_surface_gradients_match_finite_differences(surface):
    rng = np.random.default_rng(0)
    h = 1e-6
    for _ in range(50):
        p = np.array([rng.uniform(*surface.xlim), rng.uniform(*surface.ylim)])
        fd = [(surface.f(*(p + h * e)) - surface.f(*(p - h * e))) / (2 * h) for e in np.eye(2)]
        np.testing.assert_allclose(surface.gradient(p), fd, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("surface", list(SURFACES.values()), ids=list(SURFACES))
def test_surface_minima_are_where_stated(surface):
    for m in surface.minima:
        assert surface.f(*m) == pytest.approx(surface.f_min, abs=1e-15)
        np.testing.assert_allclose(surface.gradient(np.array(m)), 0, atol=1e-15)
    xs, ys = np.meshgrid(np.linspace(*surface.xlim, 301), np.linspace(*surface.ylim, 301))
    assert surface.f(xs, ys).min() >= surface.f_min - 1e-12
    assert SADDLE.gradient(np.zeros(2)).tolist() == [0.0, 0.0]        # the saddle point itself


# ---------------------------------------------------------------- trajectories
def test_trajectory_is_the_optimizer_run_by_hand():
    points, losses, diverged_at = paths.trajectory(QUADRATIC, optim.SGD(lr=0.1), steps=5)
    x, y = QUADRATIC.start
    for k in range(6):                       # SGD on 0.1x^2 + 2y^2: x *= 1 - 0.02, y *= 1 - 0.4
        np.testing.assert_allclose(points[k], [x * 0.98 ** k, y * 0.6 ** k], rtol=1e-12)
    np.testing.assert_allclose(losses, QUADRATIC.f(points[:, 0], points[:, 1]))
    assert diverged_at is None


def test_divergence_stops_the_run_silently_and_says_where():
    # SGD on the quadratic is stable for lr < 2/4 = 0.5: at 0.6, y is multiplied by -1.4 each step
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # any overflow warning fails the test
        points, losses, diverged_at = paths.trajectory(QUADRATIC, optim.SGD(lr=0.6), steps=400)
        huge = paths.trajectory(QUADRATIC, optim.SGD(lr=10.0), steps=400)
    assert diverged_at is not None and len(points) == diverged_at
    assert np.all(np.isfinite(points)) and np.all(np.isfinite(losses))
    assert abs(points[-1, 1]) > 1e3                  # it had left the picture
    assert huge[2] is not None and huge[2] < diverged_at
    assert "DIVERGED at step" in paths.summary({"SGD": (points, losses, diverged_at)})[0]


def test_the_summary_says_where_each_run_ended_without_a_minus_zero():
    points = np.array([[1.0, 1.0], [-0.0004, 0.0123456]])
    line, = paths.summary({"Adam": (points, np.array([1.0, 2.5e-8]), None)}, steps=1)
    assert line == "Adam: f - f* = 2.50e-08 after 1 steps, at (0.000, 0.012)"


def test_trajectory_takes_the_gradient_at_the_look_ahead_point():
    mu, lr = 0.9, 0.05
    points, _, _ = paths.trajectory(QUADRATIC, optim.Nesterov(lr, mu, form="lookahead"), steps=30)
    w, v = np.array(QUADRATIC.start), np.zeros(2)       # Sutskever et al.'s loop, by hand
    for k in range(30):
        v = mu * v - lr * QUADRATIC.gradient(w + mu * v)
        w = w + v
        np.testing.assert_allclose(points[k + 1], w, rtol=1e-12, atol=1e-14)


def test_build_routes_the_momentum_slider_to_mu_and_beta1():
    assert paths.build("Momentum", 0.1, 0.7).momentum == 0.7
    assert paths.build("Nesterov", 0.1, 0.7).momentum == 0.7
    assert paths.build("Adam", 0.1, 0.7).betas == (0.7, 0.999)
    assert paths.build("AMSGrad", 0.1, 0.0).betas == (0.0, 0.999)
    assert paths.build("RMSprop", 0.1, 0.7).alpha == 0.99


# ---------------------------------------------------------------- the widget
def test_sliders_are_named_for_the_browser_test():
    ui = paths.optimizer_explorer()
    assert "learning rate" in ui.lr_slider.description
    assert "momentum" in ui.momentum_slider.description
    assert ui.lr_slider in ui.children[0].children and ui.momentum_slider in ui.children[0].children


def test_learning_rate_slider_moves_the_existing_lines_to_the_new_runs():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    line, curve = explorer.paths["Adam"], explorer.slow["Adam"]
    before = np.array(line.get_xydata())
    n_lines = len(explorer.ax_path.lines)
    ui.lr_slider.value = 0.05
    points, losses, _ = paths.trajectory(QUADRATIC, paths.build("Adam", 0.05, 0.9))
    np.testing.assert_allclose(line.get_xydata(), points)
    # on the axis-aligned quadratic the slow eigenvector (curvature 0.2) is the x axis: the error is |x|
    np.testing.assert_allclose(curve.get_ydata(), np.clip(np.abs(points[:, 0]), paths.LOSS_FLOOR, paths.LOSS_CEILING))
    assert not np.allclose(before, line.get_xydata())
    assert explorer.paths["Adam"] is line and len(explorer.ax_path.lines) == n_lines    # same artists
    assert "0.05" in explorer.status.value


def test_momentum_slider_changes_momentum_runs_and_not_sgd():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    sgd, mom = explorer.paths["SGD"].get_xydata().copy(), explorer.paths["Momentum"].get_xydata().copy()
    ui.momentum_slider.value = 0.3
    np.testing.assert_array_equal(explorer.paths["SGD"].get_xydata(), sgd)
    points, _, _ = paths.trajectory(QUADRATIC, optim.Momentum(QUADRATIC.lr, 0.3))
    np.testing.assert_allclose(explorer.paths["Momentum"].get_xydata(), points)
    assert not np.allclose(points, mom[:len(points)] if len(mom) >= len(points) else points + 1)


def test_divergence_is_shown_clipped_and_said():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ui.lr_slider.value = 0.6                  # SGD's limit on the quadratic is 0.5
    xs, ys = explorer.paths["SGD"].get_data()
    (x0, x1), (y0, y1) = QUADRATIC.xlim, QUADRATIC.ylim
    assert np.all((x0 <= xs) & (xs <= x1)) and np.all((y0 <= ys) & (ys <= y1))
    assert len(explorer.ends["SGD"].get_xdata()) == 1          # the cross where it left
    assert "DIVERGED" in explorer.status.value and "SGD" in explorer.status.value
    assert "SGD: DIVERGED" in ui.report.value
    ui.lr_slider.value = 0.1
    assert len(explorer.ends["SGD"].get_xdata()) == 0 and "DIVERGED" not in explorer.status.value


def test_choosing_surface_and_optimizers():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    ui.menu.value = "Rosenbrock's valley"
    assert explorer.surface is ROSENBROCK and ui.lr_slider.value == pytest.approx(ROSENBROCK.lr)
    assert explorer.ax_path.get_xlim() == ROSENBROCK.xlim
    visible = [a.get_visible() for a in explorer.contours["Rosenbrock's valley"]]
    hidden = [a.get_visible() for a in explorer.contours["ill-conditioned quadratic"]]
    assert all(visible) and not any(hidden)
    ui.boxes["AMSGrad"].value = True
    ui.boxes["SGD"].value = False
    assert "AMSGrad" in explorer.results and "SGD" not in explorer.results
    assert not explorer.paths["SGD"].get_visible() and explorer.paths["AMSGrad"].get_visible()
    points, _, _ = paths.trajectory(ROSENBROCK, paths.build("AMSGrad", ROSENBROCK.lr, 0.9))
    np.testing.assert_allclose(explorer.paths["AMSGrad"].get_xydata(), points)


def test_after_a_full_draw_updates_blit_onto_the_kept_background():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    explorer.fig.canvas.draw()                   # what the browser's first request does
    assert explorer.blitter.background is not None
    buffer = lambda: np.asarray(explorer.fig.canvas.get_renderer().buffer_rgba()).copy()
    before = buffer()
    ui.lr_slider.value = 0.02
    after = buffer()
    assert not np.array_equal(before, after)     # the lines moved in the image itself
    explorer.fig.canvas.draw()                   # a full draw gives the same picture
    np.testing.assert_array_equal(buffer(), after)


# ---------------------------------------------------------------- the race: pure parts
def test_curvatures_of_both_quadratics_and_the_rotated_eigenvectors():
    for surface in (QUADRATIC, ROTATED_QUADRATIC):
        lam, Q = paths.curvatures(surface)
        np.testing.assert_allclose(lam, [0.2, 4.0], rtol=1e-8)
    _, Q = paths.curvatures(ROTATED_QUADRATIC)          # the diagonals, up to sign
    np.testing.assert_allclose(np.abs(Q), np.full((2, 2), np.sqrt(0.5)), rtol=1e-8)


def test_best_fixed_step_balances_both_directions_and_beats_its_neighbours():
    lam_min, lam_max = 0.2, 4.0
    eta = paths.best_lr(lam_min, lam_max)
    rate = lambda e: max(abs(1 - e * lam_min), abs(1 - e * lam_max))     # noqa: E731 - SGD's factor per step
    assert abs(1 - eta * lam_min) == pytest.approx(abs(1 - eta * lam_max))
    assert rate(eta) == pytest.approx((20 - 1) / (20 + 1))
    assert all(rate(e) > rate(eta) for e in np.linspace(0.05, 0.95, 181) if abs(e - eta) > 1e-3)


def heavy_ball_rate(eta, mu, lam):
    """Spectral radius of heavy-ball momentum on one eigen-direction: the state (error, previous error)
    is multiplied by [[1 - eta*lam + mu, -mu], [1, 0]] each step."""
    return max(abs(np.linalg.eigvals(np.array([[1 - eta * lam + mu, -mu], [1.0, 0.0]]))))


def test_best_momentum_pair_reaches_the_sqrt_kappa_rate_in_both_directions():
    lam_min, lam_max = 0.2, 4.0
    eta, mu = paths.best_momentum(lam_min, lam_max)
    target = (np.sqrt(20) - 1) / (np.sqrt(20) + 1)
    assert mu == pytest.approx(target ** 2)
    for lam in (lam_min, 1.0, lam_max):                     # every curvature in between too
        assert heavy_ball_rate(eta, mu, lam) == pytest.approx(target, rel=1e-4)
    worst = lambda e, m: max(heavy_ball_rate(e, m, l) for l in (lam_min, lam_max))   # noqa: E731
    for de, dm in ((0.03, 0), (-0.03, 0), (0, 0.03), (0, -0.03)):
        assert worst(eta + de, mu + dm) > worst(eta, mu)
    # and the package's Momentum runs at that rate on the quadratic
    points, _, _ = paths.trajectory(QUADRATIC, optim.Momentum(eta, mu), steps=150)
    d = np.linalg.norm(points, axis=1)
    assert (d[150] / d[100]) ** (1 / 50) == pytest.approx(target, abs=0.01)


def test_eigen_errors_of_sgd_shrink_by_one_minus_eta_lambda():
    eta = 0.3
    for surface in (QUADRATIC, ROTATED_QUADRATIC):
        points, _, _ = paths.trajectory(surface, optim.SGD(lr=eta), steps=20)
        errors = paths.eigen_errors(surface, points)
        t = np.arange(21)
        np.testing.assert_allclose(errors[:, 0], errors[0, 0] * abs(1 - eta * 0.2) ** t, rtol=1e-9)
        np.testing.assert_allclose(errors[:, 1], errors[0, 1] * abs(1 - eta * 4.0) ** t, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(paths.eigen_errors(QUADRATIC, [[-5.0, -2.0]]), [[5.0, 2.0]])


def test_trajectory_from_a_chosen_start():
    points, _, _ = paths.trajectory(QUADRATIC, optim.SGD(lr=0.1), steps=3, start=(1.0, 1.0))
    np.testing.assert_allclose(points, [[0.98 ** k, 0.6 ** k] for k in range(4)])


# ---------------------------------------------------------------- the race: the widget
def click(explorer, x, y):
    """A left click on the path panel at data point (x, y), as the browser sends it."""
    from matplotlib.backend_bases import MouseEvent
    explorer.fig.canvas.draw()
    px, py = explorer.ax_path.transData.transform((x, y))
    MouseEvent("button_press_event", explorer.fig.canvas, px, py, button=1)._process()


def test_a_click_on_the_contours_sets_the_start_and_reruns():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    click(explorer, 3.0, 1.5)
    assert explorer.start == pytest.approx((3.0, 1.5), abs=0.02)
    np.testing.assert_allclose(explorer.start_mark.get_xydata()[0], explorer.start)
    points, _, _ = paths.trajectory(QUADRATIC, paths.build("SGD", QUADRATIC.lr, 0.9), start=explorer.start)
    np.testing.assert_allclose(explorer.paths["SGD"].get_xydata(), points)
    x, y = (float(v) for v in re.search(r"SGD: .* at \((-?\d+\.\d{3}), (-?\d+\.\d{3})\)", ui.report.value).groups())
    np.testing.assert_allclose((x, y), points[-1], atol=5e-4)
    ui.menu.value = "a saddle"                       # a new surface starts from its own start
    assert explorer.start == SADDLE.start


def test_a_click_is_not_sent_through_matplotlibs_pick(monkeypatch):
    """Nothing in the explorer is pickable, and a pick visits every artist, tick labels too
    (half of a click's work in the kernel, done before the new frame could be sent)."""
    from matplotlib.artist import Artist
    visited = []
    monkeypatch.setattr(Artist, "pick", lambda artist, event: visited.append(artist))
    explorer = paths.optimizer_explorer().explorer
    click(explorer, 3.0, 1.5)
    assert explorer.start == pytest.approx((3.0, 1.5), abs=0.02)
    assert visited == []


def test_the_step_slider_shows_every_path_up_to_that_step_with_its_name_at_its_head():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    ui.step_slider.value = 7
    for name in paths.SHOWN:
        points = explorer.results[name][0]
        np.testing.assert_allclose(explorer.paths[name].get_xydata(), points[:8])
        np.testing.assert_allclose(explorer.heads[name].get_xydata()[0], points[7])
        np.testing.assert_allclose(explorer.labels[name].get_xydata()[0], points[7])
        offset = paths.LABEL_OFFSETS[paths.SHOWN.index(name)]
        name_outline = TextPath(offset, name, prop=FontProperties(size=8, weight="bold"))
        np.testing.assert_array_equal(explorer.labels[name].get_marker().vertices, name_outline.vertices)
        assert explorer.labels[name].get_visible()
        assert len(explorer.slow[name].get_xdata()) == 8
    assert not explorer.labels["Nadam"].get_visible()
    assert list(explorer.cursor.get_xdata()) == [7, 7] and "step 7 of 150" in explorer.status.value


def test_a_name_drawn_as_a_marker_is_as_large_as_the_text_and_offset_from_the_head():
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    def inked_box(draw):
        fig = matplotlib.figure.Figure(figsize=(3, 2), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set(xlim=(0, 1), ylim=(0, 1))
        ax.set_axis_off()
        draw(ax)
        fig.canvas.draw()
        ink = np.asarray(fig.canvas.buffer_rgba())[..., 0] < 128
        rows, cols = np.nonzero(ink)
        return rows.min(), rows.max(), cols.min(), cols.max()

    marker, size = paths.name_marker("Momentum", (5, 5))
    as_marker = inked_box(lambda ax: ax.plot([0.3], [0.3], linestyle="none", marker=marker, markersize=size,
                                             color="k", mew=0))
    as_text = inked_box(lambda ax: ax.annotate("Momentum", (0.3, 0.3), xytext=(5, 5), textcoords="offset points",
                                               fontsize=8, fontweight="bold", color="k"))
    assert np.abs(np.subtract(as_marker, as_text)).max() <= 2         # pixels: the same place and size


def test_divergence_is_said_once_the_race_gets_there():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ui.lr_slider.value = 0.6
        left = explorer.results["SGD"][2]
        ui.step_slider.value = left - 5
        assert "DIVERGED" not in explorer.status.value and len(explorer.ends["SGD"].get_xdata()) == 0
        ui.step_slider.value = left
    assert f"SGD (step {left})" in explorer.status.value and len(explorer.ends["SGD"].get_xdata()) == 1


def test_best_step_buttons_set_the_sliders_and_only_on_quadratics():
    ui = paths.optimizer_explorer()
    ui.best_sgd.click()
    assert ui.lr_slider.value == pytest.approx(2 / 4.2) and ui.explorer.lr == pytest.approx(2 / 4.2)
    ui.best_pair.click()
    eta, mu = (2 / (np.sqrt(0.2) + 2)) ** 2, ((np.sqrt(20) - 1) / (np.sqrt(20) + 1)) ** 2
    assert (ui.lr_slider.value, ui.momentum_slider.value) == (pytest.approx(eta), pytest.approx(mu))
    assert (ui.explorer.lr, ui.explorer.momentum) == (pytest.approx(eta), pytest.approx(mu))
    ui.menu.value = "rotated quadratic"
    assert not ui.best_sgd.disabled
    ui.menu.value = "Rosenbrock's valley"
    assert ui.best_sgd.disabled and ui.best_pair.disabled


def test_the_page_rounding_a_best_step_is_not_a_new_run_but_a_step_of_the_slider_is():
    ui = paths.optimizer_explorer()
    updates = []
    ui.explorer.listeners.append(lambda explorer: updates.append(explorer.lr))
    ui.best_sgd.click()
    best = 2 / 4.2
    ui.lr_slider.value = 10 ** (round(np.log10(best) / ui.lr_slider.step) * ui.lr_slider.step)   # the page's echo
    assert updates == [pytest.approx(best)] and ui.explorer.lr == pytest.approx(best)
    ui.lr_slider.value = 10 ** (np.log10(ui.lr_slider.value) + ui.lr_slider.step)     # one key press
    assert len(updates) == 2 and ui.explorer.lr == ui.lr_slider.value
    ui.momentum_slider.value = round(ui.momentum_slider.value - ui.momentum_slider.step, 3)
    assert len(updates) == 3 and ui.explorer.momentum == ui.momentum_slider.value


def test_a_best_step_button_in_a_kernel_updates_the_figure_once_before_the_sliders_move():
    def click():
        ui = paths.optimizer_explorer()
        events = []
        ui.explorer.listeners.append(lambda explorer: events.append(("update", explorer.lr, explorer.momentum)))
        for slider in (ui.lr_slider, ui.momentum_slider):
            slider.observe(lambda change: events.append(("slider",)), names="value")
        ui.best_pair.click()
        return ui, events

    ui, events = in_a_kernel(click, 0.05)            # the sliders' deferred observers have run
    eta, mu = paths.best_momentum(0.2, 4.0)
    assert events == [("update", pytest.approx(eta), pytest.approx(mu)), ("slider",), ("slider",)]


def test_play_and_pause():
    ui = paths.optimizer_explorer()
    assert ui.step_slider.value == paths.STEPS and ui.play_button.description == "Play"
    ui.play_button.click()                          # at the end: the race starts again from step 0
    assert ui.play.playing and ui.step_slider.value == 0 == ui.play.value and ui.play_button.description == "Pause"
    ui.play_button.click()
    assert not ui.play.playing and ui.play_button.description == "Play"
    ui.step_slider.value = 40                       # a step chosen by hand: Play goes on from there
    ui.play_button.click()
    assert ui.play.playing and ui.play.value == 40


def test_ticking_a_box_and_choosing_a_seen_surface_are_blitted_not_redrawn():
    ui = paths.optimizer_explorer()
    explorer, canvas = ui.explorer, ui.explorer.fig.canvas
    canvas.draw()
    ui.menu.value = "a saddle"
    canvas.draw()                                   # the browser's full draw of the new surface
    calls = full_draw_requests(canvas)
    ui.boxes["RMSprop"].value = True
    ui.menu.value = "ill-conditioned quadratic"     # drawn before: its background is kept
    ui.step_slider.value = 20
    after_a_message()
    assert calls == [] and "RMSprop" in explorer.results


def test_a_surface_chosen_in_a_kernel_is_shown_within_the_message_and_runs_once():
    # In a kernel, the slider's observer runs after the message; the hook after the message
    # must not find the figure half changed (a full draw), whatever the slider's value was.
    def choose():
        ui = paths.optimizer_explorer()
        for surface in ("rotated quadratic", "ill-conditioned quadratic"):     # both drawn once
            ui.menu.value = surface
            ui.explorer.fig.canvas.draw()
        ui.lr_slider.value = 0.29992                 # the page's rounding of 0.3, sent back
        calls = full_draw_requests(ui.explorer.fig.canvas)
        runs = []
        ui.explorer.listeners.append(lambda explorer: runs.append(explorer.surface.name))
        ui.menu.value = "rotated quadratic"
        after_a_message()
        assert calls == [] and runs == ["rotated quadratic"]
        return ui, calls, runs

    ui, calls, runs = in_a_kernel(choose, 0.05)
    assert calls == [] and runs == ["rotated quadratic"] and ui.explorer.lr == 0.3 == ui.lr_slider.value


def test_latest_answers_a_lone_value_at_once_and_makes_a_burst_one_update_with_the_last_value():
    import asyncio

    from backprop_lab.widgets import latest as latest_module
    from backprop_lab.widgets.latest import Latest
    seen = []
    latest = Latest(seen.append)
    latest(1)                                       # no event loop: at once
    assert seen == [1]

    async def burst():
        latest(2)                                   # after a quiet spell: within the message
        assert seen == [1, 2]
        for v in (3, 4, 5):                         # soon after: a burst, deferred
            latest(v)
        assert seen == [1, 2]
        await asyncio.sleep(0)
        assert seen == [1, 2, 5]                    # one update, with the last value
        await asyncio.sleep(latest_module.BURST)
        latest(6)                                   # quiet again: at once
        assert seen == [1, 2, 5, 6]
    asyncio.run(burst())


def test_latest_defers_a_value_sent_by_its_own_update_and_recovers_from_an_update_that_raises():
    import asyncio

    from backprop_lab.widgets.latest import Latest
    seen = []

    def update(value):
        seen.append(value)
        if value == "echo":
            latest("after")                         # during the update: not nested, the next turn
        if value == "bad":
            raise ValueError(value)

    latest = Latest(update)

    async def calls():
        latest("echo")
        assert seen == ["echo"]
        await asyncio.sleep(0)
        assert seen == ["echo", "after"]
        await asyncio.sleep(0.2)
        with pytest.raises(ValueError):
            latest("bad")                           # at once: the error reaches the caller
        await asyncio.sleep(0.2)
        latest("good")
        assert seen == ["echo", "after", "bad", "good"]
    asyncio.run(calls())


def test_a_message_to_a_real_kernel_waits_for_one_of_laters_items_at_most():
    """While Later makes things ahead (frames: 10-25 ms each), a widget's message must not wait
    for several of them. Here each item takes 50 ms; an execute request sent while they run
    counts how many finished between its sending and its handling (the clock is the machine's,
    shared by client and kernel; nothing is timed against a limit). Items run on every turn of
    the loop (no GAP) let three finish under ipykernel 6.29, four under 7: a message reaches its
    handler over several turns."""
    import time

    from jupyter_client.manager import start_new_kernel
    kernel, client = start_new_kernel(kernel_name="python3")

    def run(code, **expressions):
        client.execute(code, user_expressions=expressions)
        reply = client.get_shell_msg(timeout=60)["content"]
        assert reply["status"] == "ok", reply
        return {k: v["data"]["text/plain"] for k, v in reply["user_expressions"].items()}

    try:
        run(f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "import time\n"
            "from backprop_lab.widgets.latest import Later\n"
            "def item(_):\n"
            "    begun = time.perf_counter()\n"
            "    while time.perf_counter() - begun < 0.05:\n"
            "        pass\n"
            "    done.append(time.time())\n")
        finished_meanwhile = []
        for _ in range(3):
            run("done = []; later = Later(range(40), item, 0.0)")
            time.sleep(0.13)                        # some items are done; one is running
            sent = time.time()
            run("handled = time.time()")
            counted = run("later.cancel()", n=f"sum({sent!r} < t < handled for t in done)")
            finished_meanwhile.append(int(counted["n"]))
    finally:
        client.stop_channels()
        kernel.shutdown_kernel(now=True)
    assert max(finished_meanwhile) <= 2, finished_meanwhile     # the one running, one more at most


def test_family_tree_names_every_optimizer_with_year():
    fig = paths.family_tree()
    text = " ".join(t.get_text() for t in fig.axes[0].texts)
    for name, (year, paper, *_rest) in paths.FAMILY.items():
        assert name in text and str(year) in text and paper in text
    assert set(paths.FAMILY) == set(optim.OPTIMIZERS)
    for name, entry in paths.FAMILY.items():
        assert all(parent in paths.FAMILY for parent in entry[3])


# ---------------------------------------------------------------- Reddi et al.
def test_adam_goes_to_the_worst_point_and_amsgrad_to_the_best():
    betas = online_problem.betas()
    assert betas == (0.0, 0.1)
    xs_adam, regret_adam = online_problem.run(optim.Adam(betas=betas), steps=3000)
    xs_ams, regret_ams = online_problem.run(optim.AMSGrad(betas=betas), steps=3000)
    assert xs_adam[-1] > 0.99 and xs_ams[-1] < -0.99
    assert regret_adam[-1] == pytest.approx(2 * (online_problem.C - 2) / 3, abs=0.02)
    assert regret_ams[-1] < 0.02 and regret_ams[-1] < regret_ams[300]


def test_regret_by_hand_for_a_fixed_point():
    class Still(optim.SGD):                    # never moves: x stays at its start
        def rule(self, w, g, s, t):
            return w
    xs, regret = online_problem.run(Still(lr=1.0), steps=6, x0=0.5)
    gs = np.array([3.0, -1, -1, 3, -1, -1])
    played, best = np.cumsum(gs * 0.5), -np.abs(np.cumsum(gs))
    np.testing.assert_allclose(regret, (played - best) / np.arange(1, 7))
    assert np.all(xs == 0.5)


# ---------------------------------------------------------------- the exercise checks
def make_momentum(ema=False, fresh=False, uphill=False, late=False, nesterov=False, in_place=True,
                  with_g=False, scaled_sum=False):
    class Candidate:
        def __init__(self, lr, momentum=0.9):
            self.lr, self.mu, self.b = lr, momentum, None

        def step(self, params, grads):
            if self.b is None or fresh:
                self.b = [np.zeros_like(p) for p in params]
            for i, (p, g) in enumerate(zip(params, grads)):
                g = -g if uphill else g
                old = self.b[i].copy()
                self.b[i] = self.mu * self.b[i] + ((1 - self.mu) * g if ema else g)
                if scaled_sum:                        # the two in-place lines swapped
                    self.b[i] = old
                    self.b[i] += g
                    self.b[i] *= self.mu
                step = old if late else (g + self.mu * self.b[i] if nesterov else self.b[i])
                step = g if with_g else step          # the velocity kept, and never used
                if in_place:
                    p -= self.lr * step
                else:
                    p = p - self.lr * step            # the classic slip: a new array, lost
    return Candidate


def make_adam(slip=None):
    slip = slip or {}

    class Candidate:
        def __init__(self, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
            self.lr, self.betas, self.eps = lr, betas, eps
            self.t, self.m, self.v = 0, None, None

        def step(self, params, grads):
            if self.m is None or slip.get("fresh"):
                self.m, self.v, self.t = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params], 0
            elif slip.get("remade_mv"):          # m and v made again at every step, t kept
                self.m, self.v = [np.zeros_like(p) for p in params], [np.zeros_like(p) for p in params]
            if not slip.get("frozen_t") or self.t == 0:
                self.t += 1
            b1, b2 = self.betas[::-1] if slip.get("swapped") else self.betas
            for i, (p, g) in enumerate(zip(params, grads)):
                if slip.get("rebound"):         # the loop's own names rebound: self.m, self.v stay 0
                    m, v = self.m[i], self.v[i]
                    m = b1 * m + (1 - b1) * g
                    v = b2 * v + (1 - b2) * g ** 2
                    p -= self.lr * (m / (1 - b1 ** self.t)) / (np.sqrt(v / (1 - b2 ** self.t)) + self.eps)
                    continue
                self.m[i] = b1 * self.m[i] + (1 - b1) * g
                self.v[i] = b2 * self.v[i] + (1 - b2) * g ** 2
                m_hat = self.m[i] / (1 - b1 ** self.t) ** slip.get("cm", 1)
                v_hat = self.v[i] / (1 - b2 ** self.t) ** slip.get("cv", 1)
                if slip.get("stored"):
                    self.m[i], self.v[i] = m_hat, v_hat
                if slip.get("eps_inside"):
                    p -= self.lr * m_hat / np.sqrt(v_hat + self.eps)
                elif slip.get("no_sqrt"):
                    p -= self.lr * m_hat / (v_hat + self.eps)
                else:
                    p -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
    return Candidate


class NotAttempted:
    def __init__(self, *args, **kwargs):
        pass

    def step(self, params, grads):
        raise NotImplementedError()


MOMENTUM_CASES = [(dict(fresh=True), "b is not kept between steps"),
                  (dict(with_g=True), "moved with g instead of b"), (dict(ema=True), "moving-average form"),
                  (dict(uphill=True), "uphill"), (dict(late=True), "velocity from before"),
                  (dict(nesterov=True), "Nesterov"), (dict(in_place=False), "in place"),
                  (dict(scaled_sum=True), "g was added before b was scaled")]
ADAM_CASES = [(dict(cm=0, cv=0), "bias correction is missing"), (dict(cm=0), "m is not bias-corrected"),
              (dict(cv=0), "v is not bias-corrected"), (dict(cm=2, cv=2), "applied twice"),
              (dict(stored=True), "piles up"), (dict(eps_inside=True), "eps is inside the square root"),
              (dict(fresh=True), "state is not kept between steps"), (dict(frozen_t=True), "t is not counted"),
              (dict(swapped=True), "swapped"), (dict(no_sqrt=True), "square root of v_hat is missing"),
              (dict(rebound=True), "`m = beta1 * m + ...` inside the loop makes a new local array"),
              (dict(remade_mv=True), "they are made again at every step")]


def test_momentum_check_accepts_the_right_answer_and_returns_it(capsys):
    right = make_momentum()
    assert check.momentum(right) is right
    assert "Correct:" in capsys.readouterr().out
    assert check.momentum(optim.Momentum) is optim.Momentum


@pytest.mark.parametrize("slip, named", MOMENTUM_CASES)
def test_momentum_check_names_each_slip(slip, named, capsys):
    assert check.momentum(make_momentum(**slip)) is optim.Momentum
    out = capsys.readouterr().out
    assert "Not yet:" in out and named in out and "`Momentum_used` is the reference" in out


def test_params_left_unchanged_names_both_causes(capsys):
    """In place but never moved (b never receives g): the hint must not blame only `p = p - ...`."""
    class NeverMoves:
        def __init__(self, lr, momentum=0.9):
            self.lr, self.mu, self.b = lr, momentum, None

        def step(self, params, grads):
            if self.b is None:
                self.b = [np.zeros_like(p) for p in params]
            for p, g, b in zip(params, grads, self.b):
                b *= self.mu                  # b += g forgotten
                p -= self.lr * b
    check.momentum(NeverMoves)
    out = capsys.readouterr().out
    assert "left params unchanged" in out and "or every step was zero" in out


def test_momentum_check_not_attempted(capsys):
    assert check.momentum(NotAttempted) is optim.Momentum
    assert "To do: not attempted yet" in capsys.readouterr().out


def test_adam_check_accepts_the_right_answer_and_the_package(capsys):
    right = make_adam()
    assert check.adam(right) is right and check.adam(optim.Adam) is optim.Adam
    assert capsys.readouterr().out.count("Correct:") == 2


@pytest.mark.parametrize("slip, named", ADAM_CASES)
def test_adam_check_names_each_slip(slip, named, capsys):
    assert check.adam(make_adam(slip)) is optim.Adam
    out = capsys.readouterr().out
    assert "Not yet:" in out and named in out


def test_adam_check_not_attempted_and_crashing(capsys):
    assert check.adam(NotAttempted) is optim.Adam
    assert "To do: not attempted yet" in capsys.readouterr().out

    class Crashing(NotAttempted):
        def step(self, params, grads):
            return params[0] @ np.ones((3, 3))
    assert check.adam(Crashing) is optim.Adam
    assert "raised ValueError" in capsys.readouterr().out


def test_the_bias_correction_hint_is_true():
    """Uncorrected, Adam's first step is (1 - beta1) / sqrt(1 - beta2) times the corrected one:
    3.16 times too large with the default betas, as the hint says (and smaller with the check's)."""
    text = next(t for slip, t in check.ADAM_SLIPS if slip == dict(correct_m=0, correct_v=0))
    default = dict(b1=0.9, b2=0.999, eps=1e-12)
    first = lambda **kw: check.adam_path(**default, **kw)[0] - np.concatenate([p.ravel() for p in check.START])  # noqa: E731
    ratio = first(correct_m=0, correct_v=0) / first()
    np.testing.assert_allclose(ratio, 0.1 / np.sqrt(0.001), rtol=1e-6)
    assert f"{0.1 / np.sqrt(0.001):.2f}" in text and "too large" in text


def test_the_slips_paths_are_all_different():
    paths_ = [check.adam_path()] + [check.adam_path(**slip) for slip, _ in check.ADAM_SLIPS]
    paths_ += [check.momentum_path()] + [check.momentum_path(**{k: True}) for k in
                                         ("ema", "fresh", "uphill", "late", "nesterov", "scaled_sum")]
    for i in range(len(paths_)):
        for j in range(i):
            assert not np.allclose(paths_[i], paths_[j], rtol=1e-6, atol=1e-9), (i, j)


def test_the_checks_reference_paths_are_the_package_optimizers():
    for cls, hyper, expected in ((optim.Momentum, check.MOMENTUM, check.momentum_path()),
                                 (optim.Adam, check.ADAM, check.adam_path())):
        path, failed = check.run_candidate(cls, hyper)
        assert failed is None
        np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_the_other_surfaces_are_drawn_ahead_while_the_kernel_waits_and_equal_a_full_draw():
    from backprop_lab.widgets import blit

    def shown():
        ui = paths.optimizer_explorer()
        ui.explorer.fig.canvas.draw()                 # the browser's first full draw
        return ui

    ui = in_a_kernel(shown, len(SURFACES) * blit.PRERENDER_DELAY + 0.3)
    explorer, canvas = ui.explorer, ui.explorer.fig.canvas
    size = canvas.get_width_height(physical=True)
    assert {(name, *size) for name in SURFACES} <= set(explorer.blitter.backgrounds)
    shown = [name for name, artists in explorer.contours.items() if artists[0].get_visible()]
    assert shown == [explorer.surface.name] and explorer.ax_path.get_xlim() == explorer.surface.xlim
    calls = full_draw_requests(canvas)
    ui.menu.value = "a saddle"                        # never shown before: its background is pasted
    after_a_message()
    assert calls == []
    ahead = np.asarray(explorer.blitter.background).copy()
    canvas.draw()                                     # a full draw of the saddle, for comparison
    np.testing.assert_array_equal(np.asarray(explorer.blitter.background), ahead)


def counted_runs(monkeypatch):
    """A list that gets an entry for each trajectory computed."""
    runs = []
    real = paths.trajectory
    monkeypatch.setattr(paths, "trajectory", lambda *a, **k: runs.append(a) or real(*a, **k))
    return runs


def shown_in_a_kernel(seconds=1.5):
    """The explorer after the page's first full draw, with `seconds` of the kernel's event loop
    (the other surfaces' backgrounds and the frames the controls would show, made ahead)."""
    def shown():
        ui = paths.optimizer_explorer()
        ui.explorer.fig.canvas.draw()
        return ui
    return in_a_kernel(shown, seconds)


def answers_with_a_frame_made_ahead(ui, act, runs):
    """act() in a kernel, then a second of its event loop (the next frames ahead); asserts that
    the frame act sent was made ahead, with no run and no drawing, and is the figure a new
    explorer draws at the settings it led to."""
    explorer = ui.explorer
    made = len(runs)
    png = frame_made_ahead(explorer.blitter, lambda: (act(), runs.append("act done")), 1.0)
    assert runs[made] == "act done"
    fresh = paths.Explorer(explorer.surface.name, explorer.names, explorer.lr, explorer.momentum)
    fresh.start, fresh.step = explorer.start, explorer.step
    fresh.update()
    assert_frame_is_figure(png, fresh.fig)


def test_a_key_press_on_any_slider_sends_a_frame_made_ahead(monkeypatch):
    runs = counted_runs(monkeypatch)
    ui = shown_in_a_kernel()
    ui.lr_slider.value = 10 ** -0.523                 # the page's rounding of 0.3, sent back: no new choice
    assert ui.explorer.lr == 0.3
    in_a_kernel(lambda: None, 1.0)
    for slider, value in ((ui.momentum_slider, 0.9 - 0.001), (ui.lr_slider, 10 ** (-0.523 + 0.001)),
                          (ui.lr_slider, 10 ** (-0.522 - 0.001)), (ui.momentum_slider, 0.899 + 0.001),
                          (ui.step_slider, paths.STEPS - 1)):
        def press():
            slider.value = value * (1 + 1e-15) if slider is not ui.step_slider else value   # the page's arithmetic
        answers_with_a_frame_made_ahead(ui, press, runs)
    assert (ui.explorer.lr, ui.explorer.momentum, ui.explorer.step) == pytest.approx((10 ** -0.523, 0.9, paths.STEPS - 1))
    plt.close(ui.explorer.fig)


def test_what_a_click_would_show_is_made_only_after_a_pause():
    ui = shown_in_a_kernel(paths.PAUSE_DELAY - 0.2)   # time enough for the key presses' six frames only
    explorer = ui.explorer
    keys, clicks = explorer.next_states()
    kept = {name[0] for name in explorer.blitter.frames}
    assert set(keys) <= kept and not kept & set(clicks)
    plt.close(explorer.fig)


def test_a_tick_box_the_best_step_buttons_and_the_menu_send_frames_made_ahead(monkeypatch):
    runs = counted_runs(monkeypatch)
    monkeypatch.setattr(paths, "PAUSE_DELAY", 0.2)   # made after a pause: a shorter one here
    ui = shown_in_a_kernel()
    for act in (lambda: setattr(ui.boxes["RMSprop"], "value", True), lambda: setattr(ui.boxes["SGD"], "value", False),
                ui.best_sgd.click, ui.best_pair.click, lambda: setattr(ui.menu, "value", "Rosenbrock's valley")):
        answers_with_a_frame_made_ahead(ui, act, runs)
    assert ui.explorer.names == ("Momentum", "RMSprop", "Adam") and ui.explorer.surface.name == "Rosenbrock's valley"
    plt.close(ui.explorer.fig)


def test_a_click_where_the_pointer_rested_sends_a_frame_made_ahead(monkeypatch):
    from matplotlib.backend_bases import MouseEvent
    runs = counted_runs(monkeypatch)
    ui = shown_in_a_kernel()
    explorer = ui.explorer
    px, py = explorer.ax_path.transData.transform((-3.0, 1.2))
    def moves():                                      # the pointer comes to rest at (px, py)
        for x in (px - 30, px - 10, px):
            MouseEvent("motion_notify_event", explorer.fig.canvas, x, py)._process()

    in_a_kernel(moves, 0.5)
    answers_with_a_frame_made_ahead(
        ui, lambda: MouseEvent("button_press_event", explorer.fig.canvas, px, py, button=1)._process(), runs)
    assert explorer.start == pytest.approx((-3.0, 1.2))
    plt.close(explorer.fig)


def test_without_a_running_event_loop_no_frame_is_made_ahead(monkeypatch):
    runs = counted_runs(monkeypatch)
    ui = paths.optimizer_explorer()
    ui.explorer.fig.canvas.draw()
    made = len(runs)
    ui.best_sgd.click()
    assert len(runs) == made + len(paths.SHOWN) and len(ui.explorer.blitter.frames) == 1
    plt.close(ui.explorer.fig)
