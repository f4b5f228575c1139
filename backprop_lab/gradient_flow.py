"""How far back an error reaches: the norm of dJ/dh_t against t, for lesson 06's figure.

The gradient at h_t is the gradient at h_T times a product of step Jacobians,

    dJ/dh_t = (dh_{t+1}/dh_t)^T ... (dh_T/dh_{T-1})^T dJ/dh_T,   dh_{s+1}/dh_s = diag(1 - h_{s+1}^2) W_hh,

so it shrinks or grows roughly like rho^(T - t), rho the spectral radius of W_hh (Pascanu,
Mikolov and Bengio 2013). With W_hh = rho Q, Q orthogonal, every singular value of W_hh is rho
and |1 - h^2| <= 1, so rho^(T - t) ||dJ/dh_T|| is an upper bound, reached while the tanh units
stay near 0.
"""
import numpy as np

from .rnn import RNN, bptt, output_gradients
from .text import NAMASKAR, WORD

HIDDEN, INPUT_SCALE, SEED = 16, 0.3, 0


def orthogonal(n, seed=SEED):
    """A random n x n orthogonal matrix Q (Q^T Q = I): all its eigenvalues have modulus 1."""
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    return q * np.sign(np.diag(r))


def network(rho, hidden=HIDDEN, seed=SEED):
    """An RNN on the six letters whose W_hh = rho Q has spectral radius rho (and every singular
    value rho); its input weights are scaled by INPUT_SCALE so that the tanh units are not all
    saturated."""
    if not (np.isfinite(rho) and rho > 0):
        raise ValueError(f"the spectral radius must be a finite number > 0, not {rho!r}")
    net = RNN(len(NAMASKAR), hidden, seed=seed)
    net.params[0] *= INPUT_SCALE
    net.params[1] = rho * orthogonal(hidden, seed)
    return net


def spectral_radius(W):
    return float(np.max(np.abs(np.linalg.eigvals(W))))


def text(T):
    """(inputs, targets) of length T: "namaskar" repeated, each letter followed by the next."""
    codes = NAMASKAR.encode(WORD * (T // len(WORD) + 2))
    return codes[:T], codes[1:T + 1]


def gradient_norms(net, inputs, targets):
    """||dJ_T/dh_t|| for t = 1..T, where J_T = -log p_T[targets[-1]] is the loss of the last
    step alone: how much the error at the end says about each earlier state."""
    inputs, targets, h0 = net.checked(inputs, targets)
    hs, ps = net.forward(inputs, h0)
    T = len(inputs)
    dys = [np.zeros_like(p) for p in ps[:-1]] + output_gradients(ps[-1:], targets[-1:])
    with np.errstate(over="ignore", invalid="ignore"):
        _, dhs = bptt(net.params, inputs, hs, dys)
        return np.array([np.linalg.norm(d) for d in dhs[1:]]), T


def flow(rho, T):
    """What the figure shows for one setting: (t, norms, bound, message)."""
    net = network(rho)
    norms, T = gradient_norms(net, *text(T))
    t = np.arange(1, T + 1)
    with np.errstate(over="ignore"):
        bound = norms[-1] * float(rho) ** (T - t).astype(float)
    ratio = norms[0] / norms[-1]
    if not np.isfinite(ratio):
        kind = "it is too large for floating point"
    elif ratio < 1e-2:
        kind = "it vanishes (over 100-fold smaller)"
    elif ratio > 1e2:
        kind = "it explodes (over 100-fold larger)"
    else:
        kind = "it stays within a factor 100"
    message = f"spectral radius {rho:.2f}, T = {T}: ||dJ/dh_1||/||dJ/dh_T|| = {ratio:.1e}, {kind}"
    return t, norms, bound, message
