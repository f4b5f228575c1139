"""Every notebook executes top to bottom in a fresh kernel; learners see which parts used the
reference implementation, instructors see every check pass."""
import pytest

from conftest import ROOT
from run_notebooks import run

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))


def printed(nb):
    return "".join(out.get("text", "") for cell in nb.cells if cell.cell_type == "code"
                   for out in cell.get("outputs", []) if out.get("output_type") == "stream")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_clean(path):
    nb = run(path)       # raises, with the failing cell, if any cell raised
    errors = [out for cell in nb.cells for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors
    text = printed(nb)
    exercises = sum(c.source.startswith("<details><summary><b>Reveal the solution") for c in nb.cells)
    assert "❌" not in text, text
    if path.parent.name == "solutions":
        assert "✏️" not in text and "reference implementation" not in text
    else:
        assert text.count("✏️ Not attempted yet") >= exercises
        assert text.count("use the reference implementation") >= exercises
