"""Messages of objectives that tell the truth: a baseline typed by hand, an objective without a target it can
resolve, the forecast's wording."""

MESSAGES = {
    "objectives.form.baseline": {"en": "Baseline (optional)", "fr": "Référence (facultative)"},
    "objectives.form.baseline_placeholder": {"en": "from the data", "fr": "d'après les données"},
    "objectives.form.baseline_help": {
        "en": "Leave empty to take the KPI over the comparable previous period. Type it when that period has no "
              "data (or when you know better): a target in % or as a change is then set from it.",
        "fr": "Laissez vide pour prendre l'indicateur sur la période précédente comparable. Saisissez-la quand "
              "cette période n'a pas de données (ou que vous en savez plus) : une cible en % ou en écart part "
              "alors d'elle.",
    },
    "objectives.form.date_placeholder": {"en": "dd/mm/yyyy", "fr": "jj/mm/aaaa"},
    "objectives.form.date_invalid": {
        "en": "“{value}” is not a date: type it as 31/12/2026.",
        "fr": "« {value} » n'est pas une date : saisissez-la comme 31/12/2026.",
    },
    "objectives.check.m.typed": {
        "en": "Baseline {baseline} typed by hand (the data over {period} is not used).",
        "fr": "Référence {baseline} saisie à la main (les données de {period} ne sont pas utilisées).",
    },
    "objectives.check.m.typed.do": {
        "en": "Say where the figure comes from in the title or the theme.",
        "fr": "Indiquez d'où vient ce chiffre dans l'intitulé ou le thème.",
    },
    "objectives.page.no_target": {
        "en": "This objective has no target it can measure: its baseline period ({period}) has no data for its KPI "
              "and scope. Revise it with a typed baseline, or state the target as an absolute value.",
        "fr": "Cet objectif n'a pas de cible mesurable : sa période de référence ({period}) n'a pas de données "
              "pour son indicateur et son périmètre. Révisez-le avec une référence saisie, ou une cible en valeur "
              "absolue.",
    },
    "overview.gap_no_target": {
        "en": "Objective without a target (no baseline) · {status}",
        "fr": "Objectif sans cible (pas de référence) · {status}",
    },
}
