import math

import numpy as np

from vetml.judge.testkit import Case, Script


def _per_sample(X, y, W1, b1, W2, b2):
    """Independent check of the reference: the chain rule written out one sample and one unit at a time."""
    n, d = X.shape
    h, k = W2.shape
    loss = 0.0
    dW1, db1 = np.zeros((d, h)), np.zeros(h)
    dW2, db2 = np.zeros((h, k)), np.zeros(k)
    for i in range(n):
        hidden = [math.tanh(sum(X[i, a] * W1[a, j] for a in range(d)) + b1[j]) for j in range(h)]
        logits = [sum(hidden[j] * W2[j, c] for j in range(h)) + b2[c] for c in range(k)]
        top = max(logits)
        total = math.fsum(math.exp(z - top) for z in logits)
        probs = [math.exp(z - top) / total for z in logits]
        loss += (math.log(total) + top - logits[y[i]]) / n
        g_logits = [(probs[c] - (1.0 if c == y[i] else 0.0)) / n for c in range(k)]
        for c in range(k):
            db2[c] += g_logits[c]
            for j in range(h):
                dW2[j, c] += hidden[j] * g_logits[c]
        for j in range(h):
            g_pre = sum(g_logits[c] * W2[j, c] for c in range(k)) * (1.0 - hidden[j] ** 2)
            db1[j] += g_pre
            for a in range(d):
                dW1[a, j] += X[i, a] * g_pre
    return loss, dW1, db1, dW2, db2


def _net(rng, n, d, h, k, scale=1.0, weight_scale=0.5):
    X = rng.normal(0.0, scale, size=(n, d))
    y = rng.integers(0, k, size=n)
    W1 = rng.normal(0.0, weight_scale, size=(d, h))
    b1 = rng.normal(0.0, 0.1, size=h)
    W2 = rng.normal(0.0, weight_scale, size=(h, k))
    b2 = rng.normal(0.0, 0.1, size=k)
    return X, y, W1, b1, W2, b2


def _checked(name, args, **fields):
    return Case(name, args=args, expected=_per_sample(*args), **fields)


def examples():
    X = np.array([[1.0, 2.0], [3.0, -1.0]])
    y = np.array([0, 2])
    zero_weights = (X, y, np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.zeros(3))
    expected = (math.log(3), np.zeros((2, 4)), np.zeros(4), np.zeros((4, 3)), np.array([-1 / 6, 1 / 3, -1 / 6]))
    rng = np.random.default_rng(3)
    return [
        Case("all weights zero", args=zero_weights, expected=expected),
        _checked("small random network", _net(rng, 3, 2, 4, 3)),
    ]


def _gradient_check(seed, n, d, h, k, checks):
    """A Script: compare the candidate's gradients with central differences of our own loss."""

    def loss_of(X, y, W1, b1, W2, b2):
        Z2 = np.tanh(X @ W1 + b1) @ W2 + b2
        top = Z2.max(axis=1, keepdims=True)
        log_sum = np.log(np.exp(Z2 - top).sum(axis=1)) + top[:, 0]
        return float(np.mean(log_sum - Z2[np.arange(len(y)), y]))

    def run(candidate):
        rng = np.random.default_rng(seed)
        args = _net(rng, n, d, h, k, weight_scale=0.8)
        result = candidate(*[a.copy() for a in args])
        assert isinstance(result, (tuple, list)) and len(result) == 5, "return (loss, dW1, db1, dW2, db2)"
        loss = float(result[0])
        want = loss_of(*args)
        assert abs(loss - want) <= 1e-8 + 1e-6 * abs(want), f"loss {loss} differs from {want}"
        names = ("W1", "b1", "W2", "b2")
        for slot, name in enumerate(names):
            param = args[2 + slot]
            grad = np.asarray(result[1 + slot], dtype=np.float64)
            assert grad.shape == param.shape, f"d{name} has shape {grad.shape}, expected {param.shape}"
            flat = [int(i) for i in rng.choice(param.size, size=min(checks, param.size), replace=False)]
            for index in flat:
                where = np.unravel_index(index, param.shape)
                step = 1e-6
                plus = [a.copy() for a in args]
                minus = [a.copy() for a in args]
                plus[2 + slot][where] += step
                minus[2 + slot][where] -= step
                numeric = (loss_of(*plus) - loss_of(*minus)) / (2 * step)
                analytic = float(grad[where])
                assert abs(analytic - numeric) <= 1e-6 + 1e-4 * abs(numeric), (
                    f"d{name}{list(where)} = {analytic}, finite differences give {numeric}"
                )

    return run


def hidden():
    X = np.array([[0.5, -1.0, 2.0]])
    W1 = np.array([[0.1], [0.2], [-0.3]])
    b1 = np.array([0.05])
    W2 = np.array([[1.5, -0.5]])
    b2 = np.array([0.0, 0.2])
    yield _checked("one sample, one hidden unit", (X, np.array([1]), W1, b1, W2, b2),
                   subtask="basic", category="edge cases")
    yield Case("one class", args=(X, np.array([0]), W1, b1, np.array([[0.7]]), np.array([0.3])),
               expected=(0.0, np.zeros((3, 1)), np.zeros(1), np.zeros((1, 1)), np.zeros(1)),
               subtask="basic", category="edge cases")
    rng = np.random.default_rng(77)
    yield _checked("wider than deep", _net(rng, 5, 2, 7, 3), subtask="basic", category="small networks")
    yield _checked("square layers", _net(rng, 6, 4, 4, 4), subtask="basic", category="small networks")
    yield _checked("saturated tanh", _net(rng, 4, 3, 5, 2, scale=3.0, weight_scale=20.0),
                   subtask="basic", category="saturation")
    big_logits = list(_net(rng, 5, 3, 4, 3))
    big_logits[4] = big_logits[4] * 800.0  # logits in the thousands
    yield _checked("logits in the thousands", tuple(big_logits), subtask="basic", category="numerical stability")
    yield _checked("repeated samples", tuple(
        np.repeat(a, 3, axis=0) if i < 2 else a for i, a in enumerate(_net(rng, 2, 3, 3, 2))
    ), subtask="basic", category="small networks")

    yield Script("finite differences, tiny network", _gradient_check(11, 4, 3, 5, 3, checks=40),
                 subtask="gradcheck", category="gradient check")
    yield Script("finite differences, medium network", _gradient_check(12, 32, 8, 16, 5, checks=12),
                 subtask="gradcheck", category="gradient check")

    for index, (n, d, h, k) in enumerate([(64, 10, 16, 4), (1_000, 30, 64, 10), (5_000, 100, 128, 20)]):
        yield Case(f"random batch {index + 1} ({n}x{d}, h={h}, k={k})", args=_net(rng, n, d, h, k),
                   subtask="batches", category="large inputs" if n >= 1_000 else "random networks")
