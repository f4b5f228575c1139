"""Milliseconds from a key press on lesson 05's learning-rate slider to the new figure painted
in the browser: JupyterLab on 127.0.0.1, Debian's Chromium driven by Playwright (as the
real-browser test does), the learner notebook run in full first.

Each sample: one ArrowRight on the focused slider handle, timed in the page from the keydown
event to the first image the ipympl canvas paints after it (the kernel's rerun of the
optimizers, its PNG, the websocket and the browser's decode and paint all included). The
same run times the same key press on the momentum slider.

    python benchmarks/slider_latency_browser.py [samples]
"""
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402

from browser import JupyterLab, Notebook, launch_chromium  # noqa: E402

LESSON = "05_optimizers.ipynb"

# In the page: remember when keys go down and when a canvas inside a marked figure is painted.
HOOKS = """() => {
  if (window.__latency) return;
  window.__latency = {keys: [], paints: []};
  document.addEventListener('keydown', () => window.__latency.keys.push(performance.now()), true);
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    if (this.canvas.closest && this.canvas.closest('[data-latency]'))
      window.__latency.paints.push(performance.now());
    return draw.apply(this, args);
  };
}"""


def sample(nb, slider, key):
    """One key press; the milliseconds until the figure's next paint."""
    page = nb.page
    page.evaluate("() => { window.__latency.keys = []; window.__latency.paints = []; }")
    nb.press_on_slider(slider, [key])
    page.wait_for_function("""() => { const l = window.__latency;
                                      return l.keys.length && l.paints.some(t => t > l.keys[0]); }""",
                           polling=5, timeout=60_000)
    page.wait_for_timeout(400)                  # let this move settle before the next
    keys, paints = page.evaluate("() => [window.__latency.keys, window.__latency.paints]")
    return min(t for t in paints if t > keys[0]) - keys[0]


def measure(nb, description, samples):
    slider = nb.wait_for_slider(description)
    canvas = nb.figure_canvas(slider)
    nb.wait_for_drawn(canvas)
    canvas.evaluate("c => c.setAttribute('data-latency', '')")
    times = []
    for k in range(samples):
        key = "ArrowRight" if k % 2 == 0 else "ArrowLeft"      # back and forth around the start
        times.append(sample(nb, slider, key))
    return times


def main(samples=20):
    with JupyterLab(ROOT / "notebooks") as lab, sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        page = chromium.new_context(viewport={"width": 1366, "height": 900}).new_page()
        page.add_init_script(f"({HOOKS})()")
        nb = Notebook(page, lab, LESSON, shots=lab.tmp)
        nb.open()
        nb.run_all()
        print(f"{LESSON} in JupyterLab, Chromium headless; one key press -> the figure painted, "
              f"{samples} samples, in ms")
        for description in ("learning rate", "momentum (and Adam's β1)"):
            times = measure(nb, description, samples)
            q = statistics.quantiles(times, n=10)
            print(f"  {description:<28} median {statistics.median(times):6.1f}   best {min(times):6.1f}   "
                  f"90th percentile {q[-1]:6.1f}   worst {max(times):6.1f}")
        chromium.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
