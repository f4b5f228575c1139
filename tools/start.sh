#!/usr/bin/env bash
# Set up Backprop Lab and open JupyterLab at lesson 00.
#   bash tools/start.sh
# Creates .venv with Python 3.11 (or $PYTHON), installs requirements.txt and jupyter-config/'s
# JupyterLab default, copies the lessons you do not have yet into my_notebooks/ (never
# overwriting yours), and starts JupyterLab on 127.0.0.1 with a token, serving this folder:
# my_notebooks/ (your copies, lesson 00 opens first) and notebooks/ (the lessons as built,
# notebooks/solutions/ with the exercises solved) are both in its file browser. Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || {
    echo "Could not create a virtual environment with $PYTHON." >&2
    echo "On Debian or Ubuntu, install it with: sudo apt-get install python3.11-venv" >&2
    exit 1
  }
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# requirements.txt ends with `-e .`: setuptools then warns, at every install, that a folder
# named like the package could shadow it. Here that folder IS the package, so the warning is
# harmless; it is silenced for this one command only.
PYTHONWARNINGS=ignore::UserWarning .venv/bin/python -m pip install --quiet -r requirements.txt
# JupyterLab's defaults for the lessons (jupyter-config/README.md), into the environment's etc/jupyter
mkdir -p .venv/etc/jupyter && cp -R jupyter-config/labconfig .venv/etc/jupyter/
.venv/bin/python tools/copy_lessons.py notebooks my_notebooks
ROOT_FLAG=()
[ "$(id -u)" = 0 ] && ROOT_FLAG=(--allow-root)
# default_url: the browser, and the link JupyterLab prints (for a machine with no browser),
# open my_notebooks/00_start_here.ipynb
exec .venv/bin/python -m jupyterlab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir="$PWD" \
  --LabApp.default_url=/lab/tree/my_notebooks/00_start_here.ipynb "${ROOT_FLAG[@]}"
