"""Lesson 00: a first slider, showing sigmoid(z) and its derivative as z moves."""
import ipywidgets as widgets

from ..activations import sigmoid, sigmoid_prime


def readout(z):
    # the page collapses runs of spaces, so the three values are set apart by " · "
    return f"z = {z:+.2f} · σ(z) = {float(sigmoid(z)):.4f} · σ′(z) = {float(sigmoid_prime(z)):.4f}"


def sigmoid_readout(z=0.0):
    """A slider for z above a line of text that follows it; returns the widget."""
    slider = widgets.FloatSlider(value=z, min=-6, max=6, step=0.25, description="z")
    label = widgets.Label(readout(z))
    slider.observe(lambda change: setattr(label, "value", readout(change["new"])), names="value")
    return widgets.VBox([slider, label])
