"""A character-level recurrent network (Elman's RNN) trained by backpropagation through time.

    net = RNN(vocab_size, hidden_size, seed=0)        # float64
    net.params    # [W_xh, W_hh, b_h, W_hy, b_y]: (H, V), (H, H), (H, 1), (V, H), (V, 1)
    loss, grads, h_last = net.loss_and_grads(inputs, targets, h0=None)

inputs and targets are equal-length sequences of T >= 1 letter indices. Step t (Python's
t = 0 .. T-1, the math's t = 1 .. T) reads x_t, the one-hot column of inputs[t]:

    a_t = W_xh x_t + W_hh h_{t-1} + b_h,   h_t = tanh(a_t),   y_t = W_hy h_t + b_y,   p_t = softmax(y_t)

and the loss is the cross-entropy averaged over the T steps, J = (1/T) sum_t -log p_t[targets[t]].
Backward, delta_t = dJ/da_t receives from the output at t and from the next step:

    dy_t = (p_t - onehot(targets[t])) / T
    delta_t = (W_hy^T dy_t + W_hh^T delta_{t+1}) * (1 - h_t^2)          (delta_{T+1} = 0)

and each weight's gradient is a sum over the steps, since every step uses the same weights.
Bad input is refused with a ValueError naming the problem, before anything is computed.
"""
import numbers

import numpy as np

from .mlp import logsumexp, softmax

NAMES = ("W_xh", "W_hh", "b_h", "W_hy", "b_y")


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, not {value!r}")
    return int(value)


def bptt(params, inputs, hs, dys, dh_last=None):
    """Backpropagation through time from the output gradients dys[t] = dJ/dy_t.

    hs = [h_0, h_1, ..., h_T] from the forward pass. dh_last is a gradient arriving at h_T
    from beyond the sequence (None: nothing). Returns (grads, dhs) where dhs[t] = dJ/dh_t for
    t = 0 .. T (dhs[0] is what reaches the initial state).
    """
    W_xh, W_hh, b_h, W_hy, b_y = params
    grads = [np.zeros_like(p) for p in params]
    dW_xh, dW_hh, db_h, dW_hy, db_y = grads
    T = len(inputs)
    dhs = [None] * (T + 1)
    dh = np.zeros_like(hs[-1]) if dh_last is None else dh_last     # from h_T's future
    for t in reversed(range(T)):
        h, h_prev, dy = hs[t + 1], hs[t], dys[t]
        dW_hy += dy @ h.T
        db_y += dy
        dh = dh + W_hy.T @ dy                  # h_t feeds y_t and a_{t+1}
        dhs[t + 1] = dh
        delta = dh * (1 - h * h)               # tanh'(a_t) = 1 - h_t^2
        dW_xh[:, inputs[t]] += delta[:, 0]     # delta_t x_t^T, x_t one-hot: one column
        dW_hh += delta @ h_prev.T              # a_t = ... + W_hh h_{t-1}
        db_h += delta
        dh = W_hh.T @ delta                    # what reaches h_{t-1} through a_t
    dhs[0] = dh
    return grads, dhs


