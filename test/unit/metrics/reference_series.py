#!/usr/bin/env python3
"""Independent reference for the tearsheet series (numpy, written apart from the TypeScript engine).

  * rolling Sharpe: every window recomputed from scratch with numpy (`sliding_window_view`, `mean`,
    `std(ddof=1)`), where the engine slides running sums;
  * monthly and yearly returns: grouped with `itertools.groupby` on `datetime.date` (year, month), each
    period's return as the product of (1 + r_t) of its days, where the engine divides period-end values;
  * histogram: `numpy.histogram` with the same bin count.

Run from the repository root:  python3 test/unit/metrics/reference_series.py
It rewrites test/unit/metrics/series-golden/*.json (input + expected) deterministically (seeded RNG).
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

OUT = Path(__file__).resolve().parent / "series-golden"


def business_days(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def rolling_sharpe(values: np.ndarray, window: int, periods: int, rf: float) -> list[float | None]:
    returns = values[1:] / values[:-1] - 1
    excess = returns - ((1 + rf) ** (1 / periods) - 1 if rf != 0 else 0.0)
    out: list[float | None] = [None] * len(excess)
    for end, win in enumerate(sliding_window_view(excess, window), start=window - 1):
        std = float(np.std(win, ddof=1))
        out[end] = None if std <= 1e-12 else float(np.mean(win) / std * math.sqrt(periods))
    return out


def period_returns(dates: list[dt.date], values: np.ndarray) -> dict[str, list[dict]]:
    returns = values[1:] / values[:-1] - 1
    rows = list(zip(dates[1:], returns))
    months = [
        {"year": y, "month": m, "return": float(np.prod([1 + r for _, r in group]) - 1), "points": len(group)}
        for (y, m), group in ((key, list(g)) for key, g in itertools.groupby(rows, key=lambda row: (row[0].year, row[0].month)))
    ]
    years = [
        {"year": y, "month": None, "return": float(np.prod([1 + r for _, r in group]) - 1), "points": len(group)}
        for y, group in ((key, list(g)) for key, g in itertools.groupby(rows, key=lambda row: row[0].year))
    ]
    return {"months": months, "years": years}


def fixture(name: str, description: str, dates: list[dt.date], values: np.ndarray, window: int, rf: float, bins: int) -> None:
    returns = values[1:] / values[:-1] - 1
    counts, edges = np.histogram(returns, bins=bins)
    data = {
        "name": name,
        "description": description,
        "input": {
            "dates": [d.isoformat() for d in dates],
            "values": [float(v) for v in values],
            "window": window,
            "periods_per_year": 252,
            "risk_free_rate": rf,
            "bins": bins,
        },
        "expected": {
            "rolling_sharpe": rolling_sharpe(values, window, 252, rf),
            **period_returns(dates, values),
            "histogram": {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts]},
        },
    }
    (OUT / f"{name}.json").write_text(json.dumps(data, indent=1) + "\n")


def main() -> None:
    OUT.mkdir(exist_ok=True)
    rng = np.random.default_rng(20240611)

    # 3 years of business days from a 31 December start, with 150 flat days in the middle: windows
    # inside the flat stretch are undefined, the ones straddling it are not.
    dates = business_days(dt.date(2020, 12, 31), 781)
    steps = rng.normal(0.0004, 0.011, len(dates) - 1)
    steps[300:450] = 0.0
    values = 100_000 * np.concatenate([[1.0], np.cumprod(1 + steps)])
    fixture("three-years-with-a-flat-stretch", "random walk, rf 3 %, window 126, flat days 301-450", dates, values, 126, 0.03, 12)

    # Calendar days (weekends included) over a leap February and a year end; small window, rf 0.
    dates = [dt.date(2023, 11, 15) + dt.timedelta(days=i) for i in range(200)]
    steps = rng.normal(-0.0002, 0.02, len(dates) - 1)
    values = 50_000 * np.concatenate([[1.0], np.cumprod(1 + steps)])
    fixture("calendar-days-leap-february", "every calendar day 2023-11-15 .. 2024-06-01, window 20, rf 0", dates, values, 20, 0.0, 9)


if __name__ == "__main__":
    main()
