"""Checks for lesson 04: the forward and backward pass of a tanh-sigmoid network over a batch,
with the cross-entropy loss averaged over the m examples."""
import numpy as np

from .. import data, gradcheck
from ..activations import sigmoid, tanh_prime
from ..exercise import CORRECT, WRONG, Verdict, attempt, compare, conclude
from ..mlp import MLP

# A batch where no two usual slips give the same numbers: n0 = 3, n1 = 4, n2 = 1, m = 5.
_rng = np.random.default_rng(4)
X = _rng.normal(size=(3, 5))
Y = np.array([[1.0, 0.0, 0.0, 1.0, 1.0]])
PARAMS = (_rng.normal(size=(4, 3)), _rng.normal(size=(4, 1)), _rng.normal(size=(1, 4)), _rng.normal(size=(1, 1)))
# The same with two output units, where a sum with no axis, or W2.T * dZ2 for W2.T @ dZ2, is no
# longer right by chance (the lesson's network has one).
Y_TWO = np.array([[1.0, 0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 1.0, 1.0, 0.0]])
PARAMS_TWO = PARAMS[:2] + (_rng.normal(size=(2, 4)), _rng.normal(size=(2, 1)))


def lesson_example():
    """The lesson's own arrays: the flower's 400 points and the 2-4-1 network with seed 0.
    A shape error is reported with these shapes, the ones the learner sees in the lesson."""
    X_lesson, labels = data.flower(m=400, seed=1)
    net = MLP([2, 4, 1], hidden="tanh", output="sigmoid", loss="bce", seed=0)
    return X_lesson, labels[None, :], tuple(net.params)


def network(params):
    """The package's MLP with these parameters: the reference for both exercises."""
    net = MLP([params[0].shape[1], params[0].shape[0], params[2].shape[0]],
              hidden="tanh", output="sigmoid", loss="bce")
    for p, value in zip(net.params, params):
        p[...] = value
    return net


def reference_forward(X, W1, b1, W2, b2):
    Zs, As = network((W1, b1, W2, b2)).forward_pass(np.asarray(X, dtype=float))
    return Zs[0], As[1], Zs[1], As[2]


def reference_backward(X, Y, params, cache):
    Z1, A1, Z2, A2 = cache
    return tuple(network(params).backward([Z1, Z2], [X, A1, A2], Y))


def product_hint(error):
    if "matmul" in str(error):
        return ("A @ B needs as many columns in A as rows in B: the table of shapes at the top of "
                "the lesson lists every array's shape.")
    return ""


def _first_wrong(values, expected, mistakes, names, what):
    if not (isinstance(values, (tuple, list)) and len(values) == len(expected)):
        return Verdict(WRONG, f"return the {len(expected)} arrays {what}, "
                              f"not {type(values).__name__}.")
    for k in range(len(expected)):
        verdict = compare(values[k], expected[k], mistakes[k], name=names[k])
        if verdict.status != CORRECT:
            return verdict
    return Verdict(CORRECT, f"{what} all match.")


def diagnose_forward(candidate):
    W1, b1, W2, b2 = PARAMS
    value, failed = attempt(lambda: candidate(X.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy()),
                            example=lambda: candidate(lesson_example()[0], *lesson_example()[2]),
                            hint=product_hint)
    if failed:
        return failed
    Z1, A1, Z2, A2 = reference_forward(X, *PARAMS)
    mistakes = [
        [(W1 @ X, "Z1 has no bias: Z1 = W1 @ X + b1 (b1 is broadcast to every column).")],
        [(Z1, "A1 is Z1: apply the hidden activation, A1 = tanh(Z1)."),
         (sigmoid(Z1), "the hidden layer uses tanh here, not the sigmoid."),
         (np.tanh(W1 @ X), "Z1 has no bias: Z1 = W1 @ X + b1.")],
        [(W2 @ A1, "Z2 has no bias: Z2 = W2 @ A1 + b2."),
         (W2 @ np.tanh(A1) + b2, "tanh was applied twice: Z2 takes A1 as it is."),
         (W2 @ Z1 + b2, "Z2 takes the hidden layer's output A1, not its pre-activation Z1.")],
        [(Z2, "A2 is Z2: the output goes through the sigmoid, A2 = sigmoid(Z2)."),
         (np.tanh(Z2), "the output is a sigmoid (a probability), not tanh."),
         (sigmoid(W2 @ Z1 + b2), "Z2 takes the hidden layer's output A1, not its pre-activation Z1.")],
    ]
    return _first_wrong(value, (Z1, A1, Z2, A2), mistakes, ["Z1", "A1", "Z2", "A2"], "(Z1, A1, Z2, A2)")


def forward(candidate):
    """Check the learner's forward; return what the cells below use."""
    return conclude("Exercise 1, forward", diagnose_forward(candidate), candidate, reference_forward,
                    used="forward_used")


