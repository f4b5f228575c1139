r"""Backprop's formulas derived with SymPy, for lesson 03 and the tests.

Nothing here types a delta formula in: each one comes out of ``sp.diff`` of a loss, and
the functions that compare it with the textbook form (``is_zero``) are what the lesson
shows and the tests assert.

Two kinds of activation keep the expressions short:
- ``sigmoid`` is sigma(z) = 1/(1 + e^-z) kept by name, with its derivative sigma(1 - sigma)
  (``sigmoid_identity`` derives that from the exp form);
- ``f`` is a generic activation whose derivative SymPy writes ``f_prime`` (printed f'),
  for the general layer that the UFLDL tutorial derives.
"""
import numpy as np
import sympy as sp

from . import activations
from .mlp import MLP

Z = sp.Symbol("z", real=True)


# --- activations -----------------------------------------------------------------------

class sigmoid(sp.Function):  # noqa: N801 (a SymPy function reads like the math)
    r"""sigma(z) = 1/(1 + e^{-z}); SymPy differentiates it as sigma(1 - sigma)."""

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, z, **kwargs):
        return 1 / (1 + sp.exp(-z))

    def _eval_evalf(self, prec):
        return self.rewrite(sp.exp)._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        power = f"^{{{exp}}}" if exp else ""
        return rf"\sigma{power}\left({printer._print(self.args[0])}\right)"


class f_prime(sp.Function):  # noqa: N801
    """The derivative f' of the generic activation f."""

    def _latex(self, printer, exp=None):
        power = f"^{{{exp}}}" if exp else ""
        return rf"\left(f'\left({printer._print(self.args[0])}\right)\right){power}" if exp \
            else rf"f'\left({printer._print(self.args[0])}\right)"


class f(sp.Function):  # noqa: N801
    """A generic activation f: SymPy knows only that its derivative is f'."""

    def fdiff(self, argindex=1):
        return f_prime(self.args[0])


def sigmoid_exp(z=Z):
    return 1 / (1 + sp.exp(-z))


def tanh_exp(z=Z):
    return (sp.exp(z) - sp.exp(-z)) / (sp.exp(z) + sp.exp(-z))


def activation_identities(z=Z):
    """[(name, f(z) from its definition, f'(z) by diff, the textbook form of f')]."""
    s, t = sigmoid_exp(z), tanh_exp(z)
    return [("sigmoid", s, sp.diff(s, z), s * (1 - s)),
            ("tanh", t, sp.diff(t, z), 1 - t ** 2)]


def relu_prime(z=Z):
    """ReLU's derivative as SymPy gives it: Heaviside(z), whose value at 0 SymPy sets to 1/2."""
    return sp.diff(sp.Max(0, z), z)


RELU_PRIME_AT_ZERO = 0            # the series' choice, as in PyTorch: relu'(0) = 0
relu_prime_series = sp.Heaviside(Z, RELU_PRIME_AT_ZERO)


def _differ_numerically(expr, seed=0):
    """True when expr is clearly not 0 at a random point (a quick filter before simplify)."""
    rng = np.random.default_rng(seed)
    expr = sp.sympify(expr)
    point = {s: sp.Float(rng.uniform(0.2, 0.9)) for s in expr.free_symbols}
    try:
        value = complex(sp.N(expr.xreplace(point), 20))
    except (TypeError, ValueError):
        return False          # cannot tell numerically: leave it to simplify
    return abs(value) > 1e-9


def is_zero(expr):
    """True when expr (an expression or a Matrix) simplifies to 0: simplify(expr) == 0.

    A random point is tried first, so that a clearly non-zero expression is told apart
    without a slow simplify. Expanding then settles the polynomial cases (sigmoid and f
    stay atoms) quickly; simplify, then the exp form, handle the rest.
    """
    entries = [sp.sympify(e) for e in (expr if isinstance(expr, sp.MatrixBase) else [expr])]
    if any(_differ_numerically(e) for e in entries):
        return False
    for e in entries:
        if sp.expand(e) == 0 or sp.simplify(e) == 0:
            continue
        if sp.simplify(e.rewrite(sp.exp)) != 0:
            return False
    return True


