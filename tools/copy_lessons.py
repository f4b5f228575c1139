"""Copy the learner notebooks into a working folder, never overwriting one already there.

    python tools/copy_lessons.py notebooks my_notebooks

The copies are yours to edit; notebooks/ stays as built, so an update of the series never
collides with your work. When a lesson changed after you copied it, you are told where the
new version is, and your copy is left as it is.
"""
import shutil
import sys
from pathlib import Path


def copy_lessons(source, target):
    """Copy source/*.ipynb to target/ where absent; return (copied, kept_but_newer) names."""
    source, target = Path(source), Path(target)
    target.mkdir(exist_ok=True)
    copied, newer = [], []
    for lesson in sorted(source.glob("*.ipynb")):
        mine = target / lesson.name
        if not mine.exists():
            shutil.copyfile(lesson, mine)
            copied.append(lesson.name)
        elif mine.read_bytes() != lesson.read_bytes() and lesson.stat().st_mtime > mine.stat().st_mtime:
            newer.append(lesson.name)
    return copied, newer


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    copied, newer = copy_lessons(source, target)
    for name in copied:
        print(f"new lesson copied: {target}/{name}")
    for name in newer:
        print(f"kept your {target}/{name}; the updated lesson is {source}/{name}")
    if newer:
        print(f"To take an update: open it beside yours and carry your answers over, or rename yours "
              f"(e.g. to {Path(newer[0]).stem}_mine.ipynb) and run this command again for a fresh copy.")
