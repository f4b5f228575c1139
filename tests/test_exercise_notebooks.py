"""In built learner notebooks, as a learner uses them: an exercise answered wrong, the notebook
run up to its check, then the check run a second time. Both times the verdict is "Not yet" with
the same hint; a shape error names the learner's line and the shapes of the lesson's arrays."""
import shutil

import nbclient
import nbformat
import pytest

from conftest import ROOT
from wrong_answers import WRONG_ANSWERS, exercise_cell, fill_stub


def shown(cell):
    return "".join(out.get("text", "") + out.get("data", {}).get("text/plain", "") for out in cell.outputs)


def verdicts_twice(lesson, name, body, folder):
    """The check's verdict after the learner's cell holds body: run once, then run again."""
    shutil.copy(ROOT / "notebooks" / f"{lesson}.ipynb", folder)
    nb = nbformat.read(folder / f"{lesson}.ipynb", as_version=4)
    k = exercise_cell(nb, name)
    nb.cells[k].source = fill_stub(nb.cells[k].source, body)
    check = next(i for i in range(k + 1, len(nb.cells)) if "_used = check." in nb.cells[i].source)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})
    verdicts = []
    with client.setup_kernel():
        for index in range(check + 1):
            client.execute_cell(nb.cells[index], index)
        verdicts.append(shown(nb.cells[check]))
        client.execute_cell(nb.cells[check], check)
        verdicts.append(shown(nb.cells[check]))
    return verdicts


@pytest.mark.parametrize("lesson", sorted(WRONG_ANSWERS))
def test_a_wrong_answer_stays_not_yet_when_its_check_runs_again(lesson, tmp_path):
    wrong = WRONG_ANSWERS[lesson]
    for verdict in verdicts_twice(lesson, wrong.name, wrong.body, tmp_path):
        assert ": Not yet: " in verdict and wrong.hint in verdict, verdict
        assert "is the reference" in verdict


def test_a_shape_error_names_the_learners_line_and_the_lessons_shapes(tmp_path):
    body = "Z1 = W1.T @ X + b1\nA1 = np.tanh(Z1)\nZ2 = W2 @ A1 + b2\nreturn Z1, A1, Z2, activations.sigmoid(Z2)"
    for verdict in verdicts_twice("04_vectorised_backprop", "forward", body, tmp_path):
        assert "raised ValueError at `Z1 = W1.T @ X + b1` (line 3)" in verdict, verdict
        assert "in the lesson’s example: W1 (4, 2), X (2, 400), b1 (4, 1)" in verdict