def _grads(dZ2, hidden_delta):
    """(dW1, db1, dW2, db2) from a given dZ2 and a rule dZ1 = hidden_delta(dZ2)."""
    _, A1, _, _ = reference_forward(X, *PARAMS)
    dZ1 = hidden_delta(dZ2)
    return dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True)


def _lesson_backward_inputs():
    X_lesson, Y_lesson, params = lesson_example()
    return X_lesson, Y_lesson, params, reference_forward(X_lesson, *params)


def diagnose_backward(candidate):
    cache = reference_forward(X, *PARAMS)
    Z1, A1, Z2, A2 = cache
    W2 = PARAMS[2]
    value, failed = attempt(lambda: candidate(X.copy(), Y.copy(), tuple(p.copy() for p in PARAMS),
                                              tuple(c.copy() for c in cache)),
                            example=lambda: candidate(*_lesson_backward_inputs()), hint=product_hint)
    if failed:
        return failed
    m = X.shape[1]
    dZ2 = (A2 - Y) / m
    right = _grads(dZ2, lambda d: (W2.T @ d) * (1 - A1 ** 2))
    dZ1 = (W2.T @ dZ2) * (1 - A1 ** 2)
    # Off by m, 1/m or -1: dW2, checked first, is so from dZ2 or its own line; a gradient checked
    # after a right one made from the same dZ2 (or dZ1) is so from its own line (own_line below).
    dW2_scaled = [
        (right[2] * m, "the 1/m is missing: the loss is the average over the m examples, so dZ2 = (A2 - Y) / m."),
        (right[2] / m, "1/m is applied twice: it is in dZ2 = (A2 - Y) / m already, so dW2 = dZ2 @ A1.T "
                       "has no second 1/m."),
        (-right[2], "the sign is flipped: either dZ2 was written (Y - A2) / m for (A2 - Y) / m, or a minus "
                    "slipped into dW2 = dZ2 @ A1.T."),
    ]
    whole = [               # slips in dZ2's formula (any gradient) or in dZ1's factor (dW1 and db1)
        (_grads(dZ2 * A2 * (1 - A2), lambda d: (W2.T @ d) * (1 - A1 ** 2)),
         "dZ2 has an extra factor A2 (1 - A2): that is the squared-error formula. With the "
         "cross-entropy the sigmoid's derivative cancels, leaving dZ2 = (A2 - Y) / m."),
        (_grads(dZ2, lambda d: (W2.T @ d) * tanh_prime(A1)),
         "the derivative was taken at A1 instead of Z1: tanh'(Z1) = 1 - A1**2, "
         "while tanh_prime(A1) = 1 - tanh(A1)**2 is tanh' at the wrong point."),
        (_grads(dZ2, lambda d: W2.T @ d),
         "dZ1 lacks the factor tanh'(Z1) = 1 - A1**2: dZ1 = (W2.T @ dZ2) * (1 - A1**2)."),
        (_grads(dZ2, lambda d: (W2.T @ d) * A1 * (1 - A1)),
         "A1 (1 - A1) is the sigmoid's derivative; the hidden layer is tanh: 1 - A1**2."),
    ]
    formulas = {"dW1": "dZ1 @ X.T", "db1": "np.sum(dZ1, axis=1, keepdims=True)",
                "dW2": "dZ2 @ A1.T", "db2": "np.sum(dZ2, axis=1, keepdims=True)"}

    def own_line(name, value, before):
        formula = f"{name} = {formulas[name]}"
        sign = (f"{name} has the wrong sign while {before} is right: " +
                ("the sign slipped between dZ2 and dW1: dZ1 = (W2.T @ dZ2) * (1 - A1**2) (tanh'(Z1) "
                 "is 1 - A1**2, not A1**2 - 1), and dW1 = dZ1 @ X.T." if name == "dW1" else f"{formula}."))
        return [(value * m, f"{name} lacks the 1/m that {before} has: dZ2 = (A2 - Y) / m holds it, "
                            f"so {formula}" + (", with dZ1 made from that dZ2." if name == "dW1" else ".")),
                (value / m, f"{name} has a second 1/m: dZ2 = (A2 - Y) / m holds it already, so {formula}" +
                            (" (a sum over the examples, not a mean: np.mean divides by m again)."
                             if name.startswith("db") else ", and dZ1 = (W2.T @ dZ2) * (1 - A1**2), neither "
                                                           "with a 1/m of its own.")),
                (-value, sign)]

    def axis_slips(dZ, name, units):
        """The slips in db = np.sum(dZ, axis=1, keepdims=True), by kind."""
        dz = name[1:].replace("b", "dZ")
        no_axis = (f"{name} = np.sum({dz}) with no axis adds over the {units} units as well as the "
                   "examples (the bug in the deeplearning.ai assignment's code shown below): use axis=1, "
                   "keepdims=True.")
        return {
            "no axis": (np.sum(dZ), no_axis),
            "no axis, keepdims": (np.sum(dZ, keepdims=True), no_axis),
            "not summed": (dZ, f"{name} has shape {dZ.shape}, one column per example: sum {dz} over the "
                               "examples, axis=1, keepdims=True."),
            "axis 0": (dZ.sum(axis=0, keepdims=True), f"{name} was summed over axis 0 (the units); sum over "
                                                      "axis=1, the examples."),
            "axis 0, no keepdims": (dZ.sum(axis=0), f"{name} was summed over axis 0 (the units); sum over "
                                                    "axis=1, the examples, with keepdims=True."),
            "no keepdims": (dZ.sum(axis=1), f"{name} has shape ({dZ.shape[0]},): keepdims=True keeps it a "
                                            f"column ({dZ.shape[0]}, 1), the shape of the bias it updates."),
        }
    per_grad = [[(w[k], e) for w, e in whole] for k in range(4)]
    per_grad[2] = dW2_scaled + per_grad[2]
    for k, name, before in ((3, "db2", "dW2"), (0, "dW1", "dW2"), (1, "db1", "dW1")):
        per_grad[k] = own_line(name, right[k], before) + per_grad[k]
    db2_slips = axis_slips(dZ2, "db2", "output")
    # one output unit: np.sum(dZ2) is the right number in the wrong shape, and dZ2 summed over
    # axis 0 with keepdims is dZ2 itself, not summed at all
    db2_slips["no axis"] = (np.sum(dZ2), "db2 = np.sum(dZ2) with no axis: the number is right here, with "
                                         "one output unit, but its shape is () instead of (1, 1), and with "
                                         "several units it would add over them too. Use axis=1, keepdims=True.")
    db2_slips["not summed"] = (dZ2, f"db2 has shape {dZ2.shape}, one column per example: it was not summed "
                                    "over the examples, or summed over axis 0, the units (of which there is "
                                    "one, so that changes nothing). Use np.sum(dZ2, axis=1, keepdims=True).")
    per_grad[1] += axis_slips(dZ1, "db1", "hidden").values()
    per_grad[3] += db2_slips.values()
    if not (isinstance(value, (tuple, list)) and len(value) == 4):
        return Verdict(WRONG, f"return the 4 arrays (dW1, db1, dW2, db2), not {type(value).__name__}.")
    order = [2, 3, 0, 1]        # backprop order: the output layer's gradients first
    verdict = _first_wrong([value[k] for k in order], [right[k] for k in order],
                           [per_grad[k] for k in order], ["dW2", "db2", "dW1", "db1"],
                           "(dW1, db1, dW2, db2)")
    return _with_two_outputs(candidate) if verdict.status == CORRECT else verdict


