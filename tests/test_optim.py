"""The optimizers: first steps worked out by hand, the textbook forms' equivalences,
refusals that change nothing, and (where torch is installed) torch.optim step for step."""
import copy
import math

import numpy as np
import pytest

from backprop_lab import optim
from backprop_lab.optim import (SGD, AdaGrad, Adadelta, Adam, AdaMax, AMSGrad, Momentum, Nadam,
                                Nesterov, RMSprop)

try:
    import torch
except ImportError:          # torch is not a dependency: say so in the test report
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="torch is not installed: the comparison "
                                 "with torch.optim is skipped (pip install torch to run it)")


def one_step(opt, w, g):
    params = [np.array([w])]
    opt.step(params, [np.array([g])])
    return params[0][0]


def run(opt, grads, params):
    """params after one step per gradient list in grads (copies; the inputs stay as they are)."""
    params = [p.copy() for p in params]
    path = []
    for gs in grads:
        opt.step(params, gs)
        path.append([p.copy() for p in params])
    return path


def random_problem(seed=0, steps=15):
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=(3, 2)), rng.normal(size=(3, 1))]
    grads = [[rng.normal(scale=2.0, size=p.shape) for p in params] for _ in range(steps)]
    grads[min(3, steps - 1)] = [np.zeros_like(p) for p in params]     # a zero gradient on the way
    return params, grads


def assert_paths_equal(a, b, rtol=1e-12, atol=1e-14):
    for step_a, step_b in zip(a, b, strict=True):
        for x, y in zip(step_a, step_b, strict=True):
            np.testing.assert_allclose(x, y, rtol=rtol, atol=atol)


# ---------------------------------------------------------------- first steps, by hand
W, G, G2 = 1.0, 0.5, -2.0      # start, first gradient, second gradient


def test_sgd_first_step_by_hand():
    assert one_step(SGD(lr=0.1), W, G) == pytest.approx(1.0 - 0.1 * 0.5, abs=1e-15)


def test_momentum_first_two_steps_by_hand():
    opt, params = Momentum(lr=0.1, momentum=0.9), [np.array([W])]
    opt.step(params, [np.array([G])])          # b = 0.5, w = 1 - 0.05
    assert params[0][0] == pytest.approx(0.95, abs=1e-15)
    opt.step(params, [np.array([G2])])         # b = 0.9*0.5 - 2 = -1.55, w = 0.95 + 0.155
    assert params[0][0] == pytest.approx(1.105, abs=1e-15)
    assert opt.state[0].b[0] == pytest.approx(-1.55, abs=1e-15)


def test_momentum_ema_form_first_two_steps_by_hand():
    opt, params = Momentum(lr=0.1, momentum=0.9, form="ema"), [np.array([W])]
    opt.step(params, [np.array([G])])          # v = 0.1*0.5 = 0.05, w = 1 - 0.005
    assert params[0][0] == pytest.approx(0.995, abs=1e-15)
    opt.step(params, [np.array([G2])])         # v = 0.045 - 0.2 = -0.155, w = 0.995 + 0.0155
    assert params[0][0] == pytest.approx(1.0105, abs=1e-15)


def test_nesterov_first_two_steps_by_hand():
    opt, params = Nesterov(lr=0.1, momentum=0.9), [np.array([W])]
    opt.step(params, [np.array([G])])          # b = 0.5, w = 1 - 0.1*(0.5 + 0.45) = 0.905
    assert params[0][0] == pytest.approx(0.905, abs=1e-15)
    opt.step(params, [np.array([G2])])         # b = -1.55, w = 0.905 - 0.1*(-2 - 1.395) = 1.2445
    assert params[0][0] == pytest.approx(1.2445, abs=1e-15)


def test_adagrad_first_two_steps_by_hand():
    opt, params = AdaGrad(lr=0.01), [np.array([W])]
    opt.step(params, [np.array([G])])          # G = 0.25, w = 1 - 0.01*0.5/(0.5 + 1e-10)
    assert params[0][0] == pytest.approx(1 - 0.01 * 0.5 / (0.5 + 1e-10), abs=1e-15)
    opt.step(params, [np.array([G2])])         # G = 4.25
    assert params[0][0] == pytest.approx(1 - 0.01 * 0.5 / (0.5 + 1e-10) + 0.01 * 2 / (math.sqrt(4.25) + 1e-10),
                                         abs=1e-14)


