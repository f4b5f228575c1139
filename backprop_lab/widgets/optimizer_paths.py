"""Lesson 05: the optimizers' paths on loss surfaces, with learning-rate and momentum sliders;
and the family tree.

The contours of every surface are drawn once; a slider move reruns the chosen optimizers
(a few milliseconds) and moves the existing lines with set_data. The lines are "animated"
artists: a full draw renders everything else once and keeps it as a background; a slider
move pastes that background back and draws only the lines on it (blitting), then sends the
changed pixels. A run that diverges stops at its last finite point, is clipped to the axes,
marked with a cross and named in the title.
"""
import math

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from .. import optim
from ..surfaces import SURFACES

STEPS = 150
NAMES = list(optim.OPTIMIZERS)
SHOWN = ("SGD", "Momentum", "Nesterov", "RMSprop", "Adam")
COLORS = dict(zip(NAMES, plt.get_cmap("tab10").colors))
LOSS_FLOOR, LOSS_CEILING = 1e-10, 1e5       # the loss axis; values outside are clipped to it
ESCAPE = 1e3                                 # a run that goes this many view-widths away has diverged


def build(name, lr, momentum):
    """The optimizer called name; momentum is Momentum's and Nesterov's momentum and the Adam
    family's beta1; every other hyper-parameter keeps its torch.optim default."""
    if name in ("Momentum", "Nesterov"):
        return optim.make(name, lr=lr, momentum=momentum)
    if name in ("Adam", "AdaMax", "Nadam", "AMSGrad"):
        return optim.make(name, lr=lr, betas=(momentum, 0.999))
    return optim.make(name, lr=lr)


def trajectory(surface, optimizer, steps=STEPS):
    """Run optimizer from surface.start. Returns (points, losses, diverged_at).

    points is (k + 1, 2), losses (k + 1,) holds f - f_min; k < steps when the run diverged,
    and diverged_at is then the step at which the point left every sensible range (None if not).
    """
    point = [np.array(surface.start, dtype=float)]
    points, losses = np.empty((steps + 1, 2)), np.empty(steps + 1)
    span = max(np.ptp(surface.xlim), np.ptp(surface.ylim)) * ESCAPE
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps + 1):
            x, y = point[0]
            loss = surface.f(x, y) - surface.f_min
            if not (np.isfinite(loss) and abs(x) < span and abs(y) < span):
                return points[:t], losses[:t], t
            points[t], losses[t] = point[0], loss
            if t == steps:
                break
            ahead = optimizer.lookahead(point)[0]
            g = np.array(surface.grad(ahead[0], ahead[1]))
            if not (math.isfinite(g[0]) and math.isfinite(g[1])):
                return points[:t + 1], losses[:t + 1], t + 1
            optimizer.step(point, [g])
    return points, losses, None


def run_all(surface, names, lr, momentum, steps=STEPS):
    """{name: (points, losses, diverged_at)} for the chosen optimizers."""
    return {name: trajectory(surface, build(name, lr, momentum), steps) for name in names}


def summary(results, steps=STEPS):
    """One line per optimizer: how far it got, or where it diverged."""
    lines = []
    for name, (points, losses, diverged_at) in results.items():
        if diverged_at is not None:
            lines.append(f"{name}: DIVERGED at step {diverged_at}")
        else:
            lines.append(f"{name}: f - f* = {losses[-1]:.2e} after {steps} steps, at ({points[-1, 0]:.3f}, {points[-1, 1]:.3f})")
    return lines


