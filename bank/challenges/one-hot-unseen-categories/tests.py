import random
import string
from itertools import accumulate

from vetml.judge.testkit import Case

OTHER = "__other__"


def _vocabulary(rng: random.Random, column: str, size: int) -> list[str]:
    """Distinct values in styles real attributes have: codes, versions, mixed case, numbers as strings."""
    makers = {
        "country": lambda: "".join(rng.choices(string.ascii_uppercase, k=2)),
        "app_version": lambda: f"{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        "device": lambda: (
            rng.choice(["ios", "android", "web", "iOS", "Android", "tv", "kiosk"]) + str(rng.randint(0, 30))
        ),
        "plan": lambda: (
            rng.choice(["free", "pro", "team", "Team", "enterprise"])
            + rng.choice(["", "-annual", "-trial"])
            + str(rng.randint(2015, 2026))
        ),
        "referrer": lambda: (
            rng.choice(["google", "ads", "partner", "Email", "direct"]) + "_" + str(rng.randint(1, 120))
        ),
        "locale": lambda: (
            rng.choice(["en", "de", "fr", "es", "ja", "pt"]) + "-" + "".join(rng.choices(string.ascii_uppercase, k=2))
        ),
    }
    values: set[str] = set()
    while len(values) < size:
        values.add(makers[column]())
    return sorted(values)


def _table(rng: random.Random, columns: dict[str, int], n_train: int, n_serve: int) -> tuple[list, list]:
    """Training rows with skewed value frequencies and some gaps; serving rows with drift: unseen values, gaps."""
    train_values = {column: _vocabulary(rng, column, size) for column, size in columns.items()}
    unseen = {
        column: [v for v in _vocabulary(rng, column, size + 30) if v not in train_values[column]]
        for column, size in columns.items()
    }
    cumulative = {
        column: list(accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(values))))
        for column, values in train_values.items()
    }

    def row(serving: bool) -> dict:
        out = {}
        for column, values in train_values.items():
            draw = rng.random()
            if draw < 0.03:
                continue  # missing key
            if draw < 0.06:
                out[column] = None
            elif serving and draw < 0.16 and unseen[column]:
                out[column] = rng.choice(unseen[column])
            else:
                out[column] = rng.choices(values, cum_weights=cumulative[column])[0]
        if rng.random() < 0.1:
            out["session_id"] = str(rng.randrange(10**9))  # not a feature column
        return out

    return [row(False) for _ in range(n_train)], [row(True) for _ in range(n_serve)]


def examples():
    return [
        Case(
            "unseen values go to __other__",
            args=(
                [
                    {"device": "ios", "plan": "pro"},
                    {"device": "android", "plan": "free"},
                    {"device": "ios", "plan": "free"},
                ],
                [{"device": "web", "plan": "pro"}, {"device": "android", "plan": "team"}],
                ["plan", "device"],
            ),
            expected={
                "features": [
                    "plan=free",
                    "plan=pro",
                    "plan=__other__",
                    "device=android",
                    "device=ios",
                    "device=__other__",
                ],
                "matrix": [[0, 1, 0, 0, 0, 1], [0, 0, 1, 1, 0, 0]],
            },
        ),
    ]


def hidden():
    yield Case(
        "no serving rows",
        args=([{"plan": "pro"}, {"plan": "free"}], [], ["plan"]),
        expected={"features": ["plan=free", "plan=pro", "plan=__other__"], "matrix": []},
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "no training rows",
        args=([], [{"plan": "pro"}, {}], ["plan"]),
        expected={"features": ["plan=__other__"], "matrix": [[1], [1]]},
        subtask="basic",
        category="unseen categories",
    )
    yield Case(
        "missing and None values when serving",
        args=(
            [{"country": "DE", "device": "ios"}, {"country": "FR", "device": "android"}],
            [
                {"country": None, "device": "ios"},
                {"device": "android"},
                {"country": "FR", "device": None, "extra": "x"},
            ],
            ["country", "device"],
        ),
        expected={
            "features": [
                "country=DE",
                "country=FR",
                "country=__other__",
                "device=android",
                "device=ios",
                "device=__other__",
            ],
            "matrix": [[0, 0, 1, 0, 1, 0], [0, 0, 1, 1, 0, 0], [0, 1, 0, 0, 0, 1]],
        },
        subtask="basic",
        category="missing values",
    )
    yield Case(
        "None in training is not a category",
        args=([{"plan": None}, {"plan": "pro"}, {}, {"plan": None}], [{"plan": None}, {"plan": "pro"}], ["plan"]),
        expected={"features": ["plan=pro", "plan=__other__"], "matrix": [[0, 1], [1, 0]]},
        subtask="basic",
        category="missing values",
    )
    yield Case(
        "min_count keeps a value seen exactly min_count times",
        args=(
            [{"plan": p} for p in ["pro", "free", "team", "free", "pro", "free"]],
            [{"plan": "team"}, {"plan": "pro"}, {"plan": "free"}],
            ["plan"],
        ),
        kwargs={"min_count": 2},
        expected={"features": ["plan=free", "plan=pro", "plan=__other__"], "matrix": [[0, 0, 1], [0, 1, 0], [1, 0, 0]]},
        subtask="basic",
        category="rare categories",
    )
    yield Case(
        "categories in string order",
        args=(
            [{"v": v} for v in ["9", "10", "B", "a", "Z"]],
            [{"v": "10"}, {"v": "a"}],
            ["v"],
        ),
        expected={
            "features": ["v=10", "v=9", "v=B", "v=Z", "v=a", "v=__other__"],
            "matrix": [[1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0]],
        },
        subtask="basic",
        category="column order",
    )
    yield Case(
        "a column never seen in training",
        args=([{"plan": "pro"}], [{"plan": "pro", "region": "eu"}], ["region", "plan"]),
        expected={"features": ["region=__other__", "plan=pro", "plan=__other__"], "matrix": [[1, 1, 0]]},
        subtask="basic",
        category="unseen categories",
    )
    yield Case(
        "the same value in two columns",
        args=(
            [{"src": "web", "dst": "app"}, {"src": "app", "dst": "web"}],
            [{"src": "app", "dst": "app"}],
            ["src", "dst"],
        ),
        expected={
            "features": ["src=app", "src=web", "src=__other__", "dst=app", "dst=web", "dst=__other__"],
            "matrix": [[1, 0, 0, 1, 0, 0]],
        },
        subtask="basic",
        category="column order",
    )
    rng = random.Random(60221)
    train, serve = _table(rng, {"plan": 8, "device": 20, "country": 40}, 1_000, 200)
    yield Case(
        "1,000 training rows, drifted serving rows",
        args=(train, serve, ["country", "plan", "device"]),
        subtask="basic",
        category="unseen categories",
    )
    yield Case(
        "1,000 training rows, min_count 5",
        args=(train, serve, ["device", "country", "plan"]),
        kwargs={"min_count": 5},
        subtask="basic",
        category="rare categories",
    )

    sizes = {"country": 120, "app_version": 200, "device": 40, "plan": 12, "referrer": 60, "locale": 50}
    train, serve = _table(rng, sizes, 20_000, 2_000)
    yield Case(
        "20,000 training rows, six columns", args=(train, serve, list(sizes)), subtask="large", category="large inputs"
    )
    yield Case(
        "20,000 training rows, min_count 40",
        args=(train, serve, ["referrer", "app_version", "country"]),
        kwargs={"min_count": 40},
        subtask="large",
        category="rare categories",
    )
