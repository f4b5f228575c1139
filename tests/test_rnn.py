"""Lesson 06's network, backprop_lab.rnn.RNN, and what trains and inspects it: the loss against
a plain NumPy forward pass written here, every gradient against centred differences (and
against torch autograd where torch is installed), each bad input refused with nothing changed,
truncated BPTT, clipping, the gradient-norm figure's numbers, and "namaska" -> "r"."""
import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from backprop_lab import gradient_flow, optim, rnn_training
from backprop_lab.clipping import clip_by_global_norm, global_norm
from backprop_lab.gradcheck import numerical_gradient, relative_error
from backprop_lab.rnn import RNN, bptt, output_gradients
from backprop_lab.text import NAMASKAR, Vocabulary


def make_problem(V, H, T, seed, with_h0):
    """An RNN of vocabulary V and hidden size H, a sequence of length T, and an h0 or None."""
    rng = np.random.default_rng(seed)
    inputs, targets = rng.integers(0, V, T).tolist(), rng.integers(0, V, T).tolist()
    h0 = rng.uniform(-0.9, 0.9, size=(H, 1)) if with_h0 else None
    net = RNN(V, H, seed=seed)
    for p in net.params:                   # biases away from zero too, so that every term is tested
        p += rng.normal(scale=0.3, size=p.shape)
    return net, inputs, targets, h0


@st.composite
def problems(draw, max_T=20):
    """A random RNN (vocabulary, hidden size, seed), a sequence of length 1..max_T and maybe an h0."""
    V, H = draw(st.integers(2, 8)), draw(st.integers(1, 6))
    T = draw(st.integers(1, max_T))
    seed = draw(st.integers(0, 2 ** 16))
    return make_problem(V, H, T, seed, draw(st.booleans()))


STEP = 1e-5     # numerical_gradient's step


def extrapolated_gradient(loss, params):
    """Centred differences at steps h = STEP and h/2, combined as (4 D(h/2) - D(h)) / 3
    (Richardson): the h^2 term of their error cancels. A plain centred difference is off by
    about h^2/6 times the third derivative, which over 20 steps of a strongly nonlinear RNN
    reached 1e-6 of the gradient."""
    coarse = numerical_gradient(loss, params, h=STEP)
    fine = numerical_gradient(loss, params, h=STEP / 2)
    return [(4 * f - c) / 3 for f, c in zip(fine, coarse)]


def rounding(J):
    """About the rounding in each entry of extrapolated_gradient: eps |J| / (STEP/2), times 3."""
    return np.finfo(np.float64).eps * max(abs(J), 1.0) / (STEP / 2) * 3


def plain_forward(params, inputs, h0):
    """h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h), p_t = softmax(W_hy h_t + b_y), written out
    with explicit one-hot vectors: independent of rnn.py."""
    W_xh, W_hh, b_h, W_hy, b_y = params
    h, hs, ps = h0, [h0], []
    for i in inputs:
        x = np.zeros((W_xh.shape[1], 1))
        x[i] = 1.0
        h = np.tanh(W_xh @ x + W_hh @ h + b_h)
        e = np.exp(W_hy @ h + b_y)
        hs.append(h)
        ps.append(e / e.sum())
    return hs, ps


@settings(max_examples=40, deadline=None)
@given(problems())
def test_loss_is_the_mean_cross_entropy_over_the_steps(problem):
    net, inputs, targets, h0 = problem
    loss, grads, h_last = net.loss_and_grads(inputs, targets, h0)
    hs, ps = plain_forward(net.params, inputs, np.zeros((net.hidden_size, 1)) if h0 is None else h0)
    expected = np.mean([-np.log(p[k, 0]) for p, k in zip(ps, targets)])
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(h_last, hs[-1], rtol=1e-12, atol=1e-15)
    mine_hs, mine_ps = net.forward(inputs, h0)
    assert len(mine_hs) == len(inputs) + 1 and len(mine_ps) == len(inputs)
    for a, b in zip(mine_hs + mine_ps, hs + ps):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-15)
    assert [g.shape for g in grads] == [p.shape for p in net.params] == \
        [(net.hidden_size, net.vocab_size), (net.hidden_size,) * 2, (net.hidden_size, 1),
         (net.vocab_size, net.hidden_size), (net.vocab_size, 1)]
    assert all(g.dtype == np.float64 for g in grads + net.params)


