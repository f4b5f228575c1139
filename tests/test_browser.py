"""The lessons in a real browser: JupyterLab on 127.0.0.1 with a token, Debian's Chromium driven
by Playwright, on a temporary copy of notebooks/.

For each lesson in LESSONS: open the learner notebook, Run > Run All Cells, wait until every cell
has run, see no "Error displaying widget", no traceback and no output wider than the notebook
(a learner would scroll sideways to see it), then move each listed slider with the
keyboard and see its readout change and its figure (or the text it drives) redraw.
Screenshots go to a temporary folder whose path is printed.
"""
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")

from browser import CHROMIUM, JupyterLab, Notebook, launch_chromium  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1366, "height": 900}       # a common laptop screen
# a projector: 1280x720 with the browser zoomed to 150 %, i.e. a CSS viewport of 853x480 (layout does
# not depend on the device pixel ratio), with the file browser closed
PROJECTOR = {"width": 853, "height": 480}


@dataclass(frozen=True)
class Slider:
    """A slider found by its description label, and what moving it must change.

    keys:   pressed on the focused slider handle, one after another.
    figure: the ipympl figure in the same output redraws (its canvas pixels change).
    text:   the text in the same output, besides the slider itself, changes (a readout line).
    """
    description: str
    keys: tuple = ("ArrowRight",) * 3
    figure: bool = True
    text: bool = False


# lesson -> the sliders to move, in order. A new lesson with sliders found by their description
# is one row; a lesson that needs more (buttons to press first) adds a function to ACTIONS.
LESSONS = {
    "00_start_here": [Slider("z", text=True)],
    "01_single_neuron": [Slider("learning rate", text=True)],
    "02_two_layer_by_hand": [Slider("step", text=True)],
    "03_deriving_deltas_with_sympy": [],
    "04_vectorised_backprop": [],
    "05_optimizers": [Slider("learning rate", keys=("ArrowLeft",) * 3, text=True),
                      Slider("momentum (and Adam's β1)", keys=("ArrowLeft",) * 5, text=True)],
    "06_backprop_through_time": [Slider("spectral radius of W_hh", text=True), Slider("sequence length T", text=True)],
    "07_training_well_on_digits": [Slider("weight decay λ"), Slider("dropout p"), Slider("weight scale")],
}

# lesson -> function(notebook) run after Run All and before the sliders, for what a slider row
# cannot say: e.g. a step-through's buttons, `nb.button("Next").click()`, then a check of what shows.
def step_through_buttons(nb):
    """Lesson 02: Next twice, then Back once, walks the step-through to step 1, and the diagram
    and the formula follow."""
    slider = nb.wait_for_slider("step")
    canvas = nb.figure_canvas(slider)
    nb.wait_for_drawn(canvas)
    start = stable_screenshot(nb, canvas, "step_0")
    assert nb.button("Back").is_disabled(), "Back is enabled at step 0"
    for button, expected in (("Next", "1"), ("Next", "2"), ("Back", "1")):
        nb.button(button).click()
        nb.wait_until(lambda: nb.readout(slider) == expected,
                      f"{button} to bring the step slider to {expected} (it reads {nb.readout(slider)})")
        nb.wait_until(lambda: f"step {expected} of" in nb.text_beside(slider),
                      f"the formula of step {expected}")
    assert "the net input of h1" in nb.text_beside(slider), nb.text_beside(slider)
    stable_screenshot(nb, canvas, "step_1", differ_from=start)


def changed_screenshot(nb, locator, label, differ_from):
    """A screenshot that differs from `differ_from` (for a figure that keeps moving)."""
    return nb.wait_until(lambda: (lambda shot: shot if shot != differ_from else None)(nb.screenshot(locator, label)),
                         "the figure to change")