def same(a, b):
    """a and b are the same SymPy expression (or Matrices of one shape): simplify(a - b) == 0."""
    a_matrix, b_matrix = isinstance(a, sp.MatrixBase), isinstance(b, sp.MatrixBase)
    if a_matrix != b_matrix or (a_matrix and a.shape != b.shape):
        return False
    return is_zero(a - b)


# --- lesson 02's 2-2-2 network ---------------------------------------------------------

i1, i2, t1, t2 = sp.symbols("i1 i2 t1 t2", real=True)
w1, w2, w3, w4, w5, w6, w7, w8 = sp.symbols("w1:9", real=True)
b1, b2 = sp.symbols("b1 b2", real=True)
PARAMETERS = {str(p): p for p in (w1, w2, w3, w4, w5, w6, w7, w8, b1, b2)}
NEURONS = ("h1", "h2", "o1", "o2")
NET = {n: sp.Symbol(f"net_{n}", real=True) for n in NEURONS}
OUT = {n: sp.Symbol(f"out_{n}", real=True) for n in NEURONS}
DELTA = {n: sp.Symbol(f"delta_{n}", real=True) for n in NEURONS}


def two_layer():
    """Lesson 02's network in symbols: net_*, out_*, E_o1, E_o2, E_total as expressions
    in the inputs i, targets t, weights w and biases b."""
    e = {"net_h1": w1 * i1 + w2 * i2 + b1, "net_h2": w3 * i1 + w4 * i2 + b1}
    e["out_h1"], e["out_h2"] = sigmoid(e["net_h1"]), sigmoid(e["net_h2"])
    e["net_o1"] = w5 * e["out_h1"] + w6 * e["out_h2"] + b2
    e["net_o2"] = w7 * e["out_h1"] + w8 * e["out_h2"] + b2
    e["out_o1"], e["out_o2"] = sigmoid(e["net_o1"]), sigmoid(e["net_o2"])
    e["E_o1"] = sp.Rational(1, 2) * (t1 - e["out_o1"]) ** 2
    e["E_o2"] = sp.Rational(1, 2) * (t2 - e["out_o2"]) ** 2
    e["E_total"] = e["E_o1"] + e["E_o2"]
    return e


def two_layer_equations():
    """The forward pass one step at a time, [(left-hand symbol, right-hand side)], each side
    written with the names net_* and out_* of the step before."""
    e = two_layer()
    outs = {e[f"out_{k}"]: OUT[k] for k in NEURONS}
    rows = []
    for k in NEURONS:
        rows += [(NET[k], e[f"net_{k}"].xreplace(outs)), (OUT[k], sigmoid(NET[k]))]
    return rows + [(sp.Symbol("E_total"), e["E_total"].xreplace(outs))]


def two_layer_gradients():
    """{name: dE_total/d(name)} for w1..w8, b1, b2, each by sp.diff of E_total."""
    E = two_layer()["E_total"]
    return {name: sp.diff(E, p) for name, p in PARAMETERS.items()}


def two_layer_deltas():
    """delta_n = dE_total/dnet_n for each neuron, by diff with respect to a net symbol.

    Output neurons: E_total written in net_o1, net_o2. Hidden neurons: E_total written in
    net_h1, net_h2 (the output nets as functions of them). Each result is then written back
    in terms of i, t, w, b so that it can be compared with two_layer_gradients().
    """
    n = NET
    E_out = (sp.Rational(1, 2) * (t1 - sigmoid(n["o1"])) ** 2
             + sp.Rational(1, 2) * (t2 - sigmoid(n["o2"])) ** 2)
    outputs_of_hidden = {n["o1"]: w5 * sigmoid(n["h1"]) + w6 * sigmoid(n["h2"]) + b2,
                         n["o2"]: w7 * sigmoid(n["h1"]) + w8 * sigmoid(n["h2"]) + b2}
    E_hidden = E_out.xreplace(outputs_of_hidden)
    e = two_layer()
    in_terms_of_inputs = {n["h1"]: e["net_h1"], n["h2"]: e["net_h2"]}
    deltas = {"o1": sp.diff(E_out, n["o1"]), "o2": sp.diff(E_out, n["o2"]),
              "h1": sp.diff(E_hidden, n["h1"]), "h2": sp.diff(E_hidden, n["h2"])}
    for k in ("o1", "o2"):
        deltas[k] = deltas[k].xreplace(outputs_of_hidden)
    return {k: d.xreplace(in_terms_of_inputs) for k, d in deltas.items()}