@settings(max_examples=40, deadline=None)
@given(problems())
def test_gradients_match_centred_differences(problem):
    net, inputs, targets, h0 = problem
    _, grads, _ = net.loss_and_grads(inputs, targets, h0)
    numeric = extrapolated_gradient(lambda: net.loss(inputs, targets, h0), net.params)
    assert relative_error(grads, numeric) < 1e-7


@settings(max_examples=25, deadline=None)
@given(problems(max_T=12))
@example(make_problem(V=4, H=1, T=7, seed=10818, with_h0=True))   # |dJ/dh0| 2.5e-4, rounding 1.9e-10
def test_the_gradient_reaching_h0_matches_centred_differences(problem):
    """bptt's dJ/dh_t, which the vanishing/exploding figure plots, is right at t = 0."""
    net, inputs, targets, h0 = problem
    h0 = np.zeros((net.hidden_size, 1)) if h0 is None else h0.copy()
    hs, ps = net.forward(inputs, h0)
    _, dhs = bptt(net.params, inputs, hs, output_gradients(ps, targets))
    numeric = extrapolated_gradient(lambda: net.loss(inputs, targets, h0), [h0])
    # A difference carries rounding in each entry. The relative error it alone leaves is about
    # noise / (2 |dJ/dh0|): a relative error below 1e-7 can be asked only of a gradient above
    # 5e6 times the rounding (1e7: twice that). Below (h0's, after many steps of a small W_hh),
    # the two must agree within that rounding.
    noise = rounding(net.loss(inputs, targets, h0))
    if np.linalg.norm(dhs[0]) > 1e7 * noise * np.sqrt(dhs[0].size):
        assert relative_error([dhs[0]], numeric) < 1e-7
    else:
        np.testing.assert_allclose(dhs[0], numeric[0], rtol=0, atol=1e3 * noise)


def test_against_torch_autograd():
    torch = pytest.importorskip("torch", reason="torch is not installed: the comparison with "
                                                "torch autograd is skipped (finite differences still run)")
    rng = np.random.default_rng(7)
    for V, H, T in [(6, 3, 7), (2, 1, 1), (8, 6, 20), (5, 4, 13)]:
        net = RNN(V, H, seed=int(rng.integers(1000)))
        for p in net.params:
            p += rng.normal(scale=0.3, size=p.shape)
        inputs, targets = rng.integers(0, V, T).tolist(), rng.integers(0, V, T).tolist()
        h0 = rng.uniform(-0.5, 0.5, size=(H, 1))
        loss, grads, h_last = net.loss_and_grads(inputs, targets, h0)
        W_xh, W_hh, b_h, W_hy, b_y = [torch.tensor(p, dtype=torch.float64, requires_grad=True)
                                      for p in net.params]
        h = torch.tensor(h0, dtype=torch.float64)
        logits = []
        for i in inputs:
            x = torch.nn.functional.one_hot(torch.tensor(i), V).to(torch.float64).reshape(V, 1)
            h = torch.tanh(W_xh @ x + W_hh @ h + b_h)
            logits.append((W_hy @ h + b_y).reshape(1, V))
        J = torch.nn.functional.cross_entropy(torch.cat(logits), torch.tensor(targets))   # the mean over T
        J.backward()
        assert loss == pytest.approx(J.item(), rel=1e-9)
        np.testing.assert_allclose(h_last, h.detach().numpy(), rtol=1e-9, atol=1e-12)
        for mine, theirs in zip(grads, (W_xh, W_hh, b_h, W_hy, b_y)):
            np.testing.assert_allclose(mine, theirs.grad.numpy(), rtol=1e-9, atol=1e-12)


# --- bad input ----------------------------------------------------------------------------

