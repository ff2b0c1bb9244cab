"""Messages of the KPI engine beyond the catalogue's own labels: statistics, methods and flags of the results."""

MESSAGES = {
    "kpi.stat.mean": {"en": "Mean", "fr": "Moyenne"},
    "kpi.stat.median": {"en": "Median", "fr": "Médiane"},
    "kpi.stat.p25": {"en": "25th percentile", "fr": "1er quartile"},
    "kpi.stat.p75": {"en": "75th percentile", "fr": "3e quartile"},
    "kpi.stat.p90": {"en": "90th percentile", "fr": "9e décile"},
    "kpi.stat.std": {"en": "Standard deviation", "fr": "Écart type"},
    "kpi.stat.var": {"en": "Variance", "fr": "Variance"},
    "kpi.partial": {
        "en": "Period in progress: compared with the same {days} days of the previous period.",
        "fr": "Période en cours : comparée aux {days} mêmes jours de la période précédente.",
    },
    "kpi.immature": {
        "en": "Immature cohort: its leads have not all had {days} days to convert yet.",
        "fr": "Cohorte immature : ses leads n'ont pas encore tous eu {days} jours pour se convertir.",
    },
    "kpi.interval": {
        "en": "{numerator} of {denominator}; 95 % interval {low} to {high} (Wilson).",
        "fr": "{numerator} sur {denominator} ; intervalle à 95 % de {low} à {high} (Wilson).",
    },
    "kpi.missing_denominator": {
        "en": "No denominator in this period: the rate is missing, not zero.",
        "fr": "Pas de dénominateur sur cette période : le taux est absent, pas nul.",
    },
    "kpi.expected.linear": {
        "en": "Expected to date on a straight line from start to deadline.",
        "fr": "Attendu à date sur une ligne droite du début à l'échéance.",
    },
    "kpi.expected.seasonal": {
        "en": "Expected to date following last year's seasonality.",
        "fr": "Attendu à date selon la saisonnalité de l'an dernier.",
    },
    "kpi.bridge.lmdi": {
        "en": "Split by the log-mean Divisia index (LMDI): the three effects add up exactly to the change.",
        "fr": "Décomposition par l'indice de Divisia log-moyen (LMDI) : les trois effets s'additionnent exactement "
              "à la variation.",
    },
    "kpi.bridge.ordered_substitution": {
        "en": "A factor is zero on one side: split by ordered substitution (volume, then conversion, then size).",
        "fr": "Un facteur est nul d'un côté : décomposition par substitution ordonnée (volume, puis conversion, "
              "puis panier).",
    },
    "kpi.control_limits": {
        "en": "Control limits: median ± 3 × 1.4826 × median absolute deviation of the changes.",
        "fr": "Limites de contrôle : médiane ± 3 × 1,4826 × écart absolu médian des variations.",
    },
}
