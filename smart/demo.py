"""The demo company: a French B2B seller with two teams and eight reps of unequal performance.

``generate_demo`` writes what the company's CRM would export (weekly deals exports, a leads export, a KPI
history file and an objectives file, in French spreadsheet conventions) and ``load_demo`` imports them through
the same importer a user's upload goes through. Everything is drawn from one seeded generator, vectorised with
numpy, and dated relative to ``today`` so that the demo always looks current.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from smart import clock
from smart.access import LOCAL_ADMIN, MANAGE_DATA, User, require
from smart.paths import DEMO_DIR
from smart.storage import IMPORT_BEFORE_IMAGES, Store

DEMO_SOURCE = "demo"
DEFAULT_SEED = 20261127
WEEKLY_EXPORTS = 12

STAGES = ("Qualification", "Découverte", "Proposition", "Négociation")
WON_STAGE = "Gagné"
LOST_STAGE = "Perdu"
STAGE_PROBABILITY = {"Qualification": 0.10, "Découverte": 0.25, "Proposition": 0.50, "Négociation": 0.75}


@dataclass(frozen=True)
class Rep:
    """A sales rep of the demo company, with the traits the generator draws their deals and leads from."""

    name: str
    team: str
    skill: float
    deal_size: float
    lead_share: float


REPS = (
    Rep("Camille Laurent", "Grands comptes", 1.35, 1.9, 0.14),
    Rep("Julien Moreau", "Grands comptes", 1.10, 1.7, 0.13),
    Rep("Sophie Girard", "Grands comptes", 0.95, 1.8, 0.12),
    Rep("Thomas Lefèvre", "Grands comptes", 0.70, 1.6, 0.11),
    Rep("Léa Fontaine", "PME", 1.25, 0.8, 0.14),
    Rep("Nicolas Rousseau", "PME", 1.00, 0.7, 0.13),
    Rep("Émilie Chevalier", "PME", 0.85, 0.75, 0.12),
    Rep("Hugo Mercier", "PME", 0.60, 0.65, 0.11),
)

LEAD_SOURCES = {
    # source: (share of leads, qualification rate, conversion factor)
    "Site web": (0.30, 0.24, 0.95),
    "Salon professionnel": (0.12, 0.34, 1.05),
    "Recommandation": (0.08, 0.48, 1.35),
    "LinkedIn": (0.20, 0.22, 0.85),
    "Emailing": (0.18, 0.18, 0.80),
    "Partenaire": (0.12, 0.36, 1.15),
}
LOST_REASONS = ("Prix trop élevé", "Concurrent retenu", "Pas de budget", "Projet abandonné", "Sans réponse", "Timing")
LOST_REASON_WEIGHTS = (0.27, 0.24, 0.17, 0.12, 0.12, 0.08)
WON_REASONS = ("Qualité de l'offre", "Relation commerciale", "Prix", "Délai de mise en œuvre")
WON_REASON_WEIGHTS = (0.35, 0.3, 0.2, 0.15)
# Monthly seasonality of a French B2B seller: a quiet August, a strong September and a December rush.
SEASONALITY = np.array([0.85, 0.95, 1.05, 1.0, 1.0, 1.05, 0.9, 0.55, 1.1, 1.1, 1.1, 1.25])
SECTORS = ("Industrie", "Logistique", "Conseil", "Distribution", "Bâtiment", "Santé", "Énergie", "Agroalimentaire",
           "Transports", "Services", "Imprimerie", "Mécanique", "Informatique", "Chimie", "Textile", "Tourisme")
FAMILY_NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
                "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
                "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
                "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin")
CITIES = ("Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Rennes", "Strasbourg",
          "Grenoble", "Montpellier", "Nice", "Dijon", "Angers", "Reims")
FIRST_NAMES = ("Alice", "Antoine", "Claire", "David", "Élise", "François", "Gabriel", "Hélène", "Inès", "Jules",
               "Karine", "Louis", "Manon", "Noé", "Océane", "Pierre", "Quentin", "Romane", "Sacha", "Valérie")
LEAD_STATUS_NEW, LEAD_STATUS_QUALIFIED, LEAD_STATUS_CONVERTED, LEAD_STATUS_DISQUALIFIED = (
    "Nouveau", "Qualifié", "Converti", "Disqualifié")

DEALS_COLUMNS = {
    "crm_id": "ID affaire", "title": "Nom de l'affaire", "account": "Société", "owner": "Commercial",
    "team": "Équipe", "pipeline": "Pipeline", "stage": "Étape", "status": "Statut", "amount": "Montant HT",
    "created_on": "Date de création", "close_on": "Date de clôture", "lead_source": "Origine",
    "deal_type": "Type", "won_reason": "Motif de gain", "lost_reason": "Motif de perte",
}
LEADS_COLUMNS = {
    "crm_id": "ID lead", "name": "Contact", "company": "Société", "owner": "Commercial", "lead_source": "Origine",
    "status": "Statut", "created_on": "Date de création", "qualified_on": "Date de qualification",
    "converted_on": "Date de conversion",
}
STATUS_LABELS = {"open": "Ouvert", "won": "Gagné", "lost": "Perdu"}


@dataclass(frozen=True)
class DemoFiles:
    """The files ``generate_demo`` writes, in the order ``load_demo`` imports them."""

    deals_exports: tuple[Path, ...]
    leads: Path
    kpi_history: Path
    objectives: Path


def _season(dates: pd.DatetimeIndex) -> np.ndarray:
    factors: np.ndarray = SEASONALITY[dates.month.to_numpy() - 1]
    return factors


def _demo_start(today: dt.date) -> dt.date:
    """Two full calendar years before the current one: enough for year-on-year baselines and seasonality."""
    return dt.date(today.year - 2, 1, 1)


def _generate_leads(rng: np.random.Generator, today: dt.date) -> pd.DataFrame:
    days = pd.date_range(_demo_start(today), today, freq="D")
    years_in = (days - days[0]).days.to_numpy() / 365.25
    weekday = np.where(days.day_of_week.to_numpy() >= 5, 0.12, 1.0)
    intensity = 29.0 * _season(days) * weekday * (1.07 ** years_in)
    per_day = rng.poisson(intensity)
    created = np.repeat(days.to_numpy(), per_day)
    n = created.size
    created = pd.DatetimeIndex(created)

    source_names = np.array(list(LEAD_SOURCES))
    shares = np.array([v[0] for v in LEAD_SOURCES.values()])
    source_idx = rng.choice(len(source_names), size=n, p=shares / shares.sum())
    qualify_rate = np.array([v[1] for v in LEAD_SOURCES.values()])[source_idx]
    convert_factor = np.array([v[2] for v in LEAD_SOURCES.values()])[source_idx]

    rep_shares = np.array([r.lead_share for r in REPS])
    rep_idx = rng.choice(len(REPS), size=n, p=rep_shares / rep_shares.sum())
    skill = np.array([r.skill for r in REPS])[rep_idx]

    years_from_start = (created - created[0]).days.to_numpy() / 365.25
    qualified = rng.random(n) < np.clip(qualify_rate * (1.03 ** years_from_start), 0, 0.9)
    qualified_on = created + pd.to_timedelta(np.ceil(rng.exponential(5.0, n)), unit="D")
    convert_p = np.clip(0.60 * convert_factor * (0.75 + 0.25 * skill) * (1.04 ** years_from_start), 0, 0.95)
    converts = qualified & (rng.random(n) < convert_p)
    converted_on = qualified_on + pd.to_timedelta(np.ceil(rng.gamma(2.0, 6.0, n)), unit="D")

    today_ts = pd.Timestamp(today)
    qualified &= qualified_on <= today_ts
    converts &= qualified & (converted_on <= today_ts)
    disqualified = ~qualified & (created <= today_ts - pd.Timedelta(days=30)) & (rng.random(n) < 0.7)
    status = np.select(
        [converts, qualified, disqualified],
        [LEAD_STATUS_CONVERTED, LEAD_STATUS_QUALIFIED, LEAD_STATUS_DISQUALIFIED],
        LEAD_STATUS_NEW,
    )
    first = rng.choice(FIRST_NAMES, n)
    last = rng.choice(FAMILY_NAMES, n)
    return pd.DataFrame(
        {
            "crm_id": [f"LEAD-{i:06d}" for i in range(1, n + 1)],
            "name": np.char.add(np.char.add(first.astype(str), " "), last.astype(str)),
            "owner_idx": rep_idx,
            "lead_source": source_names[source_idx],
            "status": status,
            "created_on": created,
            "qualified_on": pd.Series(qualified_on).where(qualified),
            "converted_on": pd.Series(converted_on).where(converts),
        }
    )


def _company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    combos = len(SECTORS) * len(FAMILY_NAMES) * len(CITIES)
    picks = rng.choice(combos, size=n, replace=n > combos)
    sector = np.array(SECTORS)[picks % len(SECTORS)]
    family = np.array(FAMILY_NAMES)[(picks // len(SECTORS)) % len(FAMILY_NAMES)]
    city = np.array(CITIES)[picks // (len(SECTORS) * len(FAMILY_NAMES))]
    return np.char.add(np.char.add(np.char.add(np.char.add(family.astype(str), " "), sector.astype(str)), " "),
                       city.astype(str))


def _generate_deals(rng: np.random.Generator, leads: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """New-business deals come from converted leads; existing-business deals from accounts already won."""
    converted = leads[leads["converted_on"].notna()]
    new_business = pd.DataFrame(
        {
            "owner_idx": converted["owner_idx"].to_numpy(),
            "lead_source": converted["lead_source"].to_numpy(),
            "created_on": pd.DatetimeIndex(converted["converted_on"]),
            "deal_type": "Nouveau client",
        }
    )
    new_business["account"] = _company_names(rng, len(new_business))
    deals = _draw_outcomes(rng, new_business, today, existing=False)

    days = pd.date_range(_demo_start(today) + dt.timedelta(days=120), today, freq="D")
    weekday = np.where(days.day_of_week.to_numpy() >= 5, 0.0, 1.0)
    per_day = rng.poisson(2.8 * _season(days) * weekday)
    created = pd.DatetimeIndex(np.repeat(days.to_numpy(), per_day))
    won = deals[deals["status_final"] == "won"].sort_values("close_on")
    won_before = np.searchsorted(won["close_on"].to_numpy(), created.to_numpy())
    keep = won_before > 0
    created, won_before = created[keep], won_before[keep]
    picked = won.iloc[(rng.random(created.size) * won_before).astype(int)]
    existing = pd.DataFrame(
        {
            "owner_idx": picked["owner_idx"].to_numpy(),
            "lead_source": "Client existant",
            "created_on": created,
            "deal_type": "Client existant",
            "account": picked["account"].to_numpy(),
        }
    )
    deals = pd.concat([deals, _draw_outcomes(rng, existing, today, existing=True)], ignore_index=True)
    deals = deals.sort_values(["created_on", "account"], kind="stable").reset_index(drop=True)
    deals["crm_id"] = [f"AFF-{i:06d}" for i in range(1, len(deals) + 1)]
    return deals


def _draw_outcomes(rng: np.random.Generator, deals: pd.DataFrame, today: dt.date, *, existing: bool) -> pd.DataFrame:
    n = len(deals)
    rep_idx = deals["owner_idx"].to_numpy()
    skill = np.array([r.skill for r in REPS])[rep_idx]
    size = np.array([r.deal_size for r in REPS])[rep_idx]
    created = pd.DatetimeIndex(deals["created_on"])
    this_year = created.year.to_numpy() == today.year

    median_amount = (9_000.0 if existing else 16_000.0) * size * np.where(this_year, 1.03, 1.0)
    amount = np.round(rng.lognormal(np.log(median_amount), 0.6), -1)
    win_p = np.clip((0.55 if existing else 0.30) * skill, 0.05, 0.85)
    won = rng.random(n) < win_p
    # Cycle length: log-normal, longer for bigger deals; slightly shorter this year after a process change.
    median_cycle = 68.0 * (amount / 15_000.0) ** 0.35 * np.where(this_year, 0.9, 1.0) * np.where(won, 1.0, 0.8)
    cycle = np.maximum(3, np.round(rng.lognormal(np.log(median_cycle), 0.5))).astype(int)
    close_on = _seasonal_close_dates(rng, created + pd.to_timedelta(cycle, unit="D"), created, won)
    cycle = (close_on - created).days.to_numpy()
    planned = created + pd.to_timedelta(np.round(cycle * rng.uniform(0.55, 1.0, n)), unit="D")
    lost_stage = rng.choice(len(STAGES), size=n, p=[0.35, 0.30, 0.20, 0.15])

    out = deals.copy()
    out["amount"] = amount
    out["status_final"] = np.where(won, "won", "lost")
    out["close_on"] = close_on
    out["planned_close_on"] = planned
    out["cycle_days"] = cycle
    out["lost_stage_idx"] = np.where(won, len(STAGES) - 1, lost_stage)
    out["won_reason"] = np.where(won, rng.choice(WON_REASONS, n, p=WON_REASON_WEIGHTS), "")
    out["lost_reason"] = np.where(won, "", rng.choice(LOST_REASONS, n, p=LOST_REASON_WEIGHTS))
    return out[out["created_on"] <= pd.Timestamp(today)]


def _seasonal_close_dates(
    rng: np.random.Generator, natural: pd.DatetimeIndex, created: pd.DatetimeIndex, won: np.ndarray
) -> pd.DatetimeIndex:
    """Half the signatures due in August slip to September; a third of January's wins are pulled into December."""
    n = natural.size
    slip = (natural.month == 8) & (rng.random(n) < 0.5)
    september = pd.to_datetime({"year": natural.year, "month": 9, "day": 1}) + pd.to_timedelta(
        rng.integers(0, 21, n), unit="D")
    pull = won & (natural.month == 1) & (rng.random(n) < 0.35)
    december = pd.to_datetime({"year": natural.year - 1, "month": 12, "day": 15}) + pd.to_timedelta(
        rng.integers(0, 16, n), unit="D")
    pull &= december.to_numpy() > created.to_numpy() + np.timedelta64(3, "D")
    moved = np.where(slip, september.to_numpy(), np.where(pull, december.to_numpy(), natural.to_numpy()))
    return pd.DatetimeIndex(moved)


