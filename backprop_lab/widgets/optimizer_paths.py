"""Lesson 05: optimizers racing on loss surfaces, and the family tree.

Pure functions first: `trajectory` runs one optimizer from a start point, `run_all` several;
`curvatures` gives a quadratic's eigenvalues and eigenvectors (from its gradient), `best_lr`
and `best_momentum` the step sizes that make SGD and heavy-ball momentum converge fastest on it,
and `eigen_errors` the distance to the minimum along each eigenvector, step by step.

The explorer draws every surface's contours once. A slider move, a click on the contours (a new
start) or a tick box reruns only what changed (runs are cached) and moves existing artists;
the step slider (and Play, which moves it) only shows a longer or shorter part of the runs. The
moving artists are blitted onto a kept background, one background per surface, so switching
surface is a blit too. While the learner looks, the frames that a key press on the sliders
would show are made ahead (and, after a pause, those of a tick box, the best-step buttons and
the surface menu), and so is the frame of a start where the pointer rests on the contours: such
a press or click only sends its frame. A run that diverges stops at its last finite point,
clipped to the view, marked with a cross, and the line above the figure says so.
"""
import math
import textwrap
from functools import lru_cache

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.textpath import TextPath

from .. import optim
from ..surfaces import QUADRATIC, ROTATED_QUADRATIC, SURFACES
from .blit import PAUSE_DELAY, Blitter, slider_value
from .latest import Latest

STEPS = 150
NAMES = list(optim.OPTIMIZERS)
SHOWN = ("SGD", "Momentum", "Adam")
COLORS = dict(zip(NAMES, plt.get_cmap("tab10").colors))
LOSS_FLOOR, LOSS_CEILING = 1e-10, 1e5       # the right panel's axis; values outside are clipped to it
CACHE_SIZE = 500                             # runs kept; the frames made ahead after an update need about 40
ESCAPE = 1e3                                 # a run that goes this many view-widths away has diverged
# seconds the pointer rests on the contours before the frame a click there would show is made:
# longer than between two messages of a moving pointer (8-16 ms), so only a rest makes a frame
POINTER_REST = 0.03
QUADRATICS = (QUADRATIC.name, ROTATED_QUADRATIC.name)
# where each shown optimizer's name sits from its head, in points: apart when the heads meet
LABEL_OFFSETS = ((5, 5), (5, -12), (-50, 5), (-50, -12), (5, 16), (-50, 16))
LABEL_FONT = FontProperties(size=8, weight="bold")


@lru_cache(maxsize=None)
def name_marker(name, offset):
    """(marker, markersize) that draw `name` in LABEL_FONT, `offset` points from the marker's
    point. A marker is stamped where the head is, not laid out and rendered as text each frame
    (about a millisecond a name, three names a frame). A path marker is scaled so that its
    farthest vertex is half the markersize from the point: twice that distance in points keeps
    the text at its size."""
    outline = TextPath(offset, name, prop=LABEL_FONT)
    return MarkerStyle(outline), 2 * float(np.abs(outline.vertices).max())


def build(name, lr, momentum):
    """The optimizer called name; momentum is Momentum's and Nesterov's momentum and the Adam
    family's beta1; every other hyper-parameter keeps its torch.optim default."""
    if name in ("Momentum", "Nesterov"):
        return optim.make(name, lr=lr, momentum=momentum)
    if name in ("Adam", "AdaMax", "Nadam", "AMSGrad"):
        return optim.make(name, lr=lr, betas=(momentum, 0.999))
    return optim.make(name, lr=lr)


def trajectory(surface, optimizer, steps=STEPS, start=None):
    """Run optimizer from start (default surface.start). Returns (points, losses, diverged_at).

    points is (k + 1, 2), losses (k + 1,) holds f - f_min; k < steps when the run diverged,
    and diverged_at is then the step at which the point left every sensible range (None if not).
    """
    point = [np.array(surface.start if start is None else start, dtype=float)]
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


