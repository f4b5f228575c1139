"""widgets/blit.py: frames written by png_bytes are the same pixels, Pillow is left as it
was, a kept frame is the frame that drawing its state makes, and a figure on another backend
(Agg, as in a script) is blitted without a browser."""
import io
import struct
import zlib

import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from backprop_lab.widgets import blit

from figures import after_a_message, assert_frame_is_figure, full_draw_requests, in_a_kernel, pixels, sent_frames


def frame(canvas):
    """The PNG that the canvas sends next, whole."""
    canvas._png_is_old = True
    blit.send_whole_frame(canvas)
    return canvas.get_diff_image()


def test_a_frame_holds_the_same_pixels_as_the_canvas_own_and_pillow_is_restored():
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot(np.sin(np.linspace(0, 9, 200)))
    blit.Blitter(fig, [])                      # wraps the canvas's encoder
    fig.canvas.draw()
    save = Image.SAVE["PNG"]
    quick = frame(fig.canvas)
    assert Image.SAVE["PNG"] is save           # swapped for the encode only
    fig.canvas.get_diff_image = fig.canvas.get_diff_image.__wrapped__
    default = frame(fig.canvas)
    assert quick != default                    # another encoding...
    pixels = [np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")) for png in (quick, default)]
    np.testing.assert_array_equal(pixels[0], pixels[1])          # ...of the same picture
    np.testing.assert_array_equal(pixels[0], np.asarray(fig.canvas.buffer_rgba()))
    plt.close(fig)


def decoded(png):
    image = Image.open(io.BytesIO(png))
    return image.mode, np.asarray(image)


def test_png_bytes_decodes_to_the_pixels_transparent_ones_included():
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(17, 23, 4), dtype=np.uint8)     # odd sizes, every value
    mode, back = decoded(blit.png_bytes(pixels))
    assert mode == "RGBA"
    np.testing.assert_array_equal(back, pixels)


def test_png_bytes_chunks_have_their_checksums_and_the_header_says_8_bit_rgba():
    png = blit.png_bytes(np.zeros((3, 5, 4), np.uint8))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, kinds = 8, []
    while at < len(png):                           # every chunk: length, kind, data, CRC of kind + data
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        assert struct.unpack(">I", png[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + data)
        kinds.append(kind)
        if kind == b"IHDR":
            assert struct.unpack(">IIBBBBB", data) == (5, 3, 8, 6, 0, 0, 0)
        at += 12 + length
    assert kinds == [b"IHDR", b"IDAT", b"IEND"]


def test_png_bytes_compresses_at_the_level_asked():
    pixels = np.zeros((64, 64, 4), np.uint8)
    pixels[..., :3] = np.arange(64, dtype=np.uint8)[:, None, None]     # compressible
    pixels[..., 3] = 255
    assert len(blit.png_bytes(pixels, 0)) > 3 * 64 * 64 > 10 * len(blit.png_bytes(pixels, 9))


def test_only_an_rgba_image_saved_with_no_options_inside_the_context_is_written_by_png_bytes():
    rgba = Image.fromarray(np.full((8, 8, 4), 200, np.uint8))
    rgb = rgba.convert("RGB")
    pillow = Image.SAVE["PNG"]

    def saved(image, **options):
        out = io.BytesIO()
        image.save(out, format="png", **options)
        return out.getvalue()

    outside = [saved(rgba), saved(rgba, compress_level=9), saved(rgb)]
    with blit.frames_as_png_bytes():
        assert saved(rgba) == blit.png_bytes(np.asarray(rgba)) != outside[0]
        assert [saved(rgba, compress_level=9), saved(rgb)] == outside[1:]     # Pillow's own
    assert saved(rgba) == outside[0] and Image.SAVE["PNG"] is pillow


def test_a_figure_on_another_backend_is_blitted_without_a_browser():
    fig = matplotlib.figure.Figure(figsize=(3, 2))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    (line,) = ax.plot([0, 1], [0, 1])
    blitter = blit.Blitter(fig, [line])
    fig.canvas.draw()
    line.set_ydata([1, 0])
    blitter.refresh()
    assert blitter.background is not None and not fig.stale


# ---------------------------------------------------------------- kept frames
def line_figure(key=None):
    """A drawn figure with one moving line, its blitter, show(state) and a count of renders."""
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(3, 2))
    ax.set(xlim=(0, 1), ylim=(-1, 1))
    (line,) = ax.plot([], [])
    blitter = blit.Blitter(fig, [line], key=key)
    fig.canvas.draw()                                    # the page's first full draw

    def show(state):                                     # a state: the line's slope
        line.set_data([0, 1], [0, state])

    renders = []
    draw = blitter._draw_artists
    blitter._draw_artists = lambda: (renders.append(1), draw())
    return fig, line, blitter, show, renders


