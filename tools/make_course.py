"""Make an nbgrader course folder from the instructor notebooks.

    python tools/make_course.py COURSE_DIR [LESSON ...]

Writes COURSE_DIR/source/NN_name/NN_name.ipynb for each lesson (all of them by default), taken
from notebooks/solutions/ without the cells tagged `instructor` (teacher's notes stay with the
teacher), and COURSE_DIR/nbgrader_config.py. Then, in COURSE_DIR, `nbgrader generate_assignment
NN_name` releases it without the solutions and `nbgrader autograde NN_name` grades what was
collected in submitted/STUDENT/NN_name/. An existing lesson in source/ is never overwritten.
"""
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
CONFIG = '''# nbgrader's settings for a Backprop Lab course (made by tools/make_course.py)
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "backprop_lab"
c.CourseDirectory.root = {root!r}
c.ExecutePreprocessor.timeout = 300
'''


def main(course, lessons=()):
    course = Path(course).resolve()
    found = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
    wanted = [p for p in found if not lessons or p.stem in lessons]
    unknown = set(lessons) - {p.stem for p in found}
    if unknown:
        sys.exit(f"no such lesson: {', '.join(sorted(unknown))}; the lessons are {[p.stem for p in found]}")
    (course / "source").mkdir(parents=True, exist_ok=True)
    config = course / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG.format(root=str(course)), encoding="utf-8")
    for path in wanted:
        target = course / "source" / path.stem / path.name
        if target.exists():
            print(f"kept (already there): {target.relative_to(course)}")
            continue
        nb = nbformat.read(path, as_version=4)
        nb.cells = [c for c in nb.cells if "instructor" not in c.metadata.get("tags", [])]
        target.parent.mkdir(exist_ok=True)
        nbformat.write(nb, target)
        print(f"wrote: {target.relative_to(course)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