BAD = [   # (arguments, what the message says, whether forward alone would refuse it too)
    (dict(inputs=[0, 6, 1], targets=[1, 2, 3]), r"inputs\[1\] = 6 is out of range.*0 to 5", True),
    (dict(inputs=[0, 1, 2], targets=[1, -1, 3]), r"targets\[1\] = -1 is out of range", False),
    (dict(inputs=[0, 1, 2], targets=[1, 2]), r"inputs has 3 steps but targets has 2", False),
    (dict(inputs=[], targets=[]), r"inputs is empty", True),
    (dict(inputs=[0, 1], targets=[1, 2], h0=np.zeros((3,))), r"h0 must have shape \(3, 1\), got \(3,\)", True),
    (dict(inputs=[0, 1], targets=[1, 2], h0=np.zeros((4, 1))), r"h0 must have shape \(3, 1\), got \(4, 1\)", True),
    (dict(inputs=[0, 1], targets=[1, 2], h0=np.array([[0.0], [np.nan], [0.0]])), r"h0 holds NaN or inf", True),
    (dict(inputs=[0.0, 1.0], targets=[1, 2]), r"inputs must hold integer indices", True),
    (dict(inputs="nam", targets=[1, 2, 3]), r"not a string", True),
    (dict(inputs=[[0, 1]], targets=[[1, 2]]), r"flat sequence", True),
]


@pytest.mark.parametrize("call, message, in_forward", BAD, ids=[m for _, m, _ in BAD])
def test_bad_input_is_refused_and_nothing_changes(call, message, in_forward):
    net = RNN(6, 3, seed=0)
    before = [p.copy() for p in net.params]
    h0 = call.get("h0")
    h0_before = None if h0 is None else h0.copy()
    opt = optim.Adam(lr=0.1)
    with pytest.raises(ValueError, match=message):
        _, grads, _ = net.loss_and_grads(**call)
        opt.step(net.params, grads)                     # never reached
    with pytest.raises(ValueError, match=message):
        net.loss(**call)
    if in_forward:
        for method in (net.forward, net.predict):
            with pytest.raises(ValueError, match=message):
                method(call["inputs"], h0)
    for p, q in zip(net.params, before):
        np.testing.assert_array_equal(p, q)
    assert opt.t == 0
    if h0 is not None:
        np.testing.assert_array_equal(h0, h0_before)


def test_bad_sizes_are_refused():
    for V, H in [(0, 3), (6, 0), (6, 2.5), (True, 3)]:
        with pytest.raises(ValueError, match="positive integer"):
            RNN(V, H)


def test_the_optimizers_train_it_unchanged_and_the_state_is_carried():
    net = RNN(6, 4, seed=1)
    inputs, targets = NAMASKAR.next_letter_task("namaskar")
    loss, grads, h_last = net.loss_and_grads(inputs, targets)
    before = [p.copy() for p in net.params]
    optim.SGD(lr=0.1).step(net.params, grads)
    for p, q, g in zip(net.params, before, grads):
        np.testing.assert_allclose(p, q - 0.1 * g)
    # reading in two chunks with the state carried gives the same states as reading at once
    hs, _ = net.forward(inputs)
    _, _, h3 = net.loss_and_grads(inputs[:3], targets[:3])
    _, _, h7 = net.loss_and_grads(inputs[3:], targets[3:], h3)
    np.testing.assert_allclose(h7, hs[-1], rtol=1e-14)
    assert net.loss(inputs, targets) == pytest.approx(
        (3 * net.loss(inputs[:3], targets[:3]) + 4 * net.loss(inputs[3:], targets[3:], h3)) / 7)


# --- training on namaskar -----------------------------------------------------------------

def test_trained_on_namaskar_it_predicts_r_and_spells_the_word():
    inputs, targets = NAMASKAR.next_letter_task("namaskar")
    assert NAMASKAR.decode(inputs) == "namaska" and NAMASKAR.decode(targets) == "amaskar"
    net = RNN(len(NAMASKAR), 3, seed=0)
    assert NAMASKAR.decode(net.predict(inputs))[-1] != "r"       # not before training
    losses, norms = rnn_training.train(net, optim.Adam(lr=0.05), [(inputs, targets)], 300)
    assert losses[-1] < 0.05 < 1 < losses[0] and len(norms) == 300
    assert NAMASKAR.decode(net.predict(inputs)) == "amaskar"
    p_last = net.forward(inputs)[1][-1]
    assert NAMASKAR.letters[int(np.argmax(p_last))] == "r" and p_last.sum() == pytest.approx(1)
    assert NAMASKAR.decode(net.generate(NAMASKAR.index["n"], 8)) == "namaskar"


