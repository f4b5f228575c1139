"""Lesson 02's network, its checks and its widgets.

Every quantity the lesson prints is recomputed independently: forward values and their
derivatives with mpmath at 50 digits (mp.diff of an E written here from scratch), and the
10,000 training steps with complex-step gradients (no backprop formula at all). The
published figures are compared at their printed precision, and the ones that disagree are
reproduced by the explanation the lesson gives.
"""
import cmath
import itertools

import mpmath
import pytest

from backprop_lab import two_layer
from backprop_lab.checks import two_layer as checks
from backprop_lab.exercise import CORRECT, TODO, WRONG, close
from backprop_lab.widgets import bias_toggle, network_diagram, step_through

mpmath.mp.dps = 50
NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")
START = {**two_layer.WEIGHTS, **two_layer.BIASES}
TOL = 1e-12


def mp_network(p, nudge=None, by=0):
    """The whole forward pass in mpmath from the decimal strings of the parameters.

    nudge names a net input ("net_h1", ...) to which `by` is added: d/dby at 0 is its delta.
    """
    P = {k: mpmath.mpf(str(v)) if not isinstance(v, mpmath.mpf) else v for k, v in p.items()}
    i1, i2, t1, t2 = (mpmath.mpf(s) for s in ("0.05", "0.10", "0.01", "0.99"))
    s = lambda x: 1 / (1 + mpmath.exp(-x))                                    # noqa: E731
    add = lambda name: by if nudge == name else 0                             # noqa: E731
    v = {"net_h1": P["w1"] * i1 + P["w2"] * i2 + P["b1"] + add("net_h1")}
    v["net_h2"] = P["w3"] * i1 + P["w4"] * i2 + P["b1"] + add("net_h2")
    v["out_h1"], v["out_h2"] = s(v["net_h1"]), s(v["net_h2"])
    v["net_o1"] = P["w5"] * v["out_h1"] + P["w6"] * v["out_h2"] + P["b2"] + add("net_o1")
    v["net_o2"] = P["w7"] * v["out_h1"] + P["w8"] * v["out_h2"] + P["b2"] + add("net_o2")
    v["out_o1"], v["out_o2"] = s(v["net_o1"]), s(v["net_o2"])
    v["E_o1"], v["E_o2"] = (t1 - v["out_o1"]) ** 2 / 2, (t2 - v["out_o2"]) ** 2 / 2
    v["E_total"] = v["E_o1"] + v["E_o2"]
    return v


def mp_E(p):
    return mp_network(p)["E_total"]


def mp_gradient(p):
    """dE/dparameter for all ten parameters, by mpmath's high-precision numerical derivative."""
    P = {k: mpmath.mpf(str(v)) for k, v in p.items()}
    return {n: mpmath.diff(lambda x, n=n: mp_E({**P, n: x}), P[n]) for n in NAMES}


def mp_delta(p, net):
    return mpmath.diff(lambda e: mp_network(p, net, e)["E_total"], 0)


# ------------------------------------------------------------------ the module's numbers
def test_forward_pass_matches_mpmath_for_every_printed_quantity():
    f, exact = two_layer.forward(), mp_network(START)
    assert set(f) == set(two_layer.FORWARD_KEYS)
    for key in two_layer.FORWARD_KEYS:
        assert abs(f[key] - float(exact[key])) < TOL, key


def test_deltas_and_gradients_match_numerical_derivatives_of_E():
    g, exact = two_layer.backward(), mp_gradient(START)
    for name in NAMES:
        assert abs(g[name] - float(exact[name])) < TOL, name
    for node in ("o1", "o2", "h1", "h2"):
        assert abs(g[f"delta_{node}"] - float(mp_delta(START, f"net_{node}"))) < TOL, node
    assert abs(g["delta_o1"]) > 0.1 and g["delta_o2"] < 0          # the derivative is not trivially 0