def test_a_state_shown_again_sends_its_kept_frame_without_drawing():
    fig, line, blitter, show, renders = line_figure()
    sent = sent_frames(fig.canvas)
    for state in (0.5, -0.5):
        show(state)
        blitter.refresh(state)
    np.testing.assert_array_equal(pixels(sent[-1]), np.asarray(fig.canvas.buffer_rgba()))   # what was drawn
    assert len(renders) == 2
    show(0.5)
    blitter.refresh(0.5)
    assert len(renders) == 2 and sent[2] is sent[0]       # the same bytes, nothing drawn
    show(0.25)
    blitter.refresh()                                     # no state named: drawn, not kept
    assert len(renders) == 3 and len(blitter.frames) == 2
    plt.close(fig)


def test_after_a_kept_frame_matplotlib_sends_its_next_frame_whole():
    fig, line, blitter, show, renders = line_figure()
    sent_frames(fig.canvas)
    show(0.5)
    blitter.refresh(0.5)
    fig.canvas.set_image_mode("diff")                     # as after a full draw of an opaque figure
    fig.canvas._force_full = False
    blitter.refresh(0.5)
    assert fig.canvas._current_image_mode == "full" and fig.canvas._force_full
    plt.close(fig)


def test_keep_makes_the_frame_that_showing_the_state_would_send_and_sets_the_artists_back():
    fig, line, blitter, show, renders = line_figure()
    sent = sent_frames(fig.canvas)
    show(0.5)
    blitter.refresh(0.5)
    blitter.keep(-0.75, show)
    assert len(sent) == 1                                 # kept, not sent
    assert list(line.get_ydata()) == [0, 0.5]          # the state shown, set back
    calls = full_draw_requests(fig.canvas)
    after_a_message()
    assert calls == []                                    # and the figure is not left marked stale
    kept = blitter.frames[blitter._frame_name(-0.75)]
    fresh, _, fresh_blitter, fresh_show, _ = line_figure()     # another figure draws it from nothing
    fresh_sent = sent_frames(fresh.canvas)
    fresh_show(-0.75)
    fresh_blitter.refresh(-0.75)
    np.testing.assert_array_equal(pixels(kept), pixels(fresh_sent[0]))
    plt.close(fig)
    plt.close(fresh)


def test_a_frame_is_kept_per_background_and_size():
    background = ["a"]
    fig, line, blitter, show, renders = line_figure(key=lambda: background[0])
    sent_frames(fig.canvas)
    show(0.5)
    blitter.refresh(0.5)
    background[0] = "b"                                   # another background, the same state
    blitter.redraw_needed()
    fig.canvas.draw()
    blitter.refresh(0.5)
    fig.set_dpi(fig.dpi * 1.5)                            # the page zoomed: a new size
    fig.canvas.draw()
    blitter.refresh(0.5)
    assert len(blitter.frames) == 3
    plt.close(fig)


