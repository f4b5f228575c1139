"""Lesson 03's SymPy derivations against independent numbers (plain NumPy, finite differences,
published figures, lesson 02 and lesson 04's code), and its checks fed right and wrong answers."""
import numpy as np
import pytest
import sympy as sp

from backprop_lab import activations, symbolic
from backprop_lab.checks import deltas as check
from backprop_lab.exercise import CORRECT, TODO, WRONG
from backprop_lab.gradcheck import numerical_gradient
from backprop_lab.symbolic import f, f_prime, sigmoid

z = symbolic.Z
RNG_POINTS = np.random.default_rng(0).uniform(-4, 4, size=9)


def centred(g, x, h=1e-6):
    return (g(x + h) - g(x - h)) / (2 * h)


# --- activations ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_activation_derivative_is_the_textbook_form(name):
    (fz, derived, textbook), = [(a, b, c) for n, a, b, c in symbolic.activation_identities() if n == name]
    assert symbolic.is_zero(derived - textbook)
    numeric = sp.lambdify(z, derived, "numpy")
    function, prime = activations.ACTIVATIONS[name]
    assert np.allclose(numeric(RNG_POINTS), prime(RNG_POINTS), rtol=1e-12, atol=1e-14)
    assert np.allclose(numeric(RNG_POINTS), centred(function, RNG_POINTS), atol=1e-8)


def test_a_wrong_identity_is_not_zero():
    s = symbolic.sigmoid_exp()
    assert not symbolic.is_zero(sp.diff(s, z) - s * (1 + s))
    assert not symbolic.same(sp.diff(symbolic.tanh_exp(), z), 1 - z ** 2)


def test_named_sigmoid_matches_its_exp_form_and_numpy():
    assert symbolic.is_zero(sp.diff(sigmoid(z), z).rewrite(sp.exp) - sp.diff(symbolic.sigmoid_exp(), z))
    for value in RNG_POINTS:
        assert float(sigmoid(sp.Float(value)).evalf(20)) == pytest.approx(float(activations.sigmoid(value)), rel=1e-14)
    assert r"\sigma" in sp.latex(sigmoid(z) ** 2)
    assert "f'" in sp.latex(sp.diff(f(2 * z), z))


def test_relu_derivative_and_its_value_at_zero():
    assert symbolic.relu_prime() == sp.Heaviside(z)
    assert symbolic.relu_prime().subs(z, 0) == sp.Rational(1, 2)           # SymPy's default
    assert symbolic.relu_prime_series.subs(z, 0) == 0 == activations.relu_prime(0.0)
    for value in [-2.0, -1e-9, 1e-9, 3.0]:
        assert float(symbolic.relu_prime_series.subs(z, value)) == activations.relu_prime(value)


# --- lesson 02's 2-2-2 network -------------------------------------------------------

INPUTS, TARGETS = (0.05, 0.10), (0.01, 0.99)
WEIGHTS = dict(zip([f"w{k}" for k in range(1, 9)], [0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55]))
BIASES = {"b1": 0.35, "b2": 0.60}
NAMES = list(symbolic.PARAMETERS)


def error_numpy(p, inputs=INPUTS, targets=TARGETS):
    """E_total of the 2-2-2 network in plain NumPy, p = {w1..w8, b1, b2}: independent of SymPy."""
    s = activations.sigmoid
    h1 = s(p["w1"] * inputs[0] + p["w2"] * inputs[1] + p["b1"])
    h2 = s(p["w3"] * inputs[0] + p["w4"] * inputs[1] + p["b1"])
    o1 = s(p["w5"] * h1 + p["w6"] * h2 + p["b2"])
    o2 = s(p["w7"] * h1 + p["w8"] * h2 + p["b2"])
    return 0.5 * (targets[0] - o1) ** 2 + 0.5 * (targets[1] - o2) ** 2


def finite_differences_222(p, h=1e-6):
    out = {}
    for name in NAMES:
        up, down = dict(p), dict(p)
        up[name] += h
        down[name] -= h
        out[name] = (error_numpy(up) - error_numpy(down)) / (2 * h)
    return out


