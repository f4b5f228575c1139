"""Checks for lesson 02: dE/dw5, delta_o1 and dE/dw1 of the 2-2-2 network.

Each answer is a function of the forward-pass values f (the dict of two_layer.forward).
It is run on the lesson's network and on a second one with other numbers, so that a
hard-coded number does not pass and no two of the usual slips give the same values.
"""
import numpy as np

from .. import two_layer
from ..exercise import attempt, compare, conclude

# The lesson's network, and a second one where every slip gives its own numbers.
NETWORKS = [
    (two_layer.WEIGHTS, two_layer.BIASES, two_layer.INPUTS, two_layer.TARGETS),
    ({"w1": 0.7, "w2": -0.3, "w3": 0.2, "w4": 0.9, "w5": -0.6, "w6": 0.35, "w7": 0.8, "w8": -0.45},
     {"b1": 0.1, "b2": -0.2}, (0.6, -0.4), (0.2, 0.7)),
]


def _sigmoid_prime_of(x):
    s = two_layer.sigmoid(x)
    return s * (1 - s)


def reference_delta_o1(f, t1):
    return (f["out_o1"] - t1) * f["out_o1"] * (1 - f["out_o1"])


def reference_dE_dw5(f, t1):
    return reference_delta_o1(f, t1) * f["out_h1"]


def reference_dE_dw1(f, weights, inputs, targets):
    delta_o1, delta_o2 = two_layer.output_deltas(f, targets)
    delta_h1, _ = two_layer.hidden_deltas(f, delta_o1, delta_o2, weights)
    return delta_h1 * inputs[0]


def _collect(call):
    """Run call(f, network) on each network; return (values, None) or (None, verdict)."""
    def run_all():
        values = []
        for w, b, i, t in NETWORKS:
            f = two_layer.forward(w, b, i, t)
            value = call(dict(f), dict(w), tuple(i), tuple(t))
            if value is None:
                return None                   # compare() then asks about a missing return
            values.append(value)
        return values
    return attempt(run_all)


def _on_each(formula):
    """The values that formula(f, w, i, t) gives on each network."""
    out = []
    for w, b, i, t in NETWORKS:
        out.append(formula(two_layer.forward(w, b, i, t), w, i, t))
    return np.array(out)


def _output_mistakes(with_out_h1):
    """(formula, explanation) of the usual slips for delta_o1, times out_h1 for dE/dw5."""
    x = (lambda f: f["out_h1"]) if with_out_h1 else (lambda f: 1.0)
    o, n = (lambda f: f["out_o1"]), (lambda f: f["net_o1"])
    slips = [
        (lambda f, t: -(o(f) - t) * o(f) * (1 - o(f)) * x(f),
         "the sign is flipped. It slips in at dE/dout_o1 (it is -(t1 - out_o1) = out_o1 - t1, not "
         "t1 - out_o1), at sigma' (out_o1 (1 - out_o1), not out_o1 (out_o1 - 1)), or as a minus "
         "elsewhere in the product."),
        (lambda f, t: (o(f) - t) * x(f),
         "sigma' is forgotten: the chain rule needs dout_o1/dnet_o1 = out_o1 (1 - out_o1) as a factor."),
        (lambda f, t: (o(f) - t) * n(f) * (1 - n(f)) * x(f),
         "sigma' was taken at net instead of out: out(1 - out) must be computed with "
         "out_o1 = sigma(net_o1), not with net_o1 (or use sigmoid'(net_o1))."),
        (lambda f, t: (o(f) - t) * _sigmoid_prime_of(o(f)) * x(f),
         "sigmoid' was applied to out_o1: sigmoid'(net_o1) = out_o1 (1 - out_o1), "
         "so apply sigmoid' to net_o1, or use out(1 - out) directly."),
        (lambda f, t: 0.5 * (t - o(f)) ** 2 * x(f),
         "that is the error E_o1 itself, not its derivative dE/dout_o1 = out_o1 - t1."),
    ]
    if with_out_h1:
        slips += [
            (lambda f, t: (o(f) - t) * o(f) * (1 - o(f)),
             "that is delta_o1; dE/dw5 needs one more factor, dnet_o1/dw5 = out_h1."),
            (lambda f, t: (o(f) - t) * o(f) * (1 - o(f)) * f["net_h1"],
             "dnet_o1/dw5 is out_h1 (what w5 multiplies), not net_h1."),
            (lambda f, t: (o(f) - t) * o(f) * (1 - o(f)) * f["out_h2"],
             "w5 multiplies out_h1, not out_h2: dnet_o1/dw5 = out_h1."),
        ]
    else:
        slips.append((lambda f, t: (o(f) - t) * o(f) * (1 - o(f)) * f["out_h1"],
                      "that is dE/dw5 = delta_o1 * out_h1: delta_o1 stops at net_o1, without out_h1."))
    return [(_on_each(lambda f, w, i, t, s=s: s(f, t[0])), why) for s, why in slips]


def _diagnose_output(candidate, reference, with_out_h1, name):
    """candidate(f, t1) against reference(f, t1) on every network, naming the output-layer slips."""
    values, failed = _collect(lambda f, w, i, t: candidate(f, t[0]))
    if failed:
        return failed
    expected = _on_each(lambda f, w, i, t: reference(f, t[0]))
    return compare(values, expected, _output_mistakes(with_out_h1=with_out_h1), name=name)


def diagnose_delta_o1(candidate):
    return _diagnose_output(candidate, reference_delta_o1, False, "delta_o1(f, t1)")