def test_rmsprop_first_step_by_hand():
    # v = 0.01 * 0.25 = 0.0025, sqrt(v) = 0.05: the first step is 10 lr, not lr
    assert one_step(RMSprop(), W, G) == pytest.approx(1 - 0.01 * 0.5 / (0.05 + 1e-8), abs=1e-15)
    assert one_step(RMSprop(form="eps_inside"), W, G) == pytest.approx(
        1 - 0.01 * 0.5 / math.sqrt(0.0025 + 1e-8), abs=1e-15)


def test_adadelta_first_step_by_hand():
    # v = 0.1 * 0.25 = 0.025, u = 0: dw = sqrt(1e-6) / sqrt(0.025 + 1e-6) * 0.5
    dw = math.sqrt(1e-6) / math.sqrt(0.025 + 1e-6) * 0.5
    assert one_step(Adadelta(), W, G) == pytest.approx(1 - dw, abs=1e-15)
    assert one_step(Adadelta(lr=0.5), W, G) == pytest.approx(1 - 0.5 * dw, abs=1e-15)


def test_adam_first_two_steps_by_hand():
    opt, params = Adam(lr=0.1), [np.array([W])]
    opt.step(params, [np.array([G])])          # m_hat = g, v_hat = g^2: a step of lr sign(g)
    assert params[0][0] == pytest.approx(1 - 0.1 * 0.5 / (0.5 + 1e-8), abs=1e-15)
    opt.step(params, [np.array([G2])])
    m, v = 0.9 * 0.05 + 0.1 * -2.0, 0.999 * 0.00025 + 0.001 * 4.0      # -0.155, 0.00424975
    m_hat, v_hat = m / (1 - 0.81), v / (1 - 0.999 ** 2)
    expected = 1 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * m_hat / (math.sqrt(v_hat) + 1e-8)
    assert params[0][0] == pytest.approx(expected, abs=1e-14)


def test_adamax_first_step_by_hand():
    # m = 0.1 g, u = |g| + eps, w - lr / 0.1 * m / u
    assert one_step(AdaMax(), W, G) == pytest.approx(1 - 0.002 * 0.5 / (0.5 + 1e-8), abs=1e-15)


def test_nadam_first_step_by_hand():
    mu1, mu2 = 0.9 * (1 - 0.5 * 0.96 ** 0.004), 0.9 * (1 - 0.5 * 0.96 ** 0.008)
    expected = 1 - 0.002 * (0.5 + mu2 / (1 - mu1 * mu2) * 0.05) / (0.5 + 1e-8)
    assert one_step(Nadam(), W, G) == pytest.approx(expected, abs=1e-15)
    dozat = 1 - 0.002 * (0.5 + 0.9 / (1 - 0.81) * 0.05) / (0.5 + 1e-8)
    assert one_step(Nadam(form="constant"), W, G) == pytest.approx(dozat, abs=1e-15)


def test_amsgrad_first_step_by_hand():
    assert one_step(AMSGrad(lr=0.1), W, G) == pytest.approx(1 - 0.1 * 0.5 / (0.5 + 1e-8), abs=1e-15)
    # Reddi et al.'s form has no bias correction: m = 0.05, v_max = 0.00025
    assert one_step(AMSGrad(lr=0.1, form="reddi"), W, G) == pytest.approx(
        1 - 0.1 * 0.05 / (math.sqrt(0.00025) + 1e-8), abs=1e-15)


def test_amsgrad_keeps_the_largest_v():
    opt, params = AMSGrad(lr=0.1), [np.array([W])]
    opt.step(params, [np.array([10.0])])
    opt.step(params, [np.array([0.0])])
    assert opt.state[0].v_max[0] == pytest.approx(0.001 * 100, abs=1e-15)
    assert opt.state[0].v[0] == pytest.approx(0.999 * 0.1, abs=1e-15)


# ---------------------------------------------------------------- equivalences
@pytest.mark.parametrize("cls", [Momentum, Nesterov])
def test_zero_momentum_is_sgd(cls):
    params, grads = random_problem()
    assert_paths_equal(run(cls(lr=0.05, momentum=0.0), grads, params), run(SGD(lr=0.05), grads, params))


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.99])
def test_ema_momentum_is_pytorch_momentum_with_lr_times_one_minus_beta(beta):
    params, grads = random_problem(seed=1)
    lr = 0.3
    ema = run(Momentum(lr=lr, momentum=beta, form="ema"), grads, params)
    pytorch = run(Momentum(lr=lr * (1 - beta), momentum=beta), grads, params)
    assert_paths_equal(ema, pytorch, rtol=1e-11, atol=1e-13)