@pytest.fixture(scope="module")
def gradients():
    return symbolic.two_layer_gradients()


def test_222_published_figures(gradients):
    values = symbolic.two_layer_values(INPUTS, TARGETS, WEIGHTS, BIASES)
    assert symbolic.evaluate(symbolic.two_layer()["E_total"], values) == pytest.approx(0.298371109, abs=1e-9)
    assert symbolic.evaluate(gradients["w5"], values) == pytest.approx(0.082167041, abs=1e-9)
    assert symbolic.evaluate(gradients["w1"], values) == pytest.approx(0.000438568, abs=1e-9)


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_222_gradients_against_finite_differences(gradients, seed):
    p = {**WEIGHTS, **BIASES}
    if seed is not None:
        rng = np.random.default_rng(seed)
        p = {k: rng.normal() for k in p}
    values = symbolic.two_layer_values(INPUTS, TARGETS, {k: p[k] for k in WEIGHTS}, {k: p[k] for k in BIASES})
    numeric = finite_differences_222(p)
    for name in NAMES:
        assert symbolic.evaluate(gradients[name], values) == pytest.approx(numeric[name], abs=1e-9)


def test_every_gradient_is_deltas_times_input(gradients):
    for name in NAMES:
        assert symbolic.is_zero(symbolic.in_inputs(symbolic.by_deltas(name)) - gradients[name]), name
    # and a wrong pairing is told apart
    wrong = symbolic.DELTA["h1"] * symbolic.i2
    assert not symbolic.is_zero(symbolic.in_inputs(wrong) - gradients["w1"])


@pytest.mark.parametrize("name", [f"w{k}" for k in range(1, 9)])
def test_chain_rule_factors_multiply_to_diff(gradients, name):
    terms = symbolic.chain_rule_terms(name)
    assert len(terms) == 3
    assert symbolic.is_zero(symbolic.in_inputs(sp.Mul(*[t for _, t in terms])) - gradients[name])


def test_222_deltas_have_the_textbook_form():
    d = symbolic.two_layer_deltas()
    O, D = symbolic.OUT, symbolic.DELTA
    output = {"o1": -(symbolic.t1 - O["o1"]) * O["o1"] * (1 - O["o1"]),
              "o2": -(symbolic.t2 - O["o2"]) * O["o2"] * (1 - O["o2"])}
    hidden = {"h1": (symbolic.w5 * D["o1"] + symbolic.w7 * D["o2"]) * O["h1"] * (1 - O["h1"]),
              "h2": (symbolic.w6 * D["o1"] + symbolic.w8 * D["o2"]) * O["h2"] * (1 - O["h2"])}
    for k, formula in {**output, **hidden}.items():
        assert symbolic.is_zero(symbolic.in_inputs(formula) - d[k]), k


def test_222_against_lesson_02(gradients):
    two_layer = pytest.importorskip("backprop_lab.two_layer", reason="lesson 02's two_layer is not written yet")
    values = symbolic.two_layer_values(two_layer.INPUTS, two_layer.TARGETS, two_layer.WEIGHTS, two_layer.BIASES)
    forward, backward = two_layer.forward(), two_layer.backward()
    d = symbolic.two_layer_deltas()
    assert abs(symbolic.evaluate(symbolic.two_layer()["E_total"], values) - forward["E_total"]) < 1e-12
    for k in symbolic.NEURONS:
        assert abs(symbolic.evaluate(d[k], values) - backward[f"delta_{k}"]) < 1e-12
    for name in NAMES:
        assert abs(symbolic.evaluate(gradients[name], values) - backward[name]) < 1e-12
    # and at random weights, the lambdified gradients against lesson 02's backward
    at = sp.lambdify([symbolic.i1, symbolic.i2, symbolic.t1, symbolic.t2, *symbolic.PARAMETERS.values()],
                     [gradients[n] for n in NAMES], modules=[{"sigmoid": activations.sigmoid}, "numpy"])
    rng = np.random.default_rng(4)
    for _ in range(3):
        weights = {f"w{k}": rng.normal() for k in range(1, 9)}
        biases = {"b1": rng.normal(), "b2": rng.normal()}
        theirs = two_layer.backward(weights=weights, biases=biases)
        ours = at(*two_layer.INPUTS, *two_layer.TARGETS, *weights.values(), *biases.values())
        assert max(abs(o - theirs[n]) for o, n in zip(ours, NAMES)) < 1e-12


