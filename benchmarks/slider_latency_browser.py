"""Milliseconds from a key press or a click on every slider, button and checkbox of every lesson
to its figure painted in the browser: JupyterLab on 127.0.0.1, Debian's Chromium driven by
Playwright (the harness of tests/browser.py), each learner notebook run in full first.

Each sample: one key press on the focused slider (ArrowRight and ArrowLeft in turn), or one
click on a button, a tick box, a toggle or the figure itself, timed in the page from the
keydown / mousedown to the first image the ipympl canvas of the same output paints after it.
A click on the figure is timed three times: as a hand clicks (the pointer moves there and rests
0.1 s, then presses and releases where it is); the same a second after the last change, when the
explorer is making the frames of its tick boxes, buttons and menu ahead; and straight from the
move (Playwright's click: the move, the press and the release within a millisecond, which no
hand does).
Each control is timed in its active cell: before its samples it is focused (untimed), as a
slider is focused before its key press. A first click into a cell that is not the active one
(JupyterLab then makes the cell active) is timed on a row of its own: lesson 02's tick box,
clicked after the cell below it was made active; and again as a hand clicks it: the press, held
HOLD_MS, then the release, timed from the release, when a tick box acts (JupyterLab does its
part of making the cell active on the press, while the hand still holds the button).
Before a control's samples, the benchmark waits until the kernel has been idle for a second:
the figures that came into view when it scrolled there have been drawn (and 3 s after Run All,
while the page typesets and the explorers draw their other states ahead).
Where the time goes: a first cell added to the temporary copy of each notebook times, inside
the kernel, each widget message handled and each update deferred to the latest value (the whole
of the kernel's work), the Agg draws in them and the PNGs encoded in them (a kept frame is
sent with neither); the page notes when the figure's image arrives on the websocket.
So: compute = kernel - draw - PNG; transfer = arrival - key - kernel (queueing and the
websocket both ways); paint = painted - arrival (decode and drawImage).
Lesson 04's live training is timed as updates painted per second while it plays.

With --against REF, the package at git revision REF (the lessons as they are now) is measured
against the working copy in the same run, taking turns lesson by lesson, and the ratio printed.

With --toolbar, JupyterLab's own place for the kernel's execution indicator, the notebook's
toolbar, is measured against the status bar, where jupyter-config/ puts it, the same way.

With --only TEXT, only the controls whose kind and label contain TEXT (e.g. --only canvas).

    python benchmarks/slider_latency_browser.py [samples] [--against REF | --toolbar] [--only TEXT]
"""
import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402

from backprop_lab.widgets.blit import PAUSE_DELAY  # noqa: E402

from browser import JupyterLab, Notebook, launch_chromium  # noqa: E402

# lesson -> controls: (kind, label); kinds: slider (its description), button (its text), buttons
# ("a|b": click button a, then b, in turn: each sets what the other changed),
# checkbox (its description), toggle ("a|b": click option a, then b, in turn), dropdown
# ("description|a|b": choose a, then b), canvas (a click on the figure of the output holding
# the slider labelled `label`, after the pointer rested there REST_MS; "canvas, after a pause": the
# same, a second after the last change; "canvas, no rest": straight from the move).
# "checkbox, into its cell": the tick box, clicked after the cell below it was made active;
# "checkbox, into its cell, held": the same, held HOLD_MS, timed from the release.
CONTROLS = {
    "00_start_here": [("slider", "z")],
    "01_single_neuron": [("slider", "learning rate")],
    "02_two_layer_by_hand": [("checkbox", "update the biases too"), ("slider", "step"),
                             ("button", "Next"), ("button", "Back"),
                             ("checkbox, into its cell", "update the biases too"),
                             ("checkbox, into its cell, held", "update the biases too")],
    "04_vectorised_backprop": [("slider", "hidden units"), ("slider", "learning rate"),
                               ("toggle", "relu|tanh"), ("toggle", "circles|flower"), ("button", "Step")],
    "05_optimizers": [("slider", "learning rate"), ("slider", "momentum (and Adam's β1)"),
                      ("slider", "step"), ("checkbox", "Adam"),
                      ("dropdown", "surface|rotated quadratic|ill-conditioned quadratic"),
                      ("buttons", "best fixed η|best η, μ for Momentum"), ("canvas", "learning rate"),
                      ("canvas, after a pause", "learning rate"), ("canvas, no rest", "learning rate")],
    "06_backprop_through_time": [("slider", "spectral radius of W_hh"), ("slider", "sequence length T")],
    "07_training_well_on_digits": [("slider", "weight decay λ"), ("slider", "dropout p"),
                                   ("slider", "weight scale"), ("toggle", "relu|tanh")],
}
PLAYING = {"04_vectorised_backprop": "Play"}       # lesson -> the button that trains live
WIDE = 42                   # characters of the printed column naming the control
REST_MS = 100               # a hand that stops to click rests at least this long
RESTED_CLICKS = ("canvas", "canvas, after a pause")     # the clicks on the figure after a rest
# How long a hand holds the button down in a click: 87 ms is the median of the youngest adults
# measured (25-34 years; 137 ms at 65 and over) in Edmonds and Azzopardi's click-duration data (ClickSense)
HOLD_MS = 80
SETTLE_MS = 350             # after each sample, before the next

