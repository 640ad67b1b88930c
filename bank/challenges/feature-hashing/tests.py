import random
import string

from vetml.judge.testkit import Case

CANCELLING = ["refund", "charged", "please", "twice", "order"]  # at 16 columns: +-1 pairs in columns 15 and 3


def _vocabulary(rng: random.Random, size: int, alphabet: str) -> list[str]:
    return ["".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(size)]


def _zipf_tokens(rng: random.Random, vocabulary: list[str], n: int) -> list[str]:
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
    return rng.choices(vocabulary, weights=weights, k=n)


NON_ASCII = "éèüößçñåøæ日本語中文한국어ДЖЯжяαβγΩ€£→✓🙂🚀"


def examples():
    return [
        Case(
            "signed counts", args=(["late", "delivery", "refund", "refund"], 1024), expected={289: -1, 597: -1, 95: 2}
        ),
        Case("a shared column", args=(["late", "screen", "late", "app"], 16), expected={1: -1, 12: 1}),
    ]


def hidden():
    yield Case("no tokens", args=([], 64), expected={}, subtask="basic", category="edge cases")
    yield Case("one column only", args=(["a"], 1), expected={0: -1}, subtask="basic", category="edge cases")
    yield Case(
        "the empty string is a token", args=([""], 1_000), expected={261: -1}, subtask="basic", category="edge cases"
    )
    yield Case(
        "unsigned counts",
        args=(CANCELLING, 16),
        kwargs={"signed": False},
        expected={15: 2, 3: 2, 7: 1},
        subtask="basic",
        category="collisions",
    )
    yield Case(
        "cancelled columns are dropped", args=(CANCELLING, 16), expected={7: 1}, subtask="basic", category="collisions"
    )
    yield Case(
        "case-sensitive tokens",
        args=(["refund", "Refund", "REFUND"], 16),
        expected={15: 1},
        subtask="basic",
        category="collisions",
    )
    yield Case(
        "n_features not a power of two",
        args=(["cancel", "order", "cancel", "login", "password", "app", "crash"], 1_000),
        expected={219: 2, 671: 1, 570: -1, 208: 1, 92: 1, 864: 1},
        subtask="basic",
        category="edge cases",
    )
    yield Case(
        "2**24 columns",
        args=(["password", "login", "login", "screen"], 2**24),
        expected={4939544: 1, 8335154: -2, 12930065: 1},
        subtask="basic",
        category="edge cases",
    )
    rng = random.Random(1234567)
    ascii_words = _vocabulary(rng, 300, string.ascii_letters + string.digits + "-_'")
    yield Case(
        "500 ASCII tokens, 64 columns",
        args=(_zipf_tokens(rng, ascii_words, 500), 64),
        subtask="basic",
        category="random small",
    )
    yield Case(
        "500 ASCII tokens, unsigned",
        args=(_zipf_tokens(rng, ascii_words, 500), 4_096),
        kwargs={"signed": False},
        subtask="basic",
        category="random small",
    )

    yield Case(
        "accents, CJK and emoji",
        args=(["café", "naïve", "日本", "🙂", "cafe"], 1 << 20),
        expected={741449: -1, 657451: -1, 454225: -1, 227915: 1, 626248: -1},
        subtask="unicode",
        category="non-ASCII",
    )
    yield Case(
        "non-ASCII collisions",
        args=(["café", "naïve", "日本", "🙂", "café"], 16),
        expected={9: -2, 1: -1},
        subtask="unicode",
        category="non-ASCII",
    )
    mixed_words = _vocabulary(rng, 400, string.ascii_lowercase + NON_ASCII)
    yield Case(
        "1,000 mixed tokens",
        args=(_zipf_tokens(rng, mixed_words, 1_000), 10_007),
        subtask="unicode",
        category="non-ASCII",
    )

    big_vocabulary = _vocabulary(rng, 30_000, string.ascii_lowercase + string.digits)
    yield Case(
        "200,000 tokens, 2**20 columns",
        args=(_zipf_tokens(rng, big_vocabulary, 200_000), 2**20),
        subtask="large",
        category="large inputs",
    )
    yield Case(
        "200,000 tokens, 16 columns",
        args=(_zipf_tokens(rng, big_vocabulary, 200_000), 16),
        subtask="large",
        category="collisions",
    )
    mixed_vocabulary = _vocabulary(rng, 20_000, string.ascii_lowercase + NON_ASCII)
    yield Case(
        "120,000 mixed tokens, 1,000 columns",
        args=(_zipf_tokens(rng, mixed_vocabulary, 120_000), 1_000),
        kwargs={"signed": False},
        subtask="large",
        category="large inputs",
    )