def run_all(surface, names, lr, momentum, steps=STEPS, start=None):
    """{name: (points, losses, diverged_at)} for the chosen optimizers."""
    return {name: trajectory(surface, build(name, lr, momentum), steps, start) for name in names}


def summary(results, steps=STEPS):
    """One line per optimizer: how far it got, or where it diverged."""
    lines = []
    for name, (points, losses, diverged_at) in results.items():
        if diverged_at is not None:
            lines.append(f"{name}: DIVERGED at step {diverged_at}")
        else:
            # rounded first, -0.0004 is -0.0, and -0.0 + 0.0 is 0.0: the report shows 0.000, not -0.000
            x, y = (round(float(v), 3) + 0.0 for v in points[-1])
            lines.append(f"{name}: f - f* = {losses[-1]:.2e} after {steps} steps, at ({x:.3f}, {y:.3f})")
    return lines


# ---------------------------------------------------------------- quadratics: the best steps
def hessian(surface, h=1e-5):
    """The matrix of second derivatives at the (first) minimum, by centred differences of the
    gradient (exact, up to rounding, for a quadratic)."""
    at = np.array(surface.minima[0], dtype=float)
    return np.column_stack([(surface.gradient(at + h * e) - surface.gradient(at - h * e)) / (2 * h)
                            for e in np.eye(2)])


def curvatures(surface):
    """(eigenvalues ascending, eigenvectors as columns) of the surface's Hessian at its minimum."""
    H = hessian(surface)
    return np.linalg.eigh((H + H.T) / 2)


def best_lr(lam_min, lam_max):
    """The fixed step that makes gradient descent converge fastest on a quadratic with these
    curvatures: 2 / (lam_min + lam_max), where both directions shrink by (k - 1)/(k + 1) a step."""
    return 2 / (lam_min + lam_max)


def best_momentum(lam_min, lam_max):
    """The (learning rate, momentum) pair that makes heavy-ball momentum (b <- mu b + g,
    w <- w - lr b) converge fastest: ((2/(sqrt lam_min + sqrt lam_max))^2, ((sqrt k - 1)/(sqrt k + 1))^2)
    with k = lam_max / lam_min (Polyak 1964; Goh, "Why Momentum Really Works", 2017)."""
    root_kappa = math.sqrt(lam_max / lam_min)
    return (2 / (math.sqrt(lam_min) + math.sqrt(lam_max))) ** 2, ((root_kappa - 1) / (root_kappa + 1)) ** 2


def eigen_errors(surface, points):
    """|distance to the minimum along each eigenvector| at each point: (n, 2), column 0 along
    the eigenvector of the smallest curvature (the slow direction), column 1 the largest."""
    _, Q = curvatures(surface)
    return np.abs((np.asarray(points) - np.array(surface.minima[0])) @ Q)