def optimizer_race(nb):
    """Lesson 05: a click on the contours moves the start (the figure and the final points
    change); Play advances the step slider and the paths, Pause stops them; the best-step
    buttons set the sliders."""
    lr = nb.wait_for_slider("learning rate")
    step = nb.wait_for_slider("step")
    canvas = nb.figure_canvas(lr)
    nb.wait_for_drawn(canvas)
    before, report = stable_screenshot(nb, canvas, "race_start"), nb.text_beside(lr)
    box = canvas.locator("canvas").last.bounding_box()
    nb.page.mouse.click(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.3)
    nb.wait_until(lambda: nb.text_beside(lr) != report, "the final points to change after a click")
    clicked = stable_screenshot(nb, canvas, "race_clicked", differ_from=before)

    assert nb.readout(step) == "150", nb.readout(step)
    nb.button("Play").click()
    nb.wait_until(lambda: 0 < int(nb.readout(step)) < 150, "Play to start the race from step 0")
    first = int(nb.readout(step))
    nb.wait_until(lambda: int(nb.readout(step)) > first, "the race to advance")
    changed_screenshot(nb, canvas, "race_playing", differ_from=clicked)
    nb.button("Pause").click()
    nb.wait_until(lambda: nb.button("Play").count() and "Play" in nb.button("Play").text_content(),
                  "the button to read Play again")
    paused = stable_screenshot(nb, canvas, "race_paused")
    stopped = nb.readout(step)
    nb.page.wait_for_timeout(1000)
    assert nb.readout(step) == stopped and int(stopped) < 150, f"the race went on after Pause: {stopped} -> {nb.readout(step)}"
    assert nb.screenshot(canvas, "race_paused_later") == paused

    momentum = nb.wait_for_slider("momentum (and Adam's β1)")
    nb.button("best fixed η").click()
    nb.wait_until(lambda: nb.readout(lr) == "0.476", f"the learning rate to read 0.476 (it reads {nb.readout(lr)})")
    nb.button("best η, μ for Momentum").click()
    nb.wait_until(lambda: (nb.readout(lr), nb.readout(momentum)) == ("0.668", "0.403"),
                  f"the sliders to read 0.668 and 0.403 (they read {nb.readout(lr)}, {nb.readout(momentum)})")


def live_training(nb):
    """Lesson 04: Play trains the network live (the step count and the regions change), Pause stops it."""
    units = nb.wait_for_slider("hidden units")
    canvas = nb.figure_canvas(units)
    nb.wait_for_drawn(canvas)
    before = stable_screenshot(nb, canvas, "live_before")
    assert "step 0 " in nb.text_beside(units), nb.text_beside(units)
    nb.button("Play").click()
    nb.wait_until(lambda: "step 0 " not in nb.text_beside(units), "training to start")
    changed_screenshot(nb, canvas, "live_playing", differ_from=before)
    nb.button("Pause").click()
    nb.wait_until(lambda: "Play" in nb.button("Play").text_content(), "the button to read Play again")
    paused = stable_screenshot(nb, canvas, "live_paused")
    text = nb.text_beside(units)
    nb.page.wait_for_timeout(1000)
    assert nb.text_beside(units) == text, "training went on after Pause"
    assert nb.screenshot(canvas, "live_paused_later") == paused


ACTIONS = {"02_two_layer_by_hand": step_through_buttons, "04_vectorised_backprop": live_training,
           "05_optimizers": optimizer_race}


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def shots(pytestconfig):
    folder = Path(tempfile.mkdtemp(prefix="backprop_lab_browser_"))
    capture = pytestconfig.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nbrowser screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def lab():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: the suite's installer (tools/test.sh) installs "
                    "Debian's chromium with apt-get")
    with JupyterLab(ROOT / "notebooks") as server:
        yield server


@pytest.fixture(scope="module")
def browser(lab):
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()
        lab.shut_down_kernels()     # one lesson's kernel at a time on a small machine


# ---------------------------------------------------------------- the test

def where(nb, shots, label):
    nb.page_screenshot(label)
    return f"(screenshots in {shots})"


def stable_screenshot(nb, locator, label, differ_from=None):
    """A screenshot taken once two in a row agree, and (if given) differ from `differ_from`."""
    previous = None
    def settled():
        nonlocal previous
        shot = nb.screenshot(locator, label)
        done = shot == previous and (differ_from is None or shot != differ_from)
        previous = shot
        return shot if done else None
    return nb.wait_until(settled, f"the figure to {'change and ' if differ_from else ''}settle")


def toggle_file_browser(nb):
    """Click the file browser's tab in the left side bar: it closes if open, opens if closed."""
    nb.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id='filebrowser']").click()