@pytest.mark.parametrize("mu", [0.5, 0.9])
def test_pytorch_nesterov_is_the_lookahead_form_seen_at_the_projected_point(mu):
    """Sutskever's iterates w_t, v_t; PyTorch's iterates are w_t + mu v_t, exactly."""
    A = np.array([[3.0, 1.0], [1.0, 0.5]])

    def grad(w):                                  # of the quadratic w^T A w / 2 + sin(w0)
        return A @ w + np.array([np.cos(w[0]), 0.0])

    lookahead, pytorch = Nesterov(lr=0.1, momentum=mu, form="lookahead"), Nesterov(lr=0.1, momentum=mu)
    w, p = [np.array([1.0, -2.0])], [np.array([1.0, -2.0])]
    for _ in range(25):
        ahead = lookahead.lookahead(w)
        np.testing.assert_allclose(ahead[0], p[0], rtol=1e-12, atol=1e-14)
        lookahead.step(w, [grad(ahead[0])])
        pytorch.step(p, [grad(p[0])])
    assert not np.allclose(w[0], p[0])            # the two are different points of one method


def test_nadam_with_constant_momentum_is_the_limit_of_a_fast_momentum_decay():
    params, grads = random_problem(seed=2)
    assert_paths_equal(run(Nadam(momentum_decay=1e6), grads, params), run(Nadam(form="constant"), grads, params))
    assert not np.allclose(run(Nadam(), grads, params)[0][0], run(Nadam(form="constant"), grads, params)[0][0])


def test_amsgrad_is_adam_while_v_grows():
    params = [np.array([1.0, 2.0])]
    grads = [[np.array([1.5 ** k, -(1.3 ** k)])] for k in range(12)]
    assert_paths_equal(run(AMSGrad(lr=0.01), grads, params), run(Adam(lr=0.01), grads, params))


def test_eps_inside_and_outside_the_root_agree_when_eps_is_zero():
    params, grads = random_problem(seed=3)
    for cls in (AdaGrad, RMSprop):
        assert_paths_equal(run(cls(eps=0.0), grads, params), run(cls(eps=0.0, form="eps_inside"), grads, params))


def test_make_finds_each_optimizer_by_name():
    assert list(optim.OPTIMIZERS) == ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adadelta",
                                      "Adam", "AdaMax", "Nadam", "AMSGrad"]
    assert isinstance(optim.make("Adam", lr=0.01), Adam)
    with pytest.raises(ValueError, match="'Adamw'"):
        optim.make("Adamw")


def test_float32_params_stay_float32():
    params = [np.ones(3, dtype=np.float32)]
    Adam().step(params, [np.ones(3)])
    assert params[0].dtype == np.float32


# ---------------------------------------------------------------- refusals
BAD_HYPER = [
    (SGD, dict(lr=0.0), ValueError, "0.0"), (SGD, dict(lr=-1), ValueError, "-1"),
    (SGD, dict(lr=float("nan")), ValueError, "nan"), (SGD, dict(lr=float("inf")), ValueError, "inf"),
    (SGD, dict(lr="0.1"), TypeError, "'0.1'"), (SGD, dict(lr=True), TypeError, "True"),
    (Momentum, dict(lr=0.1, momentum=1.0), ValueError, "momentum.*1.0"),
    (Momentum, dict(lr=0.1, momentum=-0.1), ValueError, "momentum.*-0.1"),
    (Momentum, dict(lr=0.1, form="nesterov"), ValueError, "'nesterov'"),
    (Nesterov, dict(lr=0.1, momentum=1.5), ValueError, "momentum.*1.5"),
    (AdaGrad, dict(eps=-1e-10), ValueError, "eps.*-1e-10"),
    (RMSprop, dict(alpha=1.0), ValueError, "alpha.*1.0"),
    (Adadelta, dict(rho=-0.5), ValueError, "rho.*-0.5"), (Adadelta, dict(lr=-1.0), ValueError, "lr.*-1.0"),
    (Adam, dict(betas=(0.9, 1.0)), ValueError, "beta2.*1.0"), (Adam, dict(betas=(1.2, 0.999)), ValueError, "beta1.*1.2"),
    (Adam, dict(betas=0.9), TypeError, "0.9"), (AdaMax, dict(eps=-1.0), ValueError, "eps.*-1.0"),
    (Nadam, dict(momentum_decay=-0.004), ValueError, "momentum_decay.*-0.004"),
    (AMSGrad, dict(betas=(0.9, -0.1)), ValueError, "beta2.*-0.1"),
]