def deals_as_of(deals: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """What the CRM showed on ``as_of``: closed deals with their outcome, open ones at their stage then.

    An open deal whose planned close date has passed is pushed three weeks at a time, as reps do.
    """
    as_of_ts = pd.Timestamp(as_of)
    known = deals[deals["created_on"] <= as_of_ts].copy()
    closed = known["close_on"] <= as_of_ts
    elapsed = (as_of_ts - known["created_on"]).dt.days.to_numpy()
    progress = np.minimum(elapsed / known["cycle_days"].to_numpy(), 0.999)
    open_stage_idx = np.minimum((progress * len(STAGES)).astype(int), known["lost_stage_idx"].to_numpy())
    stage_names = np.array(STAGES)
    final_stage = np.where(
        known["status_final"] == "won", WON_STAGE, stage_names[known["lost_stage_idx"].to_numpy()]
    )
    overdue_days = (as_of_ts - known["planned_close_on"]).dt.days.to_numpy()
    pushes = np.where(overdue_days > 0, np.ceil(overdue_days / 21), 0)
    expected_close = known["planned_close_on"] + pd.to_timedelta(pushes * 21, unit="D")

    known["status"] = np.where(closed, known["status_final"], "open")
    known["stage"] = np.where(closed, final_stage, stage_names[open_stage_idx])
    known["close_on"] = known["close_on"].where(closed, expected_close)
    known["won_reason"] = known["won_reason"].where(closed & (known["status"] == "won"), "")
    known["lost_reason"] = known["lost_reason"].where(closed & (known["status"] == "lost"), "")
    return known


def _export_deals(deals: pd.DataFrame, path: Path) -> None:
    frame = deals.assign(
        owner=np.array([r.name for r in REPS])[deals["owner_idx"].to_numpy()],
        team=np.array([r.team for r in REPS])[deals["owner_idx"].to_numpy()],
        pipeline="Ventes directes",
        status=deals["status"].map(STATUS_LABELS),
        title=deals["account"] + " – " + deals["deal_type"],
    )
    _write_french_csv(frame[list(DEALS_COLUMNS)].rename(columns=DEALS_COLUMNS), path)


def _export_leads(leads: pd.DataFrame, path: Path) -> None:
    frame = leads.assign(
        owner=np.array([r.name for r in REPS])[leads["owner_idx"].to_numpy()],
        company="",
    )
    _write_french_csv(frame[list(LEADS_COLUMNS)].rename(columns=LEADS_COLUMNS), path)


def _write_french_csv(frame: pd.DataFrame, path: Path) -> None:
    """As a French spreadsheet saves it: ``;`` between fields, a decimal comma, dd/mm/yyyy dates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, sep=";", decimal=",", date_format="%d/%m/%Y", index=False, encoding="utf-8-sig")


def _kpi_history(rng: np.random.Generator, today: dt.date) -> pd.DataFrame:
    months = pd.date_range(_demo_start(today), pd.Timestamp(today).to_period("M").to_timestamp(), freq="MS")
    n = len(months)
    trend = np.linspace(0, 1, n)
    csat = np.clip(4.05 + 0.25 * trend + rng.normal(0, 0.07, n), 1, 5).round(2)
    nps = np.round(24 + 10 * trend + rng.normal(0, 3.0, n))
    return pd.concat(
        [
            pd.DataFrame({"Date": months, "Indicateur": "csat", "Valeur": csat, "Périmètre": "Entreprise"}),
            pd.DataFrame({"Date": months, "Indicateur": "nps", "Valeur": nps, "Périmètre": "Entreprise"}),
        ],
        ignore_index=True,
    )


def _objectives(today: dt.date) -> pd.DataFrame:
    """The five objectives of the brief, set for the current year (the conversion one for this quarter)."""
    year_start, year_end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    quarter = (today.month - 1) // 3
    quarter_start = dt.date(today.year, 3 * quarter + 1, 1)
    quarter_end = (pd.Timestamp(quarter_start) + pd.offsets.QuarterEnd(0)).date()
    rows = [
        ("Chiffre d'affaires +15 % cette année", "revenue", "increase", "relative_pct", 15, "", "year",
         year_start, year_end, "Directeur commercial", "Croissance"),
        ("200 leads qualifiés par mois", "qualified_leads", "reach", "absolute", 200, "", "month",
         year_start, year_end, "Responsable marketing", "Génération de la demande"),
        ("Conversion des leads +10 % d'ici la fin du trimestre", "lead_conversion_rate", "increase", "relative_pct",
         10, "", "quarter", quarter_start, quarter_end, "Directeur commercial", "Efficacité commerciale"),
        ("500 nouveaux clients cette année", "new_customers", "reach", "absolute", 500, "", "year",
         year_start, year_end, "Directeur commercial", "Croissance"),
        ("Cycle de vente moyen −20 jours", "sales_cycle_days", "decrease", "delta", -20, "mean", "year",
         year_start, year_end, "Directeur commercial", "Efficacité commerciale"),
    ]
    columns = ["title", "kpi", "direction", "target_mode", "target", "statistic", "grain", "start", "deadline",
               "owner", "theme"]
    frame = pd.DataFrame(rows, columns=columns)
    frame.insert(2, "scope_type", "company")
    frame.insert(3, "scope_value", "")
    return frame


def generate_demo(out_dir: Path = DEMO_DIR, *, today: dt.date | None = None, seed: int = DEFAULT_SEED) -> DemoFiles:
    """Write the demo company's CRM exports into ``out_dir``; the same seed and day give the same files."""
    today = today or clock.today()
    rng = np.random.default_rng(seed)
    leads = _generate_leads(rng, today)
    deals = _generate_deals(rng, leads, today)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("affaires_*.csv"):
        old.unlink()

    exports = []
    for weeks_ago in range(WEEKLY_EXPORTS - 1, -1, -1):
        as_of = today - dt.timedelta(weeks=weeks_ago)
        path = out_dir / f"affaires_{as_of.isoformat()}.csv"
        _export_deals(deals_as_of(deals, as_of), path)
        exports.append(path)
    leads_path = out_dir / "leads.csv"
    _export_leads(leads, leads_path)
    kpi_path = out_dir / "indicateurs_satisfaction.csv"
    _write_french_csv(_kpi_history(rng, today), kpi_path)
    objectives_path = out_dir / "objectifs.csv"
    _objectives(today).to_csv(objectives_path, index=False, date_format="%Y-%m-%d")
    return DemoFiles(tuple(exports), leads_path, kpi_path, objectives_path)


def load_demo(store: Store, files: DemoFiles) -> None:
    """Import the demo exports through the same importer a user's upload takes, oldest deals export first."""
    from smart.ingest import import_file, save_stage_map

    stages = [(name, "open", order, STAGE_PROBABILITY[name]) for order, name in enumerate(STAGES, start=1)]
    stages.append((WON_STAGE, "won", len(STAGES) + 1, 1.0))
    save_stage_map(store, DEMO_SOURCE, stages)
    for path in files.deals_exports:
        import_file(store, path, kind="deals", source=DEMO_SOURCE, is_demo=True, default_currency="EUR")
    import_file(store, files.leads, kind="leads", source=DEMO_SOURCE, is_demo=True)
    import_file(store, files.kpi_history, kind="kpi", source=DEMO_SOURCE, is_demo=True)
    import_file(store, files.objectives, kind="objectives", source=DEMO_SOURCE, is_demo=True)


def has_data(store: Store) -> bool:
    """Whether anything at all has been imported (demo or real)."""
    return bool(store.scalar("SELECT count(*) FROM imports WHERE undone_at IS NULL"))


def has_demo_data(store: Store) -> bool:
    """Whether a demo load is in the database and not undone."""
    return bool(store.scalar("SELECT count(*) FROM imports WHERE is_demo AND undone_at IS NULL"))


def remove_demo_data(store: Store, *, actor: User = LOCAL_ADMIN) -> None:
    """Delete every record the demo brought, in one transaction; what the user imported stays untouched. An
    admin's act (``actor`` is checked)."""
    require(actor, MANAGE_DATA)
    with store.transaction() as tx:
        demo_imports = "SELECT id FROM imports WHERE is_demo"
        for table in ("deals", "deal_snapshots", "leads", "kpi_history", "plan"):
            tx.execute(f"DELETE FROM {table} WHERE source = ?", [DEMO_SOURCE])
        for table in ("import_rejects", *IMPORT_BEFORE_IMAGES):
            tx.execute(f"DELETE FROM {table} WHERE import_id IN ({demo_imports})")
        demo_objectives = "SELECT id FROM objectives WHERE source = ?"
        for table in ("actions", "objective_revisions", "review_notes"):
            tx.execute(f"DELETE FROM {table} WHERE objective_id IN ({demo_objectives})", [DEMO_SOURCE])
        tx.execute("DELETE FROM objectives WHERE source = ?", [DEMO_SOURCE])
        tx.execute("DELETE FROM stage_map WHERE source = ?", [DEMO_SOURCE])
        tx.execute("DELETE FROM source_currencies WHERE source = ?", [DEMO_SOURCE])
        tx.execute(
            "DELETE FROM reps WHERE owner NOT IN (SELECT owner FROM deals WHERE owner IS NOT NULL "
            "UNION SELECT owner FROM leads WHERE owner IS NOT NULL)"
        )
        tx.execute("DELETE FROM imports WHERE is_demo")


def ensure_demo(store: Store, *, today: dt.date | None = None) -> bool:
    """Load the demo into an empty database; return whether it did."""
    if has_data(store):
        return False
    load_demo(store, generate_demo(today=today))
    return True