# --- the general layer ------------------------------------------------------------------

@pytest.fixture(scope="module")
def net():
    return symbolic.GeneralNetwork((3, 4, 2))


def test_general_network_uses_the_series_notation(net):
    """Layer 0 is the input: W^[l] is (n_l, n_{l-1}) and z^[l] = W^[l] a^[l-1] + b^[l]."""
    assert net.L == 2 and [net.W[l].shape for l in (1, 2)] == [(4, 3), (2, 4)]
    assert [net.z[l].shape for l in (1, 2)] == [(4, 1), (2, 1)] and net.a[0] == net.x
    assert net.z[1] == net.W[1] * net.x + net.b[1]
    assert str(net.W[2][0, 1]) == "W^{[2]}_{12}"


def test_general_output_delta(net):
    delta = net.derived_delta(net.L)
    assert symbolic.same(delta, net.output_delta_formula())
    assert not symbolic.same(delta, -net.output_delta_formula())           # a sign slip is seen


@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 3, 2, 2)])
def test_general_recurrence(sizes):
    network = symbolic.GeneralNetwork(sizes)
    for l in range(1, network.L):
        derived = network.derived_delta(l)
        following = network.derived_delta(l + 1).xreplace(network.forward_from(l))
        assert symbolic.same(derived, network.recurrence(l, following)), l
        wrong = (network.W[l + 1].T * following)      # f' missing
        assert not symbolic.same(derived, wrong)


def test_general_gradients_with_weight_decay(net):
    for l in (1, 2):
        delta = net.with_inputs(net.derived_delta(l))
        assert symbolic.same(net.gradient_W(l), delta * net.a[l - 1].T + net.lam * net.W[l])
        assert symbolic.same(net.gradient_b(l), delta)
        assert not symbolic.same(net.gradient_W(l), delta * net.a[l - 1].T)   # without the decay


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh"])
def test_lambdified_gradients_against_finite_differences(net, hidden):
    rng = np.random.default_rng(3)
    X, Y = rng.normal(size=(3, 4)), rng.uniform(size=(2, 4))
    params = [rng.normal(size=m.shape) for m in net.parameters]
    numeric = net.numeric_gradients(hidden)
    J, grads = numeric(X, Y, params, 0.3)
    act = activations.ACTIVATIONS[hidden][0]

    def cost():   # the UFLDL cost in plain NumPy, averaged over the 4 examples
        A = act(params[2] @ act(params[0] @ X + params[1]) + params[3])
        return 0.5 * np.mean(np.sum((Y - A) ** 2, axis=0)) + 0.15 * (np.sum(params[0] ** 2) + np.sum(params[2] ** 2))

    assert J == pytest.approx(cost(), rel=1e-12)
    for g, fd in zip(grads, numerical_gradient(cost, params, h=1e-6)):
        assert g.shape == fd.shape
        assert np.allclose(g, fd, atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1])
def test_lambdified_gradients_against_lesson_04(net, seed):
    loss_gap, gradient_gap = symbolic.compare_with_numpy(net, lam=0.1, m=5, seed=seed)
    assert loss_gap < 1e-12 and gradient_gap < 1e-12


def test_bad_input_is_refused(net):
    with pytest.raises(ValueError, match="sizes"):
        symbolic.GeneralNetwork((3,))
    with pytest.raises(ValueError, match=r"X must be \(3, m\).*\(2, 5\)"):
        net.numeric_gradients()(np.zeros((2, 5)), np.zeros((2, 5)), [m for m in net.parameters], 0.1)


