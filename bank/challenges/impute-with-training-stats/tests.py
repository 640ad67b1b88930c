import random

from vetml.judge.testkit import Case

SCHEMA = {"age": "numeric", "income": "numeric", "plan": "categorical", "city": "categorical", "device": "categorical"}
PLANS = ["free", "pro", "team", "enterprise"]
DEVICES = ["android", "ios", "web"]


def _row(rng: random.Random, cities: list[str], missing: float, shift: float = 0.0) -> dict:
    row = {
        "age": rng.randint(18, 80) + int(10 * shift),
        "income": round(rng.lognormvariate(10.0 + shift, 0.6), 2),
        "plan": rng.choices(PLANS, weights=[5 - 3 * shift, 3, 2, 1 + 3 * shift])[0],
        "city": rng.choice(cities),
        "device": rng.choices(DEVICES, weights=[3, 2 + 2 * shift, 2])[0],
    }
    for column in list(row):
        draw = rng.random()
        if draw < missing / 2:
            row[column] = None
        elif draw < missing:
            del row[column]
    return row


def _rows(rng: random.Random, n: int, cities: list[str], missing: float, shift: float = 0.0) -> list[dict]:
    return [_row(rng, cities, missing, shift) for _ in range(n)]


def examples():
    schema = {"age": "numeric", "plan": "categorical"}
    train = [
        {"age": 30, "plan": "pro"},
        {"age": None, "plan": "free"},
        {"age": 50, "plan": "pro"},
        {"plan": "team"},
        {"age": 40, "plan": None},
        {"age": 20, "plan": "team"},
        {"age": 70, "plan": "pro"},
    ]
    serving = [{"age": None, "plan": "enterprise"}, {"age": 61}, {"age": 25, "plan": None, "session_id": "a1"}]
    return [
        Case(
            "fill from training, keep present values",
            args=(schema, train, serving),
            expected={
                "fill_values": {"age": 40, "plan": "pro"},
                "rows": [{"age": 40, "plan": "enterprise"}, {"age": 61, "plan": "pro"}, {"age": 25, "plan": "pro"}],
            },
        ),
    ]


def hidden():
    yield Case(
        "even count: mean of the two middle values",
        args=({"x": "numeric"}, [{"x": 4}, {"x": 1}, {"x": None}, {"x": 10}, {"x": 2}], [{"x": None}, {}]),
        expected={"fill_values": {"x": 3.0}, "rows": [{"x": 3.0}, {"x": 3.0}]},
        subtask="rules",
        category="numeric median",
    )
    yield Case(
        "negative and fractional values",
        args=({"x": "numeric"}, [{"x": -2.5}, {"x": 0.25}, {"x": -7.0}], [{"x": None}, {"x": 1e9}]),
        expected={"fill_values": {"x": -2.5}, "rows": [{"x": -2.5}, {"x": 1e9}]},
        subtask="rules",
        category="numeric median",
    )
    yield Case(
        "ties go to the smallest category",
        args=(
            {"color": "categorical"},
            [
                {"color": "red"},
                {"color": "blue"},
                {"color": "red"},
                {"color": "green"},
                {"color": "blue"},
                {"color": None},
            ],
            [{"color": None}],
        ),
        expected={"fill_values": {"color": "blue"}, "rows": [{"color": "blue"}]},
        subtask="rules",
        category="ties",
    )
    yield Case(
        "zero and empty string are values, not missing",
        args=(
            {"clicks": "numeric", "coupon": "categorical"},
            [
                {"clicks": 0, "coupon": ""},
                {"clicks": 0, "coupon": ""},
                {"clicks": 9, "coupon": "SPRING"},
                {"clicks": None, "coupon": None},
            ],
            [{"clicks": 0, "coupon": ""}, {"clicks": None, "coupon": None}],
        ),
        expected={
            "fill_values": {"clicks": 0, "coupon": ""},
            "rows": [{"clicks": 0, "coupon": ""}, {"clicks": 0, "coupon": ""}],
        },
        subtask="rules",
        category="falsy values",
    )
    yield Case(
        "a column missing in every training row",
        args=(
            {"score": "numeric", "region": "categorical"},
            [{"score": None}, {"region": None}, {}],
            [{"score": 0.5}, {"region": "eu"}],
        ),
        expected={
            "fill_values": {"score": 0.0, "region": "__missing__"},
            "rows": [{"score": 0.5, "region": "__missing__"}, {"score": 0.0, "region": "eu"}],
        },
        subtask="rules",
        category="edge cases",
    )
    yield Case(
        "empty serving batch",
        args=({"x": "numeric", "c": "categorical"}, [{"x": 5, "c": "b"}, {"x": 6, "c": "a"}], []),
        expected={"fill_values": {"x": 5.5, "c": "a"}, "rows": []},
        subtask="rules",
        category="edge cases",
    )
    yield Case(
        "serving batch skewed the other way",
        args=(
            {"latency": "numeric", "country": "categorical"},
            [{"latency": 10, "country": "de"}, {"latency": 12, "country": "de"}, {"latency": 11, "country": "fr"}],
            [
                {"latency": 300, "country": "us"},
                {"latency": 320, "country": "us"},
                {"latency": None, "country": None},
                {"latency": 310, "country": "us"},
            ],
        ),
        expected={
            "fill_values": {"latency": 11, "country": "de"},
            "rows": [
                {"latency": 300, "country": "us"},
                {"latency": 320, "country": "us"},
                {"latency": 11, "country": "de"},
                {"latency": 310, "country": "us"},
            ],
        },
        subtask="skew",
        category="training-serving skew",
    )
    rng = random.Random(5150)
    cities = [f"city-{i:03d}" for i in range(40)]
    yield Case(
        "small random batch",
        args=(SCHEMA, _rows(rng, 60, cities, 0.2), _rows(rng, 25, cities, 0.4)),
        subtask="rules",
        category="random",
    )
    yield Case(
        "serving traffic shifted",
        args=(SCHEMA, _rows(rng, 2000, cities, 0.15), _rows(rng, 500, [*cities, "city-new"], 0.5, shift=1.0)),
        subtask="skew",
        category="training-serving skew",
    )
    yield Case(
        "serving batch of one row",
        args=(SCHEMA, _rows(rng, 300, cities, 0.3), _rows(rng, 1, cities, 0.6, shift=1.0)),
        subtask="skew",
        category="training-serving skew",
    )
    many_cities = [f"c{i:05d}" for i in range(12_000)]
    yield Case(
        "large, high-cardinality city",
        args=(SCHEMA, _rows(rng, 40_000, many_cities, 0.1), _rows(rng, 10_000, many_cities, 0.3, shift=0.5)),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "large, mostly missing",
        args=(SCHEMA, _rows(rng, 40_000, cities, 0.8), _rows(rng, 10_000, cities, 0.8, shift=1.0)),
        subtask="large",
        category="large inputs",
    )
