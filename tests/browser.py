"""Helpers for the real-browser test: JupyterLab on 127.0.0.1 with a token, Chromium via Playwright.

`JupyterLab` starts a server from the Python running the tests, on a temporary copy of the
notebooks, and stops it (kernels included). `Notebook` drives one notebook in a page: run all
cells, wait for them, collect errors, find a slider by its description, move it with the keyboard.
Every wait polls a condition with a generous limit, so a slow machine only makes it slower.
"""
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
WAIT_MS = 300_000          # the limit of any single wait: large, since waits poll and a slow machine only delays


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent():
    """In the server process: receive SIGTERM when the test process dies, however it dies."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)    # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _descendants(pid):
    """Process ids below `pid` (the server's kernels), read from /proc."""
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = [int(c) for c in task.read_text().split()]
            except OSError:
                continue
            found += children
            todo += children
    return found


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _stop(proc, grace):
    """SIGTERM the server (it shuts its kernels down), then SIGKILL it and anything it left."""
    if proc.poll() is not None:
        return
    left = {pid: _cmdline(pid) for pid in _descendants(proc.pid)}
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        try:
            proc.send_signal(sig)
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            pass
    for pid, cmdline in left.items():
        if not cmdline or _cmdline(pid) != cmdline:      # gone, or the id now names another process
            continue
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class JupyterLab:
    """A JupyterLab server on a temporary copy of `notebooks`; use as a context manager."""

    def __init__(self, notebooks):
        self.source = Path(notebooks)
        self.token = secrets.token_hex(24)
        self.proc = None

    def __enter__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="backprop_lab_lab_"))
        self.root = self.tmp / "notebooks"
        shutil.copytree(self.source, self.root,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        env = self._environment()
        try:
            for attempt in range(3):        # a free port can be taken between choosing and binding
                self._start(env)
                if self._wait_until_up():
                    return self
            raise RuntimeError(f"JupyterLab found no free port:\n{self.server_log()}")
        except BaseException:
            self.__exit__(None, None, None)
            raise

    def _start(self, env):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "jupyter", "lab",
                "--no-browser", "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
                f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.geteuid() == 0:
            args.append("--allow-root")
        if self.proc is not None:
            self.log.close()
        self.log = open(self.tmp / "server.log", "w")
        self.proc = subprocess.Popen(args, cwd=self.root, env=env, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)

    def _environment(self):
        """Fresh Jupyter config, data-runtime and lab settings under the temporary folder, so the
        user's own settings neither leak in nor get written; news and update checks off."""
        env = dict(os.environ)
        for name in ("config", "runtime", "settings", "workspaces"):
            (self.tmp / name).mkdir()
        env["JUPYTER_CONFIG_DIR"] = str(self.tmp / "config")
        env["JUPYTER_RUNTIME_DIR"] = str(self.tmp / "runtime")
        env["JUPYTERLAB_SETTINGS_DIR"] = str(self.tmp / "settings")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(self.tmp / "workspaces")
        notification = self.tmp / "settings" / "@jupyterlab" / "apputils-extension"
        notification.mkdir(parents=True)
        (notification / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        env.pop("JUPYTER_TOKEN", None)
        return env

    def _wait_until_up(self):
        """True once the server answers; False if it exited because its port was taken."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                if "already in use" in self.server_log():
                    return False
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n{self.server_log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError(f"JupyterLab did not answer on {self.base}:\n{self.server_log()}")

    def server_log(self, tail=3000):
        try:
            return (self.tmp / "server.log").read_text(errors="replace")[-tail:]
        except OSError:
            return ""

    def url(self, notebook):
        """The notebook alone in a fresh workspace (`reset`: no panel restored from an earlier page)."""
        return f"{self.base}/lab/tree/{notebook}?reset&token={self.token}"

    def _api(self, method, path):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as r:
            body = r.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        try:
            for kernel in self._api("GET", "/api/kernels") or []:
                self._api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError):
            pass        # the server is gone: nothing to shut down

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            try:    # a clean stop: the server shuts its kernels down
                self._api("POST", "/api/shutdown")
                self.proc.wait(60)
            except (urllib.error.URLError, OSError, subprocess.TimeoutExpired):
                pass
            _stop(self.proc, grace=20)
        if self.proc is not None:
            self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return False


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


# ---------------------------------------------------------------- in the page

# JavaScript run in the page. Cells are found in the notebook shown in the main area.
_JS_PROMPTS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  return [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.textContent.trim());
}"""

_JS_ERRORS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const found = [];
  if (!panel) return ['no notebook panel'];
  for (const cell of panel.querySelectorAll('.jp-CodeCell')) {
    const prompt = (cell.querySelector('.jp-InputArea-prompt') || {}).textContent || '';
    const where = 'cell ' + prompt.trim().replace(/:$/, '');
    for (const out of cell.querySelectorAll('.jp-OutputArea-output')) {
      const text = out.textContent || '';      // not innerText: empty for cells scrolled out of view
      const mime = out.getAttribute('data-mime-type') || '';
      if (text.includes('Error displaying widget')) found.push(where + ': ' + text.slice(0, 500));
      else if (mime === 'application/vnd.jupyter.stderr' && /Traceback|Error\\b/.test(text))
        found.push(where + ' (stderr/error output): ' + text.slice(0, 1500));
    }
  }
  if (document.body.textContent.includes('Error displaying widget') && !found.length)
    found.push('"Error displaying widget" on the page');
  return found;
}"""


# Outputs wider than their area: a learner would have to scroll sideways to see the figure's right
# side (ipympl figures have a fixed pixel width: inches x 100 dpi).
_JS_OVERFLOW = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const found = [];
  for (const cell of panel ? panel.querySelectorAll('.jp-CodeCell') : []) {
    const prompt = (cell.querySelector('.jp-InputArea-prompt') || {}).textContent || '';
    for (const out of cell.querySelectorAll('.jp-OutputArea-output')) {
      if (out.scrollWidth <= out.clientWidth + 2) continue;
      if (!found.length) out.scrollIntoView();          // for the screenshot that follows
      found.push('cell ' + prompt.trim().replace(/:$/, '') + ': output ' + out.scrollWidth +
                   ' px wide in a ' + out.clientWidth + ' px area');
    }
  }
  return found;
}"""


class Notebook:
    """One notebook open in JupyterLab in a Playwright page."""

    def __init__(self, page, lab, name, shots):
        self.page, self.lab, self.name, self.shots = page, lab, name, Path(shots)
        page.set_default_timeout(WAIT_MS)

    # -- opening and running
    def open(self):
        self.page.goto(self.lab.url(self.name), wait_until="domcontentloaded")
        self.page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(state="visible")
        self.wait_for_kernel_idle()
        return self

    def dismiss_popups(self):
        """Answer 'No' to the news notification and accept a kernel chooser, should either appear
        (the notebooks name kernelspec python3 and the news are switched off: neither should)."""
        page = self.page
        news = page.locator(".Toastify__toast", has_text="official Jupyter news")
        if news.count():
            news.get_by_role("button", name="No").click()
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.count():
            dialog.locator(".jp-mod-accept").click()

    def wait_for_js(self, js, what):
        """Poll the JavaScript function `js` until true (at most WAIT_MS), dismissing popups meanwhile."""
        deadline = time.monotonic() + WAIT_MS / 1000
        while True:
            self.dismiss_popups()
            try:
                self.page.wait_for_function(js, timeout=5_000, polling=250)
                return
            except PlaywrightTimeout:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.name}: waited {WAIT_MS / 1000:.0f} s for {what}") from None

    def _kernel_idle_js(self):
        """JavaScript: true when this notebook's kernel is connected and idle. The status bar says
        'Python 3 (ipykernel) | Idle' (the execution indicator alone reads idle before a kernel
        exists). The indicator is in the status bar, where jupyter-config/ puts it, or in the
        notebook's toolbar, JupyterLab's own default."""
        return f"""() => {{
          const item = document.querySelector('.jp-StatusBar-TextItem[title="Change kernel for {self.name}"]');
          const text = item ? item.textContent.trim() : '';
          const indicator = document.querySelector(
            '#jp-main-statusbar .jp-Notebook-ExecutionIndicator, '
            + '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
          return !text.startsWith('No Kernel') && /\\| Idle$/.test(text)
                 && !!indicator && indicator.dataset.status === 'idle';
        }}"""

    def kernel_status(self):
        item = self.page.locator(f'.jp-StatusBar-TextItem[title="Change kernel for {self.name}"]')
        return item.first.text_content() if item.count() else "(no kernel status in the status bar)"

    def wait_for_kernel_idle(self):
        try:
            self.wait_for_js(self._kernel_idle_js(), "an idle kernel")
        except TimeoutError as error:
            raise TimeoutError(f"{error}; status bar: {self.kernel_status()!r}") from None

    def run_all(self):
        """Run > Run All Cells from the menu bar, then wait until every code cell has a number and the
        kernel is idle, or until an error shows (Run All stops there; `errors()` says what it is)."""
        page = self.page
        cells = json.loads((self.lab.root / self.name).read_text())["cells"]
        expected = sum(cell["cell_type"] == "code" for cell in cells)
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").click(position={"x": 5, "y": 5})
        page.locator("#jp-menu-panel, .lm-MenuBar").get_by_role("menuitem", name="Run", exact=True).click()
        page.locator(".lm-Menu").get_by_role("menuitem", name=re.compile(r"^Run All Cells")).first.click()
        try:
            self.wait_for_js(f"""() => {{
                  const prompts = ({_JS_PROMPTS})();
                  if (!prompts || prompts.length !== {expected}) return false;
                  if (!({self._kernel_idle_js()})()) return false;
                  // done: every cell has run, or Run All stopped at an error (the test reports it)
                  return prompts.every(p => /^\\[\\d+\\]:?$/.test(p)) || ({_JS_ERRORS})().length > 0;
                }}""", "every cell to run")
        except TimeoutError as error:
            raise TimeoutError(f"{error}; prompts of the {expected} code cells: {self.prompts()}, "
                               f"status bar: {self.kernel_status()!r}") from None
        self.wait_for_js("""() => ![...document.querySelectorAll(
                                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
                             .some(o => (o.textContent || '').includes('Loading widget...'))""",
                         "every widget to load (one still reads 'Loading widget...')")

    def prompts(self):
        return self.page.evaluate(_JS_PROMPTS)

    def errors(self):
        return self.page.evaluate(_JS_ERRORS)

    def overflowing(self):
        return self.page.evaluate(_JS_OVERFLOW)

    # -- sliders and figures
    def find_slider(self, description):
        """The slider whose description label reads exactly `description`, or None."""
        sliders = self.page.locator(".widget-slider")
        for i in range(sliders.count()):
            label = sliders.nth(i).locator(".widget-label").first
            if label.count() and (label.text_content() or "").strip() == description:
                return sliders.nth(i)
        return None

    def slider_labels(self):
        return self.page.evaluate("""() => [...document.querySelectorAll('.widget-slider .widget-label')]
                                     .map(l => l.textContent.trim())""")

    def wait_for_slider(self, description):
        """Wait for the slider labelled `description`, scrolled into view."""
        try:
            slider = self.wait_until(lambda: self.find_slider(description), f"a slider {description!r}")
        except TimeoutError:
            raise LookupError(f"no slider labelled {description!r} in {self.name} "
                              f"(sliders seen: {self.slider_labels()})") from None
        slider.scroll_into_view_if_needed()
        return slider

    @staticmethod
    def readout(slider):
        return slider.locator(".widget-readout").text_content().strip()

    def output_of(self, slider):
        """The output area holding the slider: its figure and any text that follows it."""
        return slider.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea-output')][1]")

    def text_beside(self, slider):
        """The text of the slider's output area, without the slider itself."""
        return self.output_of(slider).evaluate(
            """out => { const c = out.cloneNode(true);
                        c.querySelectorAll('.widget-slider').forEach(s => s.remove());
                        return c.textContent.trim(); }""")

    def figure_canvas(self, slider):
        """The ipympl figure in the same output as the slider (the drawing area, not the toolbar)."""
        return self.output_of(slider).locator(".jupyter-matplotlib-canvas-div").first

    def wait_for_drawn(self, canvas):
        """Wait until the ipympl canvas has a size and painted pixels."""
        canvas.wait_for(state="visible")
        handle = canvas.locator("canvas").first.element_handle()
        self.page.wait_for_function(
            """c => {
              if (!c.width || !c.height) return false;
              const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
              for (let i = 3; i < d.length; i += 4 * 97) if (d[i] !== 0) return true;
              return false;
            }""", arg=handle, polling=250)

    def screenshot(self, locator, label):
        locator.scroll_into_view_if_needed()
        path = self.shots / f"{Path(self.name).stem}_{label}.png"
        return locator.screenshot(path=str(path), animations="disabled")

    def page_screenshot(self, label):
        path = self.shots / f"{Path(self.name).stem}_{label}_page.png"
        try:
            self.page.screenshot(path=str(path), full_page=False)
        except Exception:  # noqa: BLE001 - a screenshot for the report must not hide the real failure
            pass
        return path

    def button(self, text):
        """The ipywidgets button reading `text` (for step-throughs: "Next", "Back")."""
        return self.page.locator(".widget-button", has_text=text).first

    def press_on_slider(self, slider, keys):
        """Focus the slider's handle and press `keys` one after another, as a keyboard user would."""
        handle = slider.locator(".noUi-handle, .ui-slider-handle, [role='slider']").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        for key in keys:
            handle.press(key)

    def wait_until(self, predicate, what, timeout_s=None):
        """Poll `predicate()` (Python side) until truthy; raise naming `what`."""
        timeout_s = WAIT_MS / 1000 if timeout_s is None else timeout_s
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            self.page.wait_for_timeout(250)
        raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
