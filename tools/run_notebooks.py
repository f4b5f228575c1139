"""Execute notebooks in fresh kernels on temporary copies; print one line per notebook.

    python tools/run_notebooks.py notebooks/*.ipynb

Exits 1 if any notebook raised. The originals are never written to.
"""
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbclient
import nbformat


def run(path, timeout=600):
    """Execute a copy of the notebook at path, in its own folder; return the executed notebook."""
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy(path, copy)
        nb = nbformat.read(copy, as_version=4)
        nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": tmp}}).execute()
    return nb


def main(paths):
    failed = 0
    for path in paths:
        start = time.perf_counter()
        try:
            run(path)
            print(f"ok     {time.perf_counter() - start:6.1f} s  {path}")
        except nbclient.exceptions.CellExecutionError as error:
            failed += 1
            print(f"FAILED {time.perf_counter() - start:6.1f} s  {path}\n{error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
