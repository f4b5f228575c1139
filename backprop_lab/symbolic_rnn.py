r"""Backpropagation through time derived with SymPy, on an RNN unrolled over a few steps.

The network of backprop_lab.rnn in symbols (lesson 06): for t = 1..T,

    a_t = W_xh x_t + W_hh h_{t-1} + b_h,   h_t = tanh(a_t),   y_t = W_hy h_t + b_y,
    J = (1/T) sum_t [log sum_k e^{y_t,k} - y_t,target_t]          (softmax and cross-entropy)

Nothing below types a delta in. ``derived_delta(t)`` differentiates the loss in the symbols
a_t; ``recurrence(t)`` builds the textbook right-hand side
(W_hy^T dy_t + W_hh^T delta_{t+1}) * (1 - h_t^2) from the *derived* delta_{t+1}; the lesson and
the tests check that the two simplify to the same thing, and that the weight gradients that
``sp.diff`` finds in the whole unrolled loss are the sums over time of delta_t times an input.
"""
import numpy as np
import sympy as sp

from .symbolic import is_zero, matrix_symbols, vector_symbols

NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")


def step_vector(name, t, rows):
    """The column (name_{t,1}, ..., name_{t,rows}): a quantity of step t, one symbol per entry."""
    return sp.Matrix(rows, 1, lambda i, _: sp.Symbol(f"{name}_{{{t},{i + 1}}}", real=True))


