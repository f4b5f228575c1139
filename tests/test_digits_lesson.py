"""Lesson 07's prose against its own printed numbers: the instructor notebook is executed once and
each claim the text makes about what the cells print is checked, so that the text cannot drift
from the numbers (overfitting seen, what weight decay does to rarely inked pixels, dropout's
gradient check, early stopping, the shifted copies, initialization, the schedules, the test)."""
import re

import numpy as np
import pytest

from conftest import ROOT
from run_notebooks import run

NOTEBOOK = ROOT / "notebooks" / "solutions" / "07_training_well_on_digits.ipynb"


@pytest.fixture(scope="module")
def text():
    nb = run(NOTEBOOK)
    return "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for out in cell.get("outputs", []) if out.get("output_type") == "stream"
                   and out.get("name") == "stdout")


def numbers(pattern, text):
    match = re.search(pattern, text)
    assert match, pattern
    return [float(g) for g in match.groups()]


def test_overfitting_is_seen(text):
    train_acc, val_acc = numbers(r"no regularization: training accuracy ([\d.]+)%, validation ([\d.]+)%", text)
    lowest, end = numbers(r"validation loss: lowest ([\d.]+) at epoch \d+, ([\d.]+) at the end", text)
    assert train_acc == 100 and val_acc < 97 and end > lowest        # the loss "turns back up"


def test_weight_decay_fades_the_rarely_inked_pixels_most(text):
    start, *rare = numbers(r"at the start ([\d.]+); after training " + ", ".join([r"λ = [\d.e-]+: ([\d.]+)"] * 6), text)
    other = numbers(r"on the other pixels, after training: " + ", ".join([r"λ = [\d.e-]+: ([\d.]+)"] * 6), text)
    assert rare[0] == pytest.approx(start, abs=0.002)                 # λ = 0: about where it started
    assert all(a > b for a, b in zip(rare, rare[1:])) and all(a > b for a, b in zip(other, other[1:]))
    assert rare[4] / rare[0] < 0.1 < other[4] / other[0]               # λ = 0.01: faded, kept


def test_dropout_gradient_check(text):
    same, = numbers(r"same mask every time: relative error ([\d.e+-]+)", text)
    fresh, = numbers(r"new mask at every evaluation: +relative error ([\d.e+-]+)", text)
    assert same < 1e-7 < 0.1 < fresh


def test_dropout_lowers_the_validation_loss(text):
    lows = [float(v) for v in re.findall(r"p = [\d.]+ *: .*?lowest validation loss ([\d.]+)", text)]
    assert len(lows) == 5 and min(lows[1:]) < lows[0]


def test_early_stopping_claims(text):
    stop, total = numbers(r"training stops at epoch (\d+) of (\d+)", text)
    kept_acc, = numbers(r"at epoch \d+: validation loss [\d.]+, accuracy ([\d.]+)%", text)
    end_loss, end_acc = numbers(r"no stopping\): validation loss ([\d.]+), accuracy ([\d.]+)%", text)
    kept_loss, = numbers(r"at epoch \d+: validation loss ([\d.]+)", text)
    assert stop < total / 2 and kept_loss < end_loss
    assert abs(kept_acc - end_acc) / 100 * 397 <= 5                   # "a few digits either way"


def test_shifted_copies_lower_the_validation_loss(text):
    shifted, = numbers(r"shifted copies: .*?lowest validation loss ([\d.]+)", text)
    originals, = numbers(r"originals only: .*?lowest validation loss ([\d.]+)", text)
    assert shifted < originals


def test_initialization_claims(text):
    relu = re.search(r"^ReLU  (.*)$", text, re.M).group(1)
    alive = [part.split(":")[0] for part in relu.split(", ") if part.endswith("alive")]
    assert alive == ["√2 (He)"]
    tanh = re.search(r"^tanh  (.*)$", text, re.M).group(1)
    assert "0.85: vanishing" in tanh and "1 (Glorot): alive" in tanh and "3: saturating" in tanh


def test_schedule_claims(text):
    def row(name):
        line = re.search(rf"^ *{re.escape(name)} +([\d.]+) +([\d.]+) +([\d.]+)%(.*)$", text, re.M)
        assert line, name
        return float(line.group(2)), "failed" in line.group(4)
    assert row("SGD η0 = 2, constant")[1] and row("SGD η0 = 2, LinearLR warm-up")[1]
    assert not row("SGD η0 = 2, ExponentialLR")[1]
    constant = row("SGD η0 = 1, constant")[0]
    others = [row(f"SGD η0 = 1, {n}")[0] for n in ("StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR warm-up")]
    assert constant <= min(others) + 0.005                            # "hard to beat"
    assert "100 of its 100 ReLU units output 0" in text


def test_the_test_accuracy(text):
    accuracy, right, total = numbers(r"TEST accuracy: ([\d.]+)% \((\d+) of (\d+) digits\)", text)
    assert accuracy >= 97.0 and total == 400 and accuracy == pytest.approx(100 * right / total, abs=0.05)
    matrix = re.search(r"predicted\):\n(\[\[.*?\]\])", text, re.S).group(1)
    C = np.array([[int(v) for v in row.split()] for row in re.findall(r"\[([\d ]+)\]", matrix)])
    assert C.shape == (10, 10) and C.sum() == total and np.trace(C) == right
    assert len(re.search(r"misclassified: (.*)", text).group(1).split(", ")) == total - right
