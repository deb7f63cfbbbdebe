#!/usr/bin/env python3
"""Reference values for the benchmark-relative metrics (beta, alpha, correlation, information ratio,
tracking error), computed with numpy the way quantstats does (`quantstats.stats.greeks`:
np.cov(returns, benchmark) for beta, (mean r - beta * mean b) * periods for alpha; `information_ratio`:
mean(r - b) / std(r - b, ddof=1), not annualised; correlation: np.corrcoef). Independent of the TypeScript
engine (numpy's covariance matrix and corrcoef instead of its explicit sums).

Run from the repository root:  python3 test/unit/metrics/reference_benchmark.py
It rewrites test/unit/metrics/benchmark-golden/*.json (input + expected) deterministically (seeded RNG).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent / "benchmark-golden"


def business_days(start: dt.date, count: int) -> list[str]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += dt.timedelta(days=1)
    return days


def expected(equity: list[float], benchmark: list[float], periods: float) -> dict:
    e = np.array(equity, dtype=float)
    b_values = np.array(benchmark, dtype=float)
    r = e[1:] / e[:-1] - 1
    b = b_values[1:] / b_values[:-1] - 1
    out: dict = {
        "benchmark_total_return": float(b_values[-1] / b_values[0] - 1),
        "active_return": float((e[-1] / e[0] - 1) - (b_values[-1] / b_values[0] - 1)),
    }
    matrix = np.cov(r, b)
    if matrix[1, 1] > 1e-24:
        beta = matrix[0, 1] / matrix[1, 1]
        out["beta"] = float(beta)
        out["alpha"] = float((r.mean() - beta * b.mean()) * periods)
        out["correlation"] = float(np.corrcoef(r, b)[0, 1]) if matrix[0, 0] > 1e-24 else None
    else:
        out["beta"] = out["alpha"] = out["correlation"] = None
    active = r - b
    std = active.std(ddof=1)
    out["information_ratio"] = float(active.mean() / std) if std > 1e-12 else None
    out["tracking_error"] = float(std * np.sqrt(periods))
    return out


def write(name: str, description: str, dates: list[str], equity: list[float], benchmark: list[float], periods: float = 252) -> None:
    fixture = {
        "name": name,
        "description": description,
        "input": {
            "equity": [{"date": d, "value": v} for d, v in zip(dates, equity)],
            "benchmark": [{"date": d, "value": v} for d, v in zip(dates, benchmark)],
            "periods_per_year": periods,
        },
        "expected": expected(equity, benchmark, periods),
    }
    (OUT / f"{name}.json").write_text(json.dumps(fixture, indent=1) + "\n")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(20240611)

    dates = business_days(dt.date(2024, 1, 2), 253)
    market = rng.normal(0.0004, 0.011, 252)
    strategy = 0.0002 + 1.3 * market + rng.normal(0, 0.006, 252)
    write(
        "correlated-random-walk",
        "A year of business days: a strategy with beta about 1.3 to a random-walk market.",
        dates,
        [round(v, 2) for v in (100_000 * np.concatenate([[1], np.cumprod(1 + strategy)])).tolist()],
        [round(v, 2) for v in (412.5 * np.concatenate([[1], np.cumprod(1 + market)])).tolist()],
    )

    hedge = -0.6 * market[:60] + rng.normal(0, 0.004, 60)
    write(
        "short-hedge-monthly",
        "A negatively correlated book over 61 points, annualised with 12 periods a year.",
        business_days(dt.date(2019, 3, 1), 61),
        (50_000 * np.concatenate([[1], np.cumprod(1 + hedge)])).tolist(),
        (250 * np.concatenate([[1], np.cumprod(1 + market[:60])])).tolist(),
        periods=12,
    )

    write(
        "flat-account",
        "An account that never trades against a moving benchmark: beta and alpha 0, correlation undefined.",
        business_days(dt.date(2024, 5, 1), 6),
        [10_000.0] * 6,
        [100.0, 101.0, 99.5, 100.2, 102.0, 101.1],
    )

    write(
        "flat-benchmark",
        "A benchmark without variance: beta, alpha and correlation undefined.",
        business_days(dt.date(2024, 5, 1), 5),
        [10_000.0, 10_100.0, 9_950.0, 10_020.0, 10_200.0],
        [100.0] * 5,
    )


if __name__ == "__main__":
    main()
