"""The 2-2-2 network worked by hand in lesson 02, written one scalar formula at a time.

Inputs i1, i2; hidden neurons h1, h2; outputs o1, o2; sigmoid everywhere:

    net_h1 = w1*i1 + w2*i2 + b1        net_o1 = w5*out_h1 + w6*out_h2 + b2
    net_h2 = w3*i1 + w4*i2 + b1        net_o2 = w7*out_h1 + w8*out_h2 + b2
    out_x  = sigmoid(net_x)            E_total = 1/2 (t1 - out_o1)^2 + 1/2 (t2 - out_o2)^2

A delta is dE_total/dnet of a neuron. As in the classic example, b1 is shared by h1 and h2,
b2 by o1 and o2, and only the weights are trained unless asked otherwise.
"""
import math
from numbers import Real


INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)
WEIGHTS = {"w1": 0.15, "w2": 0.20, "w3": 0.25, "w4": 0.30,
           "w5": 0.40, "w6": 0.45, "w7": 0.50, "w8": 0.55}
BIASES = {"b1": 0.35, "b2": 0.60}
LEARNING_RATE = 0.5

HIDDEN_WEIGHTS, OUTPUT_WEIGHTS = ("w1", "w2", "w3", "w4"), ("w5", "w6", "w7", "w8")
FORWARD_KEYS = ("net_h1", "out_h1", "net_h2", "out_h2", "net_o1", "out_o1", "net_o2", "out_o2",
                "E_o1", "E_o2", "E_total")
DELTA_KEYS = ("delta_o1", "delta_o2", "delta_h1", "delta_h2")