# Which deltas and which input each gradient is made of: dE/dp = (sum of deltas) * input.
# b1 feeds both hidden neurons and b2 both output neurons, so their deltas add up.
GRADIENT_FACTORS = {
    "w1": (("h1",), "i1"), "w2": (("h1",), "i2"), "w3": (("h2",), "i1"), "w4": (("h2",), "i2"),
    "w5": (("o1",), "out_h1"), "w6": (("o1",), "out_h2"),
    "w7": (("o2",), "out_h1"), "w8": (("o2",), "out_h2"),
    "b1": (("h1", "h2"), "1"), "b2": (("o1", "o2"), "1"),
}


def compact(expr):
    """expr written with the names net_*, out_* instead of the nested expressions."""
    e = two_layer()
    nets = {e[f"net_{k}"]: NET[k] for k in NEURONS}
    return expr.xreplace(nets).xreplace({sigmoid(NET[k]): OUT[k] for k in NEURONS})


def by_deltas(name):
    """dE/d(name) written as (named deltas) * input, in symbols."""
    deltas, source = GRADIENT_FACTORS[name]
    factor = sp.Integer(1) if source == "1" else OUT[source[4:]] if source.startswith("out") \
        else {"i1": i1, "i2": i2}[source]
    return sp.Add(*(DELTA[k] for k in deltas)) * factor


def in_inputs(expr):
    """Replace named deltas, outs and nets in expr by their expressions in i, t, w, b."""
    e, d = two_layer(), two_layer_deltas()
    expr = expr.xreplace({DELTA[k]: d[k] for k in NEURONS})
    expr = expr.xreplace({OUT[k]: e[f"out_{k}"] for k in NEURONS})
    return expr.xreplace({NET[k]: e[f"net_{k}"] for k in NEURONS})


def chain_rule_terms(name):
    """The chain-rule factors of dE_total/d(name) for a weight, as [(LaTeX label, factor)].

    An output weight w5..w8 has three: dE/dout_o, dout_o/dnet_o, dnet_o/dw. A hidden weight
    w1..w4 has three too, the first of which, dE/dout_h, sums over both output neurons.
    """
    (neuron,), source = GRADIENT_FACTORS[name]
    e, p = two_layer(), PARAMETERS[name]
    out, net = OUT[neuron], NET[neuron]
    if neuron.startswith("o"):
        target = {"o1": t1, "o2": t2}[neuron]
        dE_dout = sp.diff(sp.Rational(1, 2) * (target - out) ** 2, out)
    else:  # through both output neurons: dE/dout_h = sum over o of delta_o * dnet_o/dout_h
        nets_in_outs = {k: e[f"net_{k}"].xreplace({e["out_h1"]: OUT["h1"], e["out_h2"]: OUT["h2"]})
                        for k in ("o1", "o2")}
        dE_dout = sum(DELTA[k] * sp.diff(nets_in_outs[k], out) for k in ("o1", "o2"))
    dout_dnet = compact(sp.diff(sigmoid(net), net))
    dnet_dw = compact(sp.diff(e[f"net_{neuron}"], p))
    return [(rf"\frac{{\partial E_{{total}}}}{{\partial {sp.latex(out)}}}", dE_dout),
            (rf"\frac{{\partial {sp.latex(out)}}}{{\partial {sp.latex(net)}}}", dout_dnet),
            (rf"\frac{{\partial {sp.latex(net)}}}{{\partial {sp.latex(p)}}}", dnet_dw)]


