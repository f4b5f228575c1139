"""backprop_lab.optim.schedule: values worked out by hand, torch.optim.lr_scheduler's rates over
200 epochs where torch is installed, and bad arguments refused with a clear error."""
import math

import pytest

from backprop_lab.optim import schedule

# ---- by hand ------------------------------------------------------------------------------


def test_step_lr_by_hand():
    eta = schedule("StepLR", 0.1, step_size=3, gamma=0.5)
    assert [eta(t) for t in range(8)] == pytest.approx([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025])
    assert schedule("StepLR", 0.2, step_size=2)(5) == pytest.approx(0.2 * 0.01)     # gamma = 0.1


def test_exponential_lr_by_hand():
    eta = schedule("ExponentialLR", 0.5, gamma=0.9)
    assert [eta(t) for t in range(4)] == pytest.approx([0.5, 0.45, 0.405, 0.3645])


def test_cosine_annealing_by_hand():
    eta = schedule("CosineAnnealingLR", 0.1, T_max=4, eta_min=0.02)
    # 0.02 + 0.08 (1 + cos(pi t / 4)) / 2: cos = 1, 1/sqrt2, 0, -1/sqrt2, -1, then back up
    half = 0.08 / 2
    want = [0.1, 0.02 + half * (1 + 1 / math.sqrt(2)), 0.06, 0.02 + half * (1 - 1 / math.sqrt(2)),
            0.02, 0.02 + half * (1 - 1 / math.sqrt(2)), 0.06]
    assert [eta(t) for t in range(7)] == pytest.approx(want, rel=1e-14)
    assert schedule("CosineAnnealingLR", 1.0, T_max=10)(10) == 0.0                  # eta_min = 0


def test_linear_warm_up_by_hand():
    eta = schedule("LinearLR", 0.3)                 # start 1/3, end 1, over 5 epochs
    assert [eta(t) for t in range(8)] == pytest.approx([0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3, 0.3])
    decay = schedule("LinearLR", 1.0, start_factor=1.0, end_factor=0.0, total_iters=4)
    assert [decay(t) for t in range(6)] == pytest.approx([1.0, 0.75, 0.5, 0.25, 0.0, 0.0])


def test_a_schedule_says_what_it_is():
    assert repr(schedule("StepLR", 0.1, step_size=30)) == "schedule('StepLR', 0.1, step_size=30)"


# ---- against torch -------------------------------------------------------------------------
CASES = [
    ("StepLR", 0.1, dict(step_size=30)),
    ("StepLR", 0.05, dict(step_size=7, gamma=0.5)),
    ("StepLR", 1.0, dict(step_size=1, gamma=0.97)),
    ("ExponentialLR", 0.1, dict(gamma=0.95)),
    ("ExponentialLR", 0.3, dict(gamma=0.999)),
    ("CosineAnnealingLR", 0.1, dict(T_max=50)),           # four half-periods: down, up, down, up
    ("CosineAnnealingLR", 0.1, dict(T_max=200)),
    ("CosineAnnealingLR", 0.5, dict(T_max=30, eta_min=0.01)),
    ("CosineAnnealingLR", 0.2, dict(T_max=7, eta_min=0.05)),
    ("CosineAnnealingLR", 0.1, dict(T_max=1)),
    ("LinearLR", 0.1, dict()),
    ("LinearLR", 0.1, dict(start_factor=0.01, total_iters=20)),
    ("LinearLR", 0.4, dict(start_factor=1.0, end_factor=0.1, total_iters=100)),
    ("LinearLR", 0.4, dict(start_factor=0.5, end_factor=0.0, total_iters=150)),
]


@pytest.mark.parametrize("name, lr, kw", CASES, ids=lambda c: str(c))
def test_equal_to_torch_over_200_epochs(name, lr, kw):
    torch = pytest.importorskip("torch", reason="PyTorch is not installed: the schedules are "
                                "compared with torch.optim.lr_scheduler only where it is")
    weight = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([weight], lr=lr)
    scheduler = getattr(torch.optim.lr_scheduler, name)(optimizer, **kw)
    eta = schedule(name, lr, **kw)
    for t in range(201):
        want = optimizer.param_groups[0]["lr"]
        # torch updates most rates recursively, from the last one; rounding adds up over 200
        # epochs, so the two agree to about 1e-13 of lr, not to the last bit
        assert eta(t) == pytest.approx(want, rel=1e-11, abs=1e-13 * lr), (t, eta(t), want)
        optimizer.step()
        scheduler.step()


# ---- bad arguments -------------------------------------------------------------------------
@pytest.mark.parametrize("name, lr, kw, error, words", [
    ("Cosine", 0.1, dict(T_max=5), ValueError, "no schedule called 'Cosine'; the names are"),
    ("StepLR", 0.0, dict(step_size=3), ValueError, r"lr must be in \(0.0, inf\), got 0.0"),
    ("StepLR", float("nan"), dict(step_size=3), ValueError, "lr must be"),
    ("StepLR", "0.1", dict(step_size=3), TypeError, "lr must be a real number"),
    ("StepLR", 0.1, dict(), TypeError, "StepLR needs step_size: its arguments are lr, step_size, gamma=0.1"),
    ("StepLR", 0.1, dict(step_size=3, gama=0.5), TypeError, "StepLR has no argument 'gama'"),
    ("StepLR", 0.1, dict(step_size=0), ValueError, "step_size must be a positive integer, got 0"),
    ("StepLR", 0.1, dict(step_size=2.5), ValueError, "step_size must be a positive integer"),
    ("StepLR", 0.1, dict(step_size=True), ValueError, "step_size must be a positive integer"),
    ("StepLR", 0.1, dict(step_size=3, gamma=-0.5), ValueError, "gamma must be in"),
    ("ExponentialLR", 0.1, dict(), TypeError, "ExponentialLR needs gamma"),
    ("ExponentialLR", 0.1, dict(gamma=0.0), ValueError, "gamma must be in"),
    ("ExponentialLR", 0.1, dict(gamma=float("inf")), ValueError, "gamma must be in"),
    ("CosineAnnealingLR", 0.1, dict(), TypeError, "CosineAnnealingLR needs T_max"),
    ("CosineAnnealingLR", 0.1, dict(T_max=-5), ValueError, "T_max must be a positive integer"),
    ("CosineAnnealingLR", 0.1, dict(T_max=5, eta_min=0.2), ValueError, r"eta_min must be in \[0.0, 0.1\]"),
    ("CosineAnnealingLR", 0.1, dict(T_max=5, eta_min=-0.01), ValueError, "eta_min must be in"),
    ("LinearLR", 0.1, dict(start_factor=0.0), ValueError, r"start_factor must be in \(0.0, 1.0\]"),
    ("LinearLR", 0.1, dict(start_factor=1.5), ValueError, "start_factor must be in"),
    ("LinearLR", 0.1, dict(end_factor=1.2), ValueError, r"end_factor must be in \[0.0, 1.0\]"),
    ("LinearLR", 0.1, dict(total_iters=0), ValueError, "total_iters must be a positive integer"),
    ("LinearLR", 0.1, dict(warmup=3), TypeError, "LinearLR has no argument 'warmup'"),
])
def test_bad_arguments_are_refused(name, lr, kw, error, words):
    with pytest.raises(error, match=words):
        schedule(name, lr, **kw)


@pytest.mark.parametrize("t", [-1, 2.0, True, "3", None])
def test_the_epoch_must_be_a_whole_number_from_zero(t):
    eta = schedule("ExponentialLR", 0.1, gamma=0.9)
    with pytest.raises(ValueError, match="the epoch t must be an integer >= 0"):
        eta(t)