def test_vocabulary():
    assert NAMASKAR.letters == list("namskr") and len(NAMASKAR) == 6
    assert NAMASKAR.decode(NAMASKAR.encode("namaskar")) == "namaskar"
    with pytest.raises(ValueError, match="'x' is not in the vocabulary"):
        NAMASKAR.encode("max")
    with pytest.raises(ValueError, match="distinct"):
        Vocabulary("aab")


# --- truncated BPTT and clipping ------------------------------------------------------------

def test_chunk_bounds():
    assert rnn_training.chunk_bounds(7) == [(0, 7)]
    assert rnn_training.chunk_bounds(7, 3) == [(0, 3), (3, 6), (6, 7)]
    assert rnn_training.chunk_bounds(2, 5) == [(0, 2)]
    for bad in (0, -1, 2.0, True):
        with pytest.raises(ValueError, match="chunk"):
            rnn_training.chunk_bounds(7, bad)


def test_truncated_training_steps_once_per_chunk_with_the_chunks_gradients():
    inputs, targets = NAMASKAR.next_letter_task("namaskar")
    net, copy = RNN(6, 4, seed=2), RNN(6, 4, seed=2)
    rnn_training.train(net, optim.SGD(lr=0.5), [(inputs, targets)], 1, chunk=4)
    # by hand: the first chunk's gradient, a step, then the second chunk from the carried state
    _, grads, h = copy.loss_and_grads(inputs[:4], targets[:4])
    optim.SGD(lr=0.5).step(copy.params, grads)
    _, grads, _ = copy.loss_and_grads(inputs[4:], targets[4:], h)
    optim.SGD(lr=0.5).step(copy.params, grads)
    for p, q in zip(net.params, copy.params):
        np.testing.assert_allclose(p, q, rtol=1e-14)


def test_truncation_cuts_the_gradient_at_the_chunk_boundary():
    """The loss of the last step alone, read in one chunk or carried across a cut: the same
    value, but across the cut no gradient reaches W_xh's column of the first letter."""
    net = RNN(6, 4, seed=3)
    inputs, targets = NAMASKAR.encode("snaaaa"), NAMASKAR.encode("naaaak")
    _, whole, _ = net.loss_and_grads(inputs, targets)
    _, _, h = net.loss_and_grads(inputs[:3], targets[:3])
    _, cut, _ = net.loss_and_grads(inputs[3:], targets[3:], h)
    s = NAMASKAR.index["s"]
    assert np.abs(whole[0][:, s]).max() > 1e-4 and np.abs(cut[0][:, s]).max() == 0


def test_training_refuses_bad_settings_before_changing_anything():
    net = RNN(6, 3)
    before = [p.copy() for p in net.params]
    for kwargs, message in [(dict(epochs=-1), "epochs"), (dict(epochs=5, max_norm=0), "max_norm"),
                            (dict(epochs=5, chunk=0), "chunk")]:
        with pytest.raises(ValueError, match=message):
            rnn_training.train(net, optim.SGD(lr=0.1), [([0, 1], [1, 2])], **kwargs)
    with pytest.raises(ValueError, match="out of range"):
        rnn_training.train(net, optim.SGD(lr=0.1), [([0, 1], [1, 2]), ([0, 9], [1, 2])], 5)
    for p, q in zip(net.params, before):
        np.testing.assert_array_equal(p, q)


def test_clipping_by_global_norm():
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=(3, 4)), rng.normal(size=(3, 1))]
    copies = [g.copy() for g in grads]
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads]))
    assert global_norm(grads) == pytest.approx(norm)
    clipped, before = clip_by_global_norm(grads, 1.0)
    assert before == pytest.approx(norm) and global_norm(clipped) == pytest.approx(1.0)
    for c, g in zip(clipped, grads):
        np.testing.assert_allclose(c, g / norm)            # the same direction, shorter
    same, _ = clip_by_global_norm(grads, 10 * norm)        # short enough: unchanged
    for c, g in zip(same, grads):
        np.testing.assert_array_equal(c, g)
    for g, c in zip(grads, copies):
        np.testing.assert_array_equal(g, c)
    for bad in (0, -1.0, np.inf, np.nan, "1"):
        with pytest.raises(ValueError, match="max_norm"):
            clip_by_global_norm(grads, bad)