def at_projector(nb):
    """The outputs wider than the notebook at PROJECTOR size with the file browser closed (the
    page is then put back as it was: VIEWPORT, file browser open)."""
    toggle_file_browser(nb)
    nb.page.set_viewport_size(PROJECTOR)
    nb.page.wait_for_timeout(1000)              # the notebook relays its cells at the new width
    wide = nb.overflowing()
    nb.page_screenshot("projector")
    nb.page.set_viewport_size(VIEWPORT)
    toggle_file_browser(nb)
    return wide


def move(nb, shots, lesson, spec):
    try:
        slider = nb.wait_for_slider(spec.description)
    except LookupError as error:
        pytest.fail(f"{lesson}: {error} {where(nb, shots, 'no_slider')}")
    readout, text = nb.readout(slider), nb.text_beside(slider)
    tag = spec.description.replace(" ", "_")
    if spec.figure:
        canvas = nb.figure_canvas(slider)
        assert canvas.count(), \
            f"{lesson}: no ipympl canvas next to the {spec.description!r} slider {where(nb, shots, 'no_canvas')}"
        nb.wait_for_drawn(canvas)
        before = stable_screenshot(nb, canvas, f"{tag}_before")

    nb.press_on_slider(slider, spec.keys)

    try:
        nb.wait_until(lambda: nb.readout(slider) != readout, "the readout to change")
    except TimeoutError:
        pytest.fail(f"{lesson}: the {spec.description!r} slider's readout stayed {readout!r} after "
                    f"pressing {', '.join(spec.keys)} {where(nb, shots, 'readout')}")
    if spec.text:
        try:
            nb.wait_until(lambda: nb.text_beside(slider) != text, "the text to change")
        except TimeoutError:
            pytest.fail(f"{lesson}: the text under the {spec.description!r} slider stayed {text!r} "
                        f"{where(nb, shots, 'text')}")
    if spec.figure:
        try:
            stable_screenshot(nb, canvas, f"{tag}_after", differ_from=before)
        except TimeoutError:
            pytest.fail(f"{lesson}: the figure of the {spec.description!r} slider did not change "
                        f"(readout {readout} -> {nb.readout(slider)}) {where(nb, shots, 'figure')}")


@pytest.mark.parametrize("lesson", list(LESSONS))
def test_lesson_runs_and_its_sliders_redraw(lesson, lab, page, shots):
    name = f"{lesson}.ipynb"
    assert (lab.root / name).exists(), f"notebooks/{name} is missing"
    nb = Notebook(page, lab, name, shots)
    try:
        nb.open()
        nb.run_all()
    except (TimeoutError, sync_api.TimeoutError) as error:
        pytest.fail(f"{lesson}: {error}\n{where(nb, shots, 'run_all')}")
    nb.page_screenshot("ran")
    # jupyter-config/'s setting reached the page: the kernel's busy / idle circle is in the status
    # bar, and nothing in the notebook's toolbar changes as the kernel answers a slider
    assert page.locator("#jp-main-statusbar .jp-Notebook-ExecutionIndicator").count() == 1
    assert page.locator(".jp-NotebookPanel-toolbar .jp-Notebook-ExecutionIndicator").count() == 0
    errors = nb.errors()
    if errors:
        pytest.fail(f"{lesson} after Run All:\n" + "\n".join(errors) + f"\n{where(nb, shots, 'errors')}")

    wide = nb.overflowing()
    assert not wide, (f"{lesson}: outputs wider than the notebook at {VIEWPORT} with the file browser "
                      "open:\n" + "\n".join(wide) + f"\n{where(nb, shots, 'wide')}")

    wide = at_projector(nb)
    assert not wide, (f"{lesson}: outputs wider than the notebook on a projector ({PROJECTOR} CSS pixels, "
                      "1280x720 at 150 %) with the file browser closed:\n" + "\n".join(wide) +
                      f"\n{where(nb, shots, 'projector_wide')}")

    if lesson in ACTIONS:
        ACTIONS[lesson](nb)
    for spec in LESSONS[lesson]:
        move(nb, shots, lesson, spec)

    nb.page_screenshot("moved")
    errors = nb.errors()
    if errors:
        pytest.fail(f"{lesson} after moving the sliders:\n" + "\n".join(errors) +
                    f"\n{where(nb, shots, 'errors')}")


# ---------------------------------------------------------------- slideshows

SLIDES = {"width": 1280, "height": 720}          # a projector, browser at 100 %


