"""Revisions and archives in the database, actions, the cascade roll-up, CSV round trip and the CLI formats."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from smart.cli import main
from smart.objectives import (
    CSV_HEADER,
    Objective,
    ObjectiveError,
    add_action,
    archive_objective,
    cascade_mismatch,
    create_objective,
    export_objectives,
    get_objective,
    import_objectives,
    list_actions,
    list_objectives,
    resolve,
    resolved_targets,
    revise_objective,
    target_history,
    update_action,
)
from smart.objectives.pace import progress
from tests.conftest import DEMO_TODAY

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_revisions_keep_the_full_history(demo_store) -> None:
    with pytest.raises(ObjectiveError, match="reason"):
        revise_objective(demo_store, 1, "  ", target_input=12)
    changed = revise_objective(demo_store, 1, "Market slowdown", target_input=12, deadline=dt.date(2027, 1, 31))
    assert changed == ["target_input", "deadline"]
    revise_objective(demo_store, 1, "Back to plan", target_input=15)
    rows = demo_store.rows("SELECT field, old_value, new_value, reason FROM objective_revisions "
                           "WHERE objective_id = 1 ORDER BY id")
    assert rows == [("target_input", "15", "12", "Market slowdown"),
                    ("deadline", "2026-12-31", "2027-01-31", "Market slowdown"),
                    ("target_input", "12", "15", "Back to plan")]
    assert get_objective(demo_store, 1).deadline == dt.date(2027, 1, 31)
    assert [value for _when, value in target_history(demo_store, get_objective(demo_store, 1))] == [15, 12, 15]
    with pytest.raises(ObjectiveError, match="deadline"):
        revise_objective(demo_store, 1, "typo", deadline=dt.date(2025, 1, 1))


def test_the_targets_over_time_are_resolved_against_the_baseline(demo_store) -> None:
    won = demo_store.df("SELECT amount, close_on FROM deals WHERE status = 'won'")
    baseline = won.loc[pd.to_datetime(won["close_on"]).dt.year == 2025, "amount"].sum()
    revise_objective(demo_store, 1, "Market slowdown", target_input=12)
    revenue = get_objective(demo_store, 1)
    resolution = resolve(demo_store, revenue, DEMO_TODAY)
    assert resolution.baseline == pytest.approx(baseline)
    targets = resolved_targets(demo_store, revenue, resolution.baseline)
    assert [kind for kind, _value in targets] == ["original", "current"]
    assert [value for _kind, value in targets] == pytest.approx([1.15 * baseline, 1.12 * baseline])
    assert targets[-1][1] == pytest.approx(resolution.target)
    assert resolved_targets(demo_store, revenue, None) == []


def test_archive_never_deletes(demo_store) -> None:
    archive_objective(demo_store, 2, "Replaced")
    assert demo_store.scalar("SELECT count(*) FROM objectives") == 5
    assert demo_store.scalar("SELECT archived_at IS NOT NULL FROM objectives WHERE id = 2")
    assert [o.id for o in list_objectives(demo_store)] == [1, 3, 4, 5]
    assert demo_store.rows("SELECT field, reason FROM objective_revisions WHERE objective_id = 2") == [
        ("archived", "Replaced")]
    with pytest.raises(ObjectiveError, match="archived"):
        revise_objective(demo_store, 2, "late", target_input=1)


def test_actions_and_proposals(demo_store) -> None:
    first = add_action(demo_store, 1, "Call the ten biggest open deals", "Camille", dt.date(2026, 12, 10))
    with pytest.raises(ObjectiveError):
        add_action(demo_store, 1, "  ")
    update_action(demo_store, first, status="done")
    row = demo_store.rows("SELECT status, closed_at IS NOT NULL, owner, due_on FROM actions WHERE id = ?", [first])
    assert row == [("done", True, "Camille", dt.date(2026, 12, 10))]
    assert list_actions(demo_store, 1, open_only=True).empty
    from smart.objectives import add_proposed_actions, proposed_action_keys

    revenue = get_objective(demo_store, 1)
    status = progress(demo_store, revenue, DEMO_TODAY).status
    keys = proposed_action_keys(revenue, status)
    assert status in ("at_risk", "off_track") and keys
    # All the proposals or none: one without a description stops the lot.
    with pytest.raises(ObjectiveError):
        add_proposed_actions(demo_store, revenue, status, ["Call the ten biggest open deals", " "])
    assert demo_store.scalar("SELECT count(*) FROM actions WHERE source = 'proposed'") == 0
    added = add_proposed_actions(demo_store, revenue, status, list(keys))
    assert len(added) == len(keys)
    assert add_proposed_actions(demo_store, revenue, status, list(keys)) == []
    assert proposed_action_keys(get_objective(demo_store, 2), "on_track") == ()


def test_rep_objectives_must_add_up_to_the_team(demo_store) -> None:
    team = create_objective(demo_store, Objective("PME: 100 qualified leads a month", "qualified_leads", 100, *YEAR,
                                                  direction="reach", scope_type="team", scope_value="PME",
                                                  owner="Léa", theme="Demand"))
    for rep, target in (("Léa Fontaine", 30), ("Hugo Mercier", 30)):
        create_objective(demo_store, Objective(f"{rep}: {target} leads a month", "qualified_leads", target, *YEAR,
                                               direction="reach", scope_type="rep", scope_value=rep,
                                               parent_id=team))
    assert cascade_mismatch(demo_store, team, DEMO_TODAY) == pytest.approx((720.0, 1200.0))
    create_objective(demo_store, Objective("Émilie: 40 leads a month", "qualified_leads", 40, *YEAR,
                                           direction="reach", scope_type="rep", scope_value="Émilie Chevalier",
                                           parent_id=team))
    assert cascade_mismatch(demo_store, team, DEMO_TODAY) is None


def test_invalid_objectives_are_refused(demo_store) -> None:
    with pytest.raises(ObjectiveError, match="scope_value"):
        create_objective(demo_store, Objective("Team revenue", "revenue", 5, *YEAR, scope_type="team"))
    with pytest.raises(ObjectiveError, match="kpi"):
        create_objective(demo_store, Objective("x y z", "no_such_kpi", 5, *YEAR))
    assert demo_store.scalar("SELECT count(*) FROM objectives") == 5


def test_csv_round_trip_through_the_importer(demo_store, demo_db_file, tmp_path) -> None:
    demo_csv = next((demo_db_file.parent / "exports").glob("objectifs.csv")).read_text(encoding="utf-8")
    text = export_objectives(demo_store)
    assert text.splitlines()[0] == ",".join(CSV_HEADER) == demo_csv.splitlines()[0]
    assert text == demo_csv
    path = tmp_path / "objectives.csv"
    path.write_text(text, encoding="utf-8")
    before = {o.id for o in list_objectives(demo_store)}
    import_objectives(demo_store, path)
    new = [o for o in list_objectives(demo_store) if o.id not in before]
    assert len(new) == 5
    fields = ("title", "kpi", "scope_type", "scope_value", "direction", "target_mode", "target_input", "statistic",
              "grain", "start_on", "deadline", "owner", "theme")
    old = sorted(tuple(getattr(o, f) for f in fields) for o in list_objectives(demo_store) if o.id in before)
    assert sorted(tuple(getattr(o, f) for f in fields) for o in new) == old


def test_cli_status_formats(demo_db_file, tmp_path, capsys) -> None:
    import shutil

    db = tmp_path / "cli.duckdb"
    shutil.copy(demo_db_file, db)
    assert main(["objectives", "status", "--format", "csv", "--db", str(db), "--today", "2026-11-27"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == ["id", "kpi", "target", "actual", "expected", "projection", "probability", "status"]
    assert [(r["id"], r["kpi"], r["status"]) for r in rows] == [
        ("1", "revenue", "at_risk"), ("2", "qualified_leads", "on_track"), ("3", "lead_conversion_rate", "off_track"),
        ("4", "new_customers", "on_track"), ("5", "sales_cycle_days", "off_track")]
    from smart.storage import Store

    store = Store(db)
    leads = store.df("SELECT qualified_on FROM leads")
    won = store.df("SELECT account, close_on FROM deals WHERE status = 'won' AND account IS NOT NULL")
    store.close()
    qualified = pd.to_datetime(leads["qualified_on"]).between("2026-01-01", "2026-11-27").sum()
    first_won = won.groupby("account")["close_on"].min()
    customers = pd.to_datetime(first_won).between("2026-01-01", "2026-11-27").sum()
    assert float(rows[1]["target"]) == 2400 and float(rows[1]["actual"]) == qualified
    assert main(["objectives", "status", "--format", "json", "--db", str(db), "--today", "2026-11-27"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert set(records[0]) == {"id", "kpi", "target", "actual", "expected", "projection", "probability", "status"}
    assert records[3]["actual"] == customers and 0 <= records[3]["probability"] <= 1
    assert main(["objectives", "check", "1", "--format", "json", "--db", str(db), "--today", "2026-11-27"]) == 0
    assert [r["letter"] for r in json.loads(capsys.readouterr().out)] == ["S", "M", "A", "R", "T"]
    assert main(["objectives", "list", "--db", str(db)]) == 0
    assert "Cycle de vente moyen" in capsys.readouterr().out
    assert main(["objectives", "check", "--db", str(db)]) == 2
    assert main(["objectives", "check", "42", "--db", str(db)]) == 2
    assert "no objective 42" in capsys.readouterr().err
