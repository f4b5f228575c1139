"""How an exercise is checked: run the learner's code, compare, name the mistake, show a verdict.

In a lesson, the cell after the learner's function is

    delta_o1_used = check.delta_o1(delta_o1)

The check runs the learner's function every time, shows a verdict (Correct, Not yet or To do)
and returns what the cells below use, under a name of its own: the learner's function when it
is right, the reference otherwise. The learner's own name is never rebound, so running the
check again judges the code in the learner's cell again, never the reference.

While nbgrader grades (it sets NBGRADER_EXECUTION), a verdict other than Correct is also
written to stderr, which nbgrader counts as a failed test cell: the exercise scores 0, and the
cells below still get `..._used`, so one wrong answer costs that exercise's points only.
"""
import html
import linecache
import os
import re
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CORRECT, WRONG, TODO = "correct", "wrong", "todo"
WORD = {CORRECT: "Correct", WRONG: "Not yet", TODO: "To do"}
# (text colour, background): the word says it too, so colour is never the only sign.
COLOURS = {CORRECT: ("#14632d", "#e3f3e7"), WRONG: ("#a1160a", "#fde8e6"), TODO: ("#3c4043", "#eceff1")}
_NOT_LEARNER = (str(Path(__file__).resolve().parent), sysconfig.get_paths()["stdlib"],
                sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"])


@dataclass(frozen=True)
class Verdict:
    status: str   # CORRECT, WRONG or TODO
    message: str  # the explanation; the word (Correct, Not yet, To do) is added when shown

    def __str__(self):
        return f"{WORD[self.status]}: {self.message}"


TODO_VERDICT = Verdict(TODO, "not attempted yet: replace `raise NotImplementedError()` with your code.")


def _learner_frame(error):
    """(frame, line number) of the deepest frame of the traceback that is the learner's code,
    not the package's, the standard library's or an installed library's; None if none is."""
    found, tb = None, error.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if not name.startswith("<frozen") and not any(name.startswith(p) for p in _NOT_LEARNER):
            found = tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next
    return found


def _shapes_on(line, frame):
    """'W1 (4, 2), X (2, 400)': the arrays named on a line of code, with their shapes."""
    seen, out = set(), []
    for name in re.findall(r"[A-Za-z_]\w*", line):
        value = frame.f_locals.get(name, frame.f_globals.get(name))
        if name not in seen and isinstance(getattr(value, "shape", None), tuple):
            seen.add(name)
            out.append(f"{name} {tuple(value.shape)}")
    return ", ".join(out)


def is_shape_error(error):
    text = str(error)
    return type(error).__name__ == "ShapeError" or (
        isinstance(error, ValueError) and any(w in text for w in ("shape", "matmul", "broadcast", "size")))


def describe_error(error, in_lesson=False):
    """What the learner's code raised, where (the line), and for a shape error the shapes there."""
    where, shapes = "", ""
    found = _learner_frame(error)
    if found:
        frame, lineno = found
        line = linecache.getline(frame.f_code.co_filename, lineno).strip()
        if line:
            where = f" at `{line}` (line {lineno})"
            if is_shape_error(error):
                shapes = _shapes_on(line, frame)
    said = str(error).strip()
    gufunc = re.search(r"^matmul: .*\((size \d+ is different from \d+)\)$", said)
    if gufunc:        # NumPy's words for a product that does not fit, shortened
        said = f"matmul: a matrix product does not fit ({gufunc.group(1)})"
    text = f"your code raised {type(error).__name__}{where}: {said.rstrip('.')}."
    if shapes:
        text += f" The arrays on that line{', in the lesson’s example' if in_lesson else ''}: {shapes}."
    return text


def attempt(call, example=None, hint=None):
    """Run call() (the learner's code on the check's inputs); return (value, None), or
    (None, Verdict) when it was not attempted or raised. example, if given, runs the learner's
    code on the lesson's own arrays: a shape error is then reported with the lesson's shapes.
    hint(error), if given, adds what the error means for this exercise."""
    try:
        return call(), None
    except NotImplementedError:
        return None, TODO_VERDICT
    except Exception as error:  # a learner's code can fail in any way; say how and where
        text = describe_error(error)
        if example is not None and is_shape_error(error):
            try:
                example()
            except Exception as in_lesson:  # noqa: BLE001
                if is_shape_error(in_lesson):
                    error, text = in_lesson, describe_error(in_lesson, in_lesson=True)
        extra = hint(error) if hint else ""
        return None, Verdict(WRONG, f"{text} {extra}".strip())


def close(a, b, rtol=1e-6, atol=1e-9):
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def compare(value, expected, mistakes=(), name="your answer"):
    """Verdict for value against expected.

    mistakes is a sequence of (wrong_value, explanation): the values that the usual
    slips give for the same inputs. The first one value matches names the slip.
    """
    if value is None:
        return Verdict(WRONG, f"{name} is None: is the `return` missing?")
    try:
        got = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return Verdict(WRONG, f"{name} should be a number or an array, not {type(value).__name__}.")
    want = np.asarray(expected, dtype=float)
    if close(got, want):
        return Verdict(CORRECT, f"{name} matches.")
    for wrong, explanation in mistakes:
        if close(got, wrong):
            return Verdict(WRONG, explanation)
    if got.shape != want.shape:
        if got.T.shape == want.shape and close(got.T, want):
            return Verdict(WRONG, f"{name} is transposed: its shape is {got.shape}, expected {want.shape}.")
        return Verdict(WRONG, f"{name} has shape {got.shape}; expected {want.shape}.")
    worst = np.unravel_index(np.argmax(np.abs(got - want)), want.shape) if want.shape else ()
    return Verdict(WRONG, f"{name} differs from the right value (got {got[worst]:.6g} where "
                          f"{want[worst]:.6g} was expected). None of the usual slips explains it: "
                          "go through it step by step.")


def _html(title, verdict, note):
    colour, background = COLOURS[verdict.status]
    return (f'<div style="border-left:6px solid {colour};background:{background};color:#202124;'
            f'padding:6px 10px;margin:4px 0;line-height:1.45">'
            f'<b style="color:{colour}">{WORD[verdict.status]}</b> · {html.escape(title)}: '
            f'{_code_spans(verdict.message)}<br><span style="font-size:0.92em">{_code_spans(note)}</span></div>')


def _code_spans(text):
    """Escape text for HTML and show `code` as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def show(title, verdict, note=""):
    """Show a verdict: a coloured box in a notebook, plain text elsewhere."""
    text = f"{title}: {verdict}" + (f"\n   {note}" if note else "")
    try:
        from IPython import get_ipython
        from IPython.display import display
        in_notebook = get_ipython() is not None
    except ImportError:
        in_notebook = False
    if in_notebook:
        display({"text/plain": text, "text/html": _html(title, verdict, note)}, raw=True)
    else:
        print(text)
    if verdict.status != CORRECT and os.environ.get("NBGRADER_EXECUTION"):
        print(f"{title}: {verdict}", file=sys.stderr)    # nbgrader: this test cell fails


def conclude(title, verdict, yours, reference, used):
    """Show the verdict of exercise `title`; return what `used` names from here on: yours when
    the verdict is Correct, the reference otherwise."""
    name = getattr(yours, "__name__", "function")
    if verdict.status == CORRECT:
        show(title, verdict, f"From here on `{used}` is your `{name}`.")
        return yours
    where = f"{reference.__module__}.{reference.__qualname__}"
    show(title, verdict, f"From here on `{used}` is the reference, `{where}`: the cells below show "
                         "the reference’s numbers, not yours, until this check says Correct.")
    return reference
