"""Seconds to execute lesson 07 (real digits: every model it trains) headless, the learner and
the instructor notebook, each in a fresh kernel.

    python benchmarks/digits_lesson.py
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import run  # noqa: E402

LESSON = "07_training_well_on_digits.ipynb"


def main():
    for folder in ("notebooks", "notebooks/solutions"):
        start = time.perf_counter()
        run(ROOT / folder / LESSON)
        print(f"{time.perf_counter() - start:6.1f} s  {folder}/{LESSON}")


if __name__ == "__main__":
    main()
