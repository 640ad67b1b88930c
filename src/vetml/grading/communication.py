"""Written-communication signals of an answer: structure, clarity and concrete detail, each with its evidence.

A remote or offshore candidate's written answers are how the team will hear from them, so the reviewer
sees how the answer is written next to what it covers. Each signal is a level from 1 (weak) to 4
(strong) built from a few checks a reviewer could redo by hand; every check met or missed adds one line
of evidence, quoting the answer where it can. These are shown to staff only, never scored to the candidate.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable

from pydantic import BaseModel, Field

from vetml.grading.signals import SIGNAL_PATTERNS
from vetml.grading.text import Span, sentences, words

LONG_SENTENCE_WORDS = 35
QUOTE_CHARS = 90
LEVELS = ((0.85, 4), (0.6, 3), (0.35, 2), (0.0, 1))
_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+\S", re.MULTILINE)
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s+\S|[A-Z][\w /&-]{1,40}:\s*$|\*\*[^*\n]{2,40}\*\*\s*$)", re.MULTILINE)
_WARM_UP = re.compile(
    r"^(?:well|so|ok(?:ay)?|hmm|great question|good question|that'?s a (?:good|great|interesting) question|"
    r"there are (?:many|a lot of|lots of|several) (?:ways|things|factors|approaches)|it (?:really )?depends|"
    r"this is a (?:complex|tricky|hard|big) (?:question|topic)|to be honest|i think there are)\b",
    re.IGNORECASE,
)
_SIGNPOSTS = re.compile(
    r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|finally|in short|in summary|to summari[sz]e|"
    r"because|so that|as a result|therefore|however|on the other hand|the trade-?off|for example|"
    r"the (?:main|key) (?:reason|risk|point))\b",
    re.IGNORECASE,
)
_HEDGES = re.compile(
    r"\b(?:basically|actually|kind of|sort of|i guess|i suppose|maybe|perhaps|probably|somewhat|stuff|"
    r"things like that|and so on|etc|literally|more or less|in a way|to some extent|i feel like|obviously|"
    r"you know|like i said|very|really|just)\b",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,6}s?\b")
# Acronyms any ML engineering reader knows; anything else should be spelled out once.
_COMMON_ACRONYMS = frozenset(
    ("AI", "ML", "API", "CPU", "GPU", "TPU", "RAM", "SQL", "HTTP", "HTTPS", "JSON", "CSV", "URL", "UTC", "ID", "OK",
     "US", "UK", "EU", "CI", "CD", "UI", "PR", "AWS", "GCP", "S3", "SSD", "IO", "ETL", "P50", "P90", "P95", "P99",
     "QPS", "RPS", "MS", "GB", "TB", "MB", "KB", "I", "A")
)  # fmt: skip
_DEFINED_BEFORE = re.compile(r"\(\s*([A-Z][A-Z0-9]{1,6})s?\s*\)")  # "population stability index (PSI)"
_DEFINED_AFTER = re.compile(r"\b([A-Z][A-Z0-9]{1,6})s?\s*\(\s*[a-z][^)]{3,}\)")  # "PSI (population stability...)"
_TOOLS = re.compile(
    r"\b(?:kafka|spark|flink|airflow|dagster|prefect|dbt|postgres(?:ql)?|mysql|redis|cassandra|dynamodb|"
    r"bigquery|snowflake|redshift|s3|gcs|kubernetes|k8s|docker|helm|terraform|prometheus|grafana|datadog|"
    r"sentry|mlflow|kubeflow|sagemaker|vertex ai|feast|triton|torchserve|onnx|ray|dask|pandas|numpy|polars|"
    r"pytorch|tensorflow|jax|keras|scikit-learn|sklearn|xgboost|lightgbm|catboost|faiss|elasticsearch|"
    r"opensearch|celery|fastapi|flask|grpc|pubsub|kinesis|evidently|great expectations|weights & biases|wandb)\b",
    re.IGNORECASE,
)
_EXAMPLES = re.compile(
    r"\b(?:for example|for instance|e\.g\.|such as|in one case|once we|when we|we had|at my (?:last|previous) "
    r"(?:job|company|team)|last (?:year|quarter|month)|in practice|concretely|say we)\b",
    re.IGNORECASE,
)


class Check(BaseModel):
    """One check behind a signal: whether the answer meets it, and what was found (quoted where possible)."""

    name: str
    met: bool
    detail: str


class CommunicationSignal(BaseModel):
    """One written-communication signal: a 1-4 level, its 0-1 share of checks met, and the checks."""

    id: str = Field(description="structure, clarity or concrete-detail.")
    title: str
    level: int = Field(ge=1, le=4, description="1 weak, 2 some, 3 good, 4 strong.")
    share: float = Field(ge=0, le=1, description="The share of this signal's checks the answer meets.")
    evidence: list[Check] = Field(description="Every check, met or missed, with what the answer showed.")


class CommunicationReport(BaseModel):
    """The three signals of one answer, for the reviewer; empty answers get no signals."""

    words: int
    signals: list[CommunicationSignal] = Field(default_factory=list)


def assess(text: str) -> CommunicationReport:
    """Structure, clarity and concrete detail of ``text``; deterministic and offline."""
    spans = [span for span in sentences(text) if words(span.text)]
    count = len(words(text))
    if not spans:
        return CommunicationReport(words=count)
    checks: list[tuple[str, str, Callable[[str, list[Span]], list[Check]]]] = [
        ("structure", "Structure", structure_checks),
        ("clarity", "Clarity", clarity_checks),
        ("concrete-detail", "Concrete detail", detail_checks),
    ]
    return CommunicationReport(words=count, signals=[_signal(key, title, rule(text, spans))
                                                     for key, title, rule in checks])  # fmt: skip


def _signal(key: str, title: str, checks: list[Check]) -> CommunicationSignal:
    share = sum(check.met for check in checks) / len(checks)
    level = next(level for floor, level in LEVELS if share >= floor)
    return CommunicationSignal(id=key, title=title, level=level, share=round(share, 2), evidence=checks)


def structure_checks(text: str, spans: list[Span]) -> list[Check]:
    """Paragraphs, lists or headings, an opening that answers first, and signposts between steps."""
    paragraphs = [block for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]
    items, headings = _LIST_LINE.findall(text), _HEADING_LINE.findall(text)
    opening = spans[0].text
    signposts = sorted({match.lower() for match in _SIGNPOSTS.findall(text)})
    short = len(words(text)) < 60  # a short answer needs no paragraphs
    return [
        Check(
            name="paragraphs",
            met=len(paragraphs) >= 2 or short,
            detail=f"{len(paragraphs)} paragraph(s) for {len(words(text))} words",
        ),
        Check(
            name="lists or headings",
            met=bool(items or headings),
            detail=f"{len(items)} list item(s), {len(headings)} heading(s)",
        ),
        Check(name="answers first", met=_answers_first(opening), detail=f"opens with {_quote(opening)}"),
        Check(name="signposting", met=len(signposts) >= 2, detail="signposts: " + (", ".join(signposts[:6]) or "none")),
    ]


def _answers_first(opening: str) -> bool:
    """The first sentence states something short and direct rather than warming up."""
    return len(words(opening)) <= 30 and not _WARM_UP.match(opening.strip(" -*#>"))


def clarity_checks(text: str, spans: list[Span]) -> list[Check]:
    """Sentence lengths, very long sentences, filler and hedging, acronyms never spelled out."""
    lengths = [len(words(span.text)) for span in spans]
    median = statistics.median(lengths)
    long = [span for span, length in zip(spans, lengths, strict=True) if length > LONG_SENTENCE_WORDS]
    hedges = [match.lower() for match in _HEDGES.findall(text)]
    per_hundred = 100 * len(hedges) / max(1, len(words(text)))
    undefined = undefined_acronyms(text)
    long_line = f"{len(long)} sentence(s) over {LONG_SENTENCE_WORDS} words" + (f", e.g. {_quote(long[0].text)}"
                                                                                if long else "")  # fmt: skip
    return [
        Check(name="sentence length", met=median <= 22,
              detail=f"median sentence {median:g} words (shortest {min(lengths)}, longest {max(lengths)})"),
        Check(name="very long sentences", met=len(long) * 5 <= len(spans) and max(lengths) <= 2 * LONG_SENTENCE_WORDS,
              detail=long_line),
        Check(name="filler and hedging", met=per_hundred < 3,
              detail=f"{len(hedges)} filler or hedging word(s) ({per_hundred:.1f} per 100 words)"
              + (": " + ", ".join(sorted(set(hedges))[:6]) if hedges else "")),
        Check(name="acronyms defined", met=not undefined,
              detail="acronyms not spelled out: " + (", ".join(undefined[:6]) or "none")),
    ]  # fmt: skip


def undefined_acronyms(text: str) -> list[str]:
    """Capitalised abbreviations used without a spelled-out form, common ones (API, GPU, SQL...) excepted."""
    defined = set(_DEFINED_BEFORE.findall(text)) | set(_DEFINED_AFTER.findall(text))
    found: list[str] = []
    for match in _ACRONYM.findall(text):
        name = match[:-1] if match.endswith("s") and match[:-1].isupper() else match
        if name not in _COMMON_ACRONYMS and name not in defined and not name.isdigit() and name not in found:
            found.append(name)
    return found


def detail_checks(text: str, spans: list[Span]) -> list[Check]:
    """Numbers with units, named tools or systems, an example, and a trade-off weighed."""
    numbers = _sentences_with(spans, SIGNAL_PATTERNS["concrete-numbers"])
    tools = sorted({match.lower() for match in _TOOLS.findall(text)})
    examples = _sentences_with(spans, _EXAMPLES)
    trade_offs = _sentences_with(spans, SIGNAL_PATTERNS["trade-offs"])
    return [
        Check(name="numbers with units", met=bool(numbers), detail=_found("number(s) with units", numbers)),
        Check(
            name="named tools or systems",
            met=bool(tools),
            detail=f"{len(tools)} named tool(s) or system(s)" + (": " + ", ".join(tools[:6]) if tools else ""),
        ),
        Check(name="examples", met=bool(examples), detail=_found("example(s)", examples)),
        Check(name="trade-offs", met=bool(trade_offs), detail=_found("trade-off(s)", trade_offs)),
    ]


def _sentences_with(spans: list[Span], pattern: re.Pattern[str]) -> list[Span]:
    return [span for span in spans if pattern.search(span.text)]


def _found(what: str, spans: list[Span]) -> str:
    return f"{len(spans)} sentence(s) with {what}" + (f", e.g. {_quote(spans[0].text)}" if spans else "")


def _quote(text: str) -> str:
    """The sentence in quotes, cut to a readable length."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1].rstrip() + '…'}”"
