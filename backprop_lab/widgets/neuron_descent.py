"""Lesson 01: gradient descent on one sigmoid neuron, with a learning-rate slider.

The figure is drawn once; moving the slider reruns the training (a few milliseconds)
and moves the existing lines with set_data. The slider has thirteen rates: while the learner
looks, the frames of the others are made ahead (nearest first), so a move only sends one. A
line of text under the figure says how the run went, and says so plainly when the rate was too
large.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import neuron
from .blit import Blitter, nearest_first
from .latest import Latest

STEPS = 100
W0, B0 = np.array([-1.0, 0.5]), 0.0   # a start whose boundary is wrong, so training shows
OFFSET = 3.0                          # the lesson's blobs sit around (2, 2) and (4, 4)
X1_RANGE = np.array([-0.5, 6.5])
# the slider's rates, 1-2-5 steps on a log scale: it starts exactly where the lesson says
RATES = tuple(float(f"{m}e{e}") for e in range(-2, 3) for m in (1, 2, 5))[:-2]   # 0.01 ... 100


def boundary(w, b, x1=X1_RANGE):
    """Points of the line w1 x1 + w2 x2 + b = 0 (where the neuron outputs 0.5), as (x1, x2)."""
    if abs(w[1]) < 1e-12:                      # a vertical line
        return np.full(2, -b / w[0]) if abs(w[0]) > 1e-12 else np.full(2, np.nan), np.array([-10.0, 10.0])
    return x1, -(w[0] * x1 + b) / w[1]


def train(X, y, lr):
    """What the figure shows for one learning rate: the final (w, b) and the loss curve."""
    return neuron.gradient_descent(W0, B0, X, y, lr, STEPS)


def rises(losses, tol=1e-6):
    """How many steps made the loss go up (by more than tol)."""
    return int(np.sum(np.diff(losses) > tol))


def verdict(losses):
    """How the run went, in words: "failed", "unstable" or "smooth", and a sentence."""
    up = rises(losses)
    if losses[-1] >= losses[0]:
        return "failed", (f"FAILED: the loss ended higher than it started; the rate is too large "
                          f"(the loss went up at {up} of {len(losses) - 1} steps)")
    if up:
        return "unstable", (f"the loss went up at {up} of {len(losses) - 1} steps: the steps overshoot "
                            f"and the loss zigzags")
    return "smooth", "the loss went down at every step"


def summary(lr, losses):
    return (f"learning rate {lr:g}: loss {losses[0]:.4f} at the start, "
            f"{losses[-1]:.4f} after {STEPS} steps; {verdict(losses)[1]}")


class Explorer:
    """The figure, its artists and the update that the slider calls."""

    def __init__(self, X, y, lr=0.5):
        self.X, self.y = X, y
        with plt.ioff():
            self.fig, (self.ax_data, self.ax_loss) = plt.subplots(1, 2, figsize=(6.6, 3.1))
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
        for label, color in ((0, "C0"), (1, "C3")):
            self.ax_data.scatter(*X[:, y == label], color=color, edgecolor="k", label=f"class {label}")
        self.ax_data.set(xlim=X1_RANGE, ylim=X1_RANGE, xlabel="$x_1$", ylabel="$x_2$",
                         title="data and decision boundary")
        self.ax_data.plot(*boundary(W0, B0), ":", color="gray", label="start")
        (self.line_boundary,) = self.ax_data.plot([], [], "k-", lw=2, label=f"after {STEPS} steps")
        self.ax_data.legend(loc="lower right")
        (self.line_loss,) = self.ax_loss.plot([], [], "C0-")
        self.ax_loss.set(xlim=(0, STEPS), ylim=(0, 0.5), xlabel="step", ylabel="loss $L$",
                         title="loss during training")
        self.fig.tight_layout()
        self.blitter = Blitter(self.fig, [self.line_boundary, self.line_loss])   # only these move
        self.text = widgets.HTML()
        self.runs = {}
        self.update(lr)

    def run(self, lr):
        if lr not in self.runs:
            self.runs[lr] = train(self.X, self.y, lr)
        return self.runs[lr]

    def show(self, lr):
        """Set the moving lines for the run at lr; returns it."""
        w, b, losses = self.run(lr)
        self.line_boundary.set_data(*boundary(w, b))
        self.line_loss.set_data(np.arange(STEPS + 1), losses)
        self.line_loss.set_color("C3" if verdict(losses)[0] == "failed" else "C0")
        return w, b, losses

    def update(self, lr):
        w, b, losses = self.show(lr)
        self.blitter.refresh(lr)
        failed = verdict(losses)[0] == "failed"
        self.text.value = (f"<b style='color:#c00'>{summary(lr, losses)}</b>" if failed else summary(lr, losses))
        self.blitter.keep_ahead(nearest_first(RATES, lr), self.show)
        return w, b, losses


def learning_rate_explorer(X, y, lr=0.5):
    """A learning-rate slider (1-2-5 steps from 0.01 to 100) above the figure and a line of
    text under it; returns the widget."""
    if lr not in RATES:
        raise ValueError(f"lr must be one of the slider's rates {RATES}, got {lr!r}")
    explorer = Explorer(X, y, lr)
    slider = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in RATES], value=lr,
                                     description="learning rate", style={"description_width": "initial"},
                                     layout=widgets.Layout(width="500px"))
    latest = Latest(explorer.update)     # a drag's burst of values: one update, with the last
    slider.observe(lambda change: latest(change["new"]), names="value")
    box = widgets.VBox([slider, explorer.fig.canvas, explorer.text])
    box.explorer = explorer    # for tests and the curious
    return box
