def one_hot_encode(
    train_rows: list[dict[str, str | None]],
    serve_rows: list[dict[str, str | None]],
    columns: list[str],
    min_count: int = 1,
) -> dict[str, list]:
    """Fit categories on train_rows, encode serve_rows; unknown values go to each column's __other__ feature."""
    raise NotImplementedError
