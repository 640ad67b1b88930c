"""Data-quality schema for raw transactions, checked before training and on every drift-job window."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fraud.features import MERCHANT_CATEGORIES


@dataclass(frozen=True)
class Column:
    """What one raw column must look like."""

    name: str
    kind: str  # "number", "integer", "text", "flag" or "timestamp"
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    nullable: bool = False


TRANSACTIONS = (
    Column("transaction_id", "text"),
    Column("timestamp", "timestamp"),
    Column("amount", "number", minimum=0.01, maximum=50_000),
    Column("merchant_category", "text", allowed=MERCHANT_CATEGORIES),
    Column("card_present", "flag"),
    Column("customer_avg_amount", "number", minimum=0, maximum=50_000),
    Column("txn_count_24h", "integer", minimum=0, maximum=500),
    Column("distance_from_home_km", "number", minimum=0, maximum=20_000),
)
LABELLED_TRANSACTIONS = (*TRANSACTIONS, Column("is_fraud", "flag"))


class DataQualityError(ValueError):
    """Raised with every problem found, so one run shows all that is wrong with a file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("data quality check failed:\n- " + "\n- ".join(problems))
        self.problems = problems


def validate(frame: pd.DataFrame, columns: tuple[Column, ...] = TRANSACTIONS) -> list[str]:
    """Every way the frame breaks the schema, as readable sentences; empty when it is clean."""
    problems = [f"missing column {c.name!r}" for c in columns if c.name not in frame.columns]
    for column in columns:
        if column.name in frame.columns:
            problems.extend(_check_column(frame[column.name], column))
    if "transaction_id" in frame.columns and frame["transaction_id"].duplicated().any():
        problems.append("transaction_id has duplicates")
    return problems


def assert_valid(frame: pd.DataFrame, columns: tuple[Column, ...] = TRANSACTIONS) -> None:
    """Raise DataQualityError unless the frame matches the schema."""
    problems = validate(frame, columns)
    if problems:
        raise DataQualityError(problems)


def _check_column(values: pd.Series, column: Column) -> list[str]:
    problems = []
    nulls = int(values.isna().sum())
    if nulls and not column.nullable:
        problems.append(f"{column.name} has {nulls} empty values")
    present = values.dropna()
    if column.kind in ("number", "integer"):
        numbers = pd.to_numeric(present, errors="coerce")
        if numbers.isna().any():
            return [*problems, f"{column.name} has values that are not numbers"]
        if column.kind == "integer" and (numbers % 1 != 0).any():
            problems.append(f"{column.name} has values that are not whole numbers")
        if column.minimum is not None and (numbers < column.minimum).any():
            problems.append(f"{column.name} has values below {column.minimum}")
        if column.maximum is not None and (numbers > column.maximum).any():
            problems.append(f"{column.name} has values above {column.maximum}")
    elif column.kind == "flag" and not present.isin([0, 1, True, False]).all():
        problems.append(f"{column.name} has values other than 0/1")
    elif column.kind == "timestamp" and pd.to_datetime(present, utc=True, errors="coerce").isna().any():
        problems.append(f"{column.name} has values that are not timestamps")
    if column.allowed is not None:
        unknown = sorted(set(present.astype(str)) - set(column.allowed))
        if unknown:
            problems.append(f"{column.name} has unknown values: {', '.join(unknown[:5])}")
    return problems
