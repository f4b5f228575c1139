"""The build: notebooks/ is what lessons_src/ builds to, twice the same, exercises blank for learners."""
import json
import shutil

import pytest

import build
from conftest import ROOT

LEARNER = sorted((ROOT / "notebooks").glob("*.ipynb"))
INSTRUCTOR = sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))


def test_notebooks_are_in_sync_with_the_sources(capsys):
    assert build.main(check=True) == 0, capsys.readouterr().out


def test_every_source_has_both_notebooks():
    stems = {p.stem for p in (ROOT / "lessons_src").glob("[0-9][0-9]_*.py")}
    assert stems and stems == {p.stem for p in LEARNER} == {p.stem for p in INSTRUCTOR}


@pytest.fixture
def copy_of_the_lessons(tmp_path):
    shutil.copytree(ROOT / "lessons_src", tmp_path / "lessons_src")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


def test_a_second_build_changes_no_byte(copy_of_the_lessons):
    build.main(root=copy_of_the_lessons)
    first = {p: p.read_bytes() for p in copy_of_the_lessons.rglob("*.ipynb")}
    build.main(root=copy_of_the_lessons)
    assert first == {p: p.read_bytes() for p in copy_of_the_lessons.rglob("*.ipynb")}


def test_check_names_a_notebook_that_differs_or_has_no_source(copy_of_the_lessons, capsys):
    edited = copy_of_the_lessons / "notebooks" / LEARNER[0].name
    edited.write_text(edited.read_text().replace("<!-- nav -->", "<!-- nav --> Edited by hand", 1))
    (copy_of_the_lessons / "notebooks" / "98_orphan.ipynb").write_text("{}")
    assert build.main(check=True, root=copy_of_the_lessons) == 1
    out = capsys.readouterr().out
    assert f"notebooks/{LEARNER[0].name}" in out and "98_orphan.ipynb" in out
    assert edited.read_text().count("Edited by hand") == 1        # check mode wrote nothing


def test_learner_stub_keeps_the_indentation_and_the_revealed_solution_drops_the_markers():
    code = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n\nf = check(f)"
    assert build.blank_solutions(code) == ("def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
                                           "\n\nf = check(f)")
    assert build.keep_solutions(code) == "def f(x):\n    return 2 * x\n\nf = check(f)"


@pytest.mark.parametrize("path", LEARNER + INSTRUCTOR, ids=lambda p: str(p.relative_to(ROOT)))
def test_built_notebook_shape(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")
    first, last = "".join(nb["cells"][0]["source"]), "".join(nb["cells"][-1]["source"])
    assert "<!-- nav -->" in first and "<!-- nav -->" in last
    # where the notebook comes from is said to authors, in its metadata, not to learners in a cell
    assert nb["metadata"]["backprop_lab"]["source"] == f"lessons_src/{path.stem}.py"
    text = json.dumps(nb)
    assert "Edit the source" not in json.dumps(nb["cells"])
    stubs, reveals = text.count("# YOUR CODE HERE"), text.count("<details><summary><b>Reveal the solution")
    graded = [c["metadata"].get("nbgrader", {}) for c in nb["cells"]]
    if path.parent.name == "notebooks":
        assert stubs == reveals                 # each blanked exercise can be revealed
        assert "### BEGIN SOLUTION" not in text and not any(graded)
    else:
        assert stubs == reveals == 0
        solutions = [c for c, g in zip(nb["cells"], graded) if g.get("solution")]
        tests = [c for c, g in zip(nb["cells"], graded) if g.get("grade")]
        assert len(solutions) == len(tests) >= 1
        assert all("### BEGIN SOLUTION" in "".join(c["source"]) for c in solutions)
        assert all("_used = check." in "".join(c["source"]) and c["metadata"]["nbgrader"]["locked"]
                   and c["metadata"]["nbgrader"]["points"] > 0 for c in tests)
        grade_ids = [g["grade_id"] for g in graded if g]
        assert len(grade_ids) == len(set(grade_ids)) and all(g["schema_version"] == 3 for g in graded if g)
    ids = [c["id"] for c in nb["cells"]]
    assert len(ids) == len(set(ids))


def test_lesson_map_in_lesson_00_lists_every_lesson():
    text = (ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8")
    for source in (ROOT / "lessons_src").glob("[0-9][0-9]_*.py"):
        assert f"]({source.stem}.ipynb)" in text


def test_section_references_resolve(tmp_path, capsys):
    assert build.unresolved_section_references(sorted((ROOT / "lessons_src").glob("[0-9][0-9]_*.py"))) == []
    (tmp_path / "lessons_src").mkdir()
    lesson = tmp_path / "lessons_src" / "00_a.py"
    lesson.write_text("# %% [markdown]\n# # 00 · A\n# > a\n#\n# ## 1. One\n#\n"
                      "# See section 1, then section 2; lesson 00's section 1; Adam (Kingma and Ba 2015, "
                      "section 7).\n")
    assert build.unresolved_section_references([lesson]) == [
        "lessons_src/00_*.py: 'section 2': lesson 00 has no section 2"]
    assert build.main(check=True, root=tmp_path) == 1          # the build refuses it too
    assert "has no section 2" in capsys.readouterr().out


@pytest.mark.parametrize("path", LEARNER + INSTRUCTOR, ids=lambda p: str(p.relative_to(ROOT)))
def test_first_code_cell_finds_the_package_and_is_no_slide(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "".join(first["source"]) == build.FIND_PACKAGE
    navigation = [c for c in nb["cells"] if "<!-- nav -->" in "".join(c["source"])]
    assert all(c["metadata"]["slideshow"]["slide_type"] == "skip" for c in [first, *navigation])