def diagnose_dE_dw5(candidate):
    return _diagnose_output(candidate, reference_dE_dw5, True, "dE_dw5(f, t1)")


def _hidden_slip(upstream, hidden_factor=None, x=lambda f, i: i[0], sign=1):
    """dE/dw1 computed as sign * upstream(f, w, t) * hidden_factor(f) * x(f, i)."""
    hidden_factor = hidden_factor or (lambda f: f["out_h1"] * (1 - f["out_h1"]))
    return lambda f, w, i, t: sign * upstream(f, w, t) * hidden_factor(f) * x(f, i)


def _deltas(f, t):
    return two_layer.output_deltas(f, t)


def _updated(w, f, t, lr=two_layer.LEARNING_RATE):
    """w5..w8 after their update: what a slip uses in place of the weights of the forward pass."""
    d1, d2 = _deltas(f, t)
    return {"w5": w["w5"] - lr * d1 * f["out_h1"], "w6": w["w6"] - lr * d1 * f["out_h2"],
            "w7": w["w7"] - lr * d2 * f["out_h1"], "w8": w["w8"] - lr * d2 * f["out_h2"]}


def _hidden_mistakes():
    both = lambda f, w, t: _deltas(f, t)[0] * w["w5"] + _deltas(f, t)[1] * w["w7"]   # noqa: E731
    slips = [
        (_hidden_slip(both, sign=-1), "the sign is flipped: each delta is (out - t) times sigma' = "
                                      "out (1 - out), and dE/dw1 = delta_h1 * i1 with that sign. Look "
                                      "for t - out instead of out - t, out (out - 1) instead of "
                                      "out (1 - out), or a minus on another factor."),
        (_hidden_slip(lambda f, w, t: _deltas(f, t)[0] * w["w5"]),
         "only one path was counted: w1 reaches E through o1 (via w5) AND through o2 (via w7); "
         "dE/dout_h1 = delta_o1 w5 + delta_o2 w7."),
        (_hidden_slip(lambda f, w, t: _deltas(f, t)[1] * w["w7"]),
         "only one path was counted (the one through o2): add delta_o1 w5, the path through o1."),
        (_hidden_slip(lambda f, w, t: _deltas(f, t)[0] * _updated(w, f, t)["w5"] + _deltas(f, t)[1] * w["w7"]),
         "the updated w5 was used in the hidden delta: backpropagate through the weights the forward "
         "pass used, and update all weights only after every gradient is computed."),
        (_hidden_slip(lambda f, w, t: sum(_deltas(f, t)[k] * _updated(w, f, t)[n] for k, n in ((0, "w5"), (1, "w7")))),
         "the updated w5 and w7 were used in the hidden delta: backpropagate through the weights the "
         "forward pass used, and update all weights only after every gradient is computed."),
        (_hidden_slip(both, hidden_factor=lambda f: 1.0),
         "sigma' of h1 is forgotten: multiply by dout_h1/dnet_h1 = out_h1 (1 - out_h1)."),
        (_hidden_slip(both, hidden_factor=lambda f: f["net_h1"] * (1 - f["net_h1"])),
         "sigma' was taken at net instead of out: out(1 - out) must be computed with "
         "out_h1 = sigma(net_h1), not with net_h1 (or use sigmoid'(net_h1))."),
        (_hidden_slip(both, hidden_factor=lambda f: _sigmoid_prime_of(f["out_h1"])),
         "sigmoid' was applied to out_h1: sigmoid'(net_h1) = out_h1 (1 - out_h1)."),
        (_hidden_slip(lambda f, w, t: (f["out_o1"] - t[0]) * w["w5"] + (f["out_o2"] - t[1]) * w["w7"]),
         "the outputs' sigma' is forgotten: use the deltas delta_o = (out_o - t) out_o (1 - out_o), "
         "not just out_o - t."),
        (_hidden_slip(lambda f, w, t: _deltas(f, t)[0] * w["w6"] + _deltas(f, t)[1] * w["w8"]),
         "w6 and w8 leave h2, not h1: out_h1 reaches o1 through w5 and o2 through w7."),
        (_hidden_slip(both, x=lambda f, i: i[1]), "w1 multiplies i1, not i2: dnet_h1/dw1 = i1."),
        (_hidden_slip(both, x=lambda f, i: 1.0), "the last factor dnet_h1/dw1 = i1 is missing: "
                                                 "that is delta_h1 itself."),
    ]
    return [(_on_each(s), why) for s, why in slips]


def diagnose_dE_dw1(candidate):
    values, failed = _collect(lambda f, w, i, t: candidate(f, w, i, t))
    if failed:
        return failed
    expected = _on_each(reference_dE_dw1)
    return compare(values, expected, _hidden_mistakes(), name="dE_dw1(f, weights, inputs, targets)")


def delta_o1(candidate):
    """Check the learner's delta_o1(f, t1); return what the cells below use."""
    return conclude("Exercise 1, delta_o1", diagnose_delta_o1(candidate), candidate, reference_delta_o1,
                    used="delta_o1_used")


def dE_dw5(candidate):
    """Check the learner's dE_dw5(f, t1); return what the cells below use."""
    return conclude("Exercise 2, dE_dw5", diagnose_dE_dw5(candidate), candidate, reference_dE_dw5,
                    used="dE_dw5_used")


def dE_dw1(candidate):
    """Check the learner's dE_dw1(f, weights, inputs, targets); return what the cells below use."""
    return conclude("Exercise 3, dE_dw1", diagnose_dE_dw1(candidate), candidate, reference_dE_dw1,
                    used="dE_dw1_used")