# ---------------------------------------------------------------- the explorer
class Explorer:
    """The figure, its artists, and the updates that the controls call."""

    def __init__(self, surface="ill-conditioned quadratic", names=SHOWN, lr=None, momentum=0.9,
                 steps=STEPS, figsize=(6.8, 3.3)):
        self.steps, self.names, self.momentum, self.step = steps, tuple(names), momentum, steps
        self.surface = SURFACES[surface]
        self.lr = self.surface.lr if lr is None else lr
        self.start = self.surface.start
        self.cache, self.listeners = {}, []
        self.next_states = lambda: ([], [])    # what the controls would show next (optimizer_explorer's)
        with plt.ioff():
            self.fig, (self.ax_path, self.ax_err) = plt.subplots(
                1, 2, figsize=figsize, layout="constrained", gridspec_kw={"width_ratios": [1.15, 1]})
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False      # a click sets the start; no pan or zoom mode
        self.contours = {name: self._draw_surface(s) for name, s in SURFACES.items()}
        self.paths, self.heads, self.labels, self.ends, self.slow, self.fast = {}, {}, {}, {}, {}, {}
        for name in NAMES:
            color = COLORS[name]
            (self.paths[name],) = self.ax_path.plot([], [], "-", lw=1.4, color=color)
            (self.heads[name],) = self.ax_path.plot([], [], "o", ms=5, color=color, mec="k", mew=0.5)
            (self.labels[name],) = self.ax_path.plot([], [], linestyle="none", color=color, mew=0, clip_on=False)
            (self.ends[name],) = self.ax_path.plot([], [], "X", ms=10, color=color, mec="k")
            (self.slow[name],) = self.ax_err.plot([], [], "-", lw=1.5, color=color)
            (self.fast[name],) = self.ax_err.plot([], [], ":", lw=1.5, color=color)
        (self.start_mark,) = self.ax_path.plot([], [], "o", ms=7, color="k")
        self.cursor = self.ax_err.axvline(steps, color="0.5", lw=0.8)
        self.ax_err.set(yscale="log", ylim=(LOSS_FLOOR, LOSS_CEILING), xlim=(0, steps), xlabel="step")
        self.status = widgets.HTML()     # text in the page, not in the figure: no text to render per frame
        self.animated = [*self.paths.values(), *self.heads.values(), *self.labels.values(), *self.ends.values(),
                         *self.slow.values(), *self.fast.values(), self.start_mark, self.cursor]
        # the moving artists are blitted on a kept background, one per surface
        self.blitter = Blitter(self.fig, self.animated, key=lambda: self.surface.name)
        self.fig.canvas.mpl_connect("button_press_event", self._on_click)
        self.fig.canvas.mpl_connect("motion_notify_event", self._on_pointer)
        # nothing here is picked: matplotlib's pick on every press visits all the artists (half
        # of a click's work in the kernel, before the frame is sent)
        self.fig.canvas.mpl_disconnect(self.fig.canvas.button_pick_id)
        self.set_surface(surface, update=False)
        self.update()
        self.blitter.prerender_soon(SURFACES, self._show_surface)    # the other surfaces' backgrounds

    # -- drawing
    def _draw_surface(self, s):
        xs, ys = np.meshgrid(np.linspace(*s.xlim, 160), np.linspace(*s.ylim, 160))
        contours = self.ax_path.contour(xs, ys, s.f(xs, ys) - s.f_min, levels=s.levels,
                                        cmap="Greys_r", linewidths=0.6, alpha=0.7)
        return [contours, *self.ax_path.plot(*np.array(s.minima).T, "*", ms=12, color="gold", mec="k")]

    # -- what the controls call
    def set_surface(self, name, update=True):
        self.surface, self.start = SURFACES[name], SURFACES[name].start
        self._show_surface(name)
        self.blitter.redraw_needed()          # its kept background, or a full draw the first time
        if update:
            return self.update()

    def _show_surface(self, name):
        """The background's artists for a surface: its contours, axes and labels."""
        surface = SURFACES[name]
        for key, artists in self.contours.items():
            for artist in artists:
                artist.set_visible(key == name)
        self.ax_path.set(xlim=surface.xlim, ylim=surface.ylim, xlabel="$x$", ylabel="$y$")
        if name in QUADRATICS:
            lam, _ = curvatures(surface)
            self.ax_err.set_ylabel("distance to the minimum\nalong each eigenvector", fontsize=8)
            self.ax_err.set_title(f"— along λ = {lam[0]:.2g} (slow)   ··· along λ = {lam[1]:.2g}", fontsize=8)
        else:
            self.ax_err.set_ylabel("$f - f^*$", fontsize=8)
            self.ax_err.set_title(surface.formula.split("\n")[0], fontsize=8)

    @property
    def quadratic(self):
        return self.surface.name in QUADRATICS

    def set_names(self, names):
        self.names = tuple(n for n in NAMES if n in names)
        return self.update()

    def set_start(self, point):
        self.start = (float(point[0]), float(point[1]))
        return self.update()

    def _on_click(self, event):
        if event.inaxes is self.ax_path and event.button == 1 and event.xdata is not None:
            self.set_start((event.xdata, event.ydata))

    def _on_pointer(self, event):
        """The pointer moved over the contours: where it comes to rest, a click would start the
        runs, so that frame is made (once it has rested POINTER_REST; a move cancels it)."""
        if event.inaxes is self.ax_path and event.xdata is not None:
            start = (float(event.xdata), float(event.ydata))
            self.blitter.keep_ahead([self.state(start=start)], self._show, self.surface_of, slot="pointer",
                                    delay=POINTER_REST)

    def _run(self, name, lr=None, momentum=None, surface=None, start=None):
        """The run of optimizer `name` (at the explorer's settings unless given; on another
        surface, from that surface's start unless given), from the cache or made and kept."""
        lr = self.lr if lr is None else lr
        momentum = self.momentum if momentum is None else momentum
        surface = self.surface if surface is None else SURFACES[surface]
        if start is None:
            start = self.start if surface is self.surface else surface.start
        key = (surface.name, name, slider_value(lr), slider_value(momentum), start)
        if key not in self.cache:
            if len(self.cache) >= CACHE_SIZE:
                del self.cache[next(iter(self.cache))]       # the oldest run
            points, losses, diverged_at = trajectory(surface, build(name, lr, momentum), self.steps, start)
            errors = eigen_errors(surface, points) if surface.name in QUADRATICS else losses[:, None]
            self.cache[key] = (points, losses, diverged_at), np.clip(errors, LOSS_FLOOR, LOSS_CEILING)
        return self.cache[key]

    def state(self, **changed):
        """What the figure shows, as the name of its frame: (surface, names, lr, momentum, start,
        step), lr and momentum as slider_value names them; `changed` replaces some (a state a
        control would show next)."""
        state = dict(surface=self.surface.name, names=self.names, lr=self.lr, momentum=self.momentum,
                     start=self.start, step=self.step)
        state.update(changed)
        if "surface" in changed and "start" not in changed:
            state["start"] = SURFACES[state["surface"]].start
        state["lr"], state["momentum"] = slider_value(state["lr"]), slider_value(state["momentum"])
        return tuple(state.values())

    @staticmethod
    def surface_of(state):
        return state[0]           # the background's name: the surface

    def update(self, lr=None, momentum=None):
        """Rerun the chosen optimizers (from the cache where it can), show step self.step; returns the runs."""
        self.lr = self.lr if lr is None else lr
        self.momentum = self.momentum if momentum is None else momentum
        runs = {name: self._run(name) for name in self.names}
        self.results = {name: run for name, (run, _) in runs.items()}
        self.errors = {name: errors for name, (_, errors) in runs.items()}
        self.show_step(self.step)
        for listener in self.listeners:
            listener(self)
        return self.results

    def show_step(self, k):
        """Show the runs up to step k: paths, heads with names, the error curves, and the line above."""
        self.step = int(min(max(k, 0), self.steps))
        state = self.state()
        left = self._show(state)
        self.blitter.refresh(state)
        self.status.value = (f"<b style='color:#c00'>DIVERGED: {', '.join(left)}; X = where it left the picture</b>"
                             if left else f"step {self.step} of {self.steps} · η = {self.lr:.3g}, μ = {self.momentum:.2f}"
                             " · click on the contours to start elsewhere")
        self.keep_ahead()
        return self.results

    def keep_ahead(self):
        """Make the frames of next_states() while the learner looks (Blitter.keep_ahead): a key
        press's at once, a click's after a pause."""
        keys, clicks = self.next_states()
        self.blitter.keep_ahead(keys, self._show, self.surface_of)
        self.blitter.keep_ahead(clicks, self._show, self.surface_of, slot="clicks", delay=PAUSE_DELAY)

    def _show(self, state):
        """Set the moving artists for state (see state()); returns the runs that have left by its
        step, as "name (step n)"."""
        surface, names, lr, momentum, start, k = state
        (x0, x1), (y0, y1) = SURFACES[surface].xlim, SURFACES[surface].ylim
        left = []
        for name in NAMES:
            shown = name in names
            for artist in (self.paths[name], self.heads[name], self.labels[name], self.ends[name],
                           self.slow[name], self.fast[name]):
                artist.set_visible(shown)
            if not shown:
                continue
            (points, _, diverged_at), errors = self._run(name, lr, momentum, surface, start)
            xs, ys = np.clip(points[:k + 1, 0], x0, x1), np.clip(points[:k + 1, 1], y0, y1)
            self.paths[name].set_data(xs, ys)
            self.heads[name].set_data(xs[-1:], ys[-1:])
            marker, size = name_marker(name, LABEL_OFFSETS[names.index(name) % len(LABEL_OFFSETS)])
            self.labels[name].set(data=(xs[-1:], ys[-1:]), marker=marker, markersize=size)
            gone = diverged_at is not None and diverged_at <= k + 1
            self.ends[name].set_data(xs[-1:] if gone else [], ys[-1:] if gone else [])
            if gone:
                left.append(f"{name} (step {diverged_at})")
            steps = np.arange(min(k + 1, len(errors)))
            self.slow[name].set_data(steps, errors[:k + 1, 0])
            self.fast[name].set_data(steps, errors[:k + 1, -1])
            self.fast[name].set_visible(surface in QUADRATICS)
        self.start_mark.set_data([start[0]], [start[1]])
        self.cursor.set_xdata([k, k])
        return left


