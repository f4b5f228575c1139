"""Lesson 07: the activations of a 10-layer network at initialization, layer by layer, with a
slider for the weight scale and a choice of activation (tanh, ReLU).

The weights of layer l are s * N(0, 1) / sqrt(n_{l-1}): s = 1 is Glorot & Bengio's variance
1/n (in the forward direction; their 2/(n_in + n_out) is the same for equal widths), s = sqrt 2
is He et al.'s. The standard normal draws are made once, so a slider move only rescales them
and runs one forward pass (a few milliseconds), the first time at each scale and activation
(what it shows is kept); the histograms are redrawn in place. The frames of the other settings
are made ahead while the learner looks, so a move only sends one.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..mlp import MLP
from .blit import Blitter, nearest_first
from .latest import Latest

DEPTH, WIDTH = 10, 100
GLOROT, HE = 1.0, float(np.sqrt(2))
SCALES = (0.25, 0.5, 0.7, 0.85, GLOROT, 1.2, HE, 1.7, 2.0, 3.0, 5.0)
ACTIVATIONS = {"tanh": "tanh", "ReLU": "relu"}
RANGES = {"tanh": (-1.0, 1.0), "ReLU": (0.0, 3.0)}       # the histograms' x range
BINS = 30
SATURATED = 0.9         # |tanh| above this: its derivative 1 - a^2 is below 0.19
SATURATED_SHARE = 0.25  # saturating: more of the last layer's units than this beyond it
SHRINK = 3.0            # vanishing (growing): the last layer's spread 3 times below (above) the first's


def scale_label(s):
    names = {GLOROT: "1 (Glorot)", HE: "√2 (He)"}
    return names.get(s, f"{s:g}")


class Network:
    """A DEPTH-layer MLP of WIDTH units whose weights are s times fixed standard draws."""

    def __init__(self, X, depth=DEPTH, width=WIDTH, seed=0):
        self.X = X
        self.nets = {name: MLP([X.shape[0]] + [width] * depth + [1], hidden=act, output="identity", seed=seed)
                     for name, act in ACTIVATIONS.items()}
        rng = np.random.default_rng(seed)
        sizes = [X.shape[0]] + [width] * depth + [1]
        self.standard = [rng.standard_normal((n_out, n_in)) / np.sqrt(n_in)
                         for n_in, n_out in zip(sizes[:-1], sizes[1:])]

    def activations(self, scale, activation):
        """The hidden layers' activations [A1, ..., A_depth] with weights scale * standard."""
        net = self.nets[activation]
        for W, S in zip(net.weights, self.standard):
            np.multiply(S, scale, out=W)
        with np.errstate(over="ignore", invalid="ignore"):
            return net.forward_pass(self.X)[1][1:-1]


def histograms(As, activation, bins=BINS):
    """Per layer, the fraction of the activations in each of `bins` equal bins over the
    activation's range (values beyond it counted in the last bin). For ReLU only the positive
    values are counted: the zeros (about half) would dwarf the rest. Returns (edges, fractions)."""
    low, high = RANGES[activation]
    edges = np.linspace(low, high, bins + 1)
    fractions = []
    for A in As:
        shown = A[A > 0] if activation == "ReLU" else A.ravel()
        # np.histogram's bins, counted by bincount: several times faster, for a slider
        k = ((np.clip(shown, low, high) - low) * (bins / (high - low))).astype(int)
        counts = np.bincount(np.minimum(k, bins - 1), minlength=bins)
        fractions.append(counts / A.size)
    return edges, np.array(fractions)


def layer_stats(As):
    """Per layer, the standard deviation of the activations over units and examples."""
    return np.array([float(np.std(A)) for A in As])


def diagnosis(As, activation):
    """What the activations show, in words: vanishing, saturated, exploding or alive."""
    stds = layer_stats(As)
    first, last = stds[0], stds[-1]
    if not np.isfinite(last) or last > 1e3 * max(first, 1e-300):
        return f"exploding: the last layer's spread is {last / first:.3g} times the first's"
    if activation == "tanh":
        saturated = float(np.mean(np.abs(As[-1]) > SATURATED))
        if saturated > SATURATED_SHARE:
            return (f"saturating: {saturated:.0%} of the last layer's values are beyond ±{SATURATED}, "
                    f"where tanh' < {1 - SATURATED ** 2:.2f}: little gradient passes back")
    if last < first / SHRINK:
        return f"vanishing: the last layer's spread is {100 * last / first:.2g} % of the first's"
    if last > first * SHRINK:
        return f"growing: the last layer's spread is {last / first:.3g} times the first's"
    return f"alive: the spread stays between {stds.min():.2f} and {stds.max():.2f} through all {len(As)} layers"


