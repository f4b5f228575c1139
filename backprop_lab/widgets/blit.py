"""Fast in-place redraws for an ipympl figure: blitting, and kept frames.

A full draw renders everything once and keeps it as a background; a slider move pastes that
background back and draws only the "animated" artists (the ones that change) on it, then
sends the changed pixels. Anything else that changes (a new axis range) asks for a full draw.

With `key`, a function naming the figure's current state (a surface, an activation, a step of
a step-through), every full draw is kept under that name (and the canvas's size in pixels), and
coming back to a state pastes its kept background instead of drawing it again. With no
animated artists at all, the kept backgrounds are whole frames: `prerender` fills them ahead.
`prerender_soon` fills them on the kernel's event loop after the figure is shown, a state at a
time, so that a first visit to a state (a surface, an activation) is a paste too.

Each frame is sent as a PNG with unfiltered rows, compressed at zlib level 1 (`png_bytes`).
Given the state it shows (`refresh(state)`), a frame is kept too, and showing that state again
sends the kept PNG: nothing is drawn or encoded. `keep_ahead` makes the frames of the states a
control is likely to ask for next (a key press either way, a tick box), on the kernel's event
loop while the learner looks, so that even their first showing is only a send.
"""
import struct
import zlib
from contextlib import contextmanager
from functools import wraps

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .latest import Later

PRERENDER_DELAY = 0.3      # seconds after the figure is made before prerender_soon draws
PNG_LEVEL = 1      # zlib level of the frames sent: the usual 6 takes 2.5 times as long for a file 12 % smaller
KEEP_AHEAD_DELAY = 0.1     # seconds after an update before keep_ahead makes frames (a drag's next value comes sooner)
# What the learner reaches with the mouse (a tick box, a menu) is made only after a pause this long:
# then it does not take the machine from the frame of the next key press, which may come sooner.
PAUSE_DELAY = 1.0
FRAMES_KEPT = 100          # frames kept per figure, the oldest dropped first (a frame is 30-90 kB)


def slider_value(value):
    """A slider's value as a state names it: to 12 significant digits, since the page's
    arithmetic for a slider's next value and Python's may differ in the last bits."""
    return float(f"{value:.12g}")


def nearest_first(options, value):
    """A slider's options, the nearest to value on the slider first (value itself, or the option
    nearest to it, leads): the order in which to make their frames ahead."""
    at = min(range(len(options)), key=lambda i: abs(options[i] - value))
    return [options[i] for i in sorted(range(len(options)), key=lambda i: abs(i - at))]


def png_bytes(pixels, level=PNG_LEVEL):
    """A PNG of an (h, w, 4) uint8 RGBA array: its rows unfiltered, compressed at zlib `level`.
    (Pillow tries five filters on every row and keeps the best: that takes twice as long as the
    compression itself, and on a figure's flat colours gains nothing. Dropping the alpha channel
    would make the file 10 % smaller but take longer, for the copy it needs.
    benchmarks/slider_latency.py compares these.)"""
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)     # each row: filter 0 (none), then its bytes
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)    # 8 bits, RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, level))
            + chunk(b"IEND", b""))


@contextmanager
def frames_as_png_bytes(level=PNG_LEVEL):
    """Meanwhile, an RGBA image that Pillow is asked to save as a PNG with no options of its own
    (as matplotlib's webagg canvas saves its frames) is written by png_bytes."""
    save = Image.SAVE["PNG"]

    def save_quickly(im, fp, filename):
        if im.mode != "RGBA" or im.encoderinfo:
            return save(im, fp, filename)
        fp.write(png_bytes(np.asarray(im), level))

    Image.SAVE["PNG"] = save_quickly
    try:
        yield
    finally:
        Image.SAVE["PNG"] = save


def quick_png(canvas, level=PNG_LEVEL):
    """Encode this ipympl canvas's frames with png_bytes. Another backend's canvas sends no
    frames: it is left as it is."""
    encode = getattr(canvas, "get_diff_image", None)
    if encode is None:
        return

    @wraps(encode)                       # its __wrapped__: the canvas's own, for a comparison
    def get_diff_image():
        with frames_as_png_bytes(level):
            return encode()

    canvas.get_diff_image = get_diff_image


def send_whole_frame(canvas):
    """Send the next frame whole, not as a difference from the last. The page decodes each image
    before painting it, and a new image that arrives meanwhile replaces it: a difference lost
    that way leaves old lines on the figure for good; a whole frame repairs everything."""
    canvas._force_full = True          # matplotlib's webagg canvas: full image on the next send


