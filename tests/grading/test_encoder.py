"""The encoder: unit vectors, stable across calls, and a cache that never loses what a call asked for."""

from __future__ import annotations

import numpy as np

from vetml.grading.encoder import Encoder


def test_vectors_are_unit_length_and_the_same_for_the_same_text() -> None:
    encoder = Encoder()
    first = encoder.encode(["The p99 latency doubled after the release.", "We rolled back within minutes."])
    assert first.shape == (2, 384)
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    again = Encoder().encode(["We rolled back within minutes."])
    assert np.allclose(again[0], first[1], atol=1e-6)


def test_a_call_larger_than_the_cache_still_returns_every_vector() -> None:
    """Found when a benchmark filled the cache: texts cached at the start of a call were evicted during it."""
    encoder = Encoder(cache_size=4)
    early = ["No.", "Yes.", "Maybe."]
    encoder.encode(early)
    texts = early + [f"Answer number {index} about queues." for index in range(10)] + early
    vectors = encoder.encode(texts)
    assert vectors.shape == (len(texts), 384)
    assert np.allclose(vectors[0], vectors[-3], atol=1e-6)
    pieces = encoder.encode_tokens(texts)
    assert len(pieces) == len(texts) and all(piece.shape[1] == 384 for piece in pieces)


def test_word_pieces_come_without_the_special_tokens() -> None:
    pieces = Encoder().encode_tokens(["queue", "first in first out"])
    assert pieces[0].shape[0] == 1  # one word piece: [CLS] and [SEP] are dropped
    assert pieces[1].shape[0] == 4
    assert np.allclose(np.linalg.norm(pieces[1], axis=1), 1.0, atol=1e-5)


def test_loading_the_model_caps_blas_at_one_thread() -> None:
    """Spinning BLAS threads took the cores from the model and tripled a paragraph's grading time."""
    from threadpoolctl import threadpool_info

    Encoder().encode(["Loading the model sets the cap."])
    blas = [library for library in threadpool_info() if library["user_api"] == "blas"]
    assert blas and all(library["num_threads"] == 1 for library in blas)