@pytest.mark.parametrize("cls, hyper, error, named", BAD_HYPER)
def test_bad_hyper_parameters_are_refused_naming_the_value(cls, hyper, error, named):
    with pytest.raises(error, match=named):
        cls(**hyper)


def make_default(cls):
    return cls(lr=0.1) if cls in (SGD, Momentum, Nesterov) else cls()


def bad_steps(params):
    ok = [np.ones_like(p) for p in params]
    nan, inf = [g.copy() for g in ok], [g.copy() for g in ok]
    nan[1][0, 0], inf[1][-1, 0] = np.nan, -np.inf          # in the LAST array: the first is not touched
    return [
        (ok[:1], ValueError, "2 params but 1 grads"),
        ([ok[0], np.ones((1, 3))], ValueError, r"grads\[1\] has shape \(1, 3\) but params\[1\] has shape \(3, 1\)"),
        (nan, ValueError, r"grads\[1\] holds 1 NaN or inf"),
        (inf, ValueError, r"grads\[1\] holds 1 NaN or inf"),
        (tuple(ok) + (None,), ValueError, "2 params but 3 grads"),
        ("grads", TypeError, "grads must be a list"),
        ([ok[0], np.array([["a"], ["b"], ["c"]])], TypeError, r"grads\[1\] must hold real numbers"),
    ]


@pytest.mark.parametrize("cls", list(optim.OPTIMIZERS.values()))
def test_a_refused_step_changes_neither_params_nor_state(cls):
    params, grads = random_problem(seed=4, steps=3)
    opt = make_default(cls)
    params = [p.copy() for p in params]
    for gs in grads:                          # some state first
        opt.step(params, gs)
    for bad, error, named in bad_steps(params):
        before_params, before_state, before_t = copy.deepcopy(params), copy.deepcopy(opt.state), opt.t
        with pytest.raises(error, match=named):
            opt.step(params, bad)
        assert opt.t == before_t
        for p, q in zip(params, before_params):
            np.testing.assert_array_equal(p, q)
        for s, r in zip(opt.state, before_state):
            assert vars(s).keys() == vars(r).keys()
            for k in vars(s):
                np.testing.assert_array_equal(getattr(s, k), getattr(r, k))
    opt.step(params, grads[0])                # and it still works
    assert opt.t == 4


@pytest.mark.parametrize("cls", list(optim.OPTIMIZERS.values()))
def test_bad_params_are_refused(cls):
    opt = make_default(cls)
    with pytest.raises(TypeError, match=r"params\[0\] must be a NumPy array of floats.*int"):
        opt.step([np.array([1, 2])], [np.array([1.0, 1.0])])
    with pytest.raises(ValueError, match="params is empty"):
        opt.step([], [])
    frozen = np.ones(2)
    frozen.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        opt.step([frozen], [np.ones(2)])
    opt.step([np.ones(2)], [np.ones(2)])
    with pytest.raises(ValueError, match=r"made for params of shapes \[\(2,\)\].*reset"):
        opt.step([np.ones(3)], [np.ones(3)])
    opt.reset()
    opt.step([np.ones(3)], [np.ones(3)])
    assert opt.t == 1


# ---------------------------------------------------------------- torch.optim, step for step
def torch_twin(name, hyper):
    kw = dict(hyper)
    table = {"SGD": (torch.optim.SGD, {}), "Momentum": (torch.optim.SGD, {}),
             "Nesterov": (torch.optim.SGD, {"nesterov": True}), "AdaGrad": (torch.optim.Adagrad, {}),
             "RMSprop": (torch.optim.RMSprop, {}), "Adadelta": (torch.optim.Adadelta, {}),
             "Adam": (torch.optim.Adam, {}), "AdaMax": (torch.optim.Adamax, {}),
             "Nadam": (torch.optim.NAdam, {}), "AMSGrad": (torch.optim.Adam, {"amsgrad": True})}
    cls, extra = table[name]
    if name in ("Momentum", "Nesterov"):
        kw.setdefault("momentum", 0.9)
    return lambda params: cls(params, **kw, **extra)