def test_clipping_rescues_the_run_that_explodes():
    """The lesson's run: W_hh with spectral radius 2, SGD at lr 0.3. Without clipping one
    update of norm > 1000 throws training off; clipped to norm 1 it learns the text."""
    inputs, targets = gradient_flow.text(64)
    runs = {}
    for max_norm in (None, 1.0):
        net = gradient_flow.network(2.0)
        runs[max_norm] = rnn_training.train(net, optim.SGD(lr=0.3), [(inputs, targets)], 200,
                                            max_norm=max_norm)
    (plain, plain_norms), (clipped, clipped_norms) = runs[None], runs[1.0]
    assert plain_norms.max() > 1000 and clipped_norms.max() > 100     # both meet large gradients
    assert clipped[-1] < 0.05 and plain[-1] > 1.0


# --- the vanishing and exploding gradients figure ---------------------------------------------

@pytest.mark.parametrize("rho", [0.5, 1.0, 2.0, 3.0])
def test_gradient_norms_stay_under_the_rho_power_bound(rho):
    net = gradient_flow.network(rho)
    assert gradient_flow.spectral_radius(net.params[1]) == pytest.approx(rho)
    np.testing.assert_allclose(np.linalg.svd(net.params[1], compute_uv=False), rho)
    t, norms, bound, message = gradient_flow.flow(rho, 40)
    assert len(t) == len(norms) == 40 and np.all(norms <= bound * (1 + 1e-9))
    # the last state: dJ/dh_T = W_hy^T dy_T, nothing from later steps
    inputs, targets = gradient_flow.text(40)
    hs, ps = net.forward(inputs)
    dy = output_gradients(ps[-1:], targets[-1:])[0]
    assert norms[-1] == pytest.approx(np.linalg.norm(net.params[3].T @ dy))
    assert ("vanishes" in message) == (rho <= 1.0) and ("explodes" in message) == (rho >= 2.0)


def test_gradient_norms_match_centred_differences_through_h0():
    """dJ_T/dh_t of the figure, at t = 0, against nudging h0 in the loss of the last step alone."""
    net = gradient_flow.network(1.5)
    inputs, targets = gradient_flow.text(12)
    hs, ps = net.forward(inputs)
    dys = [np.zeros_like(p) for p in ps[:-1]] + output_gradients(ps[-1:], targets[-1:])
    _, dhs = bptt(net.params, inputs, hs, dys)
    h0 = np.zeros((net.hidden_size, 1))

    def last_step_loss():
        return -np.log(net.forward(inputs, h0)[1][-1][targets[-1], 0])
    numeric = numerical_gradient(last_step_loss, [h0])
    assert relative_error([dhs[0]], numeric) < 1e-7


def test_what_the_lesson_says_about_the_figure():
    """rho = 0.5: more than a thousand times weaker ten steps back; rho = 2 and 3: the gradient
    explodes, but far below the bound rho^(T-t)."""
    _, norms, _, _ = gradient_flow.flow(0.5, 40)
    assert norms[-11] / norms[-1] < 1e-3
    for rho in (2.0, 3.0):
        _, norms, bound, _ = gradient_flow.flow(rho, 40)
        assert norms[0] / norms[-1] > 100 and norms[0] < 1e-6 * bound[0]


def test_full_bptt_learns_the_repeated_letter_and_chunks_of_two_do_not():
    """The lesson's comparison: "maaaam" and "saaaas", 12 units, Adam 0.05, 200 passes, seeds 0-4."""
    words = [NAMASKAR.next_letter_task(w) for w in ("maaaam", "saaaas")]
    learned = {}
    for chunk in (None, 2):
        right = []
        for seed in range(5):
            net = RNN(6, 12, seed=seed)
            rnn_training.train(net, optim.Adam(lr=0.05), words, 200, chunk=chunk)
            right.append(min(net.forward(x)[1][-1][y[-1], 0] for x, y in words))
        learned[chunk] = sum(p > 0.9 for p in right)
    assert learned == {None: 5, 2: 0}
