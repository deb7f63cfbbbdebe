#!/usr/bin/env python3
"""Independent reference for the metrics engine's golden files (stdlib only, Python 3.11).

Written apart from the TypeScript engine and with different methods, so the golden values do not
come from the code under test:
  * mean and sample standard deviation with `statistics.fmean` / `statistics.stdev` (two-pass,
    exact-sum based) instead of the engine's one-pass Welford update;
  * total return as the product of (1 + r_t) instead of V_N / V_0;
  * drawdowns by brute force (the peak of each point is `max(values[:t+1])`, O(N^2)), the episode
    peak as the last index at that maximum, underwater periods as runs of negative drawdown;
  * streaks with `itertools.groupby`; dates with `datetime.date`.

Run from the repository root:  python3 test/unit/metrics/reference_metrics.py
It rewrites test/unit/metrics/golden/*.json (input + expected) deterministically (seeded RNG).
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
import statistics
from pathlib import Path

OUT = Path(__file__).resolve().parent / "golden"


def business_days(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def drawdown_episode(dates, values, peak, trough):
    recovery = next((i for i in range(trough + 1, len(values)) if values[i] >= values[peak]), None)
    end = recovery if recovery is not None else len(values) - 1
    dd = values[trough] / values[peak] - 1
    return {
        "peak_date": dates[peak].isoformat(),
        "peak_value": values[peak],
        "trough_date": dates[trough].isoformat(),
        "trough_value": values[trough],
        "recovery_date": dates[recovery].isoformat() if recovery is not None else None,
        "recovered": recovery is not None,
        "drawdown": dd,
        "drawdown_pct": dd * 100,
        "amount": values[trough] - values[peak],
        "peak_to_trough_trading_days": trough - peak,
        "peak_to_trough_calendar_days": (dates[trough] - dates[peak]).days,
        "time_to_recovery_trading_days": recovery - trough if recovery is not None else None,
        "time_to_recovery_calendar_days": (dates[recovery] - dates[trough]).days if recovery is not None else None,
        "duration_trading_days": end - peak,
        "duration_calendar_days": (dates[end] - dates[peak]).days,
    }


def longest_run(flags) -> int:
    return max((len(list(g)) for k, g in itertools.groupby(flags) if k), default=0)


def reference(equity, trades=None, positions=None, rf=0.0, periods=252):
    dates = [dt.date.fromisoformat(p["date"]) for p in equity]
    values = [p["value"] for p in equity]
    n = len(values) - 1
    rets = [values[i] / values[i - 1] - 1 for i in range(1, n + 1)]
    rf_p = (1 + rf) ** (1 / periods) - 1 if rf else 0.0
    excess = [r - rf_p for r in rets]
    out = {}
    growth = math.prod(1 + r for r in rets)
    out["total_return"] = growth - 1
    out["total_return_pct"] = (growth - 1) * 100
    out["cagr"] = growth ** (periods / n) - 1
    out["cagr_pct"] = out["cagr"] * 100
    std = statistics.stdev(excess)
    out["annual_volatility"] = statistics.stdev(rets) * math.sqrt(periods)
    out["annual_volatility_pct"] = out["annual_volatility"] * 100
    out["sharpe_ratio"] = statistics.fmean(excess) / std * math.sqrt(periods) if std > 1e-12 else None
    downside = math.sqrt(sum(min(e, 0.0) ** 2 for e in excess) / len(excess))
    out["sortino_ratio"] = statistics.fmean(excess) / downside * math.sqrt(periods) if downside > 1e-12 else None

    # Drawdowns by brute force.
    peaks = [max(values[: t + 1]) for t in range(len(values))]
    dds = [values[t] / peaks[t] - 1 for t in range(len(values))]
    money = [values[t] - peaks[t] for t in range(len(values))]
    out["max_drawdown"] = min(dds)
    out["max_drawdown_pct"] = min(dds) * 100
    out["max_drawdown_money"] = min(money)
    out["current_drawdown"] = dds[-1]
    if min(dds) < 0:
        trough = dds.index(min(dds))
        peak = max(i for i in range(trough + 1) if values[i] == peaks[trough])
        out["max_drawdown_details"] = drawdown_episode(dates, values, peak, trough)
        mtrough = money.index(min(money))
        mpeak = max(i for i in range(mtrough + 1) if values[i] == peaks[mtrough])
        out["max_drawdown_money_details"] = drawdown_episode(dates, values, mpeak, mtrough)
        out["max_drawdown_peak_date"] = out["max_drawdown_details"]["peak_date"]
        out["max_drawdown_trough_date"] = out["max_drawdown_details"]["trough_date"]
        out["max_drawdown_recovery_date"] = out["max_drawdown_details"]["recovery_date"]
        out["calmar_ratio"] = out["cagr"] / abs(min(dds))
    else:
        out["max_drawdown_details"] = None
        out["max_drawdown_money_details"] = None
        out["calmar_ratio"] = None
    # Underwater periods = maximal runs of dd < 0; each spans from the point before the run (the
    # high-water mark) to the point after it (the recovery) or to the last point.
    longest_t, longest_c, recovered = 0, 0, None
    t = 1
    while t < len(values):
        if dds[t] < 0:
            start = t
            while t < len(values) and dds[t] < 0:
                t += 1
            end = t if t < len(values) else len(values) - 1
            span = end - (start - 1)
            if span > longest_t:
                longest_t, recovered = span, t < len(values)
            longest_c = max(longest_c, (dates[end] - dates[start - 1]).days)
        t += 1
    out["longest_drawdown_trading_days"] = longest_t
    out["longest_drawdown_calendar_days"] = longest_c
    out["longest_drawdown_recovered"] = recovered

    pnl = [values[i] - values[i - 1] for i in range(1, n + 1)]
    pos = [p for p in pnl if p > 0]
    neg = [p for p in pnl if p < 0]
    out["profitable_days"] = len(pos)
    out["losing_days"] = len(neg)
    out["flat_days"] = n - len(pos) - len(neg)
    out["profitable_days_pct"] = len(pos) / (len(pos) + len(neg)) * 100 if pos or neg else None
    out["largest_winning_day"] = max(pos) if pos else None
    out["largest_winning_day_date"] = dates[pnl.index(max(pos)) + 1].isoformat() if pos else None
    out["largest_losing_day"] = min(neg) if neg else None
    out["largest_losing_day_date"] = dates[pnl.index(min(neg)) + 1].isoformat() if neg else None
    net = values[-1] - values[0]
    out["best_day_share_pct"] = max(pos) / net * 100 if pos and net > 0 else None
    out["longest_winning_streak_days"] = longest_run(p > 0 for p in pnl)
    out["longest_losing_streak_days"] = longest_run(p < 0 for p in pnl)

    trades = trades or []
    ordered = [t for _, t in sorted(enumerate(trades), key=lambda it: (it[1]["exit_date"], it[0]))]
    tp = [t["pnl"] for t in ordered]
    wins = [p for p in tp if p > 0]
    losses = [p for p in tp if p < 0]
    out["total_trades"] = len(tp)
    out["winning_trades"] = len(wins)
    out["losing_trades"] = len(losses)
    out["break_even_trades"] = len(tp) - len(wins) - len(losses)
    out["win_rate"] = len(wins) / (len(wins) + len(losses)) if wins or losses else None
    out["win_rate_pct"] = out["win_rate"] * 100 if out["win_rate"] is not None else None
    out["gross_profit"] = math.fsum(wins)
    out["gross_loss"] = math.fsum(losses)
    out["net_profit"] = math.fsum(tp)
    out["average_win"] = statistics.fmean(wins) if wins else None
    out["average_loss"] = statistics.fmean(losses) if losses else None
    out["payoff_ratio"] = out["average_win"] / abs(out["average_loss"]) if wins and losses else None
    out["profit_factor"] = math.fsum(wins) / abs(math.fsum(losses)) if losses else None
    out["expectancy"] = statistics.fmean(tp) if tp else None
    rs = [t["pnl"] / t["risk"] for t in ordered if t.get("risk")]
    out["expectancy_r"] = statistics.fmean(rs) if rs else None
    out["trades_with_risk"] = len(rs)
    out["largest_winning_trade"] = max(wins) if wins else None
    out["largest_losing_trade"] = min(losses) if losses else None
    out["longest_winning_streak_trades"] = longest_run(p > 0 for p in tp)
    out["longest_losing_streak_trades"] = longest_run(p < 0 for p in tp)

    if positions is not None:
        long = math.fsum(p["long"] * p["price"] for p in positions)
        short = math.fsum(p["short"] * p["price"] for p in positions)
        out.update(long_exposure=long, short_exposure=short, gross_exposure=long + short, net_exposure=long - short,
                   long_short_ratio=long / short if short > 1e-9 else None)

    out["daily_pnl"] = {
        "dates": [dates[i].isoformat() for i in range(1, n + 1)],
        "equity": [values[i] for i in range(1, n + 1)],
        "pnl": [pnl[i - 1] for i in range(1, n + 1)],
        "drawdown": [dds[i] for i in range(1, n + 1)],
        "returns": [rets[i - 1] for i in range(1, n + 1)],
    }
    return out


def random_walk(rng, dates, start, drift, vol, flat_every=0):
    values, value = [], start
    for i, _ in enumerate(dates):
        values.append(round(value, 2))
        if flat_every and i % flat_every == flat_every - 1:
            continue
        value *= 1 + rng.gauss(drift, vol)
    return values


def random_trades(rng, dates, count, risk_share):
    trades = []
    for _ in range(count):
        exit_day = rng.randrange(1, len(dates))
        pnl = 0.0 if rng.random() < 0.08 else round(rng.gauss(40, 300), 2)
        trade = {"pnl": pnl, "exit_date": dates[exit_day].isoformat(), "entry_date": dates[exit_day - 1].isoformat()}
        if rng.random() < risk_share:
            trade["risk"] = 250.0
        trades.append(trade)
    return trades


def scenario(name, description, equity, trades=None, positions=None, rf=0.0, periods=252):
    body = {"equity": equity}
    if trades is not None:
        body["trades"] = trades
    if positions is not None:
        body["positions"] = positions
    body["risk_free_rate"] = rf
    body["periods_per_year"] = periods
    return {
        "name": name,
        "description": description,
        "computed_by": "test/unit/metrics/reference_metrics.py (independent stdlib implementation; see its docstring)",
        "input": body,
        "expected": reference(equity, trades, positions, rf, periods),
    }


def main():
    OUT.mkdir(exist_ok=True)
    rng = random.Random(20240601)
    dates = business_days(dt.date(2023, 1, 2), 300)
    values = random_walk(rng, dates, 100_000, 0.0004, 0.012)
    trades = random_trades(rng, dates, 120, 0.75)
    positions = [
        {"ticker": "AAPL", "long": 100, "short": 0, "price": 187.5},
        {"ticker": "TSLA", "long": 0, "short": 40, "price": 251.25},
        {"ticker": "MSFT", "long": 25, "short": 10, "price": 402.1},
    ]
    yield scenario(
        "business-days-random-walk",
        "300 business days of a seeded random walk from $100,000 (cents), 120 trades in random exit order, "
        "8% break-even, 75% with risk $250, three positions.",
        [{"date": d.isoformat(), "value": v} for d, v in zip(dates, values)],
        trades,
        positions,
    )

    dates = business_days(dt.date(2024, 3, 1), 160)
    values = random_walk(rng, dates, 50_000, -0.0015, 0.01, flat_every=7)
    yield scenario(
        "losing-account-with-flat-days",
        "160 business days drifting down from $50,000 with a flat day every 7th day (ends under water), "
        "annual risk-free rate 4%.",
        [{"date": d.isoformat(), "value": v} for d, v in zip(dates, values)],
        random_trades(rng, dates, 40, 0.0),
        rf=0.04,
    )

    dates = [dt.date(2015 + m // 12, m % 12 + 1, 28) for m in range(60)]
    values = random_walk(rng, dates, 1_000_000, 0.006, 0.04)
    yield scenario(
        "monthly-five-years",
        "60 month-end values (periods_per_year 12), no trades.",
        [{"date": d.isoformat(), "value": v} for d, v in zip(dates, values)],
        periods=12,
    )

    dates = business_days(dt.date(2025, 6, 2), 30)
    values = [round(10_000 * 1.001 ** i + (i % 3) * 5, 2) for i in range(30)]
    values = sorted(values)
    yield scenario(
        "never-below-a-peak",
        "30 non-decreasing values: no drawdown (Calmar null); one winning trade only (payoff, profit factor null).",
        [{"date": d.isoformat(), "value": v} for d, v in zip(dates, values)],
        [{"pnl": 125.5, "exit_date": dates[3].isoformat()}],
        [{"ticker": "SPY", "long": 10, "short": 0, "price": 500}],
    )


if __name__ == "__main__":
    for fixture in main():
        path = OUT / f"{fixture['name']}.json"
        path.write_text(json.dumps(fixture, indent=1) + "\n")
        print(f"wrote {path.name}")
