"""Lesson 02: 10,000 training steps of the 2-2-2 network, and a toggle that trains the biases too.

Both runs are computed once (about 0.1 s each); the toggle shows or hides the second curve
and its numbers, in place.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import two_layer
from .blit import Blitter

STEPS = 10_000


def runs(steps=STEPS):
    """{"weights only": ..., "weights and biases": ...}, each (weights, biases, errors, forward)."""
    out = {}
    for label, with_biases in (("weights only", False), ("weights and biases", True)):
        w, b, errors = two_layer.train(steps, update_biases=with_biases)
        out[label] = (w, b, errors, two_layer.forward(w, b))
    return out


CELL = "padding: 2px 14px; text-align: right; border-bottom: 1px solid #ccc"   # columns kept apart


def table(results, show_biases):
    """An HTML table of what each run ends with; the second column only when toggled on.

    Every cell carries its own padding and rule: a widget's HTML gets no table styling from
    the notebook, and without them the column headers run together."""
    labels = ["weights only"] + (["weights and biases"] if show_biases else [])
    rows = [("E_total after 1 step", lambda r: r[2][1]), (f"E_total after {len(results['weights only'][2]) - 1:,} steps",
                                                        lambda r: r[2][-1]),
            ("out_o1 (target 0.01)", lambda r: r[3]["out_o1"]), ("out_o2 (target 0.99)", lambda r: r[3]["out_o2"]),
            ("b1", lambda r: r[1]["b1"]), ("b2", lambda r: r[1]["b2"])]
    head = "".join(f"<th style='{CELL}'>{label}</th>" for label in labels)
    body = "".join(f"<tr><td style='{CELL}; text-align: left'>{name}</td>"
                   + "".join(f"<td style='{CELL}'><code>{get(results[label]):.10f}</code></td>" for label in labels)
                   + "</tr>" for name, get in rows)
    return (f"<table style='border-collapse: collapse'><tr><th style='{CELL}'></th>{head}</tr>"
            f"{body}</table>")


def bias_toggle(steps=STEPS):
    """The loss curve (log scale) above a checkbox "update the biases too" and a table."""
    results = runs(steps)
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(6.6, 2.9))
    fig.canvas.header_visible = False
    fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
    x = np.arange(steps + 1)
    ax.semilogy(x, results["weights only"][2], "C0-", label="weights only (the classic example)")
    (second,) = ax.semilogy(x, results["weights and biases"][2], "C3--", label="weights and biases")
    second.set_visible(False)
    ax.set(xlabel="training step", ylabel="E_total (log scale)", title=f"{steps:,} steps of gradient descent")
    legend = ax.legend(loc="upper right")
    fig.tight_layout()
    toggle = widgets.Checkbox(value=False, description="update the biases too", indent=False)
    numbers = widgets.HTML(table(results, False))

    # the legend keeps the hidden line's entry, greyed out, so the learner sees what the box adds
    entry = (legend.get_lines()[1], legend.get_texts()[1])
    entry[0].set_visible(True)
    state = {"on": None}

    def set_state(on):
        state["on"] = on
        second.set_visible(on)
        for artist in entry:
            artist.set_alpha(1.0 if on else 0.35)

    # both states' frames drawn once and kept: a click pastes one (a log-scale plot is slow to draw)
    blitter = Blitter(fig, [], key=lambda: state["on"])
    blitter.prerender((True, False), set_state)

    def show(change):
        on = change["new"]
        set_state(on)
        blitter.redraw_needed()
        blitter.refresh(on)
        numbers.value = table(results, on)
        blitter.keep_backgrounds_ahead([not on])              # the other's PNG

    toggle.observe(show, names="value")
    box = widgets.VBox([toggle, fig.canvas, numbers])
    box.toggle, box.line, box.numbers, box.results, box.blitter = toggle, second, numbers, results, blitter
    return box
