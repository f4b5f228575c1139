"""Seconds and megabytes for a fresh install of what a learner installs (requirements.txt) into
a new virtual environment, without pip's cache, so every package is downloaded.

    python benchmarks/fresh_install.py
"""
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def megabytes(folder):
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()) / 1e6


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = Path(tmp) / "env"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "venv", env], check=True)
        created = time.perf_counter() - start
        subprocess.run([env / "bin" / "python", "-m", "pip", "install", "--quiet", "--no-cache-dir",
                        "--disable-pip-version-check", "-r", "requirements.txt"], cwd=ROOT, check=True)
        installed = time.perf_counter() - start
        size = megabytes(env)
    print(f"{created:7.1f} s  create the virtual environment")
    print(f"{installed:7.1f} s  create it and install requirements.txt (no cache)")
    print(f"{size:7.0f} MB  the environment on disk")


if __name__ == "__main__":
    main()