# In the page: when keys go down or the mouse presses (or, with fromRelease set, when the mouse
# is released), when a binary message (a figure's PNG) arrives, and when a canvas inside the
# marked figure is painted.
HOOKS = """() => {
  if (window.__latency) return;
  const l = window.__latency = {keys: [], arrivals: [], paints: [], fromRelease: false};
  for (const type of ['keydown', 'mousedown', 'mouseup', 'change'])
    document.addEventListener(type, () => { if ((type === 'mouseup') === l.fromRelease) l.keys.push(performance.now()); }, true);
  const Socket = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Socket(...args);
    ws.addEventListener('message', e => { if (typeof e.data !== 'string') l.arrivals.push(performance.now()); });
    return ws;
  };
  window.WebSocket.prototype = Socket.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = draw.apply(this, args);
    if (this.canvas.closest && this.canvas.closest('[data-latency]')) {
      l.paints.push(performance.now());
      if (l.onpaint) l.onpaint();
    }
    return result;
  };
}"""

# Resolves (true) when the marked figure has painted after the key, or false after 20 s: the page
# tells when, so nothing polls it meanwhile (polling every few ms would load the page and the
# machine while the figure is being made).
PAINTED = """() => new Promise(resolve => {
  const l = window.__latency;
  const painted = () => l.keys.length > 0 && l.paints.some(t => t > l.keys[0]);
  if (painted()) return resolve(true);
  const timer = setTimeout(() => { l.onpaint = null; resolve(false); }, 20000);
  l.onpaint = () => { if (painted()) { l.onpaint = null; clearTimeout(timer); resolve(true); } };
})"""

# In the kernel (a first cell in the copy): the time of each widget message handled and of each
# deferred update (widgets.latest), with the Agg draws and PNG encodings inside them, appended
# as one JSON line each to LOG.
KERNEL_HOOKS = """
import json as _json, time as _time
import ipywidgets as _w, ipympl.backend_nbagg as _nbagg
from matplotlib.backends.backend_agg import FigureCanvasAgg as _Agg
_acc, _open = {"draw": 0.0, "png": 0.0}, {"draw": 0, "png": 0}
def _timed(owner, name, key):
    inner = getattr(owner, name)
    def wrapper(*a, **k):
        _open[key] += 1
        t = _time.perf_counter()
        try:
            return inner(*a, **k)
        finally:
            _open[key] -= 1
            if _open[key] == 0:         # the outermost only: get_diff_image calls png_bytes
                _acc[key] += _time.perf_counter() - t
    setattr(owner, name, wrapper)
_timed(_Agg, "draw", "draw")
_timed(_nbagg.Canvas, "get_diff_image", "png")
try:                                # the package's PNG writer, also called by its blitter directly
    import backprop_lab.widgets.blit as _blit
    _timed(_blit, "png_bytes", "png")
except (ImportError, AttributeError):
    pass
_depth = [0]
def _logged(cls, name):
    inner = getattr(cls, name)
    def wrapper(*a, **k):
        _depth[0] += 1
        if _depth[0] == 1:
            _acc.update(draw=0.0, png=0.0)
        t = _time.perf_counter()
        try:
            return inner(*a, **k)
        finally:
            _depth[0] -= 1
            if _depth[0] == 0:          # an update within its message is counted once
                with open(LOG, "a") as f:
                    f.write(_json.dumps({"kernel": _time.perf_counter() - t, **_acc}) + "\\n")
    setattr(cls, name, wrapper)
_logged(_w.Widget, "_handle_msg")
try:                                # updates deferred to the latest value run after the message
    from backprop_lab.widgets.latest import Latest as _Latest
    _logged(_Latest, "_run")
except (ImportError, AttributeError):     # an older copy of the package: none are deferred
    pass
"""


