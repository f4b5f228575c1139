"""Small data sets: made by the lessons with fixed seeds, and one real one shipped in the
package, the handwritten digits (no downloads)."""
from importlib.resources import files

import numpy as np

# The four inputs of a two-input logic gate, one per column, and the gates' outputs.
GATE_INPUTS = np.array([[0, 0, 1, 1], [0, 1, 0, 1]], dtype=float)
GATES = {
    "AND": np.array([0, 0, 0, 1], dtype=float),
    "OR": np.array([0, 1, 1, 1], dtype=float),
    "XOR": np.array([0, 1, 1, 0], dtype=float),
}


def two_blobs(m=40, seed=0, offset=0.0):
    """m points in the plane, half around (-1, -1) labelled 0, half around (1, 1) labelled 1,
    both moved by (offset, offset): raw measurements are rarely centred on the origin.

    Returns X of shape (2, m) and y of shape (m,)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    X = rng.normal(scale=0.8, size=(2, m)) + np.where(y == 1, 1.0, -1.0) + offset
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


def circles(m=400, noise=0.1, factor=0.5, seed=3):
    """Two rings around the origin: class 0 on the circle of radius 1, class 1 on the circle of
    radius `factor` inside it, each point moved by Gaussian noise (scikit-learn's make_circles,
    written out). Returns X of shape (2, m) and y of shape (m,)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    t = rng.uniform(0, 2 * np.pi, size=m)
    r = np.where(y == 1, factor, 1.0)
    return np.stack([r * np.cos(t), r * np.sin(t)]) + noise * rng.normal(size=(2, m)), y


def spirals(m=400, turns=1.5, noise=0.15, seed=4):
    """Two interleaved spiral arms (the hardest of TensorFlow Playground's data sets): point k of
    arm j at angle t in [0, 2*pi*turns) and radius t / (2*pi), arm 1 turned by pi, plus Gaussian
    noise. Returns X of shape (2, m) and y of shape (m,)."""
    rng = np.random.default_rng(seed)
    y = np.repeat([0.0, 1.0], [m // 2, m - m // 2])
    t = np.sqrt(rng.uniform(0.02, 1, size=m)) * 2 * np.pi * turns      # sqrt: as many points far out as near
    r = t / (2 * np.pi)
    angle = t + np.pi * y
    return np.stack([r * np.cos(angle), r * np.sin(angle)]) + noise * rng.normal(size=(2, m)), y


def digits():
    """The 1,797 handwritten digits of the UCI "Optical Recognition of Handwritten Digits" data
    set (Alpaydin & Kaynak 1998; CC BY 4.0), the copy scikit-learn ships as load_digits, read
    from the file shipped in this package (data_files/README.md gives its citation and licence).

    Returns X of shape (64, 1797), float64 pixel values 0..16, one column per example (the 8x8
    image read row by row), and y of shape (1797,), the digits 0..9 as ints."""
    with files("backprop_lab").joinpath("data_files/digits.npz").open("rb") as f, np.load(f) as saved:
        return saved["pixels"].T.astype(np.float64), saved["labels"].astype(np.int64)


def split(m, sizes, seed=0):
    """Indices of m examples shuffled once with a fixed seed and cut into consecutive parts of
    the given sizes (e.g. train, validation, test); the parts never overlap."""
    sizes = [int(n) for n in sizes]
    if min(sizes) < 1 or sum(sizes) > m:
        raise ValueError(f"sizes {sizes} must be positive and add up to at most m = {m}")
    order = np.random.default_rng(seed).permutation(m)
    return np.split(order, np.cumsum(sizes))[:len(sizes)]


def shift_images(X, dx, dy, side=8):
    """Each column of X (a side x side image read row by row) moved dx pixels right and dy
    pixels down; pixels moved in from outside are 0."""
    images = X.reshape(side, side, -1)
    moved = np.zeros_like(images)
    rows, cols = slice(max(dy, 0), side + min(dy, 0)), slice(max(dx, 0), side + min(dx, 0))
    src_rows, src_cols = slice(max(-dy, 0), side - max(dy, 0)), slice(max(-dx, 0), side - max(dx, 0))
    moved[rows, cols] = images[src_rows, src_cols]
    return moved.reshape(X.shape)


ONE_PIXEL = ((1, 0), (-1, 0), (0, 1), (0, -1))


def shifted_copies(X, y, shifts=ONE_PIXEL):
    """Data augmentation: X and y, followed by one copy of every image per shift (dx, dy).
    Returns (X_more, y_more) with (1 + len(shifts)) times as many columns."""
    return (np.concatenate([X] + [shift_images(X, dx, dy) for dx, dy in shifts], axis=1),
            np.concatenate([y] * (1 + len(shifts))))