def test_a_background_with_no_name_drops_its_frames_when_it_changes():
    fig, line, blitter, show, renders = line_figure()
    sent_frames(fig.canvas)
    show(0.5)
    blitter.refresh(0.5)
    blitter.redraw_needed()
    assert blitter.frames == {}
    plt.close(fig)


def test_only_the_newest_frames_are_kept(monkeypatch):
    monkeypatch.setattr(blit, "FRAMES_KEPT", 2)
    fig, line, blitter, show, renders = line_figure()
    sent_frames(fig.canvas)
    for state in (0.1, 0.2, 0.1, 0.3):                    # 0.1 shown again: the newest but one
        show(state)
        blitter.refresh(state)
    assert [name[0] for name in blitter.frames] == [0.1, 0.3]
    plt.close(fig)


def test_keep_ahead_makes_the_frames_in_a_kernel_once_the_figure_is_drawn():
    def make():
        with plt.ioff():
            fig, ax = plt.subplots(figsize=(3, 2))
        (line,) = ax.plot([], [])
        blitter = blit.Blitter(fig, [line])
        sent_frames(fig.canvas)
        show = lambda state: line.set_data([0, 1], [0, state])    # noqa: E731
        show(0.0)
        blitter.refresh(0.0)                              # before the first draw: nothing to keep on
        blitter.keep_ahead([0.1, 0.2, 0.3], show, delay=0)
        blitter.keep_ahead([0.4, 0.5], show, delay=0)     # replaces the list
        fig.canvas.draw()                                 # the page's first full draw
        return fig, line, blitter

    fig, line, blitter = in_a_kernel(make, 0.05)
    assert sorted(name[0] for name in blitter.frames) == [0.4, 0.5]
    assert list(line.get_ydata()) == [0, 0.0]
    plt.close(fig)


def test_without_a_running_event_loop_nothing_is_kept_ahead():
    fig, line, blitter, show, renders = line_figure()
    sent_frames(fig.canvas)
    show(0.5)
    blitter.refresh(0.5)
    blitter.keep_ahead([0.1, 0.2], show, delay=0)
    assert list(blitter.frames) == [blitter._frame_name(0.5)]
    plt.close(fig)


def test_after_a_full_draw_the_figure_is_not_drawn_again_after_the_next_message():
    fig, line, blitter, show, renders = line_figure()
    calls = full_draw_requests(fig.canvas)
    after_a_message()                             # a message that changes nothing: nothing to draw
    assert calls == []
    plt.close(fig)


def test_a_background_pasted_back_brings_back_the_layout_it_was_drawn_with():
    def figure():
        with plt.ioff():
            fig, (ax, other) = plt.subplots(1, 2, figsize=(4, 2), layout="constrained")
        label = ["short"]
        (line,) = ax.plot([0, 1], [0, 1])

        def show_background(name):               # a longer label: the layout engine moves the axes
            label[0] = name
            other.set_ylabel("a long\nlabel over\nthree lines" if name == "long" else "y")

        show_background("short")
        return fig, line, show_background, blit.Blitter(fig, [line], key=lambda: label[0])

    fig, line, show_background, blitter = figure()
    sent = sent_frames(fig.canvas)
    fig.canvas.draw()
    show_background("long")
    blitter.redraw_needed()
    fig.canvas.draw()                             # the long label's layout
    show_background("short")
    blitter.redraw_needed()                       # the short one's background, pasted
    line.set_ydata([1, 0])
    blitter.refresh()
    fresh, fresh_line, _, _ = figure()            # drawn in full from the start, for comparison
    fresh_line.set_ydata([1, 0])
    assert_frame_is_figure(sent[-1], fresh)
    plt.close(fig)


def test_nearest_first_orders_a_slider_s_options_by_their_distance_on_the_slider():
    assert blit.nearest_first([0.01, 0.1, 1.0, 10.0], 1.0) == [1.0, 0.1, 10.0, 0.01]
    assert blit.nearest_first([0, 0.3, 0.5], 0.29) == [0.3, 0, 0.5]        # a value between: its nearest leads