# --- cross-entropy ------------------------------------------------------------------

def test_sigmoid_cross_entropy_delta_is_a_minus_y():
    (zs, ys), mse, ce = symbolic.sigmoid_output_deltas()
    assert symbolic.same(ce, sigmoid(zs) - ys)
    assert symbolic.same(mse, (sigmoid(zs) - ys) * sigmoid(zs) * (1 - sigmoid(zs)))
    # against finite differences of the losses in plain NumPy
    y, s = 0.3, activations.sigmoid
    ce_numeric = centred(lambda v: -(y * np.log(s(v)) + (1 - y) * np.log(1 - s(v))), RNG_POINTS)
    assert np.allclose(s(RNG_POINTS) - y, ce_numeric, atol=1e-8)


def test_saturated_output_ratio():
    (zs, ys), mse, ce = symbolic.sigmoid_output_deltas()
    at = {zs: -8, ys: 1}
    ratio = float(ce.xreplace(at).evalf()) / float(mse.xreplace(at).evalf())
    a = 1 / (1 + np.exp(8.0))
    assert ratio == pytest.approx(1 / (a * (1 - a)), rel=1e-12)
    assert ratio > 2900


def test_softmax_cross_entropy_delta():
    zs, ys, a, gradient = symbolic.softmax_cross_entropy_delta(3)
    on_simplex = {ys[2]: 1 - ys[0] - ys[1]}
    for j in range(3):
        assert symbolic.is_zero(gradient[j] - (a[j] * sum(ys) - ys[j]))
        assert symbolic.is_zero((gradient[j] - (a[j] - ys[j])).xreplace(on_simplex))
    assert not symbolic.is_zero(gradient[0] - (a[0] - ys[0]))          # it needs sum(y) = 1
    # numbers: a - y against finite differences of the loss in NumPy
    z0, y0 = np.array([0.2, -1.0, 0.7]), np.array([0.1, 0.6, 0.3])

    def loss(v):
        return -np.sum(y0 * (v - np.log(np.sum(np.exp(v)))))
    fd = [centred(lambda t: loss(z0 + t * np.eye(3)[j]), 0.0) for j in range(3)]
    assert np.allclose(np.exp(z0) / np.exp(z0).sum() - y0, fd, atol=1e-8)


# --- the exercises' references and checks ------------------------------------------

def not_done(*args):
    raise NotImplementedError()


def test_tanh_hidden_delta_reference_in_numbers():
    symbolic_value, finite = symbolic.tanh_hidden_delta_numbers(symbolic.tanh_hidden_delta, seed=0)
    assert np.allclose(symbolic_value, finite, atol=1e-8)


def test_tanh_hidden_delta_reference_is_diff():
    """The reference against diff of J(z^[1]) for a tanh hidden layer, with the output delta named."""
    W, b = symbolic.matrix_symbols("W", 2, 4), symbolic.vector_symbols("b", 2)
    zs, y = symbolic.vector_symbols("z", 4), symbolic.vector_symbols("y", 2)
    z2 = W * zs.applyfunc(sp.tanh) + b
    J = sum((yi - f(zi)) ** 2 for yi, zi in zip(y, z2)) / 2
    derived = zs.applyfunc(lambda zi: sp.diff(J, zi))
    delta2 = (-(y - z2.applyfunc(f))).multiply_elementwise(z2.applyfunc(f_prime))
    assert symbolic.same(derived, symbolic.tanh_hidden_delta(W, delta2, zs))


def _tanh_prime(z_):
    return z_.applyfunc(lambda v: 1 - sp.tanh(v) ** 2)


