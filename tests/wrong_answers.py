"""One typical wrong answer per lesson, written as a learner would, and what its check must say."""
from dataclasses import dataclass


@dataclass(frozen=True)
class WrongAnswer:
    name: str       # the function or class the exercise defines
    body: str       # what the learner wrote where `raise NotImplementedError()` was
    hint: str       # words the check's verdict must contain


WRONG_ANSWERS = {
    "00_start_here": WrongAnswer("weighted_sum", "return float(np.dot(w, x))", "the bias b is missing"),
    "01_single_neuron": WrongAnswer("sigmoid_prime", "return 1 / (1 + np.exp(-z))", "sigmoid(z) itself"),
    "02_two_layer_by_hand": WrongAnswer(
        "delta_o1", 'return (t1 - f["out_o1"]) * f["out_o1"] * (1 - f["out_o1"])', "the sign is flipped"),
    "03_deriving_deltas_with_sympy": WrongAnswer(     # W.T is there; * is SymPy's matrix product
        "tanh_hidden_delta", "return (W.T * delta_next) * z.applyfunc(lambda v: 1 - sp.tanh(v) ** 2)",
        "multiply_elementwise"),
    "04_vectorised_backprop": WrongAnswer(
        "forward", "Z1 = W1 @ X\nA1 = np.tanh(Z1)\nZ2 = W2 @ A1 + b2\nA2 = activations.sigmoid(Z2)\n"
                   "return Z1, A1, Z2, A2", "Z1 has no bias"),
    "05_optimizers": WrongAnswer(
        "MyMomentum", "if self.b is None:\n    self.b = [np.zeros_like(p) for p in params]\n"
                      "for p, g, b in zip(params, grads, self.b):\n    b *= self.momentum\n"
                      "    b += (1 - self.momentum) * g\n    p -= self.lr * b", "moving-average form"),
    "06_backprop_through_time": WrongAnswer(         # the delta from h_{t+1} forgotten
        "bptt", "dy = p.copy()\ndy[targets[t]] -= 1\ndy /= T\ndW_hy += dy @ h.T\ndb_y += dy\n"
                "dh = W_hy.T @ dy\ndelta = dh * (1 - h ** 2)\ndW_xh += delta @ x.T\n"
                "dW_hh += delta @ h_prev.T\ndb_h += delta", "the delta from h_{t+1} is missing"),
    "07_training_well_on_digits": WrongAnswer(       # inverted dropout without its 1/(1 - p)
        "dropout_forward", "if not training:\n    return A, np.ones_like(A)\n"
                           "mask = (rng.random(A.shape) >= p) * 1.0\nreturn A * mask, mask", "1/(1 - p)"),
}


def indented(body, indent):
    return "\n".join(indent + line for line in body.split("\n"))


def fill_stub(source, body):
    """A learner's exercise cell with `raise NotImplementedError()` replaced by body."""
    lines = source.split("\n")
    k = next(i for i, line in enumerate(lines) if line.strip() == "raise NotImplementedError()")
    indent = lines[k][: len(lines[k]) - len(lines[k].lstrip())]
    return "\n".join(lines[:k] + [indented(body, indent)] + lines[k + 1:])


def replace_solution(source, body):
    """An instructor's exercise cell with its solution region replaced by body."""
    lines = source.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip() == "### BEGIN SOLUTION")
    end = next(i for i, line in enumerate(lines) if line.strip() == "### END SOLUTION")
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    return "\n".join(lines[:start] + [indented(body, indent)] + lines[end + 1:])


def exercise_cell(nb, name):
    """The index of the cell that defines name as an exercise."""
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                and (f"def {name}(" in c.source or f"class {name}" in c.source)
                and ("raise NotImplementedError()" in c.source or "### BEGIN SOLUTION" in c.source))