def two_layer_values(inputs, targets, weights, biases):
    """The substitution {symbol: number} for lesson 02's constants (dicts as lesson 02 has them)."""
    values = {i1: inputs[0], i2: inputs[1], t1: targets[0], t2: targets[1]}
    values.update({PARAMETERS[k]: v for k, v in {**weights, **biases}.items()})
    return {k: sp.Float(v, 30) for k, v in values.items()}


def evaluate(expr, values, digits=30):
    """expr at values, computed with `digits` significant digits, as a float."""
    return float(sp.N(expr.xreplace(values), digits))


# --- the general layer that the UFLDL tutorial derives, in the series' notation ---------

def matrix_symbols(name, rows, cols):
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{{{i + 1}{j + 1}}}", real=True))


def vector_symbols(name, rows):
    return sp.Matrix(rows, 1, lambda i, j: sp.Symbol(f"{name}_{{{i + 1}}}", real=True))


class GeneralNetwork:
    r"""A network with layer sizes n_0 (the input x), n_1, ..., n_L in symbols, in the series'
    notation: W[l] is W^[l], (n_l, n_{l-1}), and b[l] is b^[l], (n_l, 1), for l = 1..L;
    z^[l] = W^[l] a^[l-1] + b^[l], a^[l] = f(z^[l]), a^[0] = x. One example (x, y), and
    J = 1/2 ||y - a^[L]||^2 + lambda/2 sum of every W^[l]_ij squared (biases not decayed).
    Lists are indexed by the layer number, as the formulas are (W, b, z have no entry 0).

    The UFLDL tutorial numbers the same layers from 1 (its input is a^(1) = x): its W^(l),
    b^(l) are W^[l], b^[l] here, and its z^(l+1), a^(l+1), delta^(l+1) are z^[l], a^[l], delta^[l].
    """

    def __init__(self, sizes=(3, 4, 2)):
        if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes):
            raise ValueError(f"sizes must be two or more positive integers, got {sizes!r}")
        self.sizes = tuple(map(int, sizes))                  # sizes[l] = n_l
        self.L = L = len(sizes) - 1                          # the output layer
        self.x, self.y = vector_symbols("x", self.sizes[0]), vector_symbols("y", self.sizes[L])
        self.lam = sp.Symbol("lambda", positive=True)
        self.W = [None] + [matrix_symbols(f"W^{{[{l}]}}", self.sizes[l], self.sizes[l - 1]) for l in range(1, L + 1)]
        self.b = [None] + [vector_symbols(f"b^{{[{l}]}}", self.sizes[l]) for l in range(1, L + 1)]
        # z^[l] as symbols, for differentiating J with respect to a layer's weighted inputs
        self.z_symbols = [None] + [vector_symbols(f"z^{{[{l}]}}", self.sizes[l]) for l in range(1, L + 1)]
        self.z, self.a = [None], [self.x]                    # z^[l], a^[l] as expressions in x
        for l in range(1, L + 1):
            self.z.append(self.W[l] * self.a[l - 1] + self.b[l])
            self.a.append(self.z[l].applyfunc(f))
        self.decay = self.lam / 2 * sum(w ** 2 for l in range(1, L + 1) for w in self.W[l])
        self.J = self.cost_from(0, self.x)
        self._numeric = {}

    def cost_from(self, l, a_l):
        """J with the forward pass started from a_l, the activations of layer l."""
        a = a_l
        for k in range(l + 1, self.L + 1):
            a = (self.W[k] * a + self.b[k]).applyfunc(f)
        return sp.Rational(1, 2) * sum((yi - ai) ** 2 for yi, ai in zip(self.y, a)) + self.decay

    def derived_delta(self, l):
        """delta^[l] = dJ/dz^[l] by diff, with z^[l] as symbols: J is run from a^[l] = f(z^[l])."""
        z = self.z_symbols[l]
        J = self.cost_from(l, z.applyfunc(f))
        return z.applyfunc(lambda zi: sp.diff(J, zi))

    # the textbook forms, built from the matrices (what the derivation must simplify to)
    def output_delta_formula(self, z=None):
        """-(y - a) * f'(z) at the output layer; z = the output layer's z (symbols by default)."""
        z = self.z_symbols[self.L] if z is None else z
        return (-(self.y - z.applyfunc(f))).multiply_elementwise(z.applyfunc(f_prime))

    def recurrence(self, l, delta_next):
        """((W^[l+1])^T delta^[l+1]) * f'(z^[l]), with z^[l] as symbols."""
        return (self.W[l + 1].T * delta_next).multiply_elementwise(self.z_symbols[l].applyfunc(f_prime))

    def forward_from(self, l):
        """{z^[l+1] symbols: W^[l+1] f(z^[l]) + b^[l+1]}: the next layer's z in this layer's symbols."""
        nxt = self.W[l + 1] * self.z_symbols[l].applyfunc(f) + self.b[l + 1]
        return dict(zip(self.z_symbols[l + 1], nxt))

    def with_inputs(self, expr):
        """expr with every z^[l] symbol replaced by its expression in x, W, b."""
        return expr.xreplace({s: e for l in range(1, self.L + 1) for s, e in zip(self.z_symbols[l], self.z[l])})

    def gradient_W(self, l):
        """dJ/dW^[l], entry by entry, by diff of J."""
        return self.W[l].applyfunc(lambda w: sp.diff(self.J, w))

    def gradient_b(self, l):
        return self.b[l].applyfunc(lambda b: sp.diff(self.J, b))

    @property
    def parameters(self):
        """[W^[1], b^[1], W^[2], b^[2], ...]: the order of the series' net.params."""
        return [m for l in range(1, self.L + 1) for m in (self.W[l], self.b[l])]

    def lambdify(self, expressions, hidden="sigmoid"):
        """A NumPy function of (x, y, params, lam) for a list of expressions, f := hidden.

        x is (n_0,) or (n_0, 1), params the list [W1, b1, ...] of arrays; returns a list of
        arrays shaped like the expressions.
        """
        act, act_prime = activations.ACTIVATIONS[hidden]
        symbols = [list(self.x), list(self.y), *[list(m) for m in self.parameters], self.lam]
        function = sp.lambdify(symbols, expressions, modules=[{"f": act, "f_prime": act_prime}, "numpy"])

        def call(x, y, params, lam):
            flat = [np.asarray(p, dtype=float).ravel() for p in [x, y, *params]]
            out = function(*flat, float(lam))
            return [np.asarray(o, dtype=float).reshape(e.shape if hasattr(e, "shape") else ())
                    for o, e in zip(out, expressions)]
        return call

    def numeric_gradients(self, hidden="sigmoid"):
        """A NumPy function (X, Y, params, lam) -> (J, [dW1, db1, ...]) averaged over the
        columns of X and Y, made by lambdify from the symbolic gradients of J (made once)."""
        if hidden not in self._numeric:
            self._numeric[hidden] = self._numeric_gradients(hidden)
        return self._numeric[hidden]

    def _numeric_gradients(self, hidden):
        expressions = [self.J] + [self.gradient_W(l) if i == 0 else self.gradient_b(l)
                                  for l in range(1, self.L + 1) for i in (0, 1)]
        per_example = self.lambdify(expressions, hidden)

        def batch(X, Y, params, lam):
            X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
            if X.ndim != 2 or Y.ndim != 2 or X.shape[1] != Y.shape[1] or X.shape[0] != self.sizes[0] \
                    or Y.shape[0] != self.sizes[self.L] or X.shape[1] == 0:
                raise ValueError(f"X must be ({self.sizes[0]}, m) and Y ({self.sizes[self.L]}, m) "
                                 f"with m >= 1; got X {X.shape}, Y {Y.shape}")
            results = [per_example(X[:, k], Y[:, k], params, lam) for k in range(X.shape[1])]
            # the mean over examples of (data term + decay term) = mean data term + decay term
            mean = [np.mean([r[i] for r in results], axis=0) for i in range(len(expressions))]
            return float(mean[0]), mean[1:]
        return batch