class Explorer:
    """One small histogram per layer and the spread against depth, redrawn in place."""

    def __init__(self, X, scale=GLOROT, activation="tanh", depth=DEPTH, width=WIDTH):
        self.network = Network(X, depth, width)
        self.depth = depth
        with plt.ioff():
            self.fig = plt.figure(figsize=(6.6, 3.3), layout="constrained")
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
        top, bottom = self.fig.subfigures(2, 1, height_ratios=[1, 1.25])
        self.hist_axes = top.subplots(1, depth, sharey=True)
        self.ax_std = bottom.subplots()
        self.stairs = []
        for l, ax in enumerate(self.hist_axes, start=1):
            self.stairs.append(ax.stairs(np.zeros(BINS), np.linspace(0, 1, BINS + 1), fill=True, color="C0"))
            ax.set_title(f"layer {l}", fontsize=8)
            ax.set_yticks([])
            ax.tick_params(labelsize=6)
        self.hist_axes[0].set_ylabel("share", fontsize=8)
        self.ax_std.set(yscale="log", ylim=(1e-4, 1e4), xlim=(0.5, depth + 0.5), xticks=range(1, depth + 1),
                        xlabel="layer", ylabel="std of activations")
        (self.std_line,) = self.ax_std.plot([], [], "o-", color="C3")
        self.status = widgets.HTML(layout=widgets.Layout(min_height="2.6em"))   # in the page: no text drawn per frame
        self.blitter = Blitter(self.fig, [*self.stairs, self.std_line], key=lambda: self.activation)
        self.activation, self.summaries = None, {}
        self.update(scale, activation)
        self.blitter.prerender_soon(ACTIVATIONS, self._show_activation)     # the other activation's background

    def set_activation(self, activation):
        """A new activation has another x range: the axes change, so the background is another
        (kept, or drawn in full the first time)."""
        self.activation = activation
        self._show_activation(activation)
        self.blitter.redraw_needed()

    def _show_activation(self, activation):
        """The histograms' x range and bins for an activation."""
        low, high = RANGES[activation]
        edges = np.linspace(low, high, BINS + 1)
        for ax, stairs in zip(self.hist_axes, self.stairs):
            stairs.set_data(edges=edges)
            ax.set_xlim(low, high)
            ax.set_xticks([low, high] if low < 0 else [0, high])

    def summary(self, scale, activation):
        """(histogram fractions, spread per layer, diagnosis) at this scale and activation. Each is
        computed once (a forward pass of the whole network) and kept: a slider move that comes
        back to it only redraws."""
        key = (scale, activation)
        if key not in self.summaries:
            As = self.network.activations(scale, activation)
            self.summaries[key] = histograms(As, activation)[1], layer_stats(As), diagnosis(As, activation)
        return self.summaries[key]

    def show(self, state):
        """Set the histograms and the spread for state = (scale, activation) (on that
        activation's background); returns its diagnosis."""
        fractions, stds, verdict = self.summary(*state)
        for stairs, f in zip(self.stairs, fractions):
            stairs.set_data(values=f)
        # shared by all the histograms (sharey); no y ticks, so a new limit changes no background
        self.hist_axes[0].set_ylim(0, fractions.max() * 1.05)
        self.std_line.set_data(np.arange(1, self.depth + 1), np.clip(stds, 1e-4, 1e4))
        return verdict

    def update(self, scale=None, activation=None):
        self.scale = self.scale if scale is None else scale
        if activation is not None and activation != self.activation:
            self.set_activation(activation)
        state = (self.scale, self.activation)
        verdict = self.show(state)
        self.text = f"{self.activation}, weight scale {scale_label(self.scale)}: {verdict}"
        self.blitter.refresh(state)
        self.status.value = self.text
        # every other setting's frame, made ahead: the nearest scales first, then the other activation's
        states = [(s, a) for a in sorted(ACTIVATIONS, key=lambda a: a != self.activation)
                  for s in nearest_first(list(SCALES), self.scale)]
        self.blitter.keep_ahead(states, self.show, background_of=lambda state: state[1])


def initialization_explorer(X, scale=GLOROT, activation="tanh"):
    """A weight-scale slider and an activation toggle above the figure; returns the widget."""
    explorer = Explorer(X, scale, activation)
    slider = widgets.SelectionSlider(options=[(scale_label(s), s) for s in SCALES], value=scale,
                                     description="weight scale", style={"description_width": "initial"},
                                     layout=widgets.Layout(width="460px"))
    toggle = widgets.ToggleButtons(options=list(ACTIVATIONS), value=activation, description="activation",
                                   style={"button_width": "70px"})
    latest = Latest(lambda _: explorer.update(scale=slider.value, activation=toggle.value))   # a drag: one update
    slider.observe(lambda change: latest(None), names="value")
    toggle.observe(lambda change: latest(None), names="value")
    box = widgets.VBox([widgets.HBox([slider, toggle]), explorer.status, explorer.fig.canvas])
    box.explorer, box.slider, box.toggle = explorer, slider, toggle
    return box
