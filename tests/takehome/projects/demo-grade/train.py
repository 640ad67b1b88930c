import pickle

import pandas as pd
from sklearn.ensemble import RandomForestRegressor
from sklearn.model_selection import train_test_split

df = pd.read_csv("data/bike_rentals.csv")

# feature engineering
df["date"] = pd.to_datetime(df["date"])
df["is_weekend"] = (df["date"].dt.dayofweek >= 5).astype(int)
df["month"] = df["date"].dt.month
df["humidity"] = df["humidity"] / 100.0
df["feels_like"] = df["temp"] - 0.4 * (1 - df["humidity"]) * (df["temp"] - 10)
df["is_holiday"] = df["is_holiday"].fillna(0).astype(int)

features = ["temp", "feels_like", "humidity", "windspeed", "is_weekend", "month", "is_holiday"]
X = df[features]
y = df["rentals"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)

model = RandomForestRegressor(n_estimators=300, max_depth=12)
model.fit(X_train, y_train)

print("train R2:", model.score(X_train, y_train))
print("test R2:", model.score(X_test, y_test))

# retrain on everything before saving
model.fit(X, y)
pickle.dump(model, open("model.pkl", "wb"))
print("saved model.pkl")