def control(nb, kind, label):
    """The element to act on, or None when the lesson has no such control."""
    page = nb.page
    if kind == "slider" or kind.startswith("canvas"):
        return nb.find_slider(label)
    if kind in ("button", "buttons"):
        found = page.locator(".widget-button", has_text=label.split("|")[0])
    elif kind.startswith("checkbox"):
        found = page.locator(".widget-checkbox", has_text=label)
    elif kind == "dropdown":
        found = page.locator(".widget-dropdown", has_text=label.split("|")[0])
    else:
        found = page.locator(".widget-toggle-button", has_text=label.split("|")[0])
    return found.first if found.count() else None


def at_max(slider):
    handle = slider.locator(".noUi-handle").first
    return handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")


def act(nb, kind, label, element, k, left_first=False):
    if kind == "slider":           # back and forth, first away from the end it may sit at
        keys = ("ArrowLeft", "ArrowRight") if left_first else ("ArrowRight", "ArrowLeft")
        nb.press_on_slider(element, [keys[k % 2]])
    elif kind in RESTED_CLICKS:        # the pointer rests there already (see sample): press, release
        nb.page.mouse.down()
        nb.page.mouse.up()
    elif kind == "canvas, no rest":    # Playwright's click: the move there, the press, the release
        nb.page.mouse.click(*point_on_figure(nb, element, kind, k))
    elif kind == "toggle":
        buttons = element.locator("xpath=..").locator(".widget-toggle-button")
        for option in label.split("|"):           # the one of the two not chosen now
            button = buttons.filter(has_text=option).first
            if "mod-active" not in (button.get_attribute("class") or ""):
                button.click()
                break
    elif kind == "dropdown":
        select = element.locator("select")
        current = select.evaluate("s => s.value.trim()")
        select.select_option(label=[o for o in label.split("|")[1:] if o != current][0])
    elif kind.endswith(", held"):       # the pointer is there already (see sample)
        nb.page.mouse.down()
        nb.page.wait_for_timeout(HOLD_MS)
        nb.page.mouse.up()
    elif kind.startswith("checkbox"):
        element.locator("input").click()
    elif kind == "buttons":
        nb.page.locator(".widget-button", has_text=label.split("|")[k % 2]).first.click()
    else:
        element.click()


def cell_below(element):
    """The notebook cell after the one that holds `element`."""
    cell = "contains(concat(' ', @class, ' '), ' jp-Cell ')"
    return element.locator(f"xpath=ancestor::div[{cell}][1]").locator(f"xpath=following-sibling::div[{cell}][1]")


def focus(kind, element, canvas):
    """Focus the control (the figure, for a click on it), untimed: JupyterLab makes its cell the
    active one, as it does when press_on_slider focuses a slider before its key press."""
    target = canvas if kind.startswith("canvas") else element
    target.evaluate("""e => {
      const focusable = 'input, button, select, [tabindex]';
      (e.matches(focusable) ? e : e.querySelector(focusable) || e).focus();
    }""")


def point_on_figure(nb, element, kind, k):
    """Somewhere on the left panel of the figure, a different point for each k, and for each kind
    of click (a start clicked straight from a move must not be one whose frame a rest made)."""
    box = nb.figure_canvas(element).locator("canvas").last.bounding_box()
    shift = {"canvas": 0.0, "canvas, no rest": 0.01, "canvas, after a pause": 0.005}[kind]
    return (box["x"] + box["width"] * (0.12 + 0.02 * (k % 5) + shift), box["y"] + box["height"] * (0.3 + 0.05 * (k % 3)))


