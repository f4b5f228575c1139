"""Lesson 00: a first slider, moving a point along sigmoid(z) and its derivative as z moves.

The small figure is drawn once; the slider moves the two points and the vertical line with
set_data, and the line of text under the figure gives the three numbers.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..activations import sigmoid, sigmoid_prime
from .blit import Blitter
from .latest import Latest

Z_RANGE = (-6.0, 6.0)


def readout(z):
    # the page collapses runs of spaces, so the three values are set apart by " · "
    return f"z = {z:+.2f} · σ(z) = {float(sigmoid(z)):.4f} · σ′(z) = {float(sigmoid_prime(z)):.4f}"


class SigmoidPlot:
    """σ and σ′ over Z_RANGE, with a point on each curve at z and a vertical line through z."""

    def __init__(self, z=0.0):
        zs = np.linspace(*Z_RANGE, 241)
        with plt.ioff():
            self.fig, ax = plt.subplots(figsize=(5.0, 2.4))
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
        ax.plot(zs, sigmoid(zs), "C0-", label="$\\sigma(z)$")
        ax.plot(zs, sigmoid_prime(zs), "C1--", label="$\\sigma'(z)$")
        self.guide = ax.axvline(z, color="gray", lw=0.8)
        (self.on_sigmoid,) = ax.plot([], [], "o", ms=8, color="C0", mec="k")
        (self.on_prime,) = ax.plot([], [], "o", ms=8, color="C1", mec="k")
        ax.set(xlim=Z_RANGE, ylim=(-0.05, 1.05), xlabel="$z$")
        ax.legend(loc="upper left", fontsize=8)
        self.fig.tight_layout()
        self.blitter = Blitter(self.fig, [self.guide, self.on_sigmoid, self.on_prime])   # only these move
        self.update(z)

    def update(self, z):
        self.on_sigmoid.set_data([z], [float(sigmoid(z))])
        self.on_prime.set_data([z], [float(sigmoid_prime(z))])
        self.guide.set_xdata([z, z])
        self.blitter.refresh()


def sigmoid_readout(z=0.0):
    """A slider for z above a small plot of σ and σ′ with the point at z on each, and a line of
    text with the numbers; returns the widget."""
    slider = widgets.FloatSlider(value=z, min=Z_RANGE[0], max=Z_RANGE[1], step=0.25, description="z")
    plot, label = SigmoidPlot(z), widgets.Label(readout(z))

    def move(change):
        plot.update(change["new"])
        label.value = readout(change["new"])

    latest = Latest(move)            # a drag's burst of values: one update, with the last
    slider.observe(lambda change: latest(change), names="value")
    box = widgets.VBox([slider, plot.fig.canvas, label])
    box.plot = plot           # for tests and the curious
    return box