def _with_two_outputs(candidate):
    """The verdict on a backward that is right with one output unit: is it with two?"""
    cache = reference_forward(X, *PARAMS_TWO)
    value, failed = attempt(lambda: candidate(X.copy(), Y_TWO.copy(), tuple(p.copy() for p in PARAMS_TWO),
                                              tuple(c.copy() for c in cache)))
    right = reference_backward(X, Y_TWO, PARAMS_TWO, cache)
    if failed is not None:
        wrong = failed.message.rstrip(".")
    elif not (isinstance(value, (tuple, list)) and len(value) == 4):
        wrong = f"it returned {type(value).__name__}, not the 4 arrays"
    else:
        names = [n for n, v, r in zip(("dW1", "db1", "dW2", "db2"), value, right) if compare(v, r).status != CORRECT]
        if not names:
            return Verdict(CORRECT, "(dW1, db1, dW2, db2) all match, with one output unit and with two.")
        wrong = "its gradients are not right: " + ", ".join(names)
    return Verdict(WRONG, "right with the lesson's one output unit, but not with two, where " + wrong +
                          ". Something treats the output layer as a single unit, such as np.sum(dZ2, "
                          "keepdims=True) with no axis (it adds over the units too), or W2.T * dZ2 where "
                          "W2.T @ dZ2 is meant.")


def backward(candidate):
    """Check the learner's backward; return what the cells below use."""
    return conclude("Exercise 2, backward", diagnose_backward(candidate), candidate, reference_backward,
                    used="backward_used")



def gradient_check_backward(candidate, net, X, Y):
    """Gradient-check the learner's own backward (never the reference) at net's parameters on
    the batch (X, Y); a line of text saying what was found."""
    params = tuple(net.params)
    grads, failed = attempt(lambda: candidate(X, Y, params, reference_forward(X, *params)))
    if failed:
        return f"your backward: {failed}"
    if not (isinstance(grads, (tuple, list)) and len(grads) == 4):
        return f"your backward returned {type(grads).__name__}, not the 4 arrays (dW1, db1, dW2, db2)."
    try:
        error, _ = gradcheck.check_gradients(lambda: net.loss_and_grads(X, Y)[0], net.params, grads)
    except (TypeError, ValueError) as error:
        return f"your backward's gradients cannot be compared with the parameters: {error}"
    judged = "right" if error < 1e-7 else "wrong: gradient checking caught it"
    return f"your backward: relative error {error:.2e} ({judged})"
