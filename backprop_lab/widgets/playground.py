"""Lesson 04: a network training live on a 2-D data set, in the manner of TensorFlow Playground
(Smilkov and Carter, 2016): the data, the hidden units, the activation and the learning rate
as controls; Play / Pause / Step; the decision regions and the loss curve follow the training.

The pure part: `new_network` (always the same seed, so a changed control restarts from the
same weights) and `train`, which runs full-batch gradient descent (backprop_lab.training) and
says whether it diverged. The widget keeps one network; each tick of an ipywidgets Play timer
(in the browser, so the kernel is never blocked) trains STEPS_PER_UPDATE steps, then moves the
existing artists: the regions are an image whose pixels are replaced, blitted with the loss
curve onto a kept background. While the learner looks, the frames that Step and a key press on
the sliders would show are made ahead (a restart starts from the same seed, so what it shows is
known), and after a pause those of the other activations and data sets: such a click only sends
its frame.
"""
import copy

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..mlp import HIDDEN, MLP
from ..plots import plane_grid
from ..training import accuracy, gradient_descent
from .blit import PAUSE_DELAY, Blitter
from .latest import Latest

RATES = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
STEPS_PER_UPDATE = 20
TICK_MS = 80                 # a Play tick: 12.5 updates a second when the kernel keeps up
RESOLUTION = 60              # the regions' image: RESOLUTION x RESOLUTION predictions
X_STEPS = 1000               # the loss axis's first width; doubled when the training gets there
MAX_UNITS = 32               # the hidden-units slider's end


def new_network(hidden_units, activation, seed=0):
    """One hidden layer of hidden_units, a sigmoid output trained on the cross-entropy."""
    return MLP([2, int(hidden_units), 1], hidden=activation, output="sigmoid", loss="bce", seed=seed)


def train(net, X, labels, lr, steps=STEPS_PER_UPDATE):
    """steps of gradient descent on the whole batch; returns (the loss after each step, diverged).
    A run whose loss or weights stop being finite has diverged: its losses stop there."""
    with np.errstate(all="ignore"):
        losses = gradient_descent(net, X, labels.reshape(1, -1), lr, steps)[1:]
    finite = np.isfinite(losses)
    diverged = not finite.all() or not all(np.isfinite(p).all() for p in net.params)
    return losses[:np.argmin(finite)] if not finite.all() else losses, diverged


def verdict(losses, diverged, lr):
    """What went wrong, in words, or None: the weights left every finite value, or (after 100
    steps) the loss is above where it started."""
    if diverged:
        return (f"DIVERGED after step {len(losses) - 1}: learning rate {lr:g} is too large here; "
                "the weights left every finite value")
    if len(losses) > 100 and losses[-1] > losses[0]:
        return (f"step {len(losses) - 1}: the loss {losses[-1]:.3f} is above where it started "
                f"({losses[0]:.3f}): learning rate {lr:g} overshoots")
    return None


def probabilities(net, grid_points, shape):
    """P(class 1) that net gives each grid point, as an image of the grid's shape."""
    with np.errstate(all="ignore"):
        return net.forward(grid_points)[0].reshape(shape)


