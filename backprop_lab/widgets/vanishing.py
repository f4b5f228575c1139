"""Lesson 06: vanishing and exploding gradients, with sliders for the spectral radius of W_hh
and the sequence length T; and gradient clipping rescuing a run that explodes.

The figure is drawn once; moving a slider recomputes ||dJ/dh_t|| (a forward and a backward
pass, about a millisecond) and moves the existing lines with set_data. The frames a key press on
either slider would show are made ahead, while the learner looks.
"""
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import gradient_flow, optim, rnn_training
from .blit import Blitter, slider_value
from .latest import Latest

T_MAX = 100
RHO_SLIDER, T_SLIDER = (0.5, 3.0, 0.05), (5, T_MAX, 5)      # min, max, step
Y_RANGE = (1e-12, 1e12)        # fixed, so that the slider moves the lines, not the axes
TINY = 1e-300                  # a floor for the log scale: 0 would not be drawn at all


def figure_data(rho, T):
    """(t, norms, bound, message) for the figure, every value finite and positive."""
    t, norms, bound, message = gradient_flow.flow(rho, int(T))
    with np.errstate(over="ignore", invalid="ignore"):
        norms = np.clip(np.nan_to_num(norms, nan=TINY, posinf=np.finfo(float).max), TINY, None)
        bound = np.clip(np.nan_to_num(bound, nan=TINY, posinf=np.finfo(float).max), TINY, None)
    off = int(np.sum((norms > Y_RANGE[1]) | (norms < Y_RANGE[0])))
    if off:
        message += f" ({off} of {len(t)} points off the plot)"
    return t, norms, bound, message


def next_states(rho, T):
    """What a key press on either slider would show: its frame is made while the learner looks."""
    (low, high, step), (t_low, t_high, t_step) = RHO_SLIDER, T_SLIDER
    states = [(slider_value(r), T) for r in (rho - step, rho + step) if low <= r <= high]
    return states + [(rho, t) for t in (T - t_step, T + t_step) if t_low <= t <= t_high]


class Explorer:
    """The figure, its artists and the update that both sliders call."""

    def __init__(self, rho=1.0, T=40):
        with plt.ioff():
            self.fig, self.ax = plt.subplots(figsize=(6.6, 3.1))
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
        ax = self.ax
        (self.line,) = ax.plot([], [], "C0.-", lw=1.5, ms=4, label=r"$\|\partial J_T/\partial h_t\|$")
        (self.line_bound,) = ax.plot([], [], "C3--", lw=1,
                                     label=r"$\rho^{T-t}\,\|\partial J_T/\partial h_T\|$ (an upper bound)")
        ax.axhline(1.0, color="0.7", lw=0.8)
        ax.set(xlim=(0, T_MAX + 1), ylim=Y_RANGE, yscale="log", xlabel="step $t$",
               ylabel="gradient norm")
        ax.legend(loc="upper left", fontsize=8)
        ax.set_title("the error at step $T$ sent back to every earlier step $t$", fontsize=9)
        self.fig.tight_layout()
        self.blitter = Blitter(self.fig, [self.line, self.line_bound])   # only these change
        self.label = widgets.Label()    # the numbers: text in the page, not drawn into each frame
        self.update(rho, T)

    def show(self, state):
        """Set the two lines for state = (rho, T); returns figure_data's."""
        t, norms, bound, message = data = figure_data(*state)
        self.line.set_data(t, norms)
        self.line_bound.set_data(t, bound)
        return data

    def update(self, rho, T):
        state = (slider_value(rho), int(T))
        _, norms, _, message = self.show(state)
        self.blitter.refresh(state)
        self.label.value = message
        self.blitter.keep_ahead(next_states(*state), self.show)
        return norms, message


def vanishing_explorer(rho=1.0, T=40):
    """Two sliders (spectral radius of W_hh, sequence length T), the figure and a text line."""
    explorer = Explorer(rho, T)
    style, layout = {"description_width": "initial"}, widgets.Layout(width="400px")
    radius = widgets.FloatSlider(value=rho, min=RHO_SLIDER[0], max=RHO_SLIDER[1], step=RHO_SLIDER[2],
                                 description="spectral radius of W_hh", readout_format=".2f", style=style, layout=layout)
    length = widgets.IntSlider(value=T, min=T_SLIDER[0], max=T_SLIDER[1], step=T_SLIDER[2], description="sequence length T",
                               style=style, layout=layout)

    latest = Latest(lambda _: explorer.update(radius.value, length.value))   # a drag: one update, the last

    def changed(_):
        latest(None)
    radius.observe(changed, names="value")
    length.observe(changed, names="value")
    box = widgets.VBox([widgets.HBox([radius, length]), explorer.label, explorer.fig.canvas])
    box.explorer = explorer    # for tests and the curious
    return box


# --- clipping ---------------------------------------------------------------------------------

CLIP_RHO, CLIP_T, CLIP_LR, CLIP_EPOCHS, CLIP_NORM = 2.0, 64, 0.3, 200, 1.0


def clipping_runs(epochs=CLIP_EPOCHS):
    """{label: (losses, norms, net)}: plain SGD on the text of length CLIP_T from a W_hh of
    spectral radius CLIP_RHO, without clipping and with the gradient clipped to norm CLIP_NORM;
    net is the trained network."""
    inputs, targets = gradient_flow.text(CLIP_T)
    runs = {}
    for label, max_norm in (("not clipped", None), (f"clipped to norm {CLIP_NORM:g}", CLIP_NORM)):
        net = gradient_flow.network(CLIP_RHO)
        losses, norms = rnn_training.train(net, optim.SGD(lr=CLIP_LR), [(inputs, targets)], epochs,
                                           max_norm=max_norm)
        runs[label] = losses, norms, net
    return runs


def saturated(net, threshold=0.99):
    """The fraction of the hidden values h_t, over the clipping run's text, with |h| > threshold:
    where tanh' = 1 - h^2 is nearly 0 and almost no gradient passes."""
    hs, _ = net.forward(gradient_flow.text(CLIP_T)[0])
    return float(np.mean(np.abs(np.hstack(hs[1:])) > threshold))


def clipping_figure(runs):
    """The two runs side by side: the loss of each pass, and the gradient norm of each update."""
    with plt.ioff():
        fig, (ax_loss, ax_norm) = plt.subplots(1, 2, figsize=(6.6, 2.7))
    fig.canvas.header_visible = False
    fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
    for (label, (losses, norms, _)), colour in zip(runs.items(), ("C3", "C2")):
        ax_loss.plot(losses, color=colour, label=label)
        ax_norm.plot(norms, color=colour, lw=1, label=label)
    ax_loss.set(xlabel="pass over the text", ylabel="loss $J$", yscale="log",
                title="training loss", ylim=(1e-3, 10))
    ax_norm.set(xlabel="update", ylabel=r"$\|g\|$ before clipping", yscale="log",
                title="global gradient norm")
    ax_norm.axhline(CLIP_NORM, color="0.5", ls=":", lw=1)
    ax_loss.legend(fontsize=8)
    fig.tight_layout()
    return fig
