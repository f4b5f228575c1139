"""backprop_lab.data's handwritten digits: the shipped file equals scikit-learn's load_digits
exactly (where scikit-learn is installed), in the series' layout; the split and the one-pixel
shifts of the augmentation."""
import numpy as np
import pytest

from backprop_lab import data


def test_digits_layout():
    X, y = data.digits()
    assert X.shape == (64, 1797) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype.kind == "i"
    assert X.min() == 0 and X.max() == 16 and np.array_equal(X, np.round(X))
    assert set(y) == set(range(10))
    assert np.bincount(y).min() >= 170          # about 180 of each digit


def test_digits_equal_scikit_learns_copy():
    datasets = pytest.importorskip("sklearn.datasets", reason="scikit-learn is not installed (it is "
                                   "in the test extra): the shipped digits are compared with its copy "
                                   "only where it is")
    X, y = data.digits()
    theirs = datasets.load_digits()
    np.testing.assert_array_equal(X, theirs.data.T)
    np.testing.assert_array_equal(X.T.reshape(-1, 8, 8), theirs.images)    # row by row
    np.testing.assert_array_equal(y, theirs.target)


def test_split_is_fixed_disjoint_and_sized():
    parts = data.split(1797, [1000, 397, 400], seed=0)
    assert [len(p) for p in parts] == [1000, 397, 400]
    assert len(np.unique(np.concatenate(parts))) == 1797
    again = data.split(1797, [1000, 397, 400], seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(parts, again))
    assert not np.array_equal(parts[0], data.split(1797, [1000, 397, 400], seed=1)[0])
    with pytest.raises(ValueError, match="add up to at most m = 10"):
        data.split(10, [6, 6])


def test_one_pixel_shifts_move_every_pixel_by_one():
    image = np.arange(1, 65, dtype=float).reshape(8, 8)
    X = image.reshape(64, 1)
    right = data.shift_images(X, 1, 0).reshape(8, 8)
    assert np.array_equal(right[:, 1:], image[:, :-1]) and not right[:, 0].any()
    up = data.shift_images(X, 0, -1).reshape(8, 8)
    assert np.array_equal(up[:-1], image[1:]) and not up[-1].any()
    left_down = data.shift_images(X, -1, 1).reshape(8, 8)
    assert np.array_equal(left_down[1:, :-1], image[:-1, 1:])
    assert np.array_equal(data.shift_images(X, 0, 0), X)


def test_shifted_copies_keep_labels_with_their_images():
    X, y = data.digits()
    X, y = X[:, :5], y[:5]
    more_X, more_y = data.shifted_copies(X, y)
    assert more_X.shape == (64, 25) and np.array_equal(more_y, np.tile(y, 5))
    assert np.array_equal(more_X[:, :5], X)
    assert np.array_equal(more_X[:, 5:10], data.shift_images(X, 1, 0))
    # a shift keeps the ink that stays inside the frame: the digits' borders are mostly blank
    assert np.all(more_X[:, 5:].sum(axis=0) <= np.tile(X.sum(axis=0), 4))
