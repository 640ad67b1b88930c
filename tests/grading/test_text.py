"""Sentences keep their offsets: every piece of evidence points at exactly what the candidate wrote."""

from __future__ import annotations

import pytest

from vetml.grading.text import MAX_GRADED_CHARS, sentences, words

ANSWER = """I would audit the alerts first. Then:
- page when p99 > 300 ms for 10 min;
2. drift becomes a ticket!  2% of traffic goes to the canary, e.g. through the mesh.

```python
rollback(model="v41")
```"""


def test_sentences_and_list_items_come_out_with_their_offsets() -> None:
    found = sentences(ANSWER)
    assert [span.text for span in found] == [
        "I would audit the alerts first.",
        "Then:",
        "page when p99 > 300 ms for 10 min;",
        "drift becomes a ticket!",
        "2% of traffic goes to the canary, e.g. through the mesh.",
        "```python",
        'rollback(model="v41")',
    ]
    assert all(ANSWER[span.start : span.end] == span.text for span in found)


@pytest.mark.parametrize("answer", ["", "   \n\n  ", "- \n* \n1. ", "...!?"])
def test_blank_or_punctuation_only_answers_have_no_sentences(answer: str) -> None:
    assert sentences(answer) == []


def test_a_huge_answer_is_read_up_to_the_limit() -> None:
    found = sentences("Drift is measured daily. " * 10_000)
    assert found
    assert found[-1].end <= MAX_GRADED_CHARS


def test_words_are_lower_cased_and_keep_numbers() -> None:
    assert words("Kafka lag hit 9.5 hours; P99 rose") == ["kafka", "lag", "hit", "9.5", "hours", "p99", "rose"]