def sample(nb, kind, label, element, k, log, left_first=False):
    """One action; (key -> paint, key -> arrival, [kernel records]) in ms, or None if nothing painted."""
    page = nb.page
    if kind == "canvas, after a pause":         # the press just after the explorer's pause (PAUSE_DELAY)
        page.wait_for_timeout(PAUSE_DELAY * 1000 - SETTLE_MS - REST_MS + 50)
    if kind in RESTED_CLICKS:                   # as a hand clicks: the pointer comes to rest first
        page.mouse.move(*point_on_figure(nb, element, kind, k))
        page.wait_for_timeout(REST_MS)
    held = kind.endswith(", held")              # timed from the release
    if ", into its cell" in kind:               # as after Shift+Enter on it: the cell below is active
        cell_below(element).locator(".jp-InputPrompt").first.click()
        element.scroll_into_view_if_needed()
        if held:                                # a hand's pointer is on the tick box before it presses
            box = element.locator("input").bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(300)
    page.evaluate(f"() => {{ const l = window.__latency; l.keys = []; l.arrivals = []; l.paints = []; "
                  f"l.fromRelease = {str(held).lower()}; }}")
    log.write_text("")
    act(nb, kind, label, element, k, left_first)
    if not page.evaluate(PAINTED):
        return None
    page.wait_for_timeout(SETTLE_MS)            # let this action settle before the next
    keys, arrivals, paints = page.evaluate("() => { const l = window.__latency; return [l.keys, l.arrivals, l.paints]; }")
    painted = min(t for t in paints if t > keys[0])
    arrived = max([t for t in arrivals if keys[0] < t <= painted] or [painted])
    records = [json.loads(line) for line in log.read_text().splitlines() if line]
    return painted - keys[0], arrived - keys[0], records


def figures(times):
    q = statistics.quantiles(times, n=10, method="inclusive") if len(times) > 1 else times
    return statistics.median(times), q[-1], max(times)


def settle(page, log, quiet_ms=1000, timeout_ms=30_000):
    """Wait until the kernel has handled no message for quiet_ms: the figures that scrolling
    brought into view have had their first full draws, which are not a control's answer."""
    log.write_text("")
    size, still, waited = 0, 0, 0
    while still < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(100)
        waited += 100
        still = still + 100 if log.stat().st_size == size else 0
        size = log.stat().st_size


def measure(nb, kind, label, samples, log):
    element = control(nb, kind, label)
    if element is None:
        return None
    element.scroll_into_view_if_needed()
    canvas = nb.figure_canvas(element)
    nb.wait_for_drawn(canvas)
    nb.page.evaluate("() => document.querySelectorAll('[data-latency]').forEach(e => e.removeAttribute('data-latency'))")
    canvas.evaluate("c => c.setAttribute('data-latency', '')")
    if kind.startswith("canvas"):
        canvas.scroll_into_view_if_needed()
    focus(kind, element, canvas)
    settle(nb.page, log)
    left_first = kind == "slider" and at_max(element)
    runs = [sample(nb, kind, label, element, k, log, left_first) for k in range(samples)]
    return [r for r in runs if r is not None]


def breakdown(runs):
    """Median ms of compute, draw, PNG (kernel), transfer and queueing, and paint."""
    parts = {"compute": [], "draw": [], "PNG": [], "transfer": [], "paint": []}
    for total, arrival, records in runs:
        kernel = sum(r["kernel"] for r in records) * 1e3
        draw = sum(r["draw"] for r in records) * 1e3
        png = sum(r["png"] for r in records) * 1e3
        parts["compute"].append(kernel - draw - png)
        parts["draw"].append(draw)
        parts["PNG"].append(png)
        parts["transfer"].append(max(arrival - kernel, 0.0))
        parts["paint"].append(total - arrival)
    return "   ".join(f"{name} {statistics.median(v):5.1f}" for name, v in parts.items())


