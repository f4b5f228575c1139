"""Seconds to execute the whole series headless: every learner and instructor notebook, each
in a fresh kernel, one after another.

    python benchmarks/series_runtime.py
"""
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import run  # noqa: E402


def main():
    total = {}
    for folder in ("notebooks", "notebooks/solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            start = time.perf_counter()
            run(path)
            seconds = time.perf_counter() - start
            total[folder] = total.get(folder, 0) + seconds
            print(f"{seconds:7.1f} s  {folder}/{path.name}")
    for folder, seconds in total.items():
        print(f"{seconds:7.1f} s  all of {folder}/")
    print(f"{sum(total.values()):7.1f} s  the whole series, both versions")


if __name__ == "__main__":
    main()
