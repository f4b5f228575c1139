"""Lesson 07: a slider over one regularization setting (weight decay λ, dropout p) showing the
training and validation curves of the network trained with that setting and its first layer's
weights drawn as 8×8 images.

One training takes about a second here, too long for a slider: each setting of the grid is
trained once, before the figure is shown (train_each), and the slider snaps to those settings.
A move then only swaps the curves and images (set_data, blitted): a few milliseconds; and the
other settings' frames are made ahead while the learner looks, so a move only sends one.
"""
from collections import namedtuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from tqdm.auto import tqdm

from ..fit import fit
from .blit import Blitter, nearest_first
from .latest import Latest

Run = namedtuple("Run", "history weights")      # the fit's History and W1 after training
UNITS = 16                                       # hidden units whose weights are drawn (4 x 4)


def train_each(values, build, X, y, X_val, y_val, epochs, batch_size=50, desc="settings"):
    """{value: Run} for each value: build(value) gives (net, optimizer), trained by fit."""
    runs = {}
    for value in tqdm(values, desc=desc, leave=False):
        net, optimizer = build(value)
        runs[value] = Run(fit(net, optimizer, X, y, X_val, y_val, epochs, batch_size), net.params[0].copy())
    return runs


def gap(history):
    """Training accuracy minus validation accuracy at the end, in percentage points."""
    return 100 * (history.train_acc[-1] - history.val_acc[-1])


def summary(label, history):
    """One line: the accuracies at the end, their gap, and where the validation loss was lowest."""
    return (f"{label}: training accuracy {history.train_acc[-1]:.1%}, validation "
            f"{history.val_acc[-1]:.1%} (gap {gap(history):.1f} points); lowest validation loss "
            f"{min(history.val_loss):.3f} at epoch {history.best_epoch}, {history.val_loss[-1]:.3f} at the end")


def unit_image(w, side=8):
    """One hidden unit's incoming weights as the side x side image they multiply."""
    return np.asarray(w).reshape(side, side)


def mosaic(W, rows=4, cols=4, side=8):
    """The first rows x cols hidden units' images (rows of W) in one array, a blank (NaN) line
    between them; each unit divided by its largest |weight|, so that its pattern shows."""
    out = np.full((rows * (side + 1) - 1, cols * (side + 1) - 1), np.nan)
    for k, w in enumerate(np.asarray(W)[:rows * cols]):
        r, c = divmod(k, cols)
        top = np.abs(w).max() or 1.0
        out[r * (side + 1):r * (side + 1) + side, c * (side + 1):c * (side + 1) + side] = unit_image(w, side) / top
    return out


class Explorer:
    """The curves and the weight images for one setting at a time, redrawn in place."""

    def __init__(self, runs, name, value=None):
        self.runs, self.name = runs, name
        value = next(iter(runs)) if value is None else value
        with plt.ioff():
            self.fig = plt.figure(figsize=(6.6, 3.1), layout="constrained")
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False      # no zoom or pan: the room goes to the figure
        left, right = self.fig.subfigures(1, 2, width_ratios=[1.35, 1])
        self.ax = left.subplots()
        epochs = max(len(r.history.val_loss) for r in runs.values()) - 1
        losses = np.concatenate([r.history.train_loss + r.history.val_loss for r in runs.values()])
        self.ax.set(xlim=(0, epochs), yscale="log", ylim=(max(losses.min(), 1e-4) / 1.5, losses.max() * 1.5),
                    xlabel="epoch", ylabel="cross-entropy")
        (self.train_line,) = self.ax.plot([], [], "C0-", label="training")
        (self.val_line,) = self.ax.plot([], [], "C1-", label="validation")
        (self.best,) = self.ax.plot([], [], "o", color="C1", mec="k", label="lowest validation")
        self.ax.legend(loc="lower left", fontsize=8)
        right.suptitle(f"first-layer weights of {UNITS} hidden units", fontsize=9)
        ax_units = right.subplots()
        # one image for all the units: one draw per move, not sixteen
        cmap = plt.get_cmap("RdBu_r").with_extremes(bad="white")
        self.image = ax_units.imshow(mosaic(np.zeros((UNITS, 64))), cmap=cmap, vmin=-1, vmax=1)
        ax_units.set_axis_off()
        self.status = widgets.HTML(layout=widgets.Layout(min_height="2.6em"))   # in the page: no text drawn per frame
        self.blitter = Blitter(self.fig, [self.train_line, self.val_line, self.best, self.image])
        self.update(value)

    def show(self, value):
        """Set the curves and the weight images for the run at value; returns the run."""
        run = self.runs[value]
        h = run.history
        epochs = np.arange(len(h.val_loss))
        self.train_line.set_data(epochs, h.train_loss)
        self.val_line.set_data(epochs, h.val_loss)
        self.best.set_data([h.best_epoch], [h.val_loss[h.best_epoch]])
        self.image.set_data(mosaic(run.weights))
        return run

    def update(self, value):
        run = self.show(value)
        self.blitter.refresh(value)
        self.status.value = summary(f"{self.name} = {value:g}", run.history).replace("; ", "<br>")
        self.blitter.keep_ahead(nearest_first(list(self.runs), value), self.show)     # the other settings' frames
        return run


def regularization_explorer(runs, name, description):
    """A slider over the trained settings above the figure; returns the widget."""
    explorer = Explorer(runs, name)
    slider = widgets.SelectionSlider(options=[(f"{v:g}", v) for v in runs], value=next(iter(runs)),
                                     description=description, style={"description_width": "initial"},
                                     layout=widgets.Layout(width="460px"))
    latest = Latest(explorer.update)         # a drag's burst of values: one update, with the last
    slider.observe(lambda change: latest(change["new"]), names="value")
    box = widgets.VBox([slider, explorer.status, explorer.fig.canvas])
    box.explorer, box.slider = explorer, slider
    return box