def sigmoid(x):
    """1 / (1 + e^-x) for one number, the same two branches as activations.sigmoid (no overflow)."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# ---------------------------------------------------------------- checking what comes in
def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} should be a real number, not {type(value).__name__} ({value!r})")
    if not math.isfinite(value):
        raise ValueError(f"{name} is {value}: every number of the network must be finite")
    return float(value)


def _named(kind, given, names):
    if not isinstance(given, dict):
        raise TypeError(f"{kind} should be a dict with keys {', '.join(names)}, not {type(given).__name__}")
    missing, extra = [n for n in names if n not in given], sorted(set(given) - set(names))
    if missing or extra:
        raise ValueError(f"{kind} should have exactly the keys {', '.join(names)}; "
                         f"missing {missing or 'none'}, unexpected {extra or 'none'}")
    return {n: _number(n, given[n]) for n in names}


def _pair(kind, given):
    if not isinstance(given, (tuple, list)) or len(given) != 2:
        raise ValueError(f"{kind} should be a pair of two numbers, got {given!r}")
    return tuple(_number(f"{kind}[{k}]", v) for k, v in enumerate(given))


def _rate(lr):
    lr = _number("the learning rate", lr)
    if lr < 0:
        raise ValueError(f"the learning rate is {lr}: it must be >= 0 (a negative one climbs the error)")
    return lr


def _checked(weights, biases, inputs, targets):
    return (_named("weights", weights, tuple(WEIGHTS)), _named("biases", biases, tuple(BIASES)),
            _pair("inputs", inputs), _pair("targets", targets))


# ---------------------------------------------------------------- the forward pass
def forward(weights=WEIGHTS, biases=BIASES, inputs=INPUTS, targets=TARGETS):
    """Every quantity of the forward pass, in the order it is computed (keys: FORWARD_KEYS)."""
    return _forward(*_checked(weights, biases, inputs, targets))


def _forward(w, b, inputs, targets):
    (i1, i2), (t1, t2) = inputs, targets
    net_h1 = w["w1"] * i1 + w["w2"] * i2 + b["b1"]
    out_h1 = sigmoid(net_h1)
    net_h2 = w["w3"] * i1 + w["w4"] * i2 + b["b1"]
    out_h2 = sigmoid(net_h2)
    net_o1 = w["w5"] * out_h1 + w["w6"] * out_h2 + b["b2"]
    out_o1 = sigmoid(net_o1)
    net_o2 = w["w7"] * out_h1 + w["w8"] * out_h2 + b["b2"]
    out_o2 = sigmoid(net_o2)
    E_o1 = 0.5 * (t1 - out_o1) ** 2
    E_o2 = 0.5 * (t2 - out_o2) ** 2
    return {"net_h1": net_h1, "out_h1": out_h1, "net_h2": net_h2, "out_h2": out_h2,
            "net_o1": net_o1, "out_o1": out_o1, "net_o2": net_o2, "out_o2": out_o2,
            "E_o1": E_o1, "E_o2": E_o2, "E_total": E_o1 + E_o2}


# ---------------------------------------------------------------- the backward pass
def output_deltas(f, targets=TARGETS):
    """delta_o = dE/dout_o * dout_o/dnet_o = (out_o - t) * out_o (1 - out_o)."""
    t1, t2 = targets
    delta_o1 = (f["out_o1"] - t1) * f["out_o1"] * (1 - f["out_o1"])
    delta_o2 = (f["out_o2"] - t2) * f["out_o2"] * (1 - f["out_o2"])
    return delta_o1, delta_o2


def hidden_deltas(f, delta_o1, delta_o2, weights=WEIGHTS):
    """delta_h = (sum over both outputs of delta_o * the weight from h to o) * out_h (1 - out_h).

    out_h1 reaches o1 through w5 and o2 through w7, out_h2 through w6 and w8. The weights
    must be the ones the forward pass used, not updated ones.
    """
    delta_h1 = (delta_o1 * weights["w5"] + delta_o2 * weights["w7"]) * f["out_h1"] * (1 - f["out_h1"])
    delta_h2 = (delta_o1 * weights["w6"] + delta_o2 * weights["w8"]) * f["out_h2"] * (1 - f["out_h2"])
    return delta_h1, delta_h2


def gradients_from_deltas(f, deltas, inputs=INPUTS):
    """dE/dw = delta of the neuron the weight enters * the value the weight multiplies."""
    (i1, i2), d = inputs, deltas
    return {"w1": d["delta_h1"] * i1, "w2": d["delta_h1"] * i2,
            "w3": d["delta_h2"] * i1, "w4": d["delta_h2"] * i2,
            "w5": d["delta_o1"] * f["out_h1"], "w6": d["delta_o1"] * f["out_h2"],
            "w7": d["delta_o2"] * f["out_h1"], "w8": d["delta_o2"] * f["out_h2"],
            "b1": d["delta_h1"] + d["delta_h2"],      # b1 feeds both hidden neurons
            "b2": d["delta_o1"] + d["delta_o2"]}      # b2 feeds both outputs


def backward(weights=WEIGHTS, biases=BIASES, inputs=INPUTS, targets=TARGETS):
    """The four deltas (dE/dnet) and the gradients dE/dw1..dE/dw8, dE/db1, dE/db2."""
    return _backward(*_checked(weights, biases, inputs, targets))


def _backward(weights, biases, inputs, targets):
    f = _forward(weights, biases, inputs, targets)
    delta_o1, delta_o2 = output_deltas(f, targets)
    delta_h1, delta_h2 = hidden_deltas(f, delta_o1, delta_o2, weights)
    deltas = {"delta_o1": delta_o1, "delta_o2": delta_o2, "delta_h1": delta_h1, "delta_h2": delta_h2}
    return {**deltas, **gradients_from_deltas(f, deltas, inputs)}


# ---------------------------------------------------------------- the update and training
def update(weights, grads, lr=LEARNING_RATE):
    """New weights w+ = w - lr * dE/dw (a new dict; the one passed in is left as it was)."""
    weights, lr = _named("weights", weights, tuple(WEIGHTS)), _rate(lr)
    missing = [n for n in WEIGHTS if n not in grads]
    if missing:
        raise ValueError(f"grads has no gradient for {missing}")
    return _update(weights, {n: _number(f"grads[{n!r}]", grads[n]) for n in WEIGHTS}, lr)


def _update(weights, grads, lr):
    return {n: weights[n] - lr * grads[n] for n in WEIGHTS}


def update_biases(biases, grads, lr=LEARNING_RATE):
    """New biases b+ = b - lr * dE/db (the classic example leaves them alone)."""
    biases, lr = _named("biases", biases, tuple(BIASES)), _rate(lr)
    missing = [n for n in BIASES if n not in grads]
    if missing:
        raise ValueError(f"grads has no gradient for {missing}")
    return {n: biases[n] - lr * _number(f"grads[{n!r}]", grads[n]) for n in BIASES}


def _update_b(biases, grads, lr):
    return {n: biases[n] - lr * grads[n] for n in BIASES}




def step_with_updated_output_weights(weights, biases=BIASES, inputs=INPUTS, targets=TARGETS,
                                     lr=LEARNING_RATE):
    """A step with a slip: w5..w8 are updated first and the hidden deltas then use the new ones.

    Not backpropagation (it is not the gradient of E); lesson 02 uses it to show where
    some published figures for this example come from.
    """
    weights, biases, inputs, targets = _checked(weights, biases, inputs, targets)
    return _slipped_step(weights, biases, inputs, targets, _rate(lr))


def _slipped_step(weights, biases, inputs, targets, lr):
    f = _forward(weights, biases, inputs, targets)
    delta_o1, delta_o2 = output_deltas(f, targets)
    output_only = gradients_from_deltas(f, {"delta_o1": delta_o1, "delta_o2": delta_o2,
                                            "delta_h1": 0.0, "delta_h2": 0.0}, inputs)
    new = _update(weights, output_only, lr)                     # w5..w8 move; w1..w4 not yet
    delta_h1, delta_h2 = hidden_deltas(f, delta_o1, delta_o2, new)
    hidden = gradients_from_deltas(f, {"delta_o1": 0.0, "delta_o2": 0.0,
                                       "delta_h1": delta_h1, "delta_h2": delta_h2}, inputs)
    return _update(new, hidden, lr)


def train(steps, update_biases=False, weights=WEIGHTS, biases=BIASES, inputs=INPUTS,
          targets=TARGETS, lr=LEARNING_RATE, hidden_deltas_use_updated_output_weights=False):
    """Gradient descent on the one example; returns (weights, biases, errors).

    errors has steps + 1 entries: errors[k] is E_total after k updates (errors[0] before any).
    update_biases=True trains b1 and b2 too. The last option replays the slip of
    step_with_updated_output_weights instead of the true gradient (weights only).
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps should be a whole number >= 0, got {steps!r}")
    if update_biases and hidden_deltas_use_updated_output_weights:
        raise ValueError("the slip is only replayed for weight-only training (update_biases=False)")
    weights, biases, inputs, targets = _checked(weights, biases, inputs, targets)
    lr = _rate(lr)
    errors = [_forward(weights, biases, inputs, targets)["E_total"]]
    for _ in range(steps):
        if hidden_deltas_use_updated_output_weights:
            weights = _slipped_step(weights, biases, inputs, targets, lr)
        else:
            grads = _backward(weights, biases, inputs, targets)
            weights = _update(weights, grads, lr)
            if update_biases:
                biases = _update_b(biases, grads, lr)
        errors.append(_forward(weights, biases, inputs, targets)["E_total"])
    return weights, biases, errors


