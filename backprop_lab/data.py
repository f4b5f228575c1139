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