def test_chain_rule_factors_the_lesson_prints():
    f, exact = two_layer.forward(), mp_network(START)
    t1 = mpmath.mpf("0.01")
    o1, h1 = exact["out_o1"], exact["out_h1"]
    dE_dout = mpmath.diff(lambda o: (t1 - o) ** 2 / 2, o1)
    dout_dnet = mpmath.diff(lambda n: 1 / (1 + mpmath.exp(-n)), exact["net_o1"])
    assert abs((f["out_o1"] - 0.01) - float(dE_dout)) < TOL
    assert abs(f["out_o1"] * (1 - f["out_o1"]) - float(dout_dnet)) < TOL
    assert abs(f["out_h1"] - float(h1)) < TOL                     # dnet_o1/dw5 = out_h1
    computed = two_layer.computed_figures()
    dh = mpmath.diff(lambda x: 1 / (1 + mpmath.exp(-x)), exact["net_h1"])
    assert abs(computed["dout_h1/dnet_h1"] - float(dh)) < TOL
    # dE/dout_h1 through both paths: E as a function of out_h1 alone
    P = {k: mpmath.mpf(str(v)) for k, v in START.items()}

    def E_of_out_h1(h):
        s = lambda x: 1 / (1 + mpmath.exp(-x))                    # noqa: E731
        o1 = s(P["w5"] * h + P["w6"] * exact["out_h2"] + P["b2"])
        o2 = s(P["w7"] * h + P["w8"] * exact["out_h2"] + P["b2"])
        return (mpmath.mpf("0.01") - o1) ** 2 / 2 + (mpmath.mpf("0.99") - o2) ** 2 / 2
    assert abs(computed["dE/dout_h1"] - float(mpmath.diff(E_of_out_h1, exact["out_h1"]))) < TOL
    # each path alone: E_o1 (through w5) and E_o2 (through w7) as functions of out_h1
    s = lambda x: 1 / (1 + mpmath.exp(-x))                        # noqa: E731
    E_o1 = lambda h: (mpmath.mpf("0.01") - s(P["w5"] * h + P["w6"] * exact["out_h2"] + P["b2"])) ** 2 / 2  # noqa
    E_o2 = lambda h: (mpmath.mpf("0.99") - s(P["w7"] * h + P["w8"] * exact["out_h2"] + P["b2"])) ** 2 / 2  # noqa
    assert abs(computed["dE_o1/dout_h1"] - float(mpmath.diff(E_o1, exact["out_h1"]))) < TOL
    assert abs(computed["dE_o2/dout_h1"] - float(mpmath.diff(E_o2, exact["out_h1"]))) < TOL
    # the one-path value the lesson prints as wrong is dE_o1/dw1 alone
    g = two_layer.backward()
    one_path = g["delta_o1"] * P["w5"] * computed["dout_h1/dnet_h1"] * 0.05
    E_o1_of_w1 = lambda x: mp_network({**P, "w1": x})["E_o1"]    # noqa: E731
    assert abs(float(one_path) - float(mpmath.diff(E_o1_of_w1, P["w1"]))) < TOL


def test_one_update_and_the_error_after_it():
    g = two_layer.backward()
    new = two_layer.update(two_layer.WEIGHTS, g)
    exact = mp_gradient(START)
    P = {k: mpmath.mpf(str(v)) for k, v in START.items()}
    exact_new = {n: P[n] - mpmath.mpf("0.5") * exact[n] for n in two_layer.WEIGHTS}
    for n in two_layer.WEIGHTS:
        assert abs(new[n] - float(exact_new[n])) < TOL, n
    E_after = two_layer.forward(new)["E_total"]
    assert abs(E_after - float(mp_E({**exact_new, "b1": P["b1"], "b2": P["b2"]}))) < TOL
    assert two_layer.train(1)[2][1] == E_after


