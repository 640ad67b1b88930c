import datetime
import os
import pickle

import requests
from dotenv import load_dotenv
from flask import Flask, jsonify, request

load_dotenv()

app = Flask(__name__)

model = pickle.load(open("model.pkl", "rb"))

WEATHER_API_KEY = os.getenv("WEATHER_API_KEY")
DEFAULT_CITY = os.getenv("DEFAULT_CITY", "Leeds")


def forecast_temp(day):
    r = requests.get(
        "https://api.weather.example/v1/forecast",
        params={"city": DEFAULT_CITY, "date": day.isoformat(), "key": WEATHER_API_KEY},
    )
    return r.json()["temp_c"]


def make_features(data):
    day = datetime.datetime.strptime(data["date"], "%Y-%m-%d").date()
    temp = data.get("temp")
    if temp is None:
        temp = forecast_temp(day)
    humidity = float(data.get("humidity", 60))
    is_weekend = 1 if day.weekday() > 5 else 0
    feels_like = temp - 0.4 * (1 - humidity) * (temp - 10)
    holiday = 1 if data.get("holiday") else 0
    return [[temp, feels_like, humidity, data.get("windspeed", 10), is_weekend, day.month, holiday]]


@app.route("/")
def index():
    return "<h1>Bike demand predictor</h1><p>POST a day's weather to /predict</p>"


@app.route("/predict", methods=["POST"])
def predict():
    data = request.get_json()
    try:
        x = make_features(data)
        pred = model.predict(x)[0]
        return jsonify({"date": data["date"], "predicted_rentals": int(round(pred))})
    except Exception as e:
        return jsonify({"error": str(e)})


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000, debug=True)
