"""Every KPI of the engine equals the plain-pandas reference, on generated data, filters, grains and groupings."""

from __future__ import annotations

import datetime as dt
import math
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smart.analytics import CATALOGUE, Filters, kpi_series, kpi_total_by, kpi_value
from tests.analytics import kpi_reference as ref
from tests.analytics.conftest import build_store

TODAY = dt.date(2026, 3, 15)
ORIGIN = dt.date(2025, 1, 1)
OWNERS = ("ana", "bob", "cy", None)
REPS = pd.DataFrame({"owner": ["ana", "bob"], "team": ["North", "South"]})
STAGE_MAP = pd.DataFrame({
    "source": ["crm", "crm", "crm"], "pipeline": ["", "", "P1"], "raw_stage": ["S1", "S2", "S2"],
    "status": ["open", "open", "open"], "funnel_order": [1, 2, 2], "probability": [0.2, 0.5, 0.7],
})
# KPI_MAX_EXAMPLES=200 for a deeper search by hand; 12 keeps the module well under a minute.
SETTINGS = settings(max_examples=int(os.environ.get("KPI_MAX_EXAMPLES", "12")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

days = st.integers(min_value=0, max_value=520)


@st.composite
def deal_rows(draw: st.DrawFn) -> dict[str, object]:
    created = draw(st.one_of(st.none(), days))
    cycle = draw(st.one_of(st.none(), st.integers(-5, 200)))
    if created is None:
        close = draw(st.one_of(st.none(), days))
    else:
        close = None if cycle is None else created + cycle
    return {
        "account": draw(st.sampled_from(["A", "B", "C", "D", None])),
        "owner": draw(st.sampled_from(OWNERS)),
        "pipeline": draw(st.sampled_from(["P1", "P2", None])),
        "stage": draw(st.sampled_from(["S1", "S2", "S3", None])),
        "status": draw(st.sampled_from(["open", "won", "lost"])),
        "amount": draw(st.one_of(st.none(), st.integers(0, 10_000).map(lambda a: a * 10.0))),
        "created_on": created, "close_on": close,
        "lead_source": draw(st.sampled_from(["web", "fair", None])),
    }


@st.composite
def lead_rows(draw: st.DrawFn) -> dict[str, object]:
    created = draw(st.one_of(st.none(), days))
    qualified = draw(st.one_of(st.none(), st.integers(0, 30)))
    converted = draw(st.one_of(st.none(), st.integers(-3, 150)))
    base = created if created is not None else 200
    return {
        "owner": draw(st.sampled_from(OWNERS)),
        "lead_source": draw(st.sampled_from(["web", "fair", "ads", None])),
        "created_on": created,
        "qualified_on": None if qualified is None else base + qualified,
        "converted_on": None if converted is None else base + converted,
    }


def _dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for column in columns:
        offsets = pd.to_numeric(frame[column], errors="coerce")
        frame[column] = pd.Timestamp(ORIGIN) + pd.to_timedelta(offsets, unit="D")
    return frame


@st.composite
def datasets(draw: st.DrawFn) -> ref.Data:
    deals = pd.DataFrame(draw(st.lists(deal_rows(), max_size=25)),
                         columns=["account", "owner", "pipeline", "stage", "status", "amount", "created_on",
                                  "close_on", "lead_source"])
    deals.insert(0, "source", "crm")
    deals.insert(1, "crm_id", [f"D{i}" for i in range(len(deals))])
    deals["amount"] = deals["amount"].astype("float64")
    leads = pd.DataFrame(draw(st.lists(lead_rows(), max_size=25)),
                         columns=["owner", "lead_source", "created_on", "qualified_on", "converted_on"])
    leads.insert(0, "source", "crm")
    leads.insert(1, "crm_id", [f"L{i}" for i in range(len(leads))])
    months = draw(st.lists(st.integers(0, 17), unique=True, max_size=8))
    history = pd.DataFrame({
        "kpi": [draw(st.sampled_from(["csat", "churn"])) for _ in months],
        "period": [pd.Timestamp(ORIGIN) + pd.DateOffset(months=m) for m in months],
        "grain": "month", "scope": "company",
        "value": [draw(st.integers(0, 50)) / 10 for _ in months],
        "source": "crm",
    }, columns=["kpi", "period", "grain", "scope", "value", "source"])
    return ref.Data(_dates(deals, ("created_on", "close_on")),
                    _dates(leads, ("created_on", "qualified_on", "converted_on")), REPS, STAGE_MAP, history)


def _maybe_day(draw: st.DrawFn) -> dt.date | None:
    offset = draw(st.one_of(st.none(), days))
    return None if offset is None else ORIGIN + dt.timedelta(days=offset)


@st.composite
def filter_sets(draw: st.DrawFn) -> Filters:
    start, end = _maybe_day(draw), _maybe_day(draw)
    if start and end and start > end:
        start, end = end, start
    pick = lambda values: tuple(draw(st.lists(st.sampled_from(values), unique=True, max_size=2)))  # noqa: E731
    return Filters(start, end, pick(["North", "South"]), pick(["ana", "bob", "cy"]), pick(["web", "fair"]),
                   pick(["P1", "P2"]))


def _store(data: ref.Data):
    def to_dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
        out = frame.copy()
        for column in columns:
            out[column] = out[column].dt.date
        return out

    return build_store(
        deals=to_dates(data.deals, ("created_on", "close_on")),
        leads=to_dates(data.leads, ("created_on", "qualified_on", "converted_on")),
        reps=data.reps, stage_map=data.stage_map,
        history=to_dates(data.history, ("period",)) if len(data.history) else None,
    )


def assert_same(actual: pd.DataFrame, expected: pd.DataFrame, columns: list[str]) -> None:
    assert len(actual) == len(expected), f"{len(actual)} rows, expected {len(expected)}\n{actual}\n{expected}"
    for column in columns:
        got = actual[column].tolist() if column in actual else [None] * len(actual)
        want = expected[column].tolist() if column in expected else [None] * len(expected)
        for row, (a, b) in enumerate(zip(got, want, strict=True)):
            if isinstance(b, float) or isinstance(a, float):
                a_missing = a is None or (isinstance(a, float) and math.isnan(a))
                b_missing = b is None or (isinstance(b, float) and math.isnan(b))
                assert a_missing == b_missing, f"{column} row {row}: {a} != {b}\n{actual}\n{expected}"
                if not a_missing:
                    assert a == pytest.approx(b, rel=1e-9, abs=1e-9), f"{column} row {row}: {a} != {b}"
            else:
                assert a == b, f"{column} row {row}: {a!r} != {b!r}\n{actual}\n{expected}"


DEAL_AND_LEAD_KPIS = [kpi_id for kpi_id in CATALOGUE]
HISTORY = ["csat", "churn"]


@pytest.mark.parametrize("kpi_id", DEAL_AND_LEAD_KPIS + HISTORY)
@SETTINGS
@given(data=datasets(), filters=filter_sets(), grain=st.sampled_from(["week", "month", "quarter", "year"]),
       by=st.sampled_from([None, "team", "owner", "source"]), stat=st.sampled_from(list(ref.STAT)))
def test_every_kpi_matches_the_pandas_reference(kpi_id: str, data: ref.Data, filters: Filters, grain: str,
                                                by: str | None, stat: str) -> None:
    kpi_stat = stat if kpi_id in ref.STATS_KPIS else None
    history = kpi_id in HISTORY
    by = None if history else by
    if history and not (data.history["kpi"] == kpi_id).any():
        return
    store = _store(data)
    try:
        rate_columns = ["numerator", "denominator", "low", "high"] if kpi_id in ref.RATES else []
        if kpi_id == "pipeline_coverage":
            rate_columns = ["numerator", "denominator"]
        by_columns = [by] if by else []

        actual = kpi_series(store, kpi_id, filters, grain=grain, by=by, stat=kpi_stat, today=TODAY)
        expected = ref.series(data, kpi_id, filters, grain, by, kpi_stat, TODAY)
        assert_same(actual, expected, ["period", *by_columns, "value", *rate_columns])

        total = kpi_value(store, kpi_id, filters, stat=kpi_stat, today=TODAY)
        expected_total = ref.value(data, kpi_id, filters, kpi_stat, TODAY)
        as_frame = pd.DataFrame([{name: (np.nan if getattr(total, name) is None else getattr(total, name))
                                  for name in ("value", "numerator", "denominator", "low", "high")}])
        assert_same(as_frame, pd.DataFrame([expected_total]), ["value", *rate_columns])

        if not history:
            split_by = by or "owner"
            actual_by = kpi_total_by(store, kpi_id, filters, by=split_by, stat=kpi_stat, today=TODAY)
            expected_by = ref.total_by(data, kpi_id, filters, split_by, kpi_stat, TODAY)
            assert_same(actual_by, expected_by, [split_by, "value", *rate_columns])
    finally:
        store.close()