def optimizer_explorer(surface="ill-conditioned quadratic", names=SHOWN, lr=None, momentum=0.9):
    """Sliders, buttons, a surface menu and a tick box per optimizer above the figure; returns the widget."""
    explorer = Explorer(surface, names, lr, momentum)
    steps = explorer.steps
    wide = {"style": {"description_width": "initial"}, "layout": widgets.Layout(width="330px")}
    # fine steps: the page rounds any value it is sent to the slider's step, the best-step
    # buttons' values included (a step of 0.05 in log10 would turn 0.476 into 0.501, past SGD's limit)
    lr_slider = widgets.FloatLogSlider(value=explorer.lr, base=10, min=-4, max=1, step=0.001,
                                       description="learning rate", readout_format=".3g", **wide)
    momentum_slider = widgets.FloatSlider(value=momentum, min=0.0, max=0.99, step=0.001,
                                          description="momentum (and Adam's β1)", readout_format=".3f", **wide)
    step_slider = widgets.IntSlider(value=steps, min=0, max=steps, description="step", **wide)
    play = widgets.Play(value=steps, min=0, max=steps, step=2, interval=60, layout=widgets.Layout(display="none"))
    # Play moves the step slider in the page; one way only, so that a step the learner takes is
    # one message to the kernel, not two (Play starts from the slider's step: see on_play)
    widgets.jsdlink((play, "value"), (step_slider, "value"))
    play_button = widgets.Button(description="Play", icon="play", layout=widgets.Layout(width="90px"))
    menu = widgets.Dropdown(options=list(SURFACES), value=surface, description="surface",
                            layout=widgets.Layout(width="290px"))
    best_sgd = widgets.Button(description="best fixed η", tooltip="η = 2 / (λ_min + λ_max)",
                              layout=widgets.Layout(width="110px"))
    best_pair = widgets.Button(description="best η, μ for Momentum",
                               tooltip="η = (2 / (√λ_min + √λ_max))², μ = ((√κ - 1) / (√κ + 1))²",
                               layout=widgets.Layout(width="190px"))
    boxes = {n: widgets.Checkbox(value=n in names, description=n, indent=False,
                                 layout=widgets.Layout(width="96px")) for n in NAMES}
    report = widgets.HTML()

    def show_report(_=None):
        lines = summary(explorer.results, explorer.steps)
        report.value = "<br>".join(f"<b style='color:#c00'>{l}</b>" if "DIVERGED" in l else l for l in lines)

    # The buttons and the menu update the figure first and set the sliders after: the frame
    # leaves before the sliders' new values. The guard keeps the first slider's observer from a
    # run with one slider moved and the other not yet; an observer that runs later (deferred in
    # a burst) finds both values in use (update_hyper).
    showing = False

    def choose(lr, mu=None):
        """Show the runs at lr and mu (None: the momentum in use), then those values on the sliders."""
        nonlocal showing
        explorer.update(lr=lr, momentum=mu)
        showing = True
        try:
            if mu is not None:
                momentum_slider.value = mu
            lr_slider.value = lr
        finally:
            showing = False

    def on_surface(change):
        explorer.set_surface(change["new"], update=False)
        best_sgd.disabled = best_pair.disabled = not explorer.quadratic
        # now, not in a later turn of the event loop: the kernel's hook after this message
        # would otherwise find the figure half changed and draw it in full
        choose(explorer.surface.lr)

    def on_best_sgd(_):
        choose(best_lr(*curvatures(explorer.surface)[0]))

    def on_best_pair(_):
        choose(*best_momentum(*curvatures(explorer.surface)[0]))

    def on_play(_):
        if play.playing:
            play.playing = False
            return
        if step_slider.value >= steps:
            step_slider.value = 0
        play.value = step_slider.value
        play.playing = True

    def on_playing(change):
        play_button.description, play_button.icon = ("Pause", "pause") if change["new"] else ("Play", "play")

    def update_hyper(_):
        if showing:
            return
        # The page rounds a value set here (the start's, a best-step button's) to its slider's
        # step and sends the rounded value back: within half a step of the value in use, it is
        # no new choice, and the value in use is kept (the frames made ahead are for it).
        lr, mu = lr_slider.value, momentum_slider.value
        if abs(math.log10(lr / explorer.lr)) < lr_slider.step / 2:
            lr = explorer.lr
        if abs(mu - explorer.momentum) < momentum_slider.step / 2:
            mu = explorer.momentum
        if (lr, mu) != (explorer.lr, explorer.momentum):
            explorer.update(lr=lr, momentum=mu)

    def key_press_values(slider, value, log=False):
        """The values a key press on the slider would send: one step of its grid either way
        (a log slider's grid is of log10 of its value; both grids here start at a multiple of the step)."""
        x = math.log10(value) if log else value
        on_grid = round(x / slider.step) * slider.step
        near = [y for y in (on_grid - slider.step, on_grid + slider.step) if slider.min <= y <= slider.max]
        return [10 ** y for y in near] if log else near

    def next_states():
        """(what a key press on each slider would show, what a tick box, the best-step buttons
        and the surface menu would show): their frames are made while the learner looks."""
        state, names = explorer.state, explorer.names
        keys = [state(step=k) for k in (explorer.step - 1, explorer.step + 1) if 0 <= k <= steps]
        keys += [state(lr=lr) for lr in key_press_values(lr_slider, explorer.lr, log=True)]
        keys += [state(momentum=mu) for mu in key_press_values(momentum_slider, explorer.momentum)]
        clicks = [state(names=tuple(n for n in NAMES if (n in names) != (n == other))) for other in NAMES]
        if explorer.quadratic:
            lam = curvatures(explorer.surface)[0]
            eta, mu = best_momentum(*lam)
            clicks += [state(lr=best_lr(*lam)), state(lr=eta, momentum=mu)]
        clicks += [state(surface=name, lr=SURFACES[name].lr) for name in SURFACES if name != explorer.surface.name]
        return keys, clicks

    explorer.listeners.append(show_report)
    explorer.next_states = next_states
    explorer.keep_ahead()                 # from the start, not only after a first change
    # Latest: a drag's burst of values makes one update.
    on_hyper = Latest(update_hyper)
    lr_slider.observe(lambda c: on_hyper(None), names="value")
    momentum_slider.observe(lambda c: on_hyper(None), names="value")
    on_step = Latest(explorer.show_step)
    step_slider.observe(lambda c: on_step(c["new"]), names="value")
    on_names = Latest(explorer.set_names)
    for box in boxes.values():
        box.observe(lambda c: on_names([n for n, b in boxes.items() if b.value]), names="value")
    menu.observe(on_surface, names="value")
    best_sgd.on_click(on_best_sgd)
    best_pair.on_click(on_best_pair)
    play_button.on_click(on_play)
    play.observe(on_playing, names="playing")
    show_report()
    grid = widgets.GridBox(list(boxes.values()), layout=widgets.Layout(grid_template_columns="repeat(5, 100px)"))
    ui = widgets.VBox([widgets.HBox([lr_slider, momentum_slider]), widgets.HBox([menu, best_sgd, best_pair]),
                       widgets.HBox([play_button, step_slider, play]), grid, explorer.status,
                       explorer.fig.canvas, report])
    ui.explorer, ui.lr_slider, ui.momentum_slider, ui.menu, ui.boxes, ui.report = (
        explorer, lr_slider, momentum_slider, menu, boxes, report)
    ui.step_slider, ui.play, ui.play_button, ui.best_sgd, ui.best_pair = step_slider, play, play_button, best_sgd, best_pair
    return ui