# ---------------------------------------------------------------- the published figures
PUBLISHED_SOURCE = ('Matt Mazur, "A Step by Step Backpropagation Example" (2015), '
                    "https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/")

# name -> (what it is, the figure as printed there). Strings keep the printed precision.
PUBLISHED = {
    "net_h1": ("net_h1", "0.3775"),
    "out_h1": ("out_h1", "0.593269992"),
    "out_h2": ("out_h2", "0.596884378"),
    "net_o1": ("net_o1", "1.105905967"),
    "out_o1": ("out_o1", "0.75136507"),
    "out_o2": ("out_o2", "0.772928465"),
    "E_o1": ("E_o1", "0.274811083"),
    "E_o2": ("E_o2", "0.023560026"),
    "E_total": ("E_total", "0.298371109"),
    "dE/dout_o1": ("dE_total/dout_o1 = out_o1 - t1", "0.74136507"),
    "dout_o1/dnet_o1": ("dout_o1/dnet_o1 = out_o1 (1 - out_o1)", "0.186815602"),
    "dE/dw5": ("dE_total/dw5", "0.082167041"),
    "delta_o1": ("delta_o1 = dE_total/dnet_o1", "0.138498562"),
    "dE_o1/dout_h1": ("dE_o1/dout_h1 = delta_o1 * w5", "0.055399425"),
    "dE_o2/dout_h1": ("dE_o2/dout_h1 = delta_o2 * w7", "-0.019049119"),
    "dE/dout_h1": ("dE_total/dout_h1 (both paths)", "0.036350306"),
    "dout_h1/dnet_h1": ("dout_h1/dnet_h1 = out_h1 (1 - out_h1)", "0.241300709"),
    "dE/dw1": ("dE_total/dw1", "0.000438568"),
    "w5+": ("w5 after one update", "0.35891648"),
    "w6+": ("w6 after one update", "0.408666186"),
    "w7+": ("w7 after one update", "0.511301270"),
    "w8+": ("w8 after one update", "0.561370121"),
    "w1+": ("w1 after one update", "0.149780716"),
    "w2+": ("w2 after one update", "0.19956143"),
    "w3+": ("w3 after one update", "0.24975114"),
    "w4+": ("w4 after one update", "0.29950229"),
    "E after 1 update": ("E_total after one update", "0.291027924"),
    "E after 10000": ("E_total after 10,000 updates", "0.0000351085"),
    "out_o1 after 10000": ("out_o1 after 10,000 updates", "0.015912196"),
    "out_o2 after 10000": ("out_o2 after 10,000 updates", "0.984065734"),
}


