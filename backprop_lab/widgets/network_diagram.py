"""Lesson 02: the 2-2-2 network drawn with matplotlib, values written beside the neurons.

draw_network draws once and returns the artists, so the step-through can recolour edges
and rewrite texts in place. The layout and the texts are plain data and pure functions.
"""
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch

from .. import two_layer

# Where each node sits (x, y). Inputs left, hidden middle, outputs right, biases below.
POSITIONS = {"i1": (0.0, 1.0), "i2": (0.0, 0.0), "h1": (2.0, 1.0), "h2": (2.0, 0.0),
             "o1": (4.0, 1.0), "o2": (4.0, 0.0), "b1": (1.0, -0.95), "b2": (3.0, -0.95)}
NEURONS = ("h1", "h2", "o1", "o2")
# edge name -> (from, to). A bias edge is named after its bias and the neuron it feeds.
EDGES = {"w1": ("i1", "h1"), "w2": ("i2", "h1"), "w3": ("i1", "h2"), "w4": ("i2", "h2"),
         "w5": ("h1", "o1"), "w6": ("h2", "o1"), "w7": ("h1", "o2"), "w8": ("h2", "o2"),
         "b1>h1": ("b1", "h1"), "b1>h2": ("b1", "h2"), "b2>o1": ("b2", "o1"), "b2>o2": ("b2", "o2")}
# How far along its edge a weight's label sits: crossing edges get different spots.
LABEL_AT = {"w1": 0.5, "w2": 0.25, "w3": 0.25, "w4": 0.5, "w5": 0.5, "w6": 0.25, "w7": 0.25, "w8": 0.5}
RADIUS = 0.2
COLOURS = {"input": "#dbe9f6", "hidden": "#e3f1dc", "output": "#fde7d2", "bias": "#eeeeee",
           "edge": "#9a9a9a", "highlight": "#d62728", "lit": "#ffd54f"}
VALUE_NAMES = (("net", "net"), ("out", "out"), ("E", "E"), ("delta", "δ"))


def node_colour(name):
    kind = {"i": "input", "h": "hidden", "o": "output", "b": "bias"}[name[0]]
    return COLOURS[kind]


def node_text(values):
    """The lines written beside a neuron, from what is known of it: {"net": .., "out": ..}."""
    return "\n".join(f"{label} = {values[key]:.9f}" for key, label in VALUE_NAMES if key in values)


def weight_text(name, old, new=None):
    return f"{name} = {old:g}" if new is None else f"{name}: {old:g} → {new:.9f}"


def forward_values(f):
    """node -> {"net", "out", "E"} from a forward() dict: what the static diagram writes."""
    values = {n: {"net": f[f"net_{n}"], "out": f[f"out_{n}"]} for n in NEURONS}
    values["o1"]["E"], values["o2"]["E"] = f["E_o1"], f["E_o2"]
    return values


def _text_anchor(name):
    x, y = POSITIONS[name]
    if name.startswith("o"):
        return (x + 0.3, y), "left", "center"
    if name == "h2":
        return (x + 0.1, y - 0.27), "left", "top"
    return (x, y + 0.27), "center", "bottom"


@dataclass
class Diagram:
    fig: object
    ax: object
    nodes: dict = field(default_factory=dict)        # name -> Circle or box patch
    node_texts: dict = field(default_factory=dict)   # neuron -> Text of its values
    edges: dict = field(default_factory=dict)        # edge -> Line2D
    edge_texts: dict = field(default_factory=dict)   # weight -> Text of its label
    caption: object = None                           # a Text under the network


def draw_network(ax=None, weights=two_layer.WEIGHTS, biases=two_layer.BIASES,
                 inputs=two_layer.INPUTS, targets=two_layer.TARGETS, values=None, figsize=(6.6, 4.1)):
    """Draw the network on ax (a new figure if None); write `values` (node -> dict) beside it."""
    if ax is None:
        with plt.ioff():
            fig, ax = plt.subplots(figsize=figsize)
        fig.canvas.header_visible = False
        fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
    d = Diagram(fig=ax.figure, ax=ax)
    ax.set(xlim=(-0.9, 6.1), ylim=(-1.6, 1.65), aspect="equal")
    ax.axis("off")
    for edge, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
        (d.edges[edge],) = ax.plot([xa, xb], [ya, yb], "-", color=COLOURS["edge"], lw=1.5, zorder=1)
        if edge in weights:
            t = LABEL_AT[edge]
            d.edge_texts[edge] = ax.text(xa + t * (xb - xa), ya + t * (yb - ya), weight_text(edge, weights[edge]),
                                         ha="center", va="center", fontsize=8.5, zorder=4,
                                         bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.9))
    for name, (x, y) in POSITIONS.items():
        if name.startswith("b"):
            patch = FancyBboxPatch((x - 0.32, y - 0.14), 0.64, 0.28, boxstyle="round,pad=0.02",
                                   fc=node_colour(name), ec="k", zorder=2)
            label = f"{name} = {biases[name]:g}"
        else:
            patch = Circle((x, y), RADIUS, fc=node_colour(name), ec="k", lw=1.2, zorder=2)
            label = name
        d.nodes[name] = ax.add_patch(patch)
        ax.text(x, y, label, ha="center", va="center", fontsize=9 if name[0] == "b" else 11,
                weight="bold", zorder=3)
    for k, name in enumerate(("i1", "i2")):
        x, y = POSITIONS[name]
        ax.text(x - 0.3, y, f"{inputs[k]:g}", ha="right", va="center", fontsize=10)
    for k, name in enumerate(("o1", "o2")):
        x, y = POSITIONS[name]
        ax.text(x + 0.3, y + 0.45 * (1 if k == 0 else -1), f"target t{k + 1} = {targets[k]:g}",
                ha="left", va="center", fontsize=9, color="#555555")
    for name in NEURONS:
        (x, y), ha, va = _text_anchor(name)
        d.node_texts[name] = ax.text(x, y, node_text((values or {}).get(name, {})), ha=ha, va=va,
                                     fontsize=8.5, family="monospace", multialignment="left", zorder=5)
    d.caption = ax.text(2.6, -1.45, "", ha="center", va="center", fontsize=10, wrap=True)
    return d


def network_figure(weights=two_layer.WEIGHTS, biases=two_layer.BIASES):
    """The static figure of the lesson: the network with its forward pass written on it."""
    d = draw_network(weights=weights, biases=biases, values=forward_values(two_layer.forward(weights, biases)))
    f = two_layer.forward(weights, biases)
    d.caption.set_text(f"forward pass: E_total = E_o1 + E_o2 = {f['E_total']:.9f}")
    d.fig.tight_layout()
    return d.fig