def command(nb, label):
    """Run a JupyterLab command from the command palette, by its label."""
    nb.page.keyboard.press("Control+Shift+C")
    nb.page.locator(".lm-CommandPalette-input").fill(label)
    nb.page.locator(".lm-CommandPalette-item", has_text=label).first.click()


def present_from(nb, cell):
    """Make `cell` the active cell and start jupyterlab-deck's slideshow at its slide."""
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").first.click()
    command(nb, "Start Deck")
    nb.wait_for_js("() => !!document.querySelector('[data-jp-deck-mode=\"presenting\"]')", "the slideshow")
    nb.page.wait_for_timeout(500)
    # jupyterlab-deck 0.2 on JupyterLab 4.6 opens a slide scrolled past its top: scroll it back, as
    # a teacher does with the mouse wheel
    cell.scroll_into_view_if_needed()
    nb.page.wait_for_timeout(500)


def inside(locator, size):
    box = locator.bounding_box()
    return box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] + 1 \
        and box["y"] + box["height"] <= size["height"] + 1


def cell_with(nb, selector):
    return nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has=nb.page.locator(selector)).first


def walk_step_through(nb):
    """Lesson 02's step-through on its slide: Next twice, and the diagram follows."""
    slider = nb.wait_for_slider("step")
    canvas = nb.figure_canvas(slider)
    nb.wait_for_drawn(canvas)
    start = stable_screenshot(nb, canvas, "slide_step_0")
    for expected in ("1", "2"):
        nb.button("Next").click()
        nb.wait_until(lambda: nb.readout(slider) == expected, f"Next to bring the step to {expected}")
    stable_screenshot(nb, canvas, "slide_step_2", differ_from=start)


SLIDESHOWS = {  # lesson -> (a CSS selector inside the widget's cell, what to do on its slide)
    "02_two_layer_by_hand": (".widget-button", walk_step_through),
    "05_optimizers": (".widget-slider", lambda nb: move(nb, nb.shots, "05_optimizers",
                                                         Slider("learning rate", keys=("ArrowLeft",) * 3, text=True))),
}


@pytest.mark.parametrize("lesson", list(SLIDESHOWS))
def test_slideshow_from_the_notebook_and_its_widgets_work(lesson, lab, browser, shots):
    """The lesson run, then presented as slides (jupyterlab-deck, from the cells' slideshow
    metadata) at 1280x720: the first slide, then the widget's slide, whole on the screen; its
    controls move the figure, with no widget error. (RISE's own slideshow shows ipywidgets 8 as
    text: see the README.)"""
    selector, act = SLIDESHOWS[lesson]
    context = browser.new_context(viewport=SLIDES)
    try:
        nb = Notebook(context.new_page(), lab, f"{lesson}.ipynb", shots)
        nb.open()
        nb.run_all()
        present_from(nb, nb.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell", has=nb.page.locator("h1")).first)
        nb.page_screenshot("slide_first")
        command(nb, "Stop Deck")
        widget_cell = cell_with(nb, selector)
        present_from(nb, widget_cell)
        nb.page_screenshot("slide_widget")
        output = widget_cell.locator(".jp-OutputArea-output").first
        assert inside(output, SLIDES), (f"{lesson}: the widget's slide does not fit {SLIDES}: "
                                        f"{output.bounding_box()} {where(nb, shots, 'slide_too_big')}")
        act(nb)
        errors = nb.errors()
        assert not errors, f"{lesson} in the slideshow:\n" + "\n".join(errors) + f"\n{where(nb, shots, 'slide_errors')}"
        command(nb, "Stop Deck")        # the deck is kept in the workspace: the next page must not start in it
    finally:
        context.close()
        lab.shut_down_kernels()


def test_rise_renders_a_lesson_as_reveal_slides(lab, browser, shots):
    """RISE (jupyterlab-rise): View > Render as Reveal Slideshow cuts lesson 02 into slides."""
    context = browser.new_context(viewport=SLIDES)
    try:
        nb = Notebook(context.new_page(), lab, "02_two_layer_by_hand.ipynb", shots)
        nb.open()
        command(nb, "Render as Reveal Slideshow")
        slides = nb.page.frame_locator("iframe[src*='/rise/']").locator(".reveal .slides section")
        nb.wait_until(lambda: slides.count() >= 8, f"RISE to show 8 slides (it shows {slides.count()})")
        nb.page_screenshot("rise")
    finally:
        context.close()
        lab.shut_down_kernels()