@pytest.mark.parametrize("answer, status, words", [
    (lambda W, d, z_: (W.T * d).multiply_elementwise(_tanh_prime(z_)), CORRECT, "Correct"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(_tanh_prime(z_)).as_immutable(), CORRECT, "Correct"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: sp.sech(v) ** 2)), CORRECT, "Correct"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: 1 / sp.cosh(v) ** 2)), CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (lambda W, d, z_: (W * d).multiply_elementwise(_tanh_prime(z_)), WRONG, "transpose"),
    (lambda W, d, z_: ((W.T * d).multiply_elementwise(_tanh_prime(z_))).T, WRONG, "transposed"),
    (lambda W, d, z_: W.T * d, WRONG, "missing"),
    (lambda W, d, z_: -(W.T * d).multiply_elementwise(_tanh_prime(z_)), WRONG, "sign"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda zi: sp.diff(sp.tanh(zi), z_))),
     WRONG, "the entries of delta are matrices themselves"),              # z for zi
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: sp.tanh(v) ** 2 - 1)), WRONG,
     "or f'(z) written tanh(z)^2 - 1"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: sp.tanh(v) * (1 - sp.tanh(v)))),
     WRONG, "sigmoid"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: 1 - v ** 2)), WRONG, "wrong variable"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: sp.diff(sp.tanh(v), W[0, 0]))),
     WRONG, "wrong variable"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(lambda v: 1 - sp.tanh(sp.tanh(v)) ** 2)),
     WRONG, "twice"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(_tanh_prime(z_)) / 2, WRONG, "1/2"),
    (lambda W, d, z_: (W.T * d).multiply_elementwise(z_.applyfunc(sp.tanh)), WRONG, "instead of its derivative"),
    (lambda W, d, z_: None, WRONG, "return"),
    (lambda W, d, z_: W.T * d + z_, WRONG, "step by step"),
])
def test_tanh_hidden_delta_check(answer, status, words):
    verdict = check.diagnose_tanh_hidden_delta(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


@pytest.mark.parametrize("answer, status, words", [
    (lambda W, lam: W.applyfunc(lambda w: sp.diff(lam / 2 * sum(v ** 2 for v in W), w)), CORRECT, "Correct"),
    (lambda W, lam: lam * W, CORRECT, "Correct"),
    (lambda W, lam: sp.diff(lam / 2 * sum(v ** 2 for v in W), W), CORRECT, "Correct"),   # an ImmutableMatrix
    (not_done, TODO, "not attempted"),
    (lambda W, lam: 2 * lam * W, WRONG, "factor 2"),
    (lambda W, lam: W.applyfunc(lambda w: sp.diff(lam / 2 * sum(v ** 2 for v in W), W)), WRONG,
     "are matrices themselves"),                                          # W for w
    (lambda W, lam: lam * W / 2, WRONG, "factor 1/2"),
    (lambda W, lam: -lam * W, WRONG, "sign"),
    (lambda W, lam: lam * W.T, WRONG, "transposed"),
    (lambda W, lam: W.applyfunc(lambda w: sp.diff(lam / 2 * sum(v ** 2 for v in W), lam)), WRONG, "wrong variable"),
    (lambda W, lam: lam / 2 * sum(v ** 2 for v in W), WRONG, "one expression"),
    (lambda W, lam: W.applyfunc(lambda w: lam * w ** 2), WRONG, "not differentiated"),
    (lambda W, lam: sp.zeros(*W.shape), WRONG, "wrong variable"),
    (lambda W, lam: lam * W + sp.ones(*W.shape), WRONG, "step by step"),
])
def test_weight_decay_gradient_check(answer, status, words):
    verdict = check.diagnose_weight_decay_gradient(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


def test_checks_return_what_to_use(capsys):
    right = symbolic.tanh_hidden_delta
    assert check.tanh_hidden_delta(right) is right
    assert check.tanh_hidden_delta(not_done) is symbolic.tanh_hidden_delta
    assert check.weight_decay_gradient(not_done) is symbolic.weight_decay_gradient
    out = capsys.readouterr().out
    assert "not attempted" in out and "reference" in out


def test_two_layer_equations_are_the_forward_pass():
    e = symbolic.two_layer()
    rows = dict((str(left), right) for left, right in symbolic.two_layer_equations())
    for name in ["net_h1", "out_h1", "net_o2", "out_o2", "E_total"]:
        assert symbolic.is_zero(symbolic.in_inputs(rows[name]) - e[name]), name
