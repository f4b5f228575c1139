#!/usr/bin/env bash
# Install what the tests need and run the whole suite.
#   bash tools/test.sh [extra pytest arguments]
# Installs Debian's chromium with apt-get where /usr/bin/chromium is missing (as root, or
# with sudo), creates .venv, installs requirements.txt, the test extra and jupyter-config/'s
# JupyterLab default, then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  SUDO=()
  [ "$(id -u)" = 0 ] || SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# the -e install's setuptools warning is harmless here (see tools/start.sh): silenced for it alone
PYTHONWARNINGS=ignore::UserWarning .venv/bin/python -m pip install --quiet -r requirements.txt -e '.[test]'
# JupyterLab's defaults for the lessons (jupyter-config/README.md), into the environment's etc/jupyter
mkdir -p .venv/etc/jupyter && cp -R jupyter-config/labconfig .venv/etc/jupyter/
exec .venv/bin/python -m pytest -n 2 "$@"