class Explorer:
    """The figure, its artists, and the update that the controls call."""

    def __init__(self, surface="ill-conditioned quadratic", names=SHOWN, lr=None, momentum=0.9, steps=STEPS):
        self.steps, self.names, self.momentum = steps, tuple(names), momentum
        self.surface = SURFACES[surface]
        self.lr = self.surface.lr if lr is None else lr
        with plt.ioff():
            self.fig, (self.ax_path, self.ax_loss) = plt.subplots(1, 2, figsize=(8.6, 3.8), layout="constrained",
                                                                  gridspec_kw={"width_ratios": [1.3, 1]})
        self.fig.canvas.header_visible = False
        # ipympl re-encodes a second PNG of every frame for the saved notebook's static copy;
        # skipping it takes about a third off each slider move (benchmarks/slider_latency.py).
        # The cost: a saved notebook shows the figure as first drawn, not the last slider state.
        self.fig.canvas.syncing_data_url = False
        self.backgrounds = {name: self._draw_surface(s) for name, s in SURFACES.items()}
        self.paths, self.ends, self.curves = {}, {}, {}
        for name in NAMES:
            color = COLORS[name]
            (self.paths[name],) = self.ax_path.plot([], [], "-o", ms=2, lw=1.2, color=color, label=name)
            (self.ends[name],) = self.ax_path.plot([], [], "X", ms=11, color=color, mec="k")
            (self.curves[name],) = self.ax_loss.plot([], [], "-", lw=1.5, color=color, label=name)
        self.ax_loss.set(yscale="log", ylim=(LOSS_FLOOR, LOSS_CEILING), xlim=(0, steps),
                         xlabel="step", ylabel="$f - f^*$ (log scale)")
        self.status = self.ax_path.set_title(" ", fontsize=9)
        self.animated = [*self.paths.values(), *self.ends.values(), *self.curves.values(), self.status]
        for artist in self.animated:
            artist.set_animated(True)
        self.background = None
        self.fig.canvas.mpl_connect("draw_event", self._on_draw)
        self.set_surface(surface, update=False)
        self.update()

    def _on_draw(self, event):
        """After a full draw (the first one, a resize, a new surface): keep it as the
        background, then draw the lines on it."""
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_animated()

    def _draw_animated(self):
        for artist in self.animated:
            if artist.axes is not None:
                artist.axes.draw_artist(artist)

    def redraw_needed(self):
        """Something in the background changed: the next draw is a full one."""
        self.background = None
        self.fig.canvas.draw_idle()

    def refresh(self):
        """Show the moved lines: blit them on the background, or ask for a full draw."""
        if self.background is None:
            self.fig.canvas.draw_idle()
            return
        self.fig.canvas.restore_region(self.background)
        self._draw_animated()
        self.fig.canvas.blit(self.fig.bbox)

    def _draw_surface(self, s):
        xs, ys = np.meshgrid(np.linspace(*s.xlim, 200), np.linspace(*s.ylim, 200))
        contours = self.ax_path.contour(xs, ys, s.f(xs, ys) - s.f_min, levels=s.levels,
                                        cmap="Greys_r", linewidths=0.7, alpha=0.8)
        marks = self.ax_path.plot(*np.array(s.minima).T, "*", ms=14, color="gold", mec="k")
        marks += self.ax_path.plot(*s.start, "o", ms=7, color="k")
        return [contours, *marks]

    def set_surface(self, name, update=True):
        self.surface = SURFACES[name]
        for key, artists in self.backgrounds.items():
            for artist in artists:
                artist.set_visible(key == name)
        self.ax_path.set(xlim=self.surface.xlim, ylim=self.surface.ylim, xlabel="$x$", ylabel="$y$")
        self.ax_loss.set_title(self.surface.formula, fontsize=8)
        self.redraw_needed()
        if update:
            return self.update()

    def set_names(self, names):
        self.names = tuple(n for n in NAMES if n in names)
        handles = [self.curves[n] for n in self.names]
        legend = self.ax_loss.get_legend()
        if legend is not None:
            legend.remove()
        if handles:
            self.ax_loss.legend(handles=handles, loc="upper right", fontsize=7, ncol=2)
        self.redraw_needed()
        return self.update()

    def update(self, lr=None, momentum=None):
        """Rerun the chosen optimizers and move the lines; returns the runs."""
        self.lr = self.lr if lr is None else lr
        self.momentum = self.momentum if momentum is None else momentum
        s = self.surface
        self.results = run_all(s, self.names, self.lr, self.momentum, self.steps)
        (x0, x1), (y0, y1) = s.xlim, s.ylim
        for name in NAMES:
            points, losses, diverged_at = self.results.get(name, (np.empty((0, 2)), np.empty(0), None))
            shown = name in self.results
            xs, ys = np.clip(points[:, 0], x0, x1), np.clip(points[:, 1], y0, y1)
            self.paths[name].set_data(xs, ys)
            self.curves[name].set_data(np.arange(len(losses)), np.clip(losses, LOSS_FLOOR, LOSS_CEILING))
            self.ends[name].set_data(xs[-1:] if diverged_at is not None and len(xs) else [],
                                     ys[-1:] if diverged_at is not None and len(ys) else [])
            for artist in (self.paths[name], self.curves[name], self.ends[name]):
                artist.set_visible(shown)
        diverged = [name for name, r in self.results.items() if r[2] is not None]
        self.status.set_text(f"DIVERGED: {', '.join(diverged)} (X = where it left)" if diverged
                             else f"{s.name}, learning rate {self.lr:.3g}, momentum {self.momentum:.2f}")
        self.status.set_color("C3" if diverged else "k")
        self.refresh()
        return self.results