def complex_step_training(steps, with_biases):
    """Gradient descent with gradients from the complex step, Im E(p + ih e_k) / h."""
    p, h = dict(START), 1e-30
    trained = NAMES if with_biases else NAMES[:8]

    def E(q):
        s = lambda x: 1 / (1 + cmath.exp(-x))                     # noqa: E731
        h1 = s(q["w1"] * 0.05 + q["w2"] * 0.10 + q["b1"])
        h2 = s(q["w3"] * 0.05 + q["w4"] * 0.10 + q["b1"])
        o1 = s(q["w5"] * h1 + q["w6"] * h2 + q["b2"])
        o2 = s(q["w7"] * h1 + q["w8"] * h2 + q["b2"])
        return (0.01 - o1) ** 2 / 2 + (0.99 - o2) ** 2 / 2, o1, o2

    errors = [E(p)[0].real]
    for _ in range(steps):
        grad = {n: E({**p, n: p[n] + 1j * h})[0].imag / h for n in trained}
        p = {n: p[n] - 0.5 * grad[n] if n in grad else p[n] for n in p}
        errors.append(E(p)[0].real)
    _, o1, o2 = E(p)
    return p, errors, o1.real, o2.real


@pytest.mark.parametrize("with_biases", [False, True])
def test_ten_thousand_steps_match_complex_step_gradient_descent(with_biases):
    w, b, errors = two_layer.train(10_000, update_biases=with_biases)
    p, expected, o1, o2 = complex_step_training(10_000, with_biases)
    assert len(errors) == 10_001
    assert max(abs(a - e) for a, e in zip(errors, expected)) < TOL
    for n in NAMES:
        assert abs({**w, **b}[n] - p[n]) < TOL, n
    f = two_layer.forward(w, b)
    assert abs(f["out_o1"] - o1) < TOL and abs(f["out_o2"] - o2) < TOL
    assert (b == two_layer.BIASES) is (not with_biases)


# ------------------------------------------------------------------ the published figures
DISAGREE = {"dE_o2/dout_h1", "E after 1 update", "E after 10000", "out_o1 after 10000", "out_o2 after 10000"}


def test_which_published_figures_agree_to_their_printed_precision():
    rows = two_layer.comparison_rows()
    assert {name for name, *_, ok in rows if not ok} == DISAGREE
    assert len(rows) == len(two_layer.PUBLISHED) == 30
    assert "Mazur" in two_layer.PUBLISHED_SOURCE


def test_the_disagreements_are_explained():
    P = two_layer.PUBLISHED
    # one update whose hidden deltas use the already-updated w5..w8 gives the published error
    slipped = two_layer.step_with_updated_output_weights(two_layer.WEIGHTS)
    assert two_layer.agrees(two_layer.forward(slipped)["E_total"], P["E after 1 update"][1])
    # the published error after 10,000 is the true one after 9,999 updates...
    errors = two_layer.train(10_000)[2]
    assert two_layer.agrees(errors[9_999], P["E after 10000"][1])
    assert not two_layer.agrees(errors[10_000], P["E after 10000"][1])
    # ...and the published outputs are those of 10,000 slipped steps, to all nine decimals
    w, b, slipped_errors = two_layer.train(10_000, hidden_deltas_use_updated_output_weights=True)
    f = two_layer.forward(w, b)
    assert two_layer.agrees(f["out_o1"], P["out_o1 after 10000"][1])
    assert two_layer.agrees(f["out_o2"], P["out_o2 after 10000"][1])
    assert slipped_errors[1] == two_layer.forward(slipped)["E_total"]
    assert not two_layer.agrees(slipped_errors[10_000], P["E after 10000"][1])   # neither run at 10,000
    assert slipped_errors[1] > errors[1]                  # the true step lowers the error more
    # dE_o2/dout_h1 is off by one unit in its last printed digit
    value = two_layer.computed_figures()["dE_o2/dout_h1"]
    assert round(value, 9) == -0.019049118 and abs(value - float(P["dE_o2/dout_h1"][1])) < 1e-9