# ---------------------------------------------------------------- the family tree
# name: (year, paper, the idea it adds, parents, (column, row) in the drawing)
FAMILY = {
    "SGD": (1951, "Robbins & Monro", "step against the gradient", (), (2, 0)),
    "Momentum": (1964, "Polyak", "a velocity: gradients accumulate", ("SGD",), (0.4, 1)),
    "Nesterov": (1983, "Nesterov; Sutskever et al. 2013", "gradient at the look-ahead point", ("Momentum",), (0.4, 2.2)),
    "AdaGrad": (2011, "Duchi, Hazan & Singer", "a rate per coordinate: 1/sqrt(sum g²)", ("SGD",), (3.4, 1)),
    "RMSprop": (2012, "Tieleman & Hinton", "a moving average of g², not the sum", ("AdaGrad",), (2.3, 2.2)),
    "Adadelta": (2012, "Zeiler", "no learning rate: steps sized by past steps", ("AdaGrad",), (4.4, 2.2)),
    "Adam": (2015, "Kingma & Ba", "momentum + RMSprop, bias-corrected", ("Momentum", "RMSprop"), (2, 3.4)),
    "Nadam": (2016, "Dozat", "Nesterov's momentum in Adam", ("Adam", "Nesterov"), (0.4, 4.6)),
    "AdaMax": (2015, "Kingma & Ba", "infinity norm: u = max(β2·u, |g|)", ("Adam",), (2, 4.6)),
    "AMSGrad": (2018, "Reddi, Kale & Kumar", "v never decreases: convergence fixed", ("Adam",), (4.0, 4.6)),
}