def optimizer_explorer(surface="ill-conditioned quadratic", names=SHOWN, lr=None, momentum=0.9):
    """Sliders, a surface menu and a tick box per optimizer above the figure; returns the widget."""
    explorer = Explorer(surface, names, lr, momentum)
    wide = {"style": {"description_width": "initial"}, "layout": widgets.Layout(width="420px")}
    lr_slider = widgets.FloatLogSlider(value=explorer.lr, base=10, min=-4, max=1, step=0.05,
                                       description="learning rate", readout_format=".3g", **wide)
    momentum_slider = widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01,
                                          description="momentum (and Adam's β1)", readout_format=".2f", **wide)
    menu = widgets.Dropdown(options=list(SURFACES), value=surface, description="surface")
    boxes = {n: widgets.Checkbox(value=n in names, description=n, indent=False,
                                 layout=widgets.Layout(width="100px")) for n in NAMES}
    report = widgets.HTML()

    def show_report():
        lines = summary(explorer.results, explorer.steps)
        report.value = "<br>".join(f"<b style='color:#c00'>{l}</b>" if "DIVERGED" in l else l for l in lines)

    def on_lr(change):
        explorer.update(lr=change["new"])
        show_report()

    def on_momentum(change):
        explorer.update(momentum=change["new"])
        show_report()

    def on_surface(change):
        explorer.set_surface(change["new"], update=False)
        if lr_slider.value == explorer.surface.lr:
            explorer.update()
            show_report()
        else:
            lr_slider.value = explorer.surface.lr          # its observer updates

    def on_box(change):
        explorer.set_names([n for n, box in boxes.items() if box.value])
        show_report()

    lr_slider.observe(on_lr, names="value")
    momentum_slider.observe(on_momentum, names="value")
    menu.observe(on_surface, names="value")
    for box in boxes.values():
        box.observe(on_box, names="value")
    explorer.set_names(names)
    show_report()
    grid = widgets.GridBox(list(boxes.values()), layout=widgets.Layout(grid_template_columns="repeat(5, 105px)"))
    ui = widgets.VBox([widgets.HBox([lr_slider, momentum_slider]), widgets.HBox([menu, grid]),
                       explorer.fig.canvas, report])
    ui.explorer, ui.lr_slider, ui.momentum_slider, ui.menu, ui.boxes, ui.report = (
        explorer, lr_slider, momentum_slider, menu, boxes, report)
    return ui


# ---------------------------------------------------------------- the family tree
# name: (year, paper, the idea it adds, parents, (column, row) in the drawing)
FAMILY = {
    "SGD": (1951, "Robbins & Monro", "step against the gradient", (), (2, 0)),
    "Momentum": (1964, "Polyak", "a velocity: gradients accumulate", ("SGD",), (0.4, 1)),
    "Nesterov": (1983, "Nesterov; Sutskever et al. 2013", "gradient at the look-ahead point", ("Momentum",), (0.4, 2.2)),
    "AdaGrad": (2011, "Duchi, Hazan & Singer", "a rate per coordinate: 1/sqrt(sum g²)", ("SGD",), (3.4, 1)),
    "RMSprop": (2012, "Tieleman & Hinton", "a moving average of g², not the sum", ("AdaGrad",), (2.5, 2.2)),
    "Adadelta": (2012, "Zeiler", "no learning rate: steps sized by past steps", ("AdaGrad",), (4.1, 2.2)),
    "Adam": (2015, "Kingma & Ba", "momentum + RMSprop, bias-corrected", ("Momentum", "RMSprop"), (2, 3.4)),
    "Nadam": (2016, "Dozat", "Nesterov's momentum in Adam", ("Adam", "Nesterov"), (0.4, 4.6)),
    "AdaMax": (2015, "Kingma & Ba", "infinity norm: u = max(β2·u, |g|)", ("Adam",), (2, 4.6)),
    "AMSGrad": (2018, "Reddi, Kale & Kumar", "v never decreases: convergence fixed", ("Adam",), (3.6, 4.6)),
}


def family_tree():
    """The family tree as a matplotlib figure: who adds what to whom, with year and paper."""
    fig, ax = plt.subplots(figsize=(8.6, 5.6))
    fig.canvas.header_visible = False
    kinds = {"SGD": "0.85", "Momentum": "#f4b183", "Nesterov": "#f4b183", "AdaGrad": "#9dc3e6",
             "RMSprop": "#9dc3e6", "Adadelta": "#9dc3e6"}
    for name, (year, paper, idea, parents, (cx, row)) in FAMILY.items():
        for parent in parents:
            px, prow = FAMILY[parent][4]
            ax.annotate("", xy=(cx, -row + 0.33), xytext=(px, -prow - 0.33),
                        arrowprops=dict(arrowstyle="->", color="0.4", lw=1.2))
        ax.text(cx, -row, f"$\\bf{{{name}}}$ ({year})\n{paper}\n{idea}", ha="center", va="center", fontsize=7.5,
                bbox=dict(boxstyle="round,pad=0.4", fc=kinds.get(name, "#a9d18e"), ec="0.3"))
    ax.text(0.4, 0.45, "the direction: momentum", ha="center", color="#c55a11", fontsize=10)
    ax.text(3.8, 0.45, "the step size: per coordinate", ha="center", color="#2e75b6", fontsize=10)
    ax.text(2, -5.3, "both: the Adam family", ha="center", color="#548235", fontsize=10)
    ax.set(xlim=(-0.7, 5.0), ylim=(-5.5, 0.8))
    ax.axis("off")
    fig.tight_layout()
    return fig
