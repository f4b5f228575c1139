import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))     # build.py, run_notebooks.py, copy_lessons.py

import matplotlib  # noqa: E402

matplotlib.use("module://ipympl.backend_nbagg")    # the backend of the lessons: figures are widgets
