"""Small CVs written for the tests: one clean, and helpers to put one defect into it."""

from __future__ import annotations

CLEAN = """# Maya Okafor

Senior Machine Learning Engineer
maya.okafor@fastmail.com | +44 7700 900123 | London, United Kingdom

## Experience

Senior Machine Learning Engineer, Monzo, London
Mar 2022 – Present
- Own the fraud-scoring service that handles 1,500 requests per second with PyTorch and Kubernetes
- Lead a team of four engineers who run the feature store on Kafka and Redis
- Cut the p99 latency of the scoring API from 120 ms to 45 ms by batching calls to the model

Machine Learning Engineer, Ocado Technology, Hatfield
Jan 2019 – Feb 2022
- Built demand forecasts for 40,000 products with LightGBM and Airflow
- Led the migration of batch training from cron jobs to Airflow pipelines
- Reduced forecast error by 11% with holiday features and a weekly backtest in Python

Data Scientist, Deliveroo, London
Sep 2016 – Dec 2018
- Designed the first delivery-time model, which replaced a rule table used by riders
- Wrote the monitoring that paged the team when data drift crossed agreed limits

## Education

MSc in Machine Learning, University College London, London
Sep 2015 – Sep 2016

## Skills

Languages: Python, SQL, Go
Machine learning: PyTorch, LightGBM, scikit-learn, XGBoost
Platform: Kubernetes, Kafka, Airflow, Terraform
"""


def with_change(old: str, new: str, text: str = CLEAN) -> str:
    """The clean CV with one piece of text replaced; fails loudly if the piece is not there."""
    assert old in text, f"{old!r} is not in the sample CV"
    return text.replace(old, new, 1)
