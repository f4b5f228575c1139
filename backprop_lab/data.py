"""Small data sets the lessons make themselves, with fixed seeds (no downloads)."""
import numpy as np

# The four inputs of a two-input logic gate, one per column, and the gates' outputs.
GATE_INPUTS = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
GATES = {
    "AND": np.array([0, 0, 0, 1], dtype=float),
    "OR": np.array([0, 1, 1, 1], dtype=float),
    "XOR": np.array([0, 1, 1, 0], dtype=float),
}


def two_blobs(m=40, seed=0):
    """m points in the plane, half around (-1, -1) labelled 0, half around (1, 1) labelled 1.

    Returns X of shape (2, m) and y of shape (m,)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    X = rng.normal(scale=0.8, size=(2, m)) + np.where(y == 1, 1.0, -1.0)
    return X, y


def flower(m=400, petals=4, noise=0.2, seed=1):
    """A two-class "flower" in the plane: 2*petals petals, alternately labelled 0 and 1, that no
    straight line separates (after the planar data set of deeplearning.ai's course).

    Point k of class j sits at angle t in [j*pi, (j+1)*pi) (with noise) and radius
    r = 4 sin(petals*t) (with noise). Returns X of shape (2, m) and y of shape (m,)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    t = np.concatenate([np.linspace(j * np.pi, (j + 1) * np.pi, n, endpoint=False)
                        for j, n in enumerate([m // 2, m - m // 2])])
    t = t + noise * rng.normal(size=m)
    r = 4 * np.sin(petals * t) + noise * rng.normal(size=m)
    return np.stack([r * np.sin(t), r * np.cos(t)]), y