# --- cross-entropy ---------------------------------------------------------------------

def sigmoid_output_deltas():
    """(delta under MSE, delta under cross-entropy) of one sigmoid output z, target y, by diff."""
    z, y = sp.symbols("z y", real=True)
    a = sigmoid(z)
    mse = sp.Rational(1, 2) * (y - a) ** 2
    ce = -(y * sp.log(a) + (1 - y) * sp.log(1 - a))
    return (z, y), sp.factor(sp.diff(mse, z)), sp.simplify(sp.diff(ce, z))


def softmax_cross_entropy_delta(k=3):
    """(z, y, a, [dL/dz_j]) for softmax a_j = e^{z_j}/sum e^{z_i} and L = -sum y_j log a_j, by diff."""
    z = vector_symbols("z", k)
    y = vector_symbols("y", k)
    total = sum(sp.exp(zi) for zi in z)
    a = z.applyfunc(lambda zi: sp.exp(zi) / total)
    L = -sum(yj * sp.log(aj) for yj, aj in zip(y, a))
    gradient = z.applyfunc(lambda zj: sp.diff(L, zj))
    return z, y, a, gradient


# --- the exercises' reference answers --------------------------------------------------

def tanh_hidden_delta(W, delta_next, z):
    """delta^[l] = ((W^[l+1])^T delta^[l+1]) * tanh'(z^[l]), tanh' found by diff (= 1 - tanh^2)."""
    return (W.T * delta_next).multiply_elementwise(z.applyfunc(lambda zi: sp.diff(sp.tanh(zi), zi)))