class Blitter:
    def __init__(self, fig, artists, key=None):
        self.fig, self.artists, self.background = fig, list(artists), None
        self.key, self.backgrounds = key, {}
        # ipympl re-encodes a second PNG of every frame for the saved notebook's static copy;
        # skipping it makes each update faster. The cost: a saved notebook shows the figure as
        # first drawn, not its last state.
        fig.canvas.syncing_data_url = False
        quick_png(fig.canvas)
        # Only the blitter draws: in a notebook (interactive mode) matplotlib would otherwise ask
        # for a full redraw whenever anything changes, an axis limit or a visibility included.
        # Whoever changes the background says so with redraw_needed(). (refresh() also marks the
        # figure drawn: the kernel runs its post-execute hooks after every widget message, and
        # pyplot's hook draws in full every figure still marked stale.)
        fig.stale_callback = None
        for artist in self.artists:
            artist.set_animated(True)
            artist.set_in_layout(False)      # where a moving artist is must not move the axes
        self._drawing_ahead = None
        self.frames, self.shown, self._ahead = {}, None, {}     # kept frames; keep_ahead's lists by slot
        self._show_background = None
        self.layout, self.layouts = None, {}     # where the axes were when each background was drawn
        fig.canvas.mpl_connect("draw_event", self._on_draw)

    def _name(self, state=None):
        if self.key is None:
            return None
        return (self.key() if state is None else state, *self.fig.canvas.get_width_height(physical=True))

    def _layout(self):
        """Where each axes is. A layout engine (constrained) places them anew at every full draw,
        by the labels of the state drawn; a background is right only with its own layout."""
        stale = self.fig.stale
        layout = [(ax, ax.get_position(original=True), ax.get_position(), ax.get_in_layout()) for ax in self.fig.axes]
        self.fig.stale = stale        # (get_position applies the aspect, which marks the figure changed)
        return layout

    @staticmethod
    def _set_layout(layout):
        for ax, original, active, in_layout in layout or ():
            ax.set_position(original, which="original")
            ax.set_position(active, which="active")
            ax.set_in_layout(in_layout)           # (set_position takes an axes out of the layout)

    def _on_draw(self, event):
        if self._drawing_ahead is not None:          # prerender_soon's draw: kept, not shown
            name = self._name(self._drawing_ahead)
            self.backgrounds[name] = self.fig.canvas.copy_from_bbox(self.fig.bbox)
            self.layouts[name] = self._layout()
            return
        self.background, self.layout = self.fig.canvas.copy_from_bbox(self.fig.bbox), self._layout()
        if self.key is not None:
            self.backgrounds[self._name()], self.layouts[self._name()] = self.background, self.layout
        else:                   # a background with no name may have changed: its frames are stale
            self.frames.clear()
        self._draw_artists()
        for slot, (_, states, show, background_of, delay) in list(self._ahead.items()):   # now they can be made
            self.keep_ahead(states, show, background_of, slot, delay)

    def _draw_artists(self):
        for artist in self.artists:
            if artist.axes is not None and artist.get_visible():
                artist.axes.draw_artist(artist)
            elif artist.axes is None and artist.get_visible():
                self.fig.draw_artist(artist)

    def redraw_needed(self):
        """Something in the background changed: paste its kept background, or draw in full next."""
        self.background = self.backgrounds.get(self._name()) if self.key is not None else None
        if self.key is None:
            self.frames.clear()
        if self.background is None:
            self.fig.canvas.draw_idle()
        else:                                     # the axes where they were when it was drawn
            self.layout = self.layouts[self._name()]
            self._set_layout(self.layout)

    def _frame_name(self, state, background=None):
        """A kept frame's name: the state, the background it is drawn on (by default the one in
        use), the canvas's size."""
        if background is None and self.key is not None:
            background = self.key()
        return (state, background, *self.fig.canvas.get_width_height(physical=True))

    def _sockets(self):
        """Where the canvas sends its frames (ipympl's canvas itself), or None: another backend
        (Agg, in a script) sends none."""
        return getattr(getattr(self.fig.canvas, "manager", None), "web_sockets", None)

    def _render(self, background=None):
        """The background (by default the one in use) pasted back, the animated artists drawn on it."""
        self.fig.canvas.restore_region(self.background if background is None else background)
        self._draw_artists()

    def _frame(self):
        return png_bytes(np.asarray(self.fig.canvas.get_renderer().buffer_rgba()))

    def _keep(self, name, png):
        if len(self.frames) >= FRAMES_KEPT:
            del self.frames[next(iter(self.frames))]          # the oldest
        self.frames[name] = png

    def refresh(self, state=None):
        """Show the changed artists: blit them on the background, or ask for a full draw. With
        `state` (anything hashable that names all the animated artists show, for the background
        in use), the frame is kept, and a frame kept for it is sent as it is. (Text beside the
        figure is best set after this: the frame leaves first, and the page works on the text
        while the frame is on its way.)"""
        self.shown = state                        # (the full draw below shows it too)
        if self.background is None:
            self.fig.canvas.draw_idle()
            return
        sockets = self._sockets()
        if not sockets:                           # no page to send to: render only
            self._render()
            self.fig.canvas.blit(self.fig.bbox)
        else:
            name = None if state is None else self._frame_name(state)
            png = self.frames.pop(name, None)
            if png is None:
                self._render()
                png = self._frame()
            if name is not None:
                self._keep(name, png)             # (again: now the newest)
            self.fig.canvas.set_image_mode("full")
            for socket in sockets:
                socket.send_binary(png)
            # matplotlib's own next frame (a full draw) must not be a difference from its last
            # buffer, which is not what the page shows now
            send_whole_frame(self.fig.canvas)
        self.fig.stale = False           # what is shown is up to date: no full draw after the message

    def keep(self, state, show, background=None):
        """Make and keep the frame of `state` without sending it: show(state) sets the animated
        artists for it, and show(the state shown) sets them back after. With `background`, a
        value of key, it is drawn on that kept background (prerender_soon's show sets that
        background's artists and axes, and sets those in use back after). Nothing is kept before
        the first full draw, nor on another backend, nor before refresh has shown a state."""
        if self.background is None or self.shown is None or not self._sockets():
            return
        name = self._frame_name(state, background)
        current = None if self.key is None else self.key()
        other = background is not None and background != current
        under = self.backgrounds.get(self._name(background)) if other else None
        if name in self.frames or (other and (under is None or self._show_background is None)):
            return
        stale = self.fig.stale
        try:
            if other:
                self._show_background(background)
                self._set_layout(self.layouts[self._name(background)])
            show(state)
            self._render(under)
            self._keep(name, self._frame())
        finally:
            if other:
                self._show_background(current)
                self._set_layout(self.layout)
            show(self.shown)
            self.fig.stale = stale      # as shown: else the kernel's hook after the next message draws it in full

    def keep_ahead(self, states, show, background_of=None, slot="controls", delay=KEEP_AHEAD_DELAY):
        """Keep the frame of each state (keep; background_of(state), if given, names the
        background of a state whose background is not the one in use, or returns None), one at a
        time on the kernel's event loop from `delay` seconds on (widgets.latest.Later): a message
        that comes meanwhile waits for one frame at most. A new call for the same slot replaces
        its list; after a full draw (the first, a new size) the lists are made again. Without a
        running event loop nothing is made."""
        if slot in self._ahead:
            self._ahead[slot][0].cancel()

        def keep(state):
            self.keep(state, show, None if background_of is None else background_of(state))

        self._ahead[slot] = (Later(states, keep, delay), states, show, background_of, delay)

    def keep_backgrounds_ahead(self, states):
        """keep_ahead for a figure whose kept backgrounds are whole frames (no animated artists):
        each state is a background, its PNG made ahead."""
        self.keep_ahead(states, lambda _: None, background_of=lambda state: state)

    def prerender(self, states, show):
        """Draw and keep each state ahead: show(state) sets the figure's artists for it."""
        for state in states:
            show(state)
            FigureCanvasAgg.draw(self.fig.canvas)        # render only; nothing is sent
        self._show_background = show           # keep draws on these backgrounds too

    def prerender_soon(self, states, show, delay=PRERENDER_DELAY):
        """Keep the background of each state (a value of key) not drawn yet, one state at a
        time on the kernel's event loop from `delay` seconds on, so that even a first visit to a
        state is a paste (a message that comes meanwhile waits for one draw at most). show(state)
        sets the background's artists (only those) for a state; the state in use is shown again
        after each. Without a running event loop (a test, a script) nothing is drawn ahead."""

        def draw_ahead(state):
            if self._name(state) in self.backgrounds:
                return
            self._drawing_ahead, stale = state, self.fig.stale
            try:
                show(state)
                FigureCanvasAgg.draw(self.fig.canvas)    # render only; nothing is sent
            finally:
                self._drawing_ahead = None
                show(self.key())
                self._set_layout(self.layout)      # the layout of the background in use
                self.fig.stale = stale             # as shown (see keep)

        self._show_background = show           # keep draws on these backgrounds too
        return Later(states, draw_ahead, delay)
