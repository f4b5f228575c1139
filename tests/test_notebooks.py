"""Every notebook executes top to bottom in a fresh kernel; learners see which parts use the
reference while an exercise is to do, instructors see every check say Correct."""
import pytest

from conftest import ROOT
from run_notebooks import run

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))


def shown(nb):
    """All the text a notebook shows: printed, and the plain-text side of displayed outputs."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            parts.append(out.get("text", "") + out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_clean(path):
    nb = run(path)       # raises, with the failing cell, if any cell raised
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors
    text = shown(nb)
    checks = sum(1 for c in nb.cells if c.cell_type == "code" and "_used = check." in c.source)
    assert checks >= 1, "every lesson has an exercise"
    assert "Not yet:" not in text, text
    if path.parent.name == "solutions":
        assert text.count("_used` is your") == checks and "To do:" not in text
    else:       # each check says what is to do, and that the cells below use the reference
        assert text.count("To do: not attempted yet") >= checks
        assert text.count("_used` is the reference") == checks
