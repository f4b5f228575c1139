"""Lesson 05 without a browser: the surfaces' gradients, the paths figure and its sliders,
divergence shown and silent, Reddi et al.'s problem, and the exercise checks."""
import warnings

import numpy as np
import pytest

from backprop_lab import online_problem, optim
from backprop_lab.checks import optimizers as check
from backprop_lab.surfaces import QUADRATIC, ROSENBROCK, SADDLE, SURFACES
from backprop_lab.widgets import optimizer_paths as paths


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
    line, curve = explorer.paths["Adam"], explorer.curves["Adam"]
    before = np.array(line.get_xydata())
    n_lines = len(explorer.ax_path.lines)
    ui.lr_slider.value = 0.05
    points, losses, _ = paths.trajectory(QUADRATIC, paths.build("Adam", 0.05, 0.9))
    np.testing.assert_allclose(line.get_xydata(), points)
    np.testing.assert_allclose(curve.get_ydata(), np.clip(losses, paths.LOSS_FLOOR, paths.LOSS_CEILING))
    assert not np.allclose(before, line.get_xydata())
    assert explorer.paths["Adam"] is line and len(explorer.ax_path.lines) == n_lines    # same artists
    assert "0.05" in explorer.status.get_text()


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
    assert "DIVERGED" in explorer.status.get_text() and "SGD" in explorer.status.get_text()
    assert "SGD: DIVERGED" in ui.report.value
    ui.lr_slider.value = 0.1
    assert len(explorer.ends["SGD"].get_xdata()) == 0 and "DIVERGED" not in explorer.status.get_text()


def test_choosing_surface_and_optimizers():
    ui = paths.optimizer_explorer()
    explorer = ui.explorer
    ui.menu.value = "Rosenbrock's valley"
    assert explorer.surface is ROSENBROCK and ui.lr_slider.value == pytest.approx(ROSENBROCK.lr)
    assert explorer.ax_path.get_xlim() == ROSENBROCK.xlim
    visible = [a.get_visible() for a in explorer.backgrounds["Rosenbrock's valley"]]
    hidden = [a.get_visible() for a in explorer.backgrounds["ill-conditioned quadratic"]]
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
    assert explorer.background is not None
    buffer = lambda: np.asarray(explorer.fig.canvas.get_renderer().buffer_rgba()).copy()
    before = buffer()
    ui.lr_slider.value = 0.02
    after = buffer()
    assert not np.array_equal(before, after)     # the lines moved in the image itself
    explorer.fig.canvas.draw()                   # a full draw gives the same picture
    np.testing.assert_array_equal(buffer(), after)


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
def make_momentum(ema=False, fresh=False, uphill=False, late=False, nesterov=False, in_place=True):
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
                step = old if late else (g + self.mu * self.b[i] if nesterov else self.b[i])
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


MOMENTUM_CASES = [(dict(fresh=True), "not kept between steps"), (dict(ema=True), "moving-average form"),
                  (dict(uphill=True), "uphill"), (dict(late=True), "velocity from before"),
                  (dict(nesterov=True), "Nesterov"), (dict(in_place=False), "in place")]
ADAM_CASES = [(dict(cm=0, cv=0), "bias correction is missing"), (dict(cm=0), "m is not bias-corrected"),
              (dict(cv=0), "v is not bias-corrected"), (dict(cm=2, cv=2), "applied twice"),
              (dict(stored=True), "piles up"), (dict(eps_inside=True), "eps is inside the square root"),
              (dict(fresh=True), "state is not kept between steps"), (dict(frozen_t=True), "t is not counted"),
              (dict(swapped=True), "swapped"), (dict(no_sqrt=True), "square root of v_hat is missing"),
              (dict(rebound=True), "m and v are not kept between steps (t is)")]


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
                                         ("ema", "fresh", "uphill", "late", "nesterov")]
    for i in range(len(paths_)):
        for j in range(i):
            assert not np.allclose(paths_[i], paths_[j], rtol=1e-6, atol=1e-9), (i, j)


def test_the_checks_reference_paths_are_the_package_optimizers():
    for cls, hyper, expected in ((optim.Momentum, check.MOMENTUM, check.momentum_path()),
                                 (optim.Adam, check.ADAM, check.adam_path())):
        path, failed = check.run_candidate(cls, hyper)
        assert failed is None
        np.testing.assert_allclose(path, expected, rtol=1e-12)