class UnrolledRNN:
    """T steps of an RNN with H hidden units and V letters, every weight a symbol.

    The inputs x_1..x_T are symbol vectors (one-hot columns when numbers go in); the targets
    are fixed letter indices. Lists are indexed by the step t = 1..T (index 0 is h_0 or unused).
    """

    def __init__(self, T=3, H=2, V=2, targets=None):
        self.T, self.H, self.V = T, H, V
        self.targets = list(targets) if targets is not None else [t % V for t in range(1, T + 1)]
        if len(self.targets) != T or not all(0 <= k < V for k in self.targets):
            raise ValueError(f"targets must be {T} indices in 0..{V - 1}, got {targets!r}")
        self.W_xh, self.W_hh = matrix_symbols("W^{xh}", H, V), matrix_symbols("W^{hh}", H, H)
        self.W_hy = matrix_symbols("W^{hy}", V, H)
        self.b_h, self.b_y = vector_symbols("b^{h}", H), vector_symbols("b^{y}", V)
        self.h0 = step_vector("h", 0, H)
        self.x = [None] + [step_vector("x", t, V) for t in range(1, T + 1)]
        self.a = [None] + [step_vector("a", t, H) for t in range(1, T + 1)]
        # the forward pass from the inputs: a_t, h_t as expressions in x, h_0 and the weights
        self.h_full, self.a_full = [self.h0], [None]
        for t in range(1, T + 1):
            self.a_full.append(self.pre_activation(t, self.h_full[-1]))
            self.h_full.append(self.a_full[-1].applyfunc(sp.tanh))
        self.J = self.loss_from(1, self.h_full[1])

    @property
    def params(self):
        """[W_xh, W_hh, b_h, W_hy, b_y]: the order of RNN.params."""
        return [self.W_xh, self.W_hh, self.b_h, self.W_hy, self.b_y]

    def pre_activation(self, t, h_prev):
        return self.W_xh * self.x[t] + self.W_hh * h_prev + self.b_h

    def step_loss(self, t, h):
        """-log softmax(y_t)[target] / T, written log sum e^y - y[target], from h_t."""
        y = self.W_hy * h + self.b_y
        return (sp.log(sum(sp.exp(yk) for yk in y)) - y[self.targets[t - 1]]) / self.T

    def loss_from(self, t, h_t):
        """The part of J from step t on, run forward from the state h_t."""
        total, h = self.step_loss(t, h_t), h_t
        for s in range(t + 1, self.T + 1):
            h = self.pre_activation(s, h).applyfunc(sp.tanh)
            total += self.step_loss(s, h)
        return total

    # --- the deltas -------------------------------------------------------------------------
    def derived_delta(self, t):
        """delta_t = dJ/da_t by diff, with a_t as symbols: J from step t on, run from tanh(a_t).
        (Steps before t do not depend on a_t.)"""
        a = self.a[t]
        J_t = self.loss_from(t, a.applyfunc(sp.tanh))
        return a.applyfunc(lambda ai: sp.diff(J_t, ai))

    def output_gradient(self, t, h):
        """dy_t = (softmax(y_t) - onehot(target)) / T, the textbook form."""
        y = self.W_hy * h + self.b_y
        total = sum(sp.exp(yk) for yk in y)
        onehot = sp.Matrix(self.V, 1, lambda k, _: int(k == self.targets[t - 1]))
        return (y.applyfunc(lambda yk: sp.exp(yk) / total) - onehot) / self.T

    def recurrence(self, t, next_delta=None):
        """(W_hy^T dy_t + W_hh^T delta_{t+1}) * (1 - h_t^2) with h_t = tanh(a_t), a_t as symbols.

        next_delta: delta_{t+1} as an expression in the symbols a_{t+1} (by default the derived
        one); it is written in a_t through a_{t+1} = W_xh x_{t+1} + W_hh h_t + b_h.
        """
        h = self.a[t].applyfunc(sp.tanh)
        dh = self.W_hy.T * self.output_gradient(t, h)
        if t < self.T:
            next_delta = self.derived_delta(t + 1) if next_delta is None else next_delta
            a_next = dict(zip(self.a[t + 1], self.pre_activation(t + 1, h)))
            dh += self.W_hh.T * next_delta.xreplace(a_next)
        return dh.multiply_elementwise(h.applyfunc(lambda hi: 1 - hi ** 2))

    def recurrence_holds(self, t):
        """derived_delta(t) - recurrence(t) simplifies to 0."""
        return is_zero(self.derived_delta(t) - self.recurrence(t))

    # --- the weight gradients ---------------------------------------------------------------
    def delta_in_inputs(self, t):
        """delta_t written in x, h_0 and the weights (a_t replaced by its forward expression)."""
        return self.derived_delta(t).xreplace(dict(zip(self.a[t], self.a_full[t])))

    def gradients_by_diff(self):
        """[dJ/dW_xh, dJ/dW_hh, dJ/db_h, dJ/dW_hy, dJ/db_y], entry by entry, by diff of J."""
        return [p.applyfunc(lambda w: sp.diff(self.J, w)) for p in self.params]

    def gradients_as_sums(self):
        """The same gradients as sums over time of (delta or dy) times an input:
        dW_xh = sum delta_t x_t^T, dW_hh = sum delta_t h_{t-1}^T, db_h = sum delta_t,
        dW_hy = sum dy_t h_t^T, db_y = sum dy_t."""
        deltas = [self.delta_in_inputs(t) for t in range(1, self.T + 1)]
        dys = [self.output_gradient(t, self.h_full[t]) for t in range(1, self.T + 1)]
        steps = range(self.T)
        return [sum((deltas[s] * self.x[s + 1].T for s in steps), sp.zeros(self.H, self.V)),
                sum((deltas[s] * self.h_full[s].T for s in steps), sp.zeros(self.H, self.H)),
                sum(deltas, sp.zeros(self.H, 1)),
                sum((dys[s] * self.h_full[s + 1].T for s in steps), sp.zeros(self.V, self.H)),
                sum(dys, sp.zeros(self.V, 1))]

    def compact(self, expr, t):
        """expr written with h_t and y_t as names: tanh(a_t) -> h_t, W_hy h_t + b_y -> y_t."""
        h, y = step_vector("h", t, self.H), step_vector("y", t, self.V)
        expr = expr.xreplace({sp.tanh(ai): hi for ai, hi in zip(self.a[t], h)})
        return expr.xreplace(dict(zip(self.W_hy * h + self.b_y, y)))

    # --- numbers ------------------------------------------------------------------------------
    def values(self, params, inputs, h0=None):
        """{symbol: number} for RNN-shaped params, letter indices `inputs` and h0."""
        if len(inputs) != self.T:
            raise ValueError(f"{self.T} inputs needed, got {len(inputs)}")
        h0 = np.zeros((self.H, 1)) if h0 is None else np.asarray(h0, dtype=float)
        pairs = [(s, v) for m, p in zip(self.params, params) for s, v in zip(m, np.ravel(p))]
        pairs += list(zip(self.h0, h0.ravel()))
        for t, i in enumerate(inputs, start=1):
            pairs += [(s, float(k == i)) for k, s in enumerate(self.x[t])]
        return {s: sp.Float(float(v), 30) for s, v in pairs}

    def evaluate(self, expression, values):
        """A SymPy matrix (or expression) at values, to 30 digits, as a float array."""
        m = sp.Matrix(expression) if isinstance(expression, sp.MatrixBase) else sp.Matrix([expression])
        return np.array([float(sp.N(e.xreplace(values), 30)) for e in m], dtype=float).reshape(m.shape)

    def forward_values(self, values):
        """{a_t symbol: number} for every step, from the forward pass at values."""
        out = {}
        for t in range(1, self.T + 1):
            out.update(dict(zip(self.a[t], self.evaluate(self.a_full[t], values).ravel())))
        return out