def weight_decay_gradient(W, lam):
    """d/dW_ij of lam/2 * sum of W_ij^2, entry by entry, by diff (= lam * W)."""
    decay = lam / 2 * sum(w ** 2 for w in W)
    return W.applyfunc(lambda w: sp.diff(decay, w))


def tanh_hidden_delta_numbers(delta_function, seed=0):
    """delta^[1], the hidden layer's delta, of a 3-4-2 network (tanh hidden, sigmoid output,
    squared error) at a random point: (delta_function's answer lambdified, centred finite
    differences of J in z^[1])."""
    rng = np.random.default_rng(seed)
    W2, b2 = rng.normal(size=(2, 4)), rng.normal(size=(2, 1))
    z1, y = rng.normal(size=(4, 1)), rng.uniform(size=(2, 1))

    def J(z):
        a2 = activations.sigmoid(W2 @ np.tanh(z) + b2)
        return 0.5 * np.sum((y - a2) ** 2)

    z2 = W2 @ np.tanh(z1) + b2
    delta2 = -(y - activations.sigmoid(z2)) * activations.sigmoid_prime(z2)
    W_s, d_s, z_s = matrix_symbols("W", 2, 4), vector_symbols("d", 2), vector_symbols("z", 4)
    expression = sp.Matrix(delta_function(W_s, d_s, z_s))
    values = {**dict(zip(W_s, W2.ravel())), **dict(zip(d_s, delta2.ravel())), **dict(zip(z_s, z1.ravel()))}
    symbolic = np.array([float(e.xreplace(values).evalf()) for e in expression]).reshape(expression.shape)
    h, finite = 1e-6, np.zeros_like(z1)
    for i in range(4):
        step = np.zeros_like(z1)
        step[i] = h
        finite[i] = (J(z1 + step) - J(z1 - step)) / (2 * h)
    return symbolic, finite


def compare_with_numpy(net, lam=0.1, m=5, seed=0):
    """The lambdified gradients of net (a GeneralNetwork, f = sigmoid) against lesson 04's
    vectorised backprop (MLP) at a random point.

    Returns (largest gap in the loss, largest gap in any gradient).
    """
    sizes = list(net.sizes)
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(sizes[0], m)), rng.uniform(size=(sizes[-1], m))
    symbolic_gradients = net.numeric_gradients("sigmoid")
    mlp = MLP(sizes, hidden="sigmoid", output="sigmoid", loss="mse", weight_decay=lam, seed=seed)
    params = [np.array(p, dtype=float) for p in mlp.params]
    loss, grads = mlp.loss_and_grads(X, Y)
    J, ours = symbolic_gradients(X, Y, params, lam)
    gap = max(float(np.max(np.abs(np.asarray(g, dtype=float).reshape(o.shape) - o))) for g, o in zip(grads, ours))
    return abs(J - float(loss)), gap
