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


ACTIONS = {"02_two_layer_by_hand": step_through_buttons}


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
    errors = nb.errors()
    if errors:
        pytest.fail(f"{lesson} after Run All:\n" + "\n".join(errors) + f"\n{where(nb, shots, 'errors')}")

    wide = nb.overflowing()
    assert not wide, (f"{lesson}: outputs wider than the notebook at {VIEWPORT} with the file browser "
                      "open:\n" + "\n".join(wide) + f"\n{where(nb, shots, 'wide')}")

    if lesson in ACTIONS:
        ACTIONS[lesson](nb)
    for spec in LESSONS[lesson]:
        move(nb, shots, lesson, spec)

    nb.page_screenshot("moved")
    errors = nb.errors()
    if errors:
        pytest.fail(f"{lesson} after moving the sliders:\n" + "\n".join(errors) +
                    f"\n{where(nb, shots, 'errors')}")
