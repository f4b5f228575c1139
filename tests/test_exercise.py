"""The exercise mechanism: a check judges the learner's code every time it runs, never rebinds
the learner's name, shows its verdict as a word in a coloured box, says where the learner's code
raised, and fails an nbgrader test cell (through stderr) without leaving the cells below
without an implementation."""
import textwrap

import numpy as np
import pytest
import sympy as sp

from backprop_lab import exercise
from backprop_lab.checks import deltas, two_layer, vectorised
from backprop_lab.exercise import CORRECT, TODO, WRONG, Verdict

RIGHT = 'def delta_o1(f, t1):\n    return (f["out_o1"] - t1) * f["out_o1"] * (1 - f["out_o1"])\n'
SIGN = 'def delta_o1(f, t1):\n    return (t1 - f["out_o1"]) * f["out_o1"] * (1 - f["out_o1"])\n'
CHECK_CELL = "delta_o1_used = check.delta_o1(delta_o1)"


def run_cell(namespace, source):
    exec(compile(source, "<cell>", "exec"), namespace)


def verdict_of(capsys):
    return capsys.readouterr().out.split(": ")[1]        # "Exercise 1, delta_o1: Not yet: ..."


def test_the_check_judges_the_cell_above_each_time_it_runs(capsys):
    """The sequence a learner goes through: wrong, check, check again, fix, check, break, check."""
    cells = {"check": two_layer}
    run_cell(cells, SIGN)
    run_cell(cells, CHECK_CELL)
    assert verdict_of(capsys) == "Not yet"
    run_cell(cells, CHECK_CELL)                           # again, nothing changed above
    assert verdict_of(capsys) == "Not yet"
    assert cells["delta_o1_used"] is two_layer.reference_delta_o1
    assert cells["delta_o1"].__code__.co_filename == "<cell>"    # the learner's name is theirs still
    run_cell(cells, RIGHT)
    run_cell(cells, CHECK_CELL)
    assert verdict_of(capsys) == "Correct" and cells["delta_o1_used"] is cells["delta_o1"]
    run_cell(cells, SIGN)
    run_cell(cells, CHECK_CELL)
    assert verdict_of(capsys) == "Not yet" and cells["delta_o1_used"] is two_layer.reference_delta_o1


def test_what_the_cells_below_use_is_said(capsys):
    two_layer.delta_o1(lambda f, t1: 0.0)
    out = capsys.readouterr().out
    assert "`delta_o1_used` is the reference, `backprop_lab.checks.two_layer.reference_delta_o1`" in out
    assert "the reference’s numbers, not yours" in out


@pytest.mark.parametrize("status, word, colour", [(CORRECT, "Correct", "#14632d"),
                                                  (WRONG, "Not yet", "#a1160a"), (TODO, "To do", "#3c4043")])
def test_the_verdict_is_a_word_in_a_coloured_box(status, word, colour):
    box = exercise._html("Exercise 1, f", Verdict(status, "use `x <b>`"), "From here on `f_used`.")
    assert f'<b style="color:{colour}">{word}</b>' in box and f"border-left:6px solid {colour}" in box
    assert "<code>x &lt;b&gt;</code>" in box and "<code>f_used</code>" in box    # escaped, code shown
    assert str(Verdict(status, "m")) == f"{word}: m"


def test_in_a_notebook_the_verdict_is_html_with_plain_text_beside_it(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.get_ipython", lambda: object())
    monkeypatch.setattr("IPython.display.display", lambda data, raw: shown.append(data))
    exercise.show("Exercise 1, f", Verdict(WRONG, "a sign"), "note")
    assert shown[0]["text/plain"] == "Exercise 1, f: Not yet: a sign\n   note"
    assert "Not yet</b>" in shown[0]["text/html"]


def test_under_nbgrader_a_wrong_answer_fails_the_cell_through_stderr(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert two_layer.delta_o1(lambda f, t1: 0.0) is two_layer.reference_delta_o1   # still bound below
    assert "Exercise 1, delta_o1: Not yet" in capsys.readouterr().err
    right = two_layer.reference_delta_o1
    assert two_layer.delta_o1(right) is right and capsys.readouterr().err == ""


def test_without_nbgrader_nothing_goes_to_stderr(monkeypatch, capsys):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    two_layer.delta_o1(lambda f, t1: 0.0)
    assert capsys.readouterr().err == ""


def test_an_exception_is_reported_with_the_learners_line_and_its_shapes():
    namespace = {"np": np}
    run_cell(namespace, textwrap.dedent("""\
        def forward(X, W1, b1, W2, b2):
            Z1 = W1.T @ X + b1
            return Z1, np.tanh(Z1), None, None
        """))
    verdict = vectorised.diagnose_forward(namespace["forward"])
    assert verdict.status == WRONG
    # <cell> has no lines to show here (a notebook's cells do); the error itself is named
    assert "ValueError" in verdict.message and "a matrix product does not fit" in verdict.message


def test_shapes_come_from_the_lessons_own_example(tmp_path):
    source = tmp_path / "cell.py"       # a file, so that the line can be read back, as in a notebook
    source.write_text("def forward(X, W1, b1, W2, b2):\n    Z1 = W1.T @ X + b1\n    return Z1\n")
    namespace = {}
    exec(compile(source.read_text(), str(source), "exec"), namespace)
    verdict = vectorised.diagnose_forward(namespace["forward"])
    assert "`Z1 = W1.T @ X + b1` (line 2)" in verdict.message
    assert "in the lesson’s example: W1 (4, 2), X (2, 400), b1 (4, 1)" in verdict.message


def test_not_attempted_is_to_do():
    def stub(*args):
        raise NotImplementedError()
    assert exercise.attempt(stub)[1].status == TODO


# Lesson 03: a SymPy product that does not fit is explained by the shapes it names.
TANH_PRIME = deltas.Z1.applyfunc(lambda z: 1 - sp.tanh(z) ** 2)


@pytest.mark.parametrize("answer, named, not_named", [
    (lambda W, d, z: (W.T * d) * TANH_PRIME, "multiply_elementwise", "transpose"),     # W.T there
    (lambda W, d, z: (W.T @ d) @ TANH_PRIME, "multiply_elementwise", "transpose"),
    (lambda W, d, z: (W * d).multiply_elementwise(TANH_PRIME), "transpose", "multiply_elementwise"),
    (lambda W, d, z: (W.T * d).multiply_elementwise(TANH_PRIME.T), "same shape", "transpose"),
])
def test_lesson_03_shape_errors_name_the_real_mistake(answer, named, not_named):
    verdict = deltas.diagnose_tanh_hidden_delta(answer)
    hint = verdict.message.split("The arrays on that line")[-1]      # past the learner's own line
    assert verdict.status == WRONG and named in hint and not_named not in hint, verdict.message
