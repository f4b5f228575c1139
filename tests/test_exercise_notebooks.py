"""In each built learner notebook: an exercise answered wrong, the notebook run up to its check,
then the check run a second time. Both times the verdict is "Not yet" with the same hint."""
import shutil

import nbclient
import nbformat
import pytest

from conftest import ROOT
from wrong_answers import WRONG_ANSWERS, exercise_cell, fill_stub


def shown(cell):
    return "".join(out.get("text", "") + out.get("data", {}).get("text/plain", "") for out in cell.outputs)


@pytest.mark.parametrize("lesson", sorted(WRONG_ANSWERS))
def test_a_wrong_answer_stays_not_yet_when_its_check_runs_again(lesson, tmp_path):
    wrong = WRONG_ANSWERS[lesson]
    shutil.copy(ROOT / "notebooks" / f"{lesson}.ipynb", tmp_path)
    nb = nbformat.read(tmp_path / f"{lesson}.ipynb", as_version=4)
    k = exercise_cell(nb, wrong.name)
    nb.cells[k].source = fill_stub(nb.cells[k].source, wrong.body)
    check = next(i for i in range(k + 1, len(nb.cells)) if "_used = check." in nb.cells[i].source)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    verdicts = []
    with client.setup_kernel():
        for index in range(check + 1):
            client.execute_cell(nb.cells[index], index)
        verdicts.append(shown(nb.cells[check]))
        client.execute_cell(nb.cells[check], check)
        verdicts.append(shown(nb.cells[check]))
    for verdict in verdicts:
        assert ": Not yet: " in verdict and wrong.hint in verdict, verdict
        assert "is the reference" in verdict