class Playground:
    """The network, the figure and the updates the controls call."""

    def __init__(self, datasets, data="flower", hidden_units=4, activation="tanh", lr=1.0, seed=0,
                 figsize=(6.6, 3.0)):
        self.datasets, self.seed = datasets, seed
        self.data, self.hidden_units, self.activation, self.lr = data, hidden_units, activation, lr
        with plt.ioff():
            self.fig, (self.ax_data, self.ax_loss) = plt.subplots(1, 2, figsize=figsize, layout="constrained")
        self.fig.canvas.header_visible = False
        self.fig.canvas.toolbar_visible = False
        self.grids, self.points = {}, {}
        for name, (X, labels) in datasets.items():
            self.grids[name] = plane_grid(X, RESOLUTION, margin=0.3)
            self.points[name] = self.ax_data.scatter(*X, c=labels, cmap="coolwarm", s=7, edgecolor="k",
                                                     linewidth=0.3, vmin=0, vmax=1, zorder=3)
        self.image = self.ax_data.imshow(np.zeros((RESOLUTION, RESOLUTION)), origin="lower", cmap="coolwarm",
                                         vmin=0, vmax=1, alpha=0.55, interpolation="bilinear", aspect="auto")
        (self.curve,) = self.ax_loss.plot([], [], "-", color="C0", lw=1.5)
        self.ax_loss.set(ylim=(0, 1), xlabel="step", ylabel="loss $J$ (cross-entropy)")
        self.ax_data.set(xticks=[], yticks=[])
        self.status = widgets.HTML()
        # the regions and the curve are blitted on a background kept per data set and loss axis
        self.blitter = Blitter(self.fig, [self.image, self.curve], key=lambda: (self.data, self.ax_loss.get_xlim()))
        self.restart()
        # the other data sets' backgrounds, drawn ahead on the kernel's event loop
        self.blitter.prerender_soon([(name, (0, X_STEPS)) for name in datasets], self._show_data)

    # -- what the controls call
    def restart(self, **settings):
        """New settings (data, hidden_units, activation, lr), a new network from the same seed."""
        for name, value in settings.items():
            setattr(self, name, value)
        X, labels = self.datasets[self.data]
        self._show_data((self.data, (0, X_STEPS)))
        self.blitter.redraw_needed()
        self.net = new_network(self.hidden_units, self.activation, self.seed)
        self.losses = [self._first_loss(self.net, self.data)]
        self.diverged = False
        return self.show()

    def _first_loss(self, net, data):
        X, labels = self.datasets[data]
        with np.errstate(all="ignore"):
            return net.loss_and_grads(X, labels.reshape(1, -1))[0]

    def _show_data(self, key):
        """The background for key = (data set, the loss axis's x range): its points and axes."""
        data, xlim = key
        for name, points in self.points.items():
            points.set_visible(name == data)
        g1, g2, _ = self.grids[data]
        self.ax_data.set(xlim=(g1[0, 0], g1[0, -1]), ylim=(g2[0, 0], g2[-1, 0]))
        self.ax_data.set_title(f"{data}: P(class 1), points coloured by class", fontsize=8)
        self.ax_loss.set_xlim(*xlim)

    @property
    def step(self):
        return len(self.losses) - 1

    def advance(self, steps=STEPS_PER_UPDATE):
        """Train steps more (nothing once diverged), then show."""
        if not self.diverged:
            X, labels = self.datasets[self.data]
            losses, self.diverged = train(self.net, X, labels, self.lr, steps)
            self.losses.extend(losses)
        if self.step > self.ax_loss.get_xlim()[1]:
            self.ax_loss.set_xlim(0, 2 * self.ax_loss.get_xlim()[1])       # a new axis: a full draw
            self.blitter.redraw_needed()
        return self.show()

    def state(self):
        """What the figure shows, as the name of its kept frame: the settings and the step. (Every
        run starts from the same seed, so these fix the network; at step 0 the rate plays no part.)"""
        return self.data, self.hidden_units, self.activation, self.lr if self.step else None, self.step

    def next_states(self):
        """(the states that Step, a key press on either slider (a new learning rate restarts)
        would show, those that the other activations and data sets would). A Step that would
        widen the loss axis, a new background, is left out."""
        data, units, activation, _, step = self.state()
        soon = [] if self.diverged or step + STEPS_PER_UPDATE > self.ax_loss.get_xlim()[1] else [
            (data, units, activation, self.lr, step + STEPS_PER_UPDATE)]
        soon += [(data, n, activation, None, 0) for n in (units - 1, units + 1) if 1 <= n <= MAX_UNITS]
        soon += [] if step == 0 else [(data, units, activation, None, 0)]
        later = [(data, units, other, None, 0) for other in HIDDEN if other != activation]
        return soon, later + [(other, units, activation, None, 0) for other in self.datasets if other != data]

    @staticmethod
    def background_of(state):
        """The background a state is shown on: a restart's is its data set's first (None: the one in use)."""
        return (state[0], (0, X_STEPS)) if state[4] == 0 else None

    def _show(self, state):
        """Set the regions and the loss curve for state: the one shown, a restart's first, or one Step on."""
        data, units, activation, lr, step = state
        if state == self.state():
            net, losses = self.net, self.losses
        elif step == 0:
            net = new_network(units, activation, self.seed)
            losses = [self._first_loss(net, data)]
        else:                                      # the next Step, on a copy of the network
            X, labels = self.datasets[data]
            net = copy.deepcopy(self.net)
            losses = self.losses + list(train(net, X, labels, lr, step - self.step)[0])
        g1, g2, points = self.grids[data]
        self.image.set_data(probabilities(net, points, g1.shape))
        self.image.set_extent((g1[0, 0], g1[0, -1], g2[0, 0], g2[-1, 0]))
        self.curve.set_data(np.arange(len(losses)), np.clip(losses, 0, 1))

    def show(self):
        X, labels = self.datasets[self.data]
        state = self.state()
        self._show(state)
        trouble = verdict(self.losses, self.diverged, self.lr)
        line = trouble or (f"step {self.step} · loss {self.losses[-1]:.4f} · "
                           f"accuracy {accuracy(self.net, X, labels):.1%} on the {len(labels)} points")
        self.blitter.refresh(state)
        self.status.value = f"<b style='color:#c00'>{line}</b>" if trouble else line
        soon, later = self.next_states()          # later: what the learner reaches with the mouse
        self.blitter.keep_ahead(soon, self._show, self.background_of)
        self.blitter.keep_ahead(later, self._show, self.background_of, slot="clicks", delay=PAUSE_DELAY)
        return self.losses[-1]


