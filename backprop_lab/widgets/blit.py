"""Fast in-place redraws for an ipympl figure: blitting.

A full draw renders everything once and keeps it as a background; a slider move pastes that
background back and draws only the "animated" artists (the ones that change) on it, then
sends the changed pixels. Anything else that changes (a new axis range) asks for a full draw.
"""


class Blitter:
    def __init__(self, fig, artists):
        self.fig, self.artists, self.background = fig, list(artists), None
        # ipympl re-encodes a second PNG of every frame for the saved notebook's static copy;
        # skipping it makes each update faster. The cost: a saved notebook shows the figure as
        # first drawn, not its last state.
        fig.canvas.syncing_data_url = False
        for artist in self.artists:
            artist.set_animated(True)
        fig.canvas.mpl_connect("draw_event", self._on_draw)

    def _on_draw(self, event):
        self.background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._draw_artists()

    def _draw_artists(self):
        for artist in self.artists:
            if artist.axes is not None and artist.get_visible():
                artist.axes.draw_artist(artist)
            elif artist.axes is None and artist.get_visible():
                self.fig.draw_artist(artist)

    def redraw_needed(self):
        """Something in the background changed: the next draw is a full one."""
        self.background = None
        self.fig.canvas.draw_idle()

    def refresh(self):
        """Show the changed artists: blit them on the background, or ask for a full draw."""
        if self.background is None:
            self.fig.canvas.draw_idle()
            return
        self.fig.canvas.restore_region(self.background)
        self._draw_artists()
        self.fig.canvas.blit(self.fig.bbox)