TORCH_CASES = [("SGD", dict(lr=0.1)), ("Momentum", dict(lr=0.1)), ("Momentum", dict(lr=0.03, momentum=0.5)),
               ("Nesterov", dict(lr=0.1)), ("Nesterov", dict(lr=0.02, momentum=0.99)),
               ("AdaGrad", {}), ("AdaGrad", dict(lr=0.5, eps=1e-3)), ("RMSprop", {}),
               ("RMSprop", dict(lr=0.001, alpha=0.9, eps=1e-3)), ("Adadelta", {}),
               ("Adadelta", dict(lr=0.5, rho=0.5, eps=1e-3)), ("Adam", {}),
               ("Adam", dict(lr=0.1, betas=(0.5, 0.9), eps=1e-3)), ("AdaMax", {}),
               ("AdaMax", dict(lr=0.1, betas=(0.0, 0.5), eps=1e-3)), ("Nadam", {}),
               ("Nadam", dict(lr=0.1, betas=(0.8, 0.9), eps=1e-3, momentum_decay=0.1)), ("AMSGrad", {}),
               ("AMSGrad", dict(lr=0.1, betas=(0.5, 0.9), eps=1e-3))]


@pytest.fixture
def torch_float64():
    """torch keeps scalar state (NAdam's product of the mu_t) in its default dtype, float32
    unless told otherwise: compare in float64 throughout."""
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


@needs_torch
@pytest.mark.parametrize("name, hyper", TORCH_CASES)
def test_same_numbers_as_torch_optim_step_for_step(name, hyper, torch_float64):
    params, grads = random_problem(seed=5, steps=30)
    ours = run(optim.make(name, **hyper), grads, params)
    tensors = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in params]
    theirs_opt = torch_twin(name, hyper)(tensors)
    for k, gs in enumerate(grads):
        for t, g in zip(tensors, gs):
            t.grad = torch.tensor(g, dtype=torch.float64)
        theirs_opt.step()
        for ours_p, t in zip(ours[k], tensors):
            np.testing.assert_allclose(ours_p, t.detach().numpy(), rtol=1e-12, atol=1e-14,
                                       err_msg=f"{name}{hyper} differs from torch at step {k + 1}")


# ---------------------------------------------------------------- the training loop
class Quadratic:
    """A stand-in for an MLP: loss = 1/2 sum(A w^2) over one parameter array."""
    def __init__(self):
        self.params = [np.array([1.0, -2.0])]
        self.a = np.array([1.0, 10.0])

    def loss_and_grads(self, X, Y):
        w = self.params[0]
        return 0.5 * float(np.sum(self.a * w * w)), [self.a * w]


def test_train_records_the_loss_before_each_step_and_after_the_last():
    net = Quadratic()
    losses = optim.train(net, SGD(lr=0.05), None, None, steps=3)
    w = np.array([1.0, -2.0])
    expected = []
    for _ in range(4):
        expected.append(0.5 * np.sum(net.a * w * w))
        w = w - 0.05 * net.a * w
    np.testing.assert_allclose(losses, expected, rtol=1e-14)


def test_train_takes_nesterov_gradients_at_the_look_ahead_point_and_restores_params():
    ahead, torch_form = Quadratic(), Quadratic()
    optim.train(ahead, Nesterov(lr=0.05, momentum=0.9, form="lookahead"), None, None, steps=20)
    opt = Nesterov(lr=0.05, momentum=0.9, form="lookahead")
    optim.train(torch_form, Nesterov(lr=0.05, momentum=0.9), None, None, steps=20)
    w, v = np.array([1.0, -2.0]), np.zeros(2)
    for _ in range(20):
        v = 0.9 * v - 0.05 * ahead.a * (w + 0.9 * v)
        w = w + v
    np.testing.assert_allclose(ahead.params[0], w, rtol=1e-12)
    np.testing.assert_allclose(torch_form.params[0], w + 0.9 * v, rtol=1e-12)     # the projected point
    assert opt.t == 0


def test_train_stops_when_the_loss_is_no_longer_finite():
    net = Quadratic()
    losses = optim.train(net, SGD(lr=1.0), None, None, steps=2000)      # 1 - 10 = -9 per step: diverges
    finite = np.isfinite(losses)
    assert finite[0] and not finite[-1] and np.all(finite[:np.argmin(finite)])