class RNN:
    def __init__(self, vocab_size, hidden_size, seed=0):
        V = _positive_int("vocab_size", vocab_size)
        H = _positive_int("hidden_size", hidden_size)
        self.vocab_size, self.hidden_size = V, H
        # Small random weights (1/sqrt(fan-in) scale) and zero biases, as for the MLP.
        rng = np.random.default_rng(seed)
        self.params = [rng.normal(scale=1.0, size=(H, V)),        # one-hot x: one column each
                       rng.normal(scale=np.sqrt(1.0 / H), size=(H, H)),
                       np.zeros((H, 1)),
                       rng.normal(scale=np.sqrt(1.0 / H), size=(V, H)),
                       np.zeros((V, 1))]

    def __repr__(self):
        return f"RNN(vocab_size={self.vocab_size}, hidden_size={self.hidden_size})"

    # ---- checking what comes in ------------------------------------------------------
    def _indices(self, name, seq):
        if isinstance(seq, (str, bytes)):
            raise ValueError(f"{name} must be letter indices (integers), not a string {seq!r}: "
                             "encode it first")
        try:
            array = np.asarray(seq)
        except Exception as error:
            raise ValueError(f"{name} must be a sequence of integers: {error}") from None
        if array.ndim != 1:
            raise ValueError(f"{name} must be a flat sequence of indices; got shape {array.shape}")
        if array.size == 0:
            raise ValueError(f"{name} is empty: a sequence needs T >= 1 steps")
        if array.dtype.kind not in "iu":
            raise ValueError(f"{name} must hold integer indices, not {array.dtype} values")
        bad = np.flatnonzero((array < 0) | (array >= self.vocab_size))
        if bad.size:
            raise ValueError(f"{name}[{bad[0]}] = {array[bad[0]]} is out of range: indices go from 0 "
                             f"to {self.vocab_size - 1} (vocab_size = {self.vocab_size})")
        return [int(i) for i in array]

    def _h0(self, h0):
        H = self.hidden_size
        if h0 is None:
            return np.zeros((H, 1))
        try:
            h0 = np.asarray(h0)
        except Exception as error:
            raise ValueError(f"h0 must be an array of shape ({H}, 1): {error}") from None
        if h0.dtype.kind not in "biuf":
            raise ValueError(f"h0 must hold real numbers, not {h0.dtype}")
        if h0.shape != (H, 1):
            hint = f" (use h0.reshape({H}, 1))" if h0.size == H else ""
            raise ValueError(f"h0 must have shape ({H}, 1), got {h0.shape}{hint}")
        if not np.isfinite(h0).all():
            raise ValueError("h0 holds NaN or inf")
        return h0.astype(np.float64)

    def checked(self, inputs, targets=None, h0=None):
        """(inputs, targets, h0) as lists of ints and an (H, 1) float array, or a ValueError."""
        inputs = self._indices("inputs", inputs)
        if targets is not None:
            targets = self._indices("targets", targets)
            if len(targets) != len(inputs):
                raise ValueError(f"inputs has {len(inputs)} steps but targets has {len(targets)}: "
                                 "they must have the same length")
        return inputs, targets, self._h0(h0)

    # ---- the computation ---------------------------------------------------------------
    def forward(self, inputs, h0=None):
        """Every state and every prediction: (hs, ps) with hs = [h_0, h_1, ..., h_T] (each
        (H, 1)) and ps = [p_1, ..., p_T] (each (V, 1)); ps[t] follows inputs[t]."""
        inputs, _, h = self.checked(inputs, None, h0)
        return self._forward(inputs, h)[::2]

    def _forward(self, inputs, h):
        W_xh, W_hh, b_h, W_hy, b_y = self.params
        hs, ys, ps = [h], [], []
        for i in inputs:
            h = np.tanh(W_xh[:, [i]] + W_hh @ h + b_h)     # W_xh x_t picks column i
            y = W_hy @ h + b_y
            hs.append(h)
            ys.append(y)
            ps.append(softmax(y))
        return hs, ys, ps

    def loss(self, inputs, targets, h0=None):
        """J = (1/T) sum_t -log p_t[targets[t]], from the logits (finite for any logits)."""
        inputs, targets, h = self.checked(inputs, targets, h0)
        _, ys, _ = self._forward(inputs, h)
        return _cross_entropy(ys, targets)

    def loss_and_grads(self, inputs, targets, h0=None):
        """(J, grads, h_T): the loss, its gradient for each of params, and the last state."""
        inputs, targets, h = self.checked(inputs, targets, h0)
        hs, ys, ps = self._forward(inputs, h)
        grads, _ = bptt(self.params, inputs, hs, output_gradients(ps, targets))
        return _cross_entropy(ys, targets), grads, hs[-1]

    def predict(self, inputs, h0=None):
        """The most probable next letter after each input: a list of T indices."""
        return [int(np.argmax(p)) for p in self.forward(inputs, h0)[1]]

    def generate(self, start, length, h0=None):
        """Feed the letter `start`, then each predicted letter back in (the most probable one),
        until `length` letters in all: the word the network has learned, as indices."""
        letters, h = self.checked([start], None, h0)[0], self._h0(h0)
        for _ in range(_positive_int("length", length) - 1):
            hs, _, ps = self._forward(letters[-1:], h)
            h = hs[-1]
            letters.append(int(np.argmax(ps[-1])))
        return letters


def output_gradients(ps, targets):
    """dy_t = dJ/dy_t = (p_t - onehot(targets[t])) / T, softmax and cross-entropy together."""
    T = len(targets)
    dys = []
    for p, k in zip(ps, targets):
        dy = p.copy()
        dy[k] -= 1
        dys.append(dy / T)
    return dys


def _cross_entropy(ys, targets):
    """(1/T) sum_t [logsumexp(y_t) - y_t[target]] = mean of -log softmax(y_t)[target]."""
    return float(np.mean([logsumexp(y)[0, 0] - y[k, 0] for y, k in zip(ys, targets)]))
