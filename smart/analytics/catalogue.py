"""The KPI catalogue: every KPI defined once, with its labels, unit, definition and SQL.

How a KPI is computed is declared here and nowhere else; ``engine.py`` only wraps a KPI's SQL with the
filters, the period grid and the grouping, the same way for every KPI.

Each KPI's SQL has two parts:

- ``facts``: a SELECT returning one row per fact, with a column ``d`` (the date that places the fact in a
  period) and the dimension columns the filters and groupings use (``owner``, ``team``, ``lead_source``,
  ``pipeline``, ``product``, as listed in ``dimensions``), plus whatever the aggregates read (``x``, ``status``...);
- aggregates over those facts: ``numerator`` and ``denominator`` for rates, ``value`` for sums and counts,
  ``stats`` (one aggregate per statistic) for distributions.

KPIs that only exist in the imported KPI history (CSAT, NPS...) get a catalogue entry built on the fly by
``history_kpi``; known ones take their labels and unit from ``HISTORY_KPIS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict, Unpack

from smart.currency.convert import DEALS_IN_REPORTING_CURRENCY

if TYPE_CHECKING:
    from smart.storage import Store

UNITS = ("money", "count", "percent", "days", "score")
DIMENSIONS = ("owner", "team", "lead_source", "pipeline", "product")
# Sample standard deviation and variance (n - 1 in the denominator): the deals are a sample of how the team sells.
DISTRIBUTION_STATS = {
    "mean": "avg(x)",
    "median": "median(x)",
    "p25": "quantile_cont(x, 0.25)",
    "p75": "quantile_cont(x, 0.75)",
    "p90": "quantile_cont(x, 0.90)",
    "std": "stddev_samp(x)",
    "var": "var_samp(x)",
}
STATS = tuple(DISTRIBUTION_STATS)

# The deals as every KPI reads them: ``amount`` in the reporting currency (NULL when no exchange rate converts it:
# ``left_out`` then holds the deal's currency), converted once per query (smart/currency/convert.py).
_DEALS = f"({DEALS_IN_REPORTING_CURRENCY})"
DEALS_WITH_TEAM = f"SELECT d.*, r.team FROM {_DEALS} d LEFT JOIN reps r ON r.owner = d.owner"
_LEADS = ("SELECT l.*, NULL::VARCHAR AS pipeline, NULL::VARCHAR AS product, r.team FROM leads l "
          "LEFT JOIN reps r ON r.owner = l.owner")
# The engine swaps these in when neither a filter nor the grouping needs the team: the join costs a third of
# a query on millions of rows.
WITHOUT_TEAM = {
    DEALS_WITH_TEAM: f"SELECT d.*, NULL::VARCHAR AS team FROM {_DEALS} d",
    _LEADS: "SELECT l.*, NULL::VARCHAR AS pipeline, NULL::VARCHAR AS product, NULL::VARCHAR AS team FROM leads l",
}
_DIMS = "owner, team, lead_source, pipeline, product"


def _deals_facts(date_column: str, where: str, x: str = "amount") -> str:
    return f"SELECT {date_column} AS d, {_DIMS}, status, {x} AS x, left_out FROM ({DEALS_WITH_TEAM}) WHERE {where}"


# Every deal, dated by creation, with both dates: for counting the deals open on a given day.
DEALS_BY_CREATION = f"SELECT created_on AS d, {_DIMS}, status, created_on, close_on FROM ({DEALS_WITH_TEAM})"


def cycle_days_sql(prefix: str = "") -> str:
    """A deal's sales cycle in days, from creation to close; NULL (no cycle) when either date is missing or the deal
    closes before it was created (a Data Loader's CreatedDate is the day of a bulk load): such a deal still counts
    in revenue, wins and losses, and is left out of sales-cycle lengths only. The one definition of a cycle."""
    created, closed = f"{prefix}created_on", f"{prefix}close_on"
    return f"CASE WHEN {closed} >= {created} THEN date_diff('day', {created}, {closed}) END"


CYCLE_DAYS = cycle_days_sql()
# A won deal's size, for the average deal size: its amount, but a zero amount is no size (a free renewal, an
# amount not filled in) and is left out, while a negative one (a credit note) is kept. The one definition of it:
# the deals it leaves out are not facts of the KPI at all (a period whose only wins are worth 0 has no row).
HAS_DEAL_SIZE = "amount IS DISTINCT FROM 0"


@dataclass(frozen=True)
class Kpi:
    """One KPI: what it means, how it is shown, and the SQL that computes it."""

    id: str
    labels: dict[str, str]
    unit: str
    higher_is_better: bool
    definitions: dict[str, str]
    additive: bool
    # sum (counts and amounts), rate, stat (a distribution: one aggregate per statistic), mean (imported KPI
    # history), composite (built from other KPIs in composite.py).
    kind: str
    facts: str = ""
    numerator: str = ""
    denominator: str = ""
    value: str = ""
    stats: dict[str, str] = field(default_factory=dict)
    dimensions: tuple[str, ...] = DIMENSIONS
    params: tuple[object, ...] = ()
    # Optional cheaper ``facts`` giving the same rows when no dimension is filtered or grouped on (its dimension
    # columns may then be NULL); the engine uses it only in that case.
    facts_undimensioned: str = ""
    # A cohort KPI: a period's value is final only once its last lead has had the conversion window (it can
    # still rise before); the engine flags such periods immature and objectives are measured without them.
    cohort: bool = False
    # The records it counts: ``deals``, ``leads`` or ``history`` (an imported KPI history). Without any of them
    # the KPI has nothing to say, which is not the same as 0.
    records: str = "deals"
    # Its name where room is short (a card, a table column), by language; for a distribution, ``stat_shorts`` names
    # a statistic other than the mean (the Team page's median cycle). Without one, the label serves.
    shorts: dict[str, str] = field(default_factory=dict)
    stat_shorts: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """Its name in ``lang`` (English when it has none in that language)."""
        return self.labels.get(lang) or self.labels["en"]

    def short_label(self, lang: str = "en", stat: str | None = None) -> str:
        """Its short name in ``lang`` (for ``stat`` when that is not its default statistic), else its label: the one
        wording of the cards, the Team page's columns and the review's rep highlights."""
        words = self.stat_shorts.get(stat, {}) if stat is not None and stat != self.default_stat else self.shorts
        return words.get(lang) or words.get("en") or self.label(lang)

    def definition(self, lang: str = "en") -> str:
        """What it measures, in ``lang`` (English when it has none in that language)."""
        return self.definitions.get(lang) or self.definitions["en"]

    @property
    def is_rate(self) -> bool:
        """A share of a count: it comes with its numerator, denominator and a Wilson 95 % interval."""
        return self.kind == "rate"

    @property
    def stats_allowed(self) -> tuple[str, ...]:
        return tuple(self.stats)

    @property
    def default_stat(self) -> str | None:
        return "mean" if self.stats else None


class _KpiSql(TypedDict, total=False):
    """The optional fields of a ``Kpi`` its entry gives by name: its SQL, dimensions, parameters and records."""

    facts: str
    numerator: str
    denominator: str
    value: str
    stats: dict[str, str]
    dimensions: tuple[str, ...]
    params: tuple[object, ...]
    facts_undimensioned: str
    cohort: bool
    records: str
    shorts: dict[str, str]
    stat_shorts: dict[str, dict[str, str]]


def _short(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _kpi(id_: str, en: str, fr: str, unit: str, higher: bool, def_en: str, def_fr: str, *, additive: bool,
         kind: str, **sql: Unpack[_KpiSql]) -> Kpi:
    return Kpi(id_, {"en": en, "fr": fr}, unit, higher, {"en": def_en, "fr": def_fr}, additive, kind, **sql)


_WON = _deals_facts("close_on", "status = 'won'")
_LOST = _deals_facts("close_on", "status = 'lost'")
_CLOSED = _deals_facts("close_on", "status IN ('won', 'lost')")
# An open deal is placed at its expected close date; one without it is due now: on the range's last day, today at
# the latest (``{until}``, set by the engine), once it exists by then. Sales velocity counts the open deals on that
# very day, so both KPIs count the deals without a close date.
OPEN_DUE_SQL = "coalesce(close_on, CASE WHEN created_on IS NULL OR created_on <= {until} THEN {until} END)"
_OPEN = _deals_facts(OPEN_DUE_SQL, "status = 'open'")
_OPEN_WEIGHTED = f"""
    SELECT {OPEN_DUE_SQL.replace('close_on', 'f.close_on').replace('created_on', 'f.created_on')} AS d, f.owner,
           f.team, f.lead_source, f.pipeline, f.product, f.status,
           f.amount * coalesce(p_exact.probability, p_any.probability) AS x, f.left_out
    FROM ({DEALS_WITH_TEAM}) f
    LEFT JOIN stage_map p_exact ON p_exact.source = f.source AND p_exact.raw_stage = f.stage
        AND p_exact.pipeline = coalesce(f.pipeline, '')
    LEFT JOIN stage_map p_any ON p_any.source = f.source AND p_any.raw_stage = f.stage AND p_any.pipeline = ''
    WHERE f.status = 'open'"""
# The first won deal of each account, over all history and every filter: the day it became a customer.
_FIRST_WON = f"""
    SELECT first.close_on AS d, first.owner, first.team, first.lead_source, first.pipeline, first.product,
           account AS x FROM (
        SELECT account, arg_min({{'close_on': close_on, 'owner': owner, 'team': team, 'lead_source': lead_source,
                                  'pipeline': pipeline, 'product': product}}, (close_on, source, crm_id)) AS first
        FROM ({DEALS_WITH_TEAM}) WHERE status = 'won' AND account IS NOT NULL AND close_on IS NOT NULL
        GROUP BY account)"""
# The same days when no dimension is filtered or grouped on: the first won deal's date is the account's earliest
# close date, whichever deal it is, so the tie-break and the first deal's dimensions are not needed. A plain
# min() per account takes a third of the time of the arg_min above.
_FIRST_WON_DAYS = """
    SELECT min(close_on) AS d, NULL::VARCHAR AS owner, NULL::VARCHAR AS team, NULL::VARCHAR AS lead_source,
           NULL::VARCHAR AS pipeline, NULL::VARCHAR AS product, account AS x
    FROM deals WHERE status = 'won' AND account IS NOT NULL AND close_on IS NOT NULL GROUP BY account"""
_LEADS_CREATED = f"SELECT created_on AS d, {_DIMS}, 1 AS x FROM ({_LEADS})"
_LEADS_QUALIFIED = f"SELECT qualified_on AS d, {_DIMS}, 1 AS x FROM ({_LEADS}) WHERE qualified_on IS NOT NULL"
_LEADS_PERIOD_CONVERSION = f"""
    SELECT created_on AS d, {_DIMS}, 0 AS converted, 1 AS created FROM ({_LEADS})
    UNION ALL
    SELECT converted_on AS d, {_DIMS}, 1 AS converted, 0 AS created FROM ({_LEADS}) WHERE converted_on IS NOT NULL"""
# ``{window}`` is replaced by the engine: NULL (to date) or a number of days.
LEADS_COHORT_CONVERSION = f"""
    SELECT created_on AS d, {_DIMS},
           (converted_on IS NOT NULL AND converted_on >= created_on
            AND ({{window}} IS NULL OR date_diff('day', created_on, converted_on) <= {{window}}))::INTEGER AS x
    FROM ({_LEADS})"""
LEAD_DIMENSIONS = ("owner", "team", "lead_source")
# Every lead with both dates, dated by creation: for the cohort matrix.
LEADS_WITH_CONVERSION = f"SELECT created_on AS d, {_DIMS}, created_on, converted_on FROM ({_LEADS})"


KPIS: tuple[Kpi, ...] = (
    _kpi("revenue", "Revenue", "Chiffre d'affaires", "money", True,
         "The amount of the deals won, dated by their close date.",
         "Le montant des affaires gagnées, datées par leur date de clôture.",
         additive=True, kind="sum", facts=_WON, value="sum(x)",
         shorts=_short("Revenue", "CA")),
    _kpi("deals_won", "Deals won", "Affaires gagnées", "count", True,
         "The number of deals won, dated by their close date.",
         "Le nombre d'affaires gagnées, datées par leur date de clôture.",
         additive=True, kind="sum", facts=_WON, value="count(*)",
         shorts=_short("Deals won", "Gagnées")),
    _kpi("deals_lost", "Deals lost", "Affaires perdues", "count", False,
         "The number of deals lost, dated by their close date.",
         "Le nombre d'affaires perdues, datées par leur date de clôture.",
         additive=True, kind="sum", facts=_LOST, value="count(*)"),
    _kpi("win_rate", "Win rate", "Taux de gain", "percent", True,
         "Deals won ÷ deals closed (won or lost), for the deals closed in the period.",
         "Affaires gagnées ÷ affaires clôturées (gagnées ou perdues), pour les affaires clôturées sur la période.",
         additive=False, kind="rate", facts=_CLOSED,
         numerator="count(*) FILTER (WHERE status = 'won')", denominator="count(*)",
         shorts=_short("Win rate", "Taux de gain")),
    _kpi("avg_deal_size", "Average deal size", "Panier moyen", "money", True,
         "The average amount of the deals won in the period (deals without an amount or with an amount of 0 are "
         "left out; a negative amount, a credit note, counts).",
         "Le montant moyen des affaires gagnées sur la période (les affaires sans montant ou d'un montant de 0 sont "
         "écartées ; un montant négatif, un avoir, compte).",
         additive=False, kind="stat", facts=_deals_facts("close_on", f"status = 'won' AND {HAS_DEAL_SIZE}"),
         stats=DISTRIBUTION_STATS,
         shorts=_short("Avg deal", "Panier moyen")),
    _kpi("new_customers", "New customers", "Nouveaux clients", "count", True,
         "Accounts whose first ever won deal closed in the period.",
         "Les comptes dont la toute première affaire gagnée a été clôturée sur la période.",
         additive=True, kind="sum", facts=_FIRST_WON, value="count(*)",
         facts_undimensioned=_FIRST_WON_DAYS),
    _kpi("leads_created", "Leads created", "Leads créés", "count", True,
         "The number of leads created in the period.",
         "Le nombre de leads créés sur la période.",
         additive=True, kind="sum", facts=_LEADS_CREATED, value="count(*)", dimensions=LEAD_DIMENSIONS,
         records="leads",
         shorts=_short("Leads created", "Leads créés")),
    _kpi("qualified_leads", "Qualified leads", "Leads qualifiés", "count", True,
         "The number of leads qualified in the period, dated by their qualification date.",
         "Le nombre de leads qualifiés sur la période, datés par leur date de qualification.",
         additive=True, kind="sum", facts=_LEADS_QUALIFIED, value="count(*)", dimensions=LEAD_DIMENSIONS,
         records="leads",
         shorts=_short("Qualified leads", "Leads qualifiés")),
    _kpi("lead_conversion_rate", "Lead conversion rate (period)", "Taux de conversion des leads (période)",
         "percent", True,
         "Leads converted in the period ÷ leads created in the period (period-based: the converted leads may "
         "have been created earlier).",
         "Leads convertis sur la période ÷ leads créés sur la période (par période : les leads convertis ont pu "
         "être créés avant).",
         additive=False, kind="rate", facts=_LEADS_PERIOD_CONVERSION,
         numerator="sum(converted)", denominator="sum(created)", dimensions=LEAD_DIMENSIONS, records="leads",
         shorts=_short("Lead conversion", "Conversion des leads")),
    _kpi("lead_conversion_cohort", "Lead conversion rate (cohort)", "Taux de conversion des leads (cohorte)",
         "percent", True,
         "Of the leads created in the period, the share converted within N days (or to date). A cohort too "
         "recent to have had N days is flagged immature: its rate can still rise.",
         "Parmi les leads créés sur la période, la part convertie sous N jours (ou à ce jour). Une cohorte trop "
         "récente pour avoir eu N jours est signalée immature : son taux peut encore monter.",
         additive=False, kind="rate", facts=LEADS_COHORT_CONVERSION,
         numerator="sum(x)", denominator="count(*)", dimensions=LEAD_DIMENSIONS, records="leads", cohort=True),
    _kpi("sales_cycle_days", "Sales cycle (won)", "Cycle de vente (gagnées)", "days", False,
         "Days from creation to close of the deals won in the period; open deals, and deals closed before their "
         "creation date, are left out.",
         "Jours entre la création et la clôture des affaires gagnées sur la période ; les affaires ouvertes, et "
         "celles clôturées avant leur date de création, sont écartées.",
         additive=False, kind="stat", facts=_deals_facts("close_on", f"status = 'won' AND {CYCLE_DAYS} IS NOT NULL",
                                                         CYCLE_DAYS),
         stats=DISTRIBUTION_STATS,
         shorts=_short("Avg cycle", "Cycle moyen"),
         stat_shorts={"median": _short("Median cycle (won)", "Cycle médian (gagnées)")}),
    _kpi("sales_cycle_days_lost", "Sales cycle (lost)", "Cycle de vente (perdues)", "days", False,
         "Days from creation to close of the deals lost in the period; open deals, and deals closed before their "
         "creation date, are left out.",
         "Jours entre la création et la clôture des affaires perdues sur la période ; les affaires ouvertes, et "
         "celles clôturées avant leur date de création, sont écartées.",
         additive=False, kind="stat", facts=_deals_facts("close_on", f"status = 'lost' AND {CYCLE_DAYS} IS NOT NULL",
                                                         CYCLE_DAYS),
         stats=DISTRIBUTION_STATS),
    _kpi("pipeline_value", "Open pipeline", "Pipeline ouvert", "money", True,
         "The amount of the open deals, placed in the period of their expected close date; an open deal without "
         "an expected close date is due now: it counts on the last day of the range, today at the latest.",
         "Le montant des affaires ouvertes, placées dans la période de leur date de clôture prévue ; une affaire "
         "ouverte sans date de clôture prévue est attendue maintenant : elle compte au dernier jour de la période, "
         "aujourd'hui au plus tard.",
         additive=True, kind="sum", facts=_OPEN, value="sum(x)"),
    _kpi("pipeline_value_weighted", "Weighted pipeline", "Pipeline pondéré", "money", True,
         "The amount of the open deals × the win probability of their stage (stages without a probability "
         "count for nothing), by expected close date (without one: the last day of the range, today at the "
         "latest).",
         "Le montant des affaires ouvertes × la probabilité de gain de leur étape (une étape sans probabilité "
         "compte pour rien), par date de clôture prévue (sans elle : le dernier jour de la période, aujourd'hui au "
         "plus tard).",
         additive=True, kind="sum", facts=_OPEN_WEIGHTED, value="sum(x)"),
    _kpi("pipeline_coverage", "Pipeline coverage", "Couverture du pipeline", "score", True,
         "Open pipeline due in the period ÷ the revenue still to win to reach the target (by default, the "
         "revenue of the same period last year). Missing once the target is reached.",
         "Pipeline ouvert attendu sur la période ÷ le chiffre d'affaires restant à gagner pour atteindre la cible "
         "(par défaut, le chiffre d'affaires de la même période l'an dernier). Absent une fois la cible atteinte.",
         additive=False, kind="composite"),
    _kpi("sales_velocity", "Sales velocity", "Vélocité commerciale", "money", True,
         "Open opportunities at the end of the period (with or without an expected close date) × win rate × "
         "average deal size ÷ average sales cycle (won deals), in money per day.",
         "Opportunités ouvertes en fin de période (avec ou sans date de clôture prévue) × taux de gain × panier "
         "moyen ÷ cycle de vente moyen (affaires gagnées), en montant par jour.",
         additive=False, kind="composite"),
)

# KPIs that come from the imported KPI history: their labels and units, when we know them.
HISTORY_KPIS: dict[str, tuple[str, str, str, bool, str, str]] = {
    "csat": ("Customer satisfaction (CSAT)", "Satisfaction client (CSAT)", "score", True,
             "The customer satisfaction score, as imported (average of the values in the period).",
             "Le score de satisfaction client, tel qu'importé (moyenne des valeurs de la période)."),
    "nps": ("Net Promoter Score (NPS)", "Net Promoter Score (NPS)", "score", True,
            "The Net Promoter Score, as imported (average of the values in the period).",
            "Le Net Promoter Score, tel qu'importé (moyenne des valeurs de la période)."),
}

# The finest grain wins when a KPI was imported at several grains.
_HISTORY_FACTS = """
    SELECT period AS d, value AS x FROM kpi_history
    WHERE kpi = ? AND scope = 'company' AND grain = (
        SELECT grain FROM kpi_history WHERE kpi = ? AND scope = 'company'
        ORDER BY list_position(['day', 'week', 'month', 'quarter', 'year'], grain) LIMIT 1)"""


def history_kpi(kpi_id: str) -> Kpi:
    """The catalogue entry of a KPI served from ``kpi_history``, labelled from ``HISTORY_KPIS`` when known."""
    en, fr, unit, higher, def_en, def_fr = HISTORY_KPIS.get(
        kpi_id,
        (kpi_id, kpi_id, "score", True, "Imported KPI history (average of the values in the period).",
         "Historique d'indicateur importé (moyenne des valeurs de la période)."),
    )
    return _kpi(kpi_id, en, fr, unit, higher, def_en, def_fr, additive=False, kind="mean",
                facts=_HISTORY_FACTS, value="avg(x)", dimensions=(), params=(kpi_id, kpi_id),
                records="history")


CATALOGUE: dict[str, Kpi] = {kpi.id: kpi for kpi in KPIS}


class UnknownKpiError(ValueError):
    """A KPI id that is neither in the catalogue nor in the imported KPI history."""


def history_kpi_ids(store: Store) -> list[str]:
    """The KPIs the imported KPI history holds (CSAT, NPS...), sorted: each is served by ``history_kpi``."""
    return [row[0] for row in store.rows("SELECT DISTINCT kpi FROM kpi_history ORDER BY kpi")]


def available_kpis(store: Store | None = None) -> list[str]:
    """The catalogue's KPI ids, then the ids found only in the imported KPI history."""
    ids = list(CATALOGUE)
    extra = history_kpi_ids(store) if store is not None else list(HISTORY_KPIS)
    return ids + [kpi_id for kpi_id in extra if kpi_id not in CATALOGUE]


def get_kpi(kpi_id: str, store: Store | None = None) -> Kpi:
    """The catalogue entry of a KPI; with a store, also any KPI found in its imported KPI history."""
    if kpi_id in CATALOGUE:
        return CATALOGUE[kpi_id]
    if kpi_id in HISTORY_KPIS or (store is not None and kpi_id in history_kpi_ids(store)):
        return history_kpi(kpi_id)
    valid = ", ".join(available_kpis(store))
    raise UnknownKpiError(f"unknown KPI {kpi_id!r}; valid ids: {valid}")


# The KPIs a plan (an imported targets sheet) may hold: sums over the months, so that a plan's months add up to its
# total and compare with the actual month by month. Revenue first: the KPI of a plan that does not say.
PLAN_KPIS = ("revenue", "deals_won", "new_customers", "qualified_leads", "leads_created", "pipeline_value")

# The KPIs each view lists, in its order, defined here once: the Overview's cards, the weak signals watched (on the
# Overview and in the review), the Team page's columns (each with the statistic it shows; None: the KPI's own) and
# the review's highlights per rep.
CARD_KPIS = ("revenue", "deals_won", "win_rate", "avg_deal_size", "qualified_leads", "sales_cycle_days")
SIGNAL_KPIS = ("revenue", "deals_won", "win_rate", "avg_deal_size", "qualified_leads", "lead_conversion_rate")
TEAM_KPIS: dict[str, str | None] = {"revenue": None, "deals_won": None, "win_rate": None, "avg_deal_size": None,
                                    "sales_cycle_days": "median", "leads_created": None, "lead_conversion_rate": None}
REVIEW_REP_KPIS = ("revenue", "deals_won", "win_rate")
