"""The online problem of Reddi, Kale and Kumar (2018, section 3) on which Adam fails.

At step t the loss is f_t(x) = C x when t mod 3 = 1, and -x otherwise, with x kept in
[-1, 1]. Over each three steps the gradients sum to C - 2 > 0, so the best fixed point is
x = -1. Adam with beta1 = 0 and beta2 = 1 / (1 + C^2) goes to x = +1, the worst point: the
large, rare gradient C is forgotten by v within a few steps, while the two small ones keep
pushing up. AMSGrad keeps the largest v it has seen, and goes to -1.
"""
import numpy as np

C = 3.0


def gradient(t, C=C):
    """f_t'(x): the same at every x, since each f_t is linear."""
    return C if t % 3 == 1 else -1.0


def betas(C=C):
    """The paper's choice: beta1 = 0, beta2 = 1 / (1 + C^2)."""
    return 0.0, 1.0 / (1.0 + C ** 2)


def run(optimizer, steps=3000, C=C, alpha=0.5, x0=0.0):
    """Play the game: steps of optimizer with lr = alpha / sqrt(t), x projected onto [-1, 1].

    Returns xs (the point played at each step t = 1..steps, then the last one) and the
    average regret R_t / t, where R_t = sum_{s<=t} f_s(x_s) - min_{x in [-1, 1]} sum_{s<=t} f_s(x).
    """
    x = [np.array([float(x0)])]
    xs, gs = np.empty(steps + 1), np.empty(steps)
    for t in range(1, steps + 1):
        xs[t - 1], gs[t - 1] = x[0][0], gradient(t, C)
        optimizer.lr = alpha / np.sqrt(t)
        optimizer.step(x, [np.array([gs[t - 1]])])
        np.clip(x[0], -1.0, 1.0, out=x[0])
    xs[steps] = x[0][0]
    played = np.cumsum(gs * xs[:-1])
    best = -np.abs(np.cumsum(gs))             # min over x in [-1, 1] of x * sum(g)
    return xs, (played - best) / np.arange(1, steps + 1)
