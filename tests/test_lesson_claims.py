"""What lessons 00-05 say in words, checked against an independent computation: a loop written
out here, a closed form, or torch where it is installed. And the words a learner must never meet.
"""
import json
import re

import numpy as np
import pytest

from backprop_lab import MLP, activations, data, online_problem, optim, training
from backprop_lab.surfaces import QUADRATIC, ROTATED_QUADRATIC
from backprop_lab.widgets.optimizer_paths import run_all
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))


def lesson_source(stem):
    return next((ROOT / "lessons_src").glob(f"{stem}_*.py")).read_text(encoding="utf-8")


# ---------------------------------------------------------------- words
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_notebook_names_a_seed_page_or_the_source_page(path):
    """Learners do not have the authors' source pages: a lesson names the real works instead."""
    text = " ".join("".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"])
    text = re.sub(r"\s+", " ", text).lower()
    for words in ("seed 0", "source page", "the page's"):
        assert words not in text, f"{path.name} says {words!r}: " + text[max(0, text.find(words) - 80):][:200]


# ---------------------------------------------------------------- lesson 05: conventions
def quadratic_gradient(w):
    return np.array([0.2 * w[0], 4.0 * w[1]])          # f = 0.1 x^2 + 2 y^2, written out


def schedule(k):
    return 0.05 * 0.99 ** k


def nesterov_by_hand(lrs, mu=0.9):
    """PyTorch's rule and Sutskever et al.'s, each written out; returns (PyTorch's w,
    Sutskever's projected point w + mu v), one row per step."""
    w_pt, b = np.array(QUADRATIC.start), np.zeros(2)
    w_s, v = np.array(QUADRATIC.start), np.zeros(2)
    pt, projected = [], []
    for lr in lrs:
        g = quadratic_gradient(w_pt)
        b = mu * b + g
        w_pt = w_pt - lr * (g + mu * b)
        v = mu * v - lr * quadratic_gradient(w_s + mu * v)
        w_s = w_s + v
        pt.append(w_pt)
        projected.append(w_s + mu * v)
    return np.array(pt), np.array(projected)


def package_path(opt, lrs, at_lookahead=False):
    w, points = [np.array(QUADRATIC.start, dtype=float)], []
    for lr in lrs:
        opt.lr = lr
        opt.step(w, [QUADRATIC.gradient(opt.lookahead(w)[0])])
        points.append((opt.lookahead(w) if at_lookahead else w)[0].copy())
    return np.array(points)


def test_nesterov_forms_agree_at_a_constant_rate_and_separate_under_a_schedule():
    constant, scheduled = [0.05] * 200, [schedule(k) for k in range(200)]
    pt, projected = nesterov_by_hand(constant)
    assert np.abs(pt - projected).max() < 1e-12
    pt, projected = nesterov_by_hand(scheduled)
    gap = np.abs(pt - projected).max()
    assert 0.15 < gap < 0.21                      # lesson 05 prints this gap: 0.18
    # the package's two forms are exactly these loops, so the lesson's cell shows the same gap
    np.testing.assert_allclose(package_path(optim.Nesterov(0.05, 0.9), scheduled), pt, atol=1e-12)
    np.testing.assert_allclose(package_path(optim.Nesterov(0.05, 0.9, form="lookahead"), scheduled,
                                            at_lookahead=True), projected, atol=1e-12)


def test_moving_average_momentum_is_pytorch_momentum_even_under_a_schedule():
    beta, w_ema, v, w_pt, b = 0.9, np.array(QUADRATIC.start), np.zeros(2), np.array(QUADRATIC.start), np.zeros(2)
    for k in range(200):
        v = beta * v + (1 - beta) * quadratic_gradient(w_ema)
        w_ema = w_ema - schedule(k) * v
        b = beta * b + quadratic_gradient(w_pt)
        w_pt = w_pt - schedule(k) * (1 - beta) * b
        assert np.abs(w_ema - w_pt).max() < 1e-12
    scheduled = [schedule(k) for k in range(200)]
    np.testing.assert_allclose(package_path(optim.Momentum(0.05, beta, form="ema"), scheduled)[-1], w_ema, atol=1e-12)


def test_nesterov_under_a_schedule_is_torch_sgd_with_its_lr_changed_each_step():
    torch = pytest.importorskip("torch", reason="torch is not installed: PyTorch's Nesterov under a "
                                                "schedule is checked against the loop written out here")
    w = torch.tensor(QUADRATIC.start, dtype=torch.float64, requires_grad=True)
    sgd = torch.optim.SGD([w], lr=0.05, momentum=0.9, nesterov=True)
    pt, _ = nesterov_by_hand([schedule(k) for k in range(200)])
    for k in range(200):
        for group in sgd.param_groups:
            group["lr"] = schedule(k)
        sgd.zero_grad()
        (0.1 * w[0] ** 2 + 2 * w[1] ** 2).backward()
        sgd.step()
        np.testing.assert_allclose(w.detach().numpy(), pt[k], atol=1e-12)


def test_adamax_never_takes_exactly_the_papers_steps_only_up_to_eps():
    """The paper's u = max(b2 u, |g|) against PyTorch's max(b2 u, |g| + eps), written out."""
    lr, (b1, b2), eps = 0.05, (0.9, 0.999), 1e-8
    w_paper, m, u = np.array(QUADRATIC.start), np.zeros(2), np.zeros(2)
    w = [np.array(QUADRATIC.start, dtype=float)]
    adamax = optim.AdaMax(lr=lr, betas=(b1, b2), eps=eps)
    for t in range(1, 201):
        g = quadratic_gradient(w_paper)
        m, u = b1 * m + (1 - b1) * g, np.maximum(b2 * u, np.abs(g))
        w_paper = w_paper - lr / (1 - b1 ** t) * m / u
        adamax.step(w, [quadratic_gradient(w[0])])
        gap = np.abs(w[0] - w_paper).max()
        if t == 1:
            # step 1: the paper steps lr * sign(g), PyTorch lr * |g| / (|g| + eps)
            assert 0 < gap <= lr * eps / np.abs(quadratic_gradient(np.array(QUADRATIC.start))).min() * 1.001
        assert 0 < gap < 1e-5


# ---------------------------------------------------------------- lesson 05: Reddi et al.
def test_reddi_step_size_is_valid_and_v_max_holds_about_0_91_c_squared():
    b1, b2 = online_problem.betas()
    C = online_problem.C
    assert 0.5 < np.sqrt(1 - b2)                      # their condition alpha < sqrt(1 - beta2)
    amsgrad = optim.AMSGrad(betas=(b1, b2))
    online_problem.run(amsgrad, steps=3000, alpha=0.5)
    # v right after a gradient C, at the periodic steady state, in closed form:
    # v_C = b2 v + (1 - b2) C^2 with v = b2^2 v_C + (1 - b2)(1 + b2) from the two gradients -1
    v_C = (1 - b2) * (b2 * (1 + b2) + C ** 2) / (1 - b2 ** 3)
    v_max = amsgrad.state[0].v_max.item()
    assert v_max == pytest.approx(v_C, rel=1e-9)
    assert 0.90 < v_max / C ** 2 < 0.92


# ---------------------------------------------------------------- lesson 05: the rotated quadratic
def finite_difference_hessian(surface, at=(0.0, 0.0), h=1e-4):
    at = np.array(at)
    return np.column_stack([(surface.gradient(at + h * e) - surface.gradient(at - h * e)) / (2 * h)
                            for e in np.eye(2)])


def test_rotated_quadratic_has_the_same_curvatures_along_the_diagonals():
    for surface in (QUADRATIC, ROTATED_QUADRATIC):
        np.testing.assert_allclose(np.linalg.eigvalsh(finite_difference_hessian(surface)), [0.2, 4.0], rtol=1e-6)
    x, y = np.random.default_rng(0).normal(size=(2, 50))
    np.testing.assert_allclose(ROTATED_QUADRATIC.f(x, y), 1.05 * x ** 2 - 1.9 * x * y + 1.05 * y ** 2, rtol=1e-12)
    diagonal = np.array([1.0, 1.0]) / np.sqrt(2)      # the gentle direction
    assert ROTATED_QUADRATIC.f(*diagonal) == pytest.approx(0.1)


def test_rotation_changes_nothing_for_sgd_and_momentum_and_hurts_per_coordinate_methods():
    c = s = np.sqrt(0.5)
    turn = np.array([[c, -s], [s, c]])
    aligned = run_all(QUADRATIC, optim.OPTIMIZERS, QUADRATIC.lr, 0.9)
    rotated = run_all(ROTATED_QUADRATIC, optim.OPTIMIZERS, ROTATED_QUADRATIC.lr, 0.9)
    for name in ("SGD", "Momentum", "Nesterov"):
        np.testing.assert_allclose(rotated[name][0], aligned[name][0] @ turn.T, atol=1e-9)
    for name in ("AdaGrad", "RMSprop", "Adam", "AdaMax", "Nadam", "AMSGrad"):
        assert rotated[name][1][-1] > aligned[name][1][-1], name


def test_lesson_05_trains_sgd_at_lesson_04s_rate():
    lr_04 = float(re.search(r"^STEPS, LR = \d+, ([\d.]+)$", lesson_source("04"), re.M).group(1))
    lr_05 = float(re.search(r"^STEPS, LESSON_04_LR, MU = \d+, ([\d.]+), [\d.]+$", lesson_source("05"), re.M).group(1))
    assert lr_04 == lr_05
    assert "section 8" not in lesson_source("05")     # Reddi et al.'s problem is section 7
    assert "## 7. Where Adam fails" in lesson_source("05")


# ---------------------------------------------------------------- lesson 04
def test_gradient_check_costs_two_evaluations_per_parameter():
    for sizes, by_hand in (([2, 4, 1], 2 * 4 + 4 + 4 * 1 + 1), ([784, 128, 10], 784 * 128 + 128 + 128 * 10 + 10)):
        assert sum(p.size for p in MLP(sizes, seed=0).params) == by_hand
    assert 2 * (784 * 128 + 128 + 128 * 10 + 10) == 203_540


def test_hidden_unit_table_says_what_it_shows():
    """Lesson 04's words: 2 units score below 1 with a lower loss; 50 units score below 20 on the
    training points with a lower loss (not overfitting); from 3 units on, held-out accuracy
    stays within a few points of training accuracy."""
    X, labels = data.flower(m=400, seed=1)
    X_held, labels_held = data.flower(m=400, seed=2)
    rows = {}
    for n in (1, 2, 3, 20, 50):
        model = MLP([2, n, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
        loss = training.gradient_descent(model, X, labels[None, :], 1.2, 3000)[-1]
        rows[n] = loss, training.accuracy(model, X, labels), training.accuracy(model, X_held, labels_held)
    assert rows[2][0] < rows[1][0] and rows[2][1] < rows[1][1]
    assert rows[50][0] < rows[20][0] and rows[50][1] < rows[20][1]
    assert all(abs(train - held) < 0.05 for n, (_, train, held) in rows.items() if n >= 3)


# ---------------------------------------------------------------- lesson 03
def test_squared_error_delta_is_largest_at_a_one_third_not_at_the_most_wrong_output():
    z = np.linspace(-10, 10, 200_001)
    a = 1 / (1 + np.exp(-z))
    size = np.abs((a - 1) * a * (1 - a))               # |delta| for y = 1, written out
    assert z[np.argmax(size)] == pytest.approx(-np.log(2), abs=1e-3)
    assert a[np.argmax(size)] == pytest.approx(1 / 3, abs=1e-4)
    assert size[z < -np.log(2)][0] < size[np.argmax(size)]             # more wrong, less learning...
    assert np.all(np.diff(size[z > -np.log(2)]) <= 0)                   # ...only below a = 1/3
    cross_entropy = np.abs(activations.sigmoid(z) - 1)
    assert np.all(np.diff(cross_entropy) <= 0)         # grows all the way to the most wrong output


def test_gradient_check_error_has_the_two_regimes_lesson_04_names():
    """Slope 2 (truncation) for large h and slope -1 (rounding) for small h, on log-log axes."""
    from backprop_lab import gradcheck
    X, labels = data.flower(m=400, seed=1)
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
    hs = np.logspace(-1, -11, 21)
    errors = np.array([gradcheck.check_network(net, X[:, :20], labels[None, :20], h=h)[0] for h in hs])
    slopes = np.diff(np.log10(errors)) / np.diff(np.log10(hs))
    assert np.mean(slopes[:6]) == pytest.approx(2, abs=0.1)
    assert np.mean(slopes[-6:]) == pytest.approx(-1, abs=0.2)
    assert 1e-7 < hs[np.argmin(errors)] < 1e-4
