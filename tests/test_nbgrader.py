"""Real nbgrader on a course made by tools/make_course.py: the released notebook holds no line of
any solution; autograded, an unattempted submission scores 0, the instructor notebook full marks,
and a submission with one typical mistake loses exactly that exercise's point."""
import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import make_course
from conftest import ROOT
from wrong_answers import WRONG_ANSWERS, exercise_cell, replace_solution

pytest.importorskip("nbgrader", reason="nbgrader is not installed (it is in the test extra)")
LESSONS = sorted(p.stem for p in (ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
# A submission with one mistake is graded for these lessons (the others' mistakes are covered by
# the checks' own tests): each autograde runs a whole lesson, and the suite's time is limited.
ONE_SLIP = {"02_two_layer_by_hand", "05_optimizers", "06_backprop_through_time"}


def nbgrader(course, *args):
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("NBGRADER_EXECUTION", None)
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def solution_lines(nb):
    """Every line written between ### BEGIN SOLUTION and ### END SOLUTION, by cell id."""
    found = {}
    for cell in nb.cells:
        inside, lines = False, []
        for line in cell.source.split("\n"):
            if line.strip() in ("### BEGIN SOLUTION", "### END SOLUTION"):
                inside = line.strip() == "### BEGIN SOLUTION"
            elif inside and line.strip():
                lines.append(line.strip())
        if lines:
            found[cell.id] = lines
    return found


@pytest.mark.parametrize("lesson", LESSONS)
def test_release_and_autograde(lesson, tmp_path):
    course = tmp_path / "course"
    make_course.main(course, [lesson])
    nbgrader(course, "generate_assignment", lesson)
    source = nbformat.read(course / "source" / lesson / f"{lesson}.ipynb", as_version=4)
    released = nbformat.read(course / "release" / lesson / f"{lesson}.ipynb", as_version=4)
    released_cells = {c.id: c.source for c in released.cells}
    solutions = solution_lines(source)
    assert solutions, "an instructor notebook with no solution region"
    for cell_id, lines in solutions.items():
        assert "raise NotImplementedError()" in released_cells[cell_id]
        kept = {line.strip() for line in released_cells[cell_id].split("\n")}
        leaked = [line for line in lines if line in kept]
        assert not leaked, leaked

    submissions = {"unattempted": released, "teacher": source}
    if lesson in ONE_SLIP:
        slip = nbformat.read(course / "source" / lesson / f"{lesson}.ipynb", as_version=4)
        k = exercise_cell(slip, WRONG_ANSWERS[lesson].name)
        slip.cells[k].source = replace_solution(slip.cells[k].source, WRONG_ANSWERS[lesson].body)
        submissions["one_slip"] = slip
    for student, nb in submissions.items():
        folder = course / "submitted" / student / lesson
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{lesson}.ipynb")
    nbgrader(course, "autograde", lesson)
    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as f:
        scores = {row["student_id"]: (float(row["score"]), float(row["max_score"])) for row in csv.DictReader(f)}
    checks = sum(1 for c in source.cells if c.cell_type == "code" and "_used = check." in c.source)
    assert scores["teacher"] == (checks, checks)
    assert scores["unattempted"] == (0, checks)
    if "one_slip" in scores:
        assert scores["one_slip"] == (checks - 1, checks)


def test_make_course_keeps_an_existing_lesson_and_names_an_unknown_one(tmp_path, capsys):
    make_course.main(tmp_path, [LESSONS[0]])
    target = tmp_path / "source" / LESSONS[0] / f"{LESSONS[0]}.ipynb"
    target.write_text(target.read_text().replace("weighted", "WEIGHTED"))
    make_course.main(tmp_path, [LESSONS[0]])
    assert "WEIGHTED" in target.read_text() and "kept" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="no such lesson: 99_nothing"):
        make_course.main(tmp_path, ["99_nothing"])
    shutil.rmtree(tmp_path / "source")