def test_agreement_rule_uses_the_printed_decimals():
    assert two_layer.printed_decimals("0.511301270") == 9 and two_layer.printed_decimals("0.3775") == 4
    assert two_layer.agrees(0.35891647971, "0.35891648") and not two_layer.agrees(0.3589164, "0.35891648")


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("call, error, words", [
    (lambda: two_layer.forward({"w1": 0.1}), ValueError, "missing"),
    (lambda: two_layer.forward({**two_layer.WEIGHTS, "w9": 1.0}), ValueError, "w9"),
    (lambda: two_layer.forward({**two_layer.WEIGHTS, "w3": "0.25"}), TypeError, "w3"),
    (lambda: two_layer.forward(inputs=(0.05,)), ValueError, "pair"),
    (lambda: two_layer.backward(biases={"b1": float("nan"), "b2": 0.6}), ValueError, "finite"),
    (lambda: two_layer.update(two_layer.WEIGHTS, two_layer.backward(), lr=-0.5), ValueError, "learning rate"),
    (lambda: two_layer.update(two_layer.WEIGHTS, {"w1": 0.1}), ValueError, "w2"),
    (lambda: two_layer.train(-1), ValueError, "steps"),
    (lambda: two_layer.train(2.5), ValueError, "steps"),
    (lambda: two_layer.forward([0.1] * 8), TypeError, "dict"),
])
def test_bad_input_is_refused_with_a_clear_message(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_update_leaves_its_arguments_as_they_were():
    weights, biases = dict(two_layer.WEIGHTS), dict(two_layer.BIASES)
    g = two_layer.backward(weights, biases)
    two_layer.update(weights, g)
    two_layer.update_biases(biases, g)
    two_layer.train(3, update_biases=True, weights=weights, biases=biases)
    assert weights == two_layer.WEIGHTS and biases == two_layer.BIASES
    assert two_layer.update_biases(biases, g, lr=0.5)["b2"] == pytest.approx(0.6 - 0.5 * g["b2"])


# ------------------------------------------------------------------ the exercise checks
def not_done(*args):
    raise NotImplementedError()


def sp(x):
    return x * (1 - x)


@pytest.mark.parametrize("answer, status, words", [
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]), CORRECT, "Correct"),
    (checks.reference_delta_o1, CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (lambda f, t1: (t1 - f["out_o1"]) * sp(f["out_o1"]), WRONG, "sign is flipped"),
    (lambda f, t1: (f["out_o1"] - t1) * f["out_o1"] * (f["out_o1"] - 1), WRONG, "at sigma' (out_o1 (1 - out_o1), not out_o1 (out_o1 - 1))"),
    (lambda f, t1: f["out_o1"] - t1, WRONG, "sigma' is forgotten"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["net_o1"]), WRONG, "at net instead of out"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(two_layer.sigmoid(f["out_o1"])), WRONG, "applied to out_o1"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]) * f["out_h1"], WRONG, "that is dE/dw5"),
    (lambda f, t1: 0.138498562, WRONG, "differs"),                # the first network's value, hard-coded
    (lambda f, t1: None, WRONG, "return"),
])
def test_delta_o1_check(answer, status, words):
    verdict = checks.diagnose_delta_o1(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


@pytest.mark.parametrize("answer, status, words", [
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]) * f["out_h1"], CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (lambda f, t1: -(f["out_o1"] - t1) * sp(f["out_o1"]) * f["out_h1"], WRONG, "sign is flipped"),
    (lambda f, t1: (f["out_o1"] - t1) * f["out_o1"] * (f["out_o1"] - 1) * f["out_h1"], WRONG,
     "at sigma' (out_o1 (1 - out_o1), not out_o1 (out_o1 - 1))"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]) * -f["out_h1"], WRONG, "or as a minus elsewhere in the product"),
    (lambda f, t1: (f["out_o1"] - t1) * f["out_h1"], WRONG, "sigma' is forgotten"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["net_o1"]) * f["out_h1"], WRONG, "at net instead of out"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]), WRONG, "that is delta_o1"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]) * f["net_h1"], WRONG, "not net_h1"),
    (lambda f, t1: (f["out_o1"] - t1) * sp(f["out_o1"]) * f["out_h2"], WRONG, "not out_h2"),
    (lambda f, t1: 1 / 0, WRONG, "ZeroDivisionError"),
])
def test_dE_dw5_check(answer, status, words):
    verdict = checks.diagnose_dE_dw5(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


def w1_answer(paths="both", hidden=sp, at="out", use_updated=(), sign=1, output_sigma=True):
    """A learner's dE/dw1 with one deliberate slip."""
    def answer(f, w, i, t):
        d1 = (f["out_o1"] - t[0]) * (sp(f["out_o1"]) if output_sigma else 1)
        d2 = (f["out_o2"] - t[1]) * (sp(f["out_o2"]) if output_sigma else 1)
        w = dict(w)
        for name, (d, h) in {"w5": (d1, "out_h1"), "w7": (d2, "out_h1")}.items():
            if name in use_updated:
                w[name] = w[name] - 0.5 * d * f[h]                 # updated before the hidden delta
        upstream = {"both": d1 * w["w5"] + d2 * w["w7"], "o1": d1 * w["w5"], "o2": d2 * w["w7"]}[paths]
        return sign * upstream * hidden(f[f"{at}_h1"]) * i[0]
    return answer


@pytest.mark.parametrize("answer, status, words", [
    (w1_answer(), CORRECT, "Correct"),
    (not_done, TODO, "not attempted"),
    (w1_answer(sign=-1), WRONG, "sign is flipped"),
    (w1_answer(hidden=lambda x: x * (x - 1)), WRONG, "out (out - 1) instead of out (1 - out)"),
    (w1_answer(paths="o1"), WRONG, "only one path"),
    (w1_answer(paths="o2"), WRONG, "only one path"),
    (w1_answer(use_updated=("w5",)), WRONG, "updated w5"),
    (w1_answer(use_updated=("w5", "w7")), WRONG, "updated w5"),
    (w1_answer(hidden=lambda x: 1.0), WRONG, "sigma' of h1 is forgotten"),
    (w1_answer(at="net"), WRONG, "at net instead of out"),
    (w1_answer(output_sigma=False), WRONG, "outputs' sigma' is forgotten"),
    (lambda f, w, i, t: w1_answer()(f, w, i, t) / i[0] * i[1], WRONG, "not i2"),
    (lambda f, w, i, t: w1_answer()(f, w, i, t) / i[0], WRONG, "delta_h1 itself"),
])
def test_dE_dw1_check(answer, status, words):
    verdict = checks.diagnose_dE_dw1(answer)
    assert verdict.status == status and words in str(verdict), str(verdict)


def test_no_two_slips_give_the_same_numbers():
    for mistakes in (checks._output_mistakes(False), checks._output_mistakes(True), checks._hidden_mistakes()):
        for (a, _), (b, _) in itertools.combinations(mistakes, 2):
            assert not close(a, b)


def test_checks_return_the_reference_until_the_answer_is_right(capsys):
    assert checks.dE_dw1(not_done) is checks.reference_dE_dw1
    assert "`dE_dw1_used` is the reference" in capsys.readouterr().out
    mine = w1_answer()
    assert checks.dE_dw1(mine) is mine


# ------------------------------------------------------------------ the widgets
def test_steps_walk_the_whole_training_step_in_order():
    steps = step_through.steps()
    stages = [s.stage for s in steps]
    assert stages[0] == "start" and stages[-1] == "update"
    assert stages == sorted(stages, key=["start", "forward", "error", "delta", "update"].index)
    f, g = two_layer.forward(), two_layer.backward()
    new = two_layer.update(two_layer.WEIGHTS, g)
    text = "\n".join(s.formula for s in steps)
    for value in [*(f[k] for k in two_layer.FORWARD_KEYS), *(g[k] for k in two_layer.DELTA_KEYS), *new.values()]:
        assert f"{value:.9f}" in text, value             # every number, to 9 decimals
    known, updated = step_through.state_at(steps, len(steps) - 1)
    assert updated == new and known["h1"]["delta"] == g["delta_h1"] and known["o2"]["out"] == f["out_o2"]
    assert step_through.state_at(steps, 0) == ({}, {})
    assert all(edge in network_diagram.EDGES for s in steps for edge in s.edges)
    with pytest.raises(ValueError, match="step 99"):
        step_through.state_at(steps, 99)


def test_step_through_buttons_and_slider_move_the_index_and_the_artists():
    box = step_through.step_through()
    walker = box.walker
    assert box.next.description == "Next" and box.back.description == "Back"
    assert box.slider.description == "step" and box.back.disabled
    before = walker.diagram.node_texts["h1"].get_text()
    box.next.click()
    assert box.slider.value == 1 and walker.index == 1
    assert "0.377500000" in walker.diagram.node_texts["h1"].get_text() != before
    assert walker.diagram.edges["w1"].get_linewidth() > walker.diagram.edges["w5"].get_linewidth()
    assert "net_h1" in box.text.value
    box.back.click()
    assert walker.index == 0 and walker.diagram.node_texts["h1"].get_text() == before
    box.slider.value = box.slider.max                      # the end: everything shown, Next off
    assert box.next.disabled and "→ 0.299502287" in walker.diagram.edge_texts["w4"].get_text()
    box.slider.value = 5
    assert "0.358916480" not in walker.diagram.edge_texts["w5"].get_text()   # back before the update
    artists = (id(walker.diagram.fig), id(walker.diagram.edges["w5"]))
    box.next.click()
    assert artists == (id(walker.diagram.fig), id(walker.diagram.edges["w5"]))  # updated in place


def test_next_back_and_the_bias_box_send_frames_made_ahead_that_are_the_figure_of_that_step():
    import matplotlib.pyplot as plt

    from figures import assert_frame_is_figure, frame_made_ahead, in_a_kernel

    box = in_a_kernel(step_through.step_through, 0.3)
    walker = box.walker
    for button in (box.next, box.next, box.back):
        png = frame_made_ahead(walker.blitter, button.click, 0.3)
        fresh = step_through.StepThrough()
        fresh.show(walker.index)
        assert_frame_is_figure(png, fresh.diagram.fig)
    assert walker.index == 1
    plt.close(walker.diagram.fig)
    toggle = bias_toggle.bias_toggle(steps=200)
    in_a_kernel(lambda: setattr(toggle.toggle, "value", True), 0.3)    # then the other state's PNG, ahead
    png = frame_made_ahead(toggle.blitter, lambda: setattr(toggle.toggle, "value", False), 0.01)
    fresh = bias_toggle.bias_toggle(steps=200)                          # shows the weights-only run
    assert_frame_is_figure(png, fresh.blitter.fig)
    plt.close(toggle.blitter.fig)


def test_static_diagram_writes_the_forward_pass_on_the_nodes():
    fig = network_diagram.network_figure()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    f = two_layer.forward()
    for key in ("net_h1", "out_h1", "out_h2", "out_o1", "out_o2", "E_o1", "E_total"):
        assert f"{f[key]:.9f}" in texts, key
    assert "w8 = 0.55" in texts and "b2 = 0.6" in texts


def test_bias_toggle_shows_and_hides_the_second_run():
    box = bias_toggle.bias_toggle(steps=200)
    assert not box.line.get_visible() and "weights and biases" not in box.numbers.value
    box.toggle.value = True
    assert box.line.get_visible() and "weights and biases" in box.numbers.value
    _, _, errors = two_layer.train(200, update_biases=True)
    assert list(box.line.get_ydata()) == errors
    box.toggle.value = False
    assert not box.line.get_visible()


def test_bias_toggle_table_keeps_its_columns_apart():
    """Each header and value is a cell of its own with padding, so "weights only" and "weights and
    biases" never run together as one string of text."""
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.open = [], None

        def handle_starttag(self, tag, attrs):
            if tag in ("th", "td"):
                self.open = [dict(attrs).get("style", ""), ""]
                self.cells.append(self.open)

        def handle_data(self, data):
            if self.open is not None:
                self.open[1] += data

        def handle_endtag(self, tag):
            if tag in ("th", "td"):
                self.open = None

    box = bias_toggle.bias_toggle(steps=200)
    box.toggle.value = True
    parser = Cells()
    parser.feed(box.numbers.value)
    texts = [text for _, text in parser.cells]
    assert "weights only" in texts and "weights and biases" in texts
    assert all("padding" in style for style, _ in parser.cells)
    assert len(parser.cells) == 3 * 7                       # a header row and six rows, three columns
