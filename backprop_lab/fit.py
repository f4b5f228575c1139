"""Training to generalize: epochs of minibatches with a learning-rate schedule, the curves on a
validation set, early stopping, and the confusion matrix.

    history = fit(net, optimizer, X, y, X_val, y_val, epochs=100, batch_size=50)
    history.val_acc[-1], history.best_epoch

X is (n0, m), one column per example, y holds the class labels 0..K-1; the network ends in a
softmax with the cross-entropy. The curves hold one value per epoch, epoch 0 being the network
before training. Their loss is the cross-entropy alone (weight decay's term left out) of the
network as it is used for testing (`forward`, so no dropout): the same quantity on both sets.
"""
from dataclasses import dataclass, field

import numpy as np
from tqdm.auto import tqdm


def one_hot(y, classes):
    """(classes, m) with a 1 in row y[i] of column i."""
    return np.eye(classes)[:, np.asarray(y)]


def evaluate(net, X, y):
    """(cross-entropy, accuracy) of the network as tested (no dropout) on labelled data."""
    Zs, As = net.forward_pass(net._batch(X))
    loss = net.data_loss(Zs[-1], As[-1], one_hot(y, net.sizes[-1]))
    return loss, float(np.mean(As[-1].argmax(axis=0) == y))


def should_stop(val_losses, patience):
    """Early stopping's rule (Prechelt 1998): stop when the validation loss has not reached a
    new minimum for `patience` epochs."""
    return len(val_losses) - 1 - int(np.argmin(val_losses)) >= patience


def stopping_epoch(val_losses, patience):
    """The epoch at which training with this patience stops, given a whole curve (its last
    epoch if the rule never fires)."""
    for epoch in range(len(val_losses)):
        if should_stop(val_losses[:epoch + 1], patience):
            return epoch
    return len(val_losses) - 1


@dataclass
class History:
    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    lr: list = field(default_factory=list)          # the rate used in each epoch (epochs 1, 2, ...)
    best_epoch: int = 0                              # the lowest validation loss
    best_params: list = None
    stopped_at: int = None                           # set when early stopping ended training
    diverged_at: int = None                          # set when the training loss stopped being finite

    def __post_init__(self):
        for name in ("train_loss", "val_loss", "train_acc", "val_acc", "lr"):
            setattr(self, name, list(getattr(self, name)))


def fit(net, optimizer, X, y, X_val, y_val, epochs, batch_size=50, schedule=None, patience=None,
        restore_best=False, seed=0, progress=False):
    """Train net with optimizer for `epochs` passes over (X, y) in shuffled minibatches.

    schedule: a function of the epoch (0, 1, ...) giving the learning rate for that epoch
    (backprop_lab.optim.schedule); patience: stop early when the validation loss has not
    improved for that many epochs; restore_best: end with the parameters of the epoch of
    lowest validation loss. The shuffles and dropout's masks come from `seed`. Returns a History.
    """
    X, X_val = net._batch(X), net._batch(X_val, "X_val")
    y, y_val = np.asarray(y), np.asarray(y_val)
    Y = one_hot(y, net.sizes[-1])
    rng = np.random.default_rng(seed)
    history = History()

    def record():
        for name, value in zip(("train_loss", "train_acc", "val_loss", "val_acc"),
                               evaluate(net, X, y) + evaluate(net, X_val, y_val)):
            getattr(history, name).append(value)
        if history.val_loss[-1] <= min(history.val_loss):
            history.best_epoch = len(history.val_loss) - 1
            history.best_params = [p.copy() for p in net.params]

    record()
    m = X.shape[1]
    bar = tqdm(range(1, epochs + 1), desc="epochs", leave=False, disable=not progress)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in bar:
            if schedule is not None:
                optimizer.lr = schedule(epoch - 1)
            history.lr.append(optimizer.lr)
            order = rng.permutation(m)
            for start in range(0, m, batch_size):
                batch = order[start:start + batch_size]
                J, grads = net.loss_and_grads(X[:, batch], Y[:, batch], rng=rng)
                if not np.isfinite(J):
                    break
                optimizer.step(net.params, grads)
            if not np.isfinite(J):
                history.diverged_at = epoch
                break
            record()
            if patience is not None and should_stop(history.val_loss, patience):
                history.stopped_at = epoch
                break
    if restore_best:
        for p, best in zip(net.params, history.best_params):
            p[...] = best
    return history


def confusion_matrix(y, predicted, classes):
    """C[i, j]: how many examples of class i were predicted as class j."""
    C = np.zeros((classes, classes), dtype=int)
    np.add.at(C, (np.asarray(y), np.asarray(predicted)), 1)
    return C