def family_tree():
    """The family tree as a matplotlib figure: who adds what to whom, with year and paper."""
    fig, ax = plt.subplots(figsize=(6.6, 4.9))
    fig.canvas.header_visible = False
    kinds = {"SGD": "0.85", "Momentum": "#f4b183", "Nesterov": "#f4b183", "AdaGrad": "#9dc3e6",
             "RMSprop": "#9dc3e6", "Adadelta": "#9dc3e6"}
    for name, (year, paper, idea, parents, (cx, row)) in FAMILY.items():
        for parent in parents:
            px, prow = FAMILY[parent][4]
            ax.annotate("", xy=(cx, -row + 0.33), xytext=(px, -prow - 0.33),
                        arrowprops=dict(arrowstyle="->", color="0.4", lw=1.2))
        ax.text(cx, -row, f"$\\bf{{{name}}}$ ({year})\n{paper}\n{textwrap.fill(idea, 26, break_on_hyphens=False)}", ha="center", va="center",
                fontsize=6.5,
                bbox=dict(boxstyle="round,pad=0.4", fc=kinds.get(name, "#a9d18e"), ec="0.3"))
    ax.text(0.4, 0.45, "the direction: momentum", ha="center", color="#c55a11", fontsize=8.5)
    ax.text(3.8, 0.45, "the step size: per coordinate", ha="center", color="#2e75b6", fontsize=8.5)
    ax.text(2, -5.3, "both: the Adam family", ha="center", color="#548235", fontsize=8.5)
    ax.set(xlim=(-0.5, 5.1), ylim=(-5.5, 0.8))
    ax.axis("off")
    fig.tight_layout()
    return fig
