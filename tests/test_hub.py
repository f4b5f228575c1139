"""A class on a JupyterHub: the repository pulled by nbgitpuller into an image that has the
dependencies but not the package. Each lesson finds the package in the repository; where it
cannot, its first cell says how to install it in one line, not a traceback."""
import shutil
import subprocess
import sys

import nbclient
import nbformat
import pytest

from conftest import ROOT

# Run first in every Python started with this folder on PYTHONPATH: drops the editable install of
# backprop_lab (a finder on sys.meta_path), so the package is not installed, as on the hub.
NOT_INSTALLED = """import sys
sys.meta_path[:] = [f for f in sys.meta_path if 'backprop_lab' not in getattr(f, '__module__', '')
                    and 'backprop_lab' not in type(f).__module__]
"""


@pytest.fixture
def hub(tmp_path, monkeypatch):
    blocker = tmp_path / "not_installed"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(NOT_INSTALLED)
    monkeypatch.setenv("PYTHONPATH", str(blocker))          # the kernels inherit it
    probe = subprocess.run([sys.executable, "-c", "import backprop_lab"], cwd=tmp_path, capture_output=True)
    assert probe.returncode != 0, "the package is still importable: the hub is not imitated"
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "notebooks", repo / "notebooks")
    return repo


def execute(notebook, extra_cell=None):
    nb = nbformat.read(notebook, as_version=4)
    if extra_cell:
        nb.cells.insert(2, nbformat.v4.new_code_cell(extra_cell))
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(notebook.parent)}})
    try:
        client.execute()
        return nb, None
    except nbclient.exceptions.CellExecutionError as error:
        return nb, error


@pytest.mark.parametrize("folder", ["notebooks", "notebooks/solutions", "my_notebooks"])
def test_a_lesson_finds_the_package_in_the_repository(hub, folder):
    shutil.copytree(ROOT / "backprop_lab", hub / "backprop_lab", ignore=shutil.ignore_patterns("__pycache__"))
    (hub / "my_notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "00_start_here.ipynb", hub / "my_notebooks")
    nb, error = execute(hub / folder / "00_start_here.ipynb",
                        "import backprop_lab\nprint('found at', backprop_lab.__file__)")
    assert error is None, error
    printed = "".join(o.get("text", "") for o in nb.cells[2].outputs)
    assert f"found at {hub / 'backprop_lab' / '__init__.py'}" in printed, printed


def test_where_the_package_cannot_be_found_the_first_cell_says_how_in_one_line(hub):
    nb, error = execute(hub / "notebooks" / "01_single_neuron.ipynb")
    assert error is not None, "the lesson ran without its package"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    errors = [o for o in first_code.outputs if o.output_type == "error"]
    assert len(errors) == 1 and len(errors[0].traceback) == 1, errors     # one line, no traceback
    line = errors[0].traceback[0]
    assert "backprop_lab is not installed" in line and "pip install -r requirements.txt" in line
    assert "Traceback" not in line and "\n" not in line
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code" and c is not first_code)