def playground(datasets, data="flower", hidden_units=4, activation="tanh", lr=1.0):
    """The controls above the figure: datasets maps a name to (X (2, m), labels (m,)); returns the widget."""
    live = Playground(datasets, data, hidden_units, activation, lr)
    style = {"description_width": "initial"}
    toggles = {**style, "button_width": "66px"}
    data_toggle = widgets.ToggleButtons(options=list(datasets), value=data, description="data", style=toggles)
    units = widgets.IntSlider(value=hidden_units, min=1, max=MAX_UNITS, description="hidden units", style=style,
                              layout=widgets.Layout(width="300px"))
    act = widgets.ToggleButtons(options=list(HIDDEN), value=activation, description="activation", style=toggles)
    rate = widgets.SelectionSlider(options=[(f"{r:g}", r) for r in RATES], value=lr, description="learning rate",
                                   style=style, layout=widgets.Layout(width="300px"))
    play = widgets.Play(value=0, min=0, max=10 ** 9, interval=TICK_MS, layout=widgets.Layout(display="none"))
    play_button = widgets.Button(description="Play", icon="play", layout=widgets.Layout(width="90px"))
    step_button = widgets.Button(description="Step", icon="step-forward", tooltip=f"{STEPS_PER_UPDATE} steps",
                                 layout=widgets.Layout(width="90px"))
    restart = Latest(lambda _: live.restart(data=data_toggle.value, hidden_units=units.value,
                                            activation=act.value, lr=rate.value))
    for control in (data_toggle, units, act, rate):
        control.observe(lambda c: restart(None), names="value")
    tick = Latest(lambda _: live.advance())              # ticks that queue up make one update
    play.observe(lambda c: tick(None), names="value")
    step_button.on_click(lambda _: live.advance())

    def on_play(_):
        play.playing = not play.playing

    def on_playing(change):
        play_button.description, play_button.icon = ("Pause", "pause") if change["new"] else ("Play", "play")

    play_button.on_click(on_play)
    play.observe(on_playing, names="playing")
    ui = widgets.VBox([widgets.HBox([play_button, step_button, play]), widgets.HBox([data_toggle, act]),
                       widgets.HBox([units, rate]), live.status, live.fig.canvas])
    ui.playground, ui.data, ui.units, ui.activation, ui.rate = live, data_toggle, units, act, rate
    ui.play, ui.play_button, ui.step_button = play, play_button, step_button
    return ui
