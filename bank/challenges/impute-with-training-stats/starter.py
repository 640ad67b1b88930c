def fit_and_impute(schema: dict[str, str], train_rows: list[dict], serving_rows: list[dict]) -> dict:
    """Fit fill values on train_rows only and use them to fill the missing values of serving_rows.

    Return {"fill_values": {column: value}, "rows": [filled serving rows]}.
    """
    raise NotImplementedError