def computed_figures(steps=10_000):
    """The value this module computes for each name of PUBLISHED (same keys)."""
    f, g = forward(), backward()
    w_new = update(WEIGHTS, g)
    w_end, b_end, errors = train(steps)
    f_end = forward(w_end, b_end)
    values = {k: f[k] for k in ("net_h1", "out_h1", "out_h2", "net_o1", "out_o1", "out_o2",
                                "E_o1", "E_o2", "E_total")}
    values.update({
        "dE/dout_o1": f["out_o1"] - TARGETS[0],
        "dout_o1/dnet_o1": f["out_o1"] * (1 - f["out_o1"]),
        "dE/dw5": g["w5"], "delta_o1": g["delta_o1"],
        "dE_o1/dout_h1": g["delta_o1"] * WEIGHTS["w5"],
        "dE_o2/dout_h1": g["delta_o2"] * WEIGHTS["w7"],
        "dE/dout_h1": g["delta_o1"] * WEIGHTS["w5"] + g["delta_o2"] * WEIGHTS["w7"],
        "dout_h1/dnet_h1": f["out_h1"] * (1 - f["out_h1"]),
        "dE/dw1": g["w1"],
        **{f"{n}+": w_new[n] for n in ("w5", "w6", "w7", "w8", "w1", "w2", "w3", "w4")},
        "E after 1 update": errors[1], "E after 10000": errors[steps],
        "out_o1 after 10000": f_end["out_o1"], "out_o2 after 10000": f_end["out_o2"],
    })
    return values


def printed_decimals(figure):
    """How many decimals a published figure was printed with: '0.3775' -> 4."""
    return len(figure.split(".")[1]) if "." in figure else 0


def agrees(value, figure):
    """Whether value, rounded to the figure's printed decimals, is the figure."""
    return abs(value - float(figure)) <= 0.5 * 10.0 ** -printed_decimals(figure) * (1 + 1e-9)


def comparison_rows(steps=10_000):
    """(name, what, published, computed, difference, agrees) for each published figure."""
    computed = computed_figures(steps)
    return [(name, what, figure, computed[name], computed[name] - float(figure),
             agrees(computed[name], figure))
            for name, (what, figure) in PUBLISHED.items()]
