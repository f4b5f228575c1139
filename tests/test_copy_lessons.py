import os

from copy_lessons import copy_lessons


def test_copies_new_lessons_and_never_overwrites_yours(tmp_path):
    source, mine = tmp_path / "notebooks", tmp_path / "my_notebooks"
    source.mkdir()
    (source / "00_a.ipynb").write_text("lesson a")
    assert copy_lessons(source, mine) == (["00_a.ipynb"], [])
    (mine / "00_a.ipynb").write_text("my work")
    os.utime(mine / "00_a.ipynb", (1, 1))                  # the lesson is newer than my copy
    (source / "01_b.ipynb").write_text("lesson b")
    assert copy_lessons(source, mine) == (["01_b.ipynb"], ["00_a.ipynb"])
    assert (mine / "00_a.ipynb").read_text() == "my work"
    assert copy_lessons(source, mine)[0] == []
