import numpy as np

from vetml.judge.testkit import Case

TOL = 1e-10


def _mdp(n_states, n_actions):
    return np.zeros((n_states, n_actions, n_states)), np.zeros((n_states, n_actions, n_states))


def _case(name, P, R, gamma, values, policy, **fields):
    expected = (np.array(values, dtype=np.float64), np.array(policy, dtype=np.int64))
    return Case(name, args=(P, R, gamma, TOL), expected=expected, **fields)


def _exact_q(P, R, gamma):
    """Policy iteration with exact linear solves: an independent route to Q*, used to vet random MDPs."""
    S = P.shape[0]
    reward = (P * R).sum(axis=2)
    policy = np.zeros(S, dtype=np.int64)
    for _ in range(1_000):
        P_pi = P[np.arange(S), policy]
        r_pi = reward[np.arange(S), policy]
        values = np.linalg.solve(np.eye(S) - gamma * P_pi, r_pi)
        q = reward + gamma * P @ values
        improved = np.where(q.max(axis=1) > q[np.arange(S), policy] + 1e-12, q.argmax(axis=1), policy)
        if np.array_equal(improved, policy):
            return q
        policy = improved
    raise RuntimeError("policy iteration did not converge")


def _random_mdp(rng, n_states, n_actions, gamma, fan_out=3):
    """A sparse random MDP whose best and second-best actions differ clearly in every state."""
    while True:
        P, R = _mdp(n_states, n_actions)
        for s in range(n_states):
            for a in range(n_actions):
                targets = rng.choice(n_states, size=min(fan_out, n_states), replace=False)
                P[s, a, targets] = rng.dirichlet(np.ones(targets.size))
                R[s, a, targets] = rng.uniform(-1.0, 1.0, size=targets.size)
        q = np.sort(_exact_q(P, R, gamma), axis=1)
        if n_actions == 1 or np.min(q[:, -1] - q[:, -2]) > 1e-4:
            return P, R


def examples():
    P, R = _mdp(2, 2)
    P[0, 0, 0] = 1.0
    P[0, 1, 1] = 1.0
    R[0, 1, 1] = 1.0
    P[1, :, 1] = 1.0
    return [_case("move to the absorbing state", P, R, 0.9, [1.0, 0.0], [1, 0])]


def hidden():
    P, R = _mdp(1, 1)
    P[0, 0, 0], R[0, 0, 0] = 1.0, 1.0
    yield _case("one state, one action", P, R, 0.5, [2.0], [0], subtask="basic", category="edge cases")

    # gamma = 0: the value is the best expected immediate reward.
    P, R = _mdp(2, 3)
    P[:, :, 0] = 0.5
    P[:, :, 1] = 0.5
    R[0] = [[1.0, 3.0], [2.0, 2.0], [4.0, -1.0]]  # expected rewards 2.0, 2.0, 1.5: tie between 0 and 1
    R[1] = [[0.0, 0.0], [-1.0, -3.0], [5.0, -4.0]]  # expected rewards 0.0, -2.0, 0.5
    yield _case("no discount", P, R, 0.0, [2.0, 0.5], [0, 2], subtask="basic", category="ties")

    # Actions 1 and 2 are copies of each other and better than action 0: the smaller index wins.
    P, R = _mdp(3, 3)
    for s in range(3):
        P[s, 0, s] = 1.0  # wait in place, reward 0
        P[s, 1:, (s + 1) % 3] = 1.0
        R[s, 1:, (s + 1) % 3] = 1.0
    yield _case("identical best actions", P, R, 0.5, [2.0, 2.0, 2.0], [1, 1, 1], subtask="basic", category="ties")

    # State 0: action 0 pays 0.5 and ends; action 1 pays 2 or 0 with even odds, returning to 0 on 0.
    # With gamma = 0.9 the gamble is worth V = 0.5 * 2 + 0.5 * 0.9 * V, so V = 1 / 0.55.
    P, R = _mdp(2, 2)
    P[0, 0, 1], R[0, 0, 1] = 1.0, 0.5
    P[0, 1, 1], R[0, 1, 1] = 0.5, 2.0
    P[0, 1, 0] = 0.5
    P[1, :, 1] = 1.0
    yield _case("a gamble worth repeating", P, R, 0.9, [1 / 0.55, 0.0], [1, 0], subtask="basic",
                category="stochastic transitions")

    # A two-state loop paying 1 per step: V = 1 / (1 - 0.99) = 100, far from 100 sweeps' worth.
    P, R = _mdp(2, 2)
    for s in range(2):
        P[s, 0, 1 - s], R[s, 0, 1 - s] = 1.0, 1.0
        P[s, 1, s], R[s, 1, s] = 1.0, 0.5
    yield _case("high discount", P, R, 0.99, [100.0, 100.0], [0, 0], subtask="basic", category="slow convergence")

    # A corridor 0 - 1 - 2 - 3 with the goal at 3 (absorbing): moving right costs nothing, the goal pays 1.
    # From state 0 the values are gamma^2, gamma, 1, 0.
    P, R = _mdp(4, 2)
    for s in range(3):
        P[s, 0, max(s - 1, 0)] = 1.0  # left
        P[s, 1, s + 1] = 1.0  # right
    R[2, 1, 3] = 1.0
    P[3, :, 3] = 1.0
    yield _case("corridor to a goal", P, R, 0.8, [0.64, 0.8, 1.0, 0.0], [1, 1, 1, 0], subtask="basic",
                category="deterministic transitions")

    # Negative rewards only: the best action is the cheaper way out.
    P, R = _mdp(2, 3)
    P[0, 0, 0], R[0, 0, 0] = 1.0, -1.0  # stay and pay 1 forever: -1 / (1 - 0.75) = -4
    P[0, 1, 1], R[0, 1, 1] = 1.0, -3.5
    P[0, 2, 1], R[0, 2, 1] = 1.0, -3.0
    P[1, :, 1] = 1.0
    yield _case("all rewards negative", P, R, 0.75, [-3.0, 0.0], [2, 0], subtask="basic", category="negative rewards")

    rng = np.random.default_rng(5150)
    for index, (n_states, n_actions, gamma) in enumerate([(5, 2, 0.5), (8, 3, 0.9), (12, 4, 0.95), (10, 1, 0.99)]):
        P, R = _random_mdp(rng, n_states, n_actions, gamma)
        yield Case(f"random MDP {index + 1} ({n_states} states x {n_actions} actions, gamma {gamma})",
                   args=(P, R, gamma, TOL), subtask="random", category="random MDPs")

    for index, (gamma, fan_out) in enumerate([(0.95, 4), (0.99, 6), (0.9, 150)]):
        P, R = _random_mdp(rng, 150, 8, gamma, fan_out=fan_out)
        yield Case(f"large MDP {index + 1} (gamma {gamma})", args=(P, R, gamma, TOL), subtask="large",
                   category="large inputs")
