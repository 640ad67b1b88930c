"""Feature engineering for the failure-prediction experiments.

The raw export has one row per machine per day. Every feature for day d only uses
readings from day d and earlier, so nothing from the label window leaks in.
"""

import pandas as pd


def add_rolling_features(df, sensors, windows):
    """Rolling mean/std of each sensor over each window, per machine."""
    df = df.sort_values(["machine_id", "date"]).copy()
    grouped = df.groupby("machine_id", sort=False)
    for sensor in sensors:
        for window in windows:
            rolled = grouped[sensor].rolling(window, min_periods=1)
            df[f"{sensor}_mean_{window}d"] = rolled.mean().reset_index(level=0, drop=True)
            df[f"{sensor}_std_{window}d"] = rolled.std().reset_index(level=0, drop=True).fillna(0.0)
        # day-over-day change catches sudden jumps that the rolling means smooth away
        df[f"{sensor}_delta_1d"] = grouped[sensor].diff().fillna(0.0)
    return df


def add_maintenance_features(df):
    """Days since the machine was last serviced (capped at a year for never-serviced machines)."""
    df = df.copy()
    serviced = df["date"].where(df["maintenance"] == 1)
    last_service = serviced.groupby(df["machine_id"]).ffill()
    days = (df["date"] - last_service).dt.days
    df["days_since_maintenance"] = days.fillna(365).clip(upper=365)
    return df


def build_features(df, config):
    df = df.copy()
    df["date"] = pd.to_datetime(df["date"])
    df = add_rolling_features(df, config["features"]["sensors"], config["features"]["windows"])
    df = add_maintenance_features(df)
    df["machine_age_years"] = df["age_days"] / 365.0
    return df


def feature_columns(df, config):
    label = config["data"]["label"]
    excluded = {"machine_id", "date", "maintenance", "age_days", label}
    return [c for c in df.columns if c not in excluded]
