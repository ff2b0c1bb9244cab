"""Messages of the KPI engine beyond the catalogue's own labels: the names of the statistics."""

MESSAGES = {
    "kpi.stat.mean": {"en": "Mean", "fr": "Moyenne"},
    "kpi.stat.median": {"en": "Median", "fr": "Médiane"},
    "kpi.stat.p25": {"en": "25th percentile", "fr": "1er quartile"},
    "kpi.stat.p75": {"en": "75th percentile", "fr": "3e quartile"},
    "kpi.stat.p90": {"en": "90th percentile", "fr": "9e décile"},
    "kpi.stat.std": {"en": "Standard deviation", "fr": "Écart type"},
    "kpi.stat.var": {"en": "Variance", "fr": "Variance"},
}