def playing_rate(nb, label, seconds=3.0):
    """Figure paints per second while `label` (a Play button) trains, then Pause."""
    button = control(nb, "button", label)
    if button is None:
        return None
    canvas = nb.figure_canvas(button)
    nb.page.evaluate("() => document.querySelectorAll('[data-latency]').forEach(e => e.removeAttribute('data-latency'))")
    canvas.evaluate("c => c.setAttribute('data-latency', '')")
    button.click()
    nb.page.wait_for_timeout(500)
    nb.page.evaluate("() => { window.__latency.paints = []; }")
    nb.page.wait_for_timeout(seconds * 1000)
    paints = nb.page.evaluate("() => window.__latency.paints.length")
    control(nb, "button", "Pause").click()
    return paints / seconds


def with_hooks(source, notebook, log, package=None):
    """The copy of the notebook with the kernel's timing cell first; with `package`, a folder
    holding another copy of backprop_lab, the kernel imports that one."""
    content = json.loads(source.read_text())
    code = f"LOG = {str(log)!r}\n" + KERNEL_HOOKS
    if package is not None:
        code = f"import sys\nsys.path.insert(0, {str(package)!r})\n" + code
    content["cells"].insert(0, {"cell_type": "code", "execution_count": None, "metadata": {},
                                "outputs": [], "source": code})
    notebook.write_text(json.dumps(content))


def run_lesson(lab, chromium, lesson, samples, log, package=None):
    """Open the lesson in a new page, Run All, and measure each of its controls: yields
    (what, runs or a note) per control, then ("playing", updates a second) where it trains live."""
    name = f"{lesson}.ipynb"
    with_hooks(ROOT / "notebooks" / name, lab.root / name, log, package)
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.add_init_script(f"({HOOKS})()")
    nb = Notebook(page, lab, name, shots=lab.tmp)
    nb.open()
    nb.run_all()
    page.wait_for_timeout(3000)               # the page typesets and the kernel draws ahead
    for error in nb.errors():
        yield "error", f"error after Run All: {error[:200]}"
    page.set_default_timeout(20_000)          # a control that does not answer is reported
    for kind, label in CONTROLS[lesson]:
        what = f"{kind} {label}"[:WIDE - 1]
        try:
            runs = measure(nb, kind, label, samples, log)
        except Exception as error:  # noqa: BLE001 - one control failing must not stop the rest
            yield what, f"failed, {str(error).splitlines()[0][:120]}"
            continue
        yield what, "no such control" if runs is None else runs or "nothing painted"
    if lesson in PLAYING:
        yield "playing", playing_rate(nb, PLAYING[lesson])
    context.close()
    lab.shut_down_kernels()


def main(samples=10):
    with JupyterLab(ROOT / "notebooks") as lab, sync_playwright() as playwright:
        log = lab.tmp / "kernel.jsonl"          # the server's temporary folder, removed with it
        chromium = launch_chromium(playwright)
        print(f"key press or click -> the figure painted, JupyterLab in Chromium headless, {samples} samples, ms")
        print(f"{'lesson':<27}{'control':<{WIDE}}{'median':>7}{'p90':>7}{'worst':>7}   where the time goes (medians)")
        for lesson in CONTROLS:
            for what, result in run_lesson(lab, chromium, lesson, samples, log):
                if what == "playing":
                    if result is not None:
                        print(f"{lesson:<27}{'playing: updates painted/s':<{WIDE}}{result:7.1f}", flush=True)
                elif isinstance(result, str):
                    print(f"{lesson:<27}{what:<{WIDE}}  ({result})", flush=True)
                else:
                    median, p90, worst = figures([r[0] for r in result])
                    print(f"{lesson:<27}{what:<{WIDE}}{median:7.1f}{p90:7.1f}{worst:7.1f}   {breakdown(result)}", flush=True)
        chromium.close()


