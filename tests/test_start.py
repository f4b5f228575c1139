"""The README's first command, `bash tools/start.sh`, run on a copy of the repository: it installs,
copies the lessons into my_notebooks/ and serves JupyterLab on 127.0.0.1 with a token, printing a
link that opens lesson 00.

So that the test does not download every package again, the copy's .venv is made beforehand and
sees the test environment's packages through a .pth file; start.sh still runs every one of its
steps in it (pip upgrade, requirements.txt with the package itself, the copy, JupyterLab).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"http://127\.0\.0\.1:\d+/lab/tree/my_notebooks/00_start_here\.ipynb\?token=\w+")
WAIT_S = 600        # a limit for a hung script, not a speed requirement


def copy_of_repository(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".git", ".venv", "my_notebooks", "__pycache__", ".ipynb_checkpoints", "*.egg-info", "build"))
    subprocess.run([sys.executable, "-m", "venv", repo / ".venv"], check=True)
    site = next((repo / ".venv" / "lib").glob("python3*/site-packages"))
    (site / "test_environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return repo


def start(repo):
    """Run start.sh until it prints its link; returns (process, the link, what it printed)."""
    proc = subprocess.Popen(["bash", "tools/start.sh"], cwd=repo, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True,
                            env={k: v for k, v in os.environ.items() if k != "JUPYTER_TOKEN"})
    printed, deadline = [], time.monotonic() + WAIT_S
    for line in proc.stdout:
        printed.append(line)
        found = URL.search(line)
        if found:
            return proc, found.group(0), "".join(printed)
        if time.monotonic() > deadline:
            break
    stop(proc)
    pytest.fail("start.sh printed no link to lesson 00:\n" + "".join(printed)[-5000:])


def stop(proc):
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(proc.pid, signal.SIGKILL)


def answers(url):
    """True once url answers 200 (JupyterLab prints its link a moment before it listens)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as page:
                return page.status == 200
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
        time.sleep(0.5)
    return False


def test_start_installs_copies_the_lessons_and_serves_lesson_00(tmp_path):
    repo = copy_of_repository(tmp_path)
    mine = repo / "my_notebooks" / "01_single_neuron.ipynb"
    proc, link, printed = start(repo)
    try:
        lessons = sorted(p.name for p in (repo / "notebooks").glob("*.ipynb"))
        assert sorted(p.name for p in (repo / "my_notebooks").glob("*.ipynb")) == lessons
        assert answers(link), f"nothing answers at {link}"
        token = link.split("token=")[1]
        server = link.split("/lab/")[0]
        api = server + "/api/contents/"
        # the learner's copy, the built lesson it came from and the solutions are all served
        for path in ("my_notebooks/00_start_here.ipynb", "notebooks/01_single_neuron.ipynb",
                     "notebooks/solutions/01_single_neuron.ipynb"):
            with urllib.request.urlopen(f"{api}{path}?token={token}&content=0", timeout=60) as answer:
                assert answer.status == 200, path
        # jupyter-config/'s default, copied into .venv: the execution indicator in the status bar
        settings = server + "/lab/api/settings/@jupyterlab/notebook-extension:tracker"
        with urllib.request.urlopen(f"{settings}?token={token}", timeout=60) as answer:
            kernel_status = json.load(answer)["schema"]["properties"]["kernelStatus"]["default"]
        assert kernel_status["showOnStatusBar"] is True, kernel_status
        with pytest.raises(urllib.error.HTTPError) as refused:       # no token, no notebook
            urllib.request.urlopen(api + "my_notebooks/00_start_here.ipynb", timeout=60)
        assert refused.value.code == 403
    finally:
        stop(proc)
    # setuptools' warning about editable installs is harmless here and silenced
    assert "BuildBackendWarning" not in printed and "Editable install" not in printed, printed[-3000:]
    # requirements.txt's `-e .` installed the copy's own package into .venv
    installed = list((repo / ".venv" / "lib").glob("python3*/site-packages/backprop_lab-*.dist-info"))
    assert len(installed) == 1 and repo.as_uri() in (installed[0] / "direct_url.json").read_text()

    # The learner edits lesson 01, then the series updates it: a second start keeps the edits
    # and says where the new version is.
    mine.write_text(mine.read_text().replace("A single neuron", "A single neuron, my notes", 1))
    edited = mine.read_text()
    update = repo / "notebooks" / mine.name
    os.utime(update, (time.time() + 60, time.time() + 60))
    proc, _, printed = start(repo)
    stop(proc)
    assert mine.read_text() == edited
    assert "kept your my_notebooks/01_single_neuron.ipynb; the updated lesson is notebooks/01" in printed
    assert "rename yours" in printed                      # and how to take the update
