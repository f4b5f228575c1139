"""Lesson 01: gradient descent on one sigmoid neuron, with a learning-rate slider.

The figure is drawn once; moving the slider reruns the training (a few milliseconds)
and moves the existing lines with set_data.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import neuron

STEPS = 100
W0, B0 = np.array([-1.0, 0.5]), 0.0   # a start whose boundary is wrong, so training shows
X1_RANGE = np.array([-3.5, 3.5])


def boundary(w, b, x1=X1_RANGE):
    """Points of the line w1 x1 + w2 x2 + b = 0 (where the neuron outputs 0.5), as (x1, x2)."""
    if abs(w[1]) < 1e-12:                      # a vertical line
        return np.full(2, -b / w[0]) if abs(w[0]) > 1e-12 else np.full(2, np.nan), np.array([-10.0, 10.0])
    return x1, -(w[0] * x1 + b) / w[1]


def train(X, y, lr):
    """What the figure shows for one learning rate: the final (w, b) and the loss curve."""
    return neuron.gradient_descent(W0, B0, X, y, lr, STEPS)


def summary(lr, losses):
    return (f"learning rate {lr:.3g}: loss {losses[0]:.4f} at the start, "
            f"{losses[-1]:.4f} after {STEPS} steps")


class Explorer:
    """The figure, its artists and the update that the slider calls."""

    def __init__(self, X, y, lr=0.5):
        self.X, self.y = X, y
        with plt.ioff():
            self.fig, (self.ax_data, self.ax_loss) = plt.subplots(1, 2, figsize=(8.6, 3.6))
        self.fig.canvas.header_visible = False
        self.ax_data.scatter(*X, c=y, cmap="coolwarm", edgecolor="k")
        self.ax_data.set(xlim=X1_RANGE, ylim=X1_RANGE, xlabel="$x_1$", ylabel="$x_2$",
                         title="data and decision boundary")
        self.ax_data.plot(*boundary(W0, B0), ":", color="gray", label="start")
        (self.line_boundary,) = self.ax_data.plot([], [], "k-", lw=2, label=f"after {STEPS} steps")
        self.ax_data.legend(loc="lower right")
        (self.line_loss,) = self.ax_loss.plot([], [], "C0-")
        self.ax_loss.set(xlim=(0, STEPS), ylim=(0, 0.5), xlabel="step", ylabel="loss $L$",
                         title="loss during training")
        self.fig.tight_layout()
        self.update(lr)

    def update(self, lr):
        w, b, losses = train(self.X, self.y, lr)
        self.line_boundary.set_data(*boundary(w, b))
        self.line_loss.set_data(np.arange(STEPS + 1), losses)
        self.ax_loss.set_title(summary(lr, losses), fontsize=9)
        self.fig.canvas.draw_idle()
        return w, b, losses


def learning_rate_explorer(X, y, lr=0.5):
    """A learning-rate slider (logarithmic) above the figure; returns the widget."""
    explorer = Explorer(X, y, lr)
    slider = widgets.FloatLogSlider(value=lr, base=10, min=-2, max=2, step=0.1,
                                    description="learning rate", readout_format=".3g",
                                    style={"description_width": "initial"},
                                    layout=widgets.Layout(width="500px"))
    slider.observe(lambda change: explorer.update(change["new"]), names="value")
    box = widgets.VBox([slider, explorer.fig.canvas])
    box.explorer = explorer    # for tests and the curious
    return box