def compare(arms, samples=10, rounds=2):
    """Two arms in the same run: for each lesson, `rounds` times each in turn (the machine's speed
    drifts within a run; taking turns shares the drift), samples/rounds samples a control a turn.
    arms: two (name, prepare); prepare(lab) is called before each turn and returns the folder of
    the copy of backprop_lab the kernel is to import, or None for the working copy. Prints both
    medians and the second's over the first's."""
    (first, _), (second, _) = arms
    per_turn = max(samples // rounds, 1)
    with JupyterLab(ROOT / "notebooks") as lab, sync_playwright() as playwright:
        log = lab.tmp / "kernel.jsonl"          # the server's temporary folder, removed with it
        chromium = launch_chromium(playwright)
        print(f"key press or click -> the figure painted, ms (median of {per_turn * rounds} samples): "
              f"{first} against {second}, taking turns, {rounds} turns each")
        print(f"{'lesson':<27}{'control':<{WIDE}}{first[:10]:>10}{second[:10]:>11}{'ratio':>8}")
        ratios = []
        for lesson in CONTROLS:
            times = {}
            for _ in range(rounds):
                for name, prepare in arms:
                    for what, result in run_lesson(lab, chromium, lesson, per_turn, log, prepare(lab)):
                        if what == "error":
                            print(f"{lesson:<27}({name}: {result})", flush=True)
                            continue
                        entry = times.setdefault(what, {first: [], second: []})
                        if what == "playing" and result is not None:
                            entry[name].append(result)
                        elif isinstance(result, list):
                            entry[name] += [r[0] for r in result]
            for what, entry in times.items():
                if not (entry[first] and entry[second]):
                    print(f"{lesson:<27}{what:<{WIDE}}  (measured in one arm only)", flush=True)
                    continue
                a, b = statistics.median(entry[first]), statistics.median(entry[second])
                if what == "playing":          # updates a second: higher is better
                    print(f"{lesson:<27}{'playing: updates painted/s':<{WIDE}}{a:10.1f}{b:11.1f}{b / a:7.2f}x", flush=True)
                else:
                    ratios.append(b / a)
                    print(f"{lesson:<27}{what:<{WIDE}}{a:10.1f}{b:11.1f}{b / a:7.2f}x", flush=True)
        chromium.close()
    if ratios:
        print(f"{sum(r < 1 for r in ratios)} of {len(ratios)} controls faster with {second}; ratios "
              f"{min(ratios):.2f}-{max(ratios):.2f}, median {statistics.median(ratios):.2f}")


def against(ref, samples=10, rounds=2):
    """The package at git revision `ref` against the working copy (compare)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "backprop_lab"], check=True,
                             capture_output=True).stdout

    def at_ref(lab):
        old = lab.tmp / "ref"                  # removed with the server's folder
        if not old.exists():
            old.mkdir()
            subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        return old

    compare([(ref, at_ref), ("now", lambda lab: None)], samples, rounds)


def indicator_in_toolbar(lab, in_toolbar):
    """The learner's own setting (which wins over jupyter-config/'s default) puts the kernel's
    execution indicator in the notebook's toolbar, as JupyterLab has it, or leaves jupyter-config's
    status bar. A page opened afterwards reads it."""
    setting = lab.tmp / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    if in_toolbar:
        setting.parent.mkdir(parents=True, exist_ok=True)
        setting.write_text(json.dumps({"kernelStatus": {"showOnStatusBar": False}}))
    else:
        setting.unlink(missing_ok=True)


def toolbar_against(samples=10, rounds=2):
    """JupyterLab's own place for the execution indicator, the notebook's toolbar, against
    jupyter-config's, the status bar (compare)."""
    compare([("toolbar", lambda lab: indicator_in_toolbar(lab, True)),
             ("status bar", lambda lab: indicator_in_toolbar(lab, False))], samples, rounds)


def keep_only(text):
    """Measure only the controls whose kind and label contain text (and no live training)."""
    for lesson in list(CONTROLS):
        CONTROLS[lesson] = [c for c in CONTROLS[lesson] if text in f"{c[0]} {c[1]}"]
        if not CONTROLS[lesson]:
            del CONTROLS[lesson]
    PLAYING.clear()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Key press or click to the figure painted, in Chromium.")
    parser.add_argument("samples", type=int, nargs="?", default=10, help="samples per control")
    parser.add_argument("--against", metavar="REF", help="compare with the package at this git revision")
    parser.add_argument("--toolbar", action="store_true",
                        help="the execution indicator in the notebook's toolbar against the status bar")
    parser.add_argument("--only", metavar="TEXT", help="only the controls whose kind and label contain TEXT")
    args = parser.parse_args()
    if args.only is not None:
        keep_only(args.only)
    if args.against is not None:
        against(args.against, args.samples)
    elif args.toolbar:
        toolbar_against(args.samples)
    else:
        main(args.samples)
