"""Messages of how figures read on the pages: a missing team, rep or source in a split, the bars of a table's
percentages, and time in stage shorter than the stage history can tell."""

MESSAGES = {
    # A card of a leads KPI when no leads file was imported (a deals-only CRM export): no figure, not 0.
    "overview.card.no_leads": {"en": "No leads imported", "fr": "Aucun lead importé"},
    # The label of a missing value of a dimension (smart.dimensions.value_label).
    "dimension.missing.owner": {"en": "No rep", "fr": "Sans commercial"},
    "dimension.missing.team": {"en": "No team", "fr": "Sans équipe"},
    "dimension.missing.lead_source": {"en": "No source", "fr": "Sans origine"},
    "dimension.missing.stage": {"en": "No stage", "fr": "Sans étape"},
    "dimension.missing.product": {"en": "No product", "fr": "Sans produit"},
    "dimension.missing.pipeline": {"en": "No pipeline", "fr": "Sans pipeline"},
    # A bar column's label: a whole percent of a value given in points (printf, applied by the browser).
    "format.share": {"en": "%.0f%%", "fr": "%.0f\u202f%%"},
    # Time in stage when the stage history is coarser than the time itself (smart.charts.cycle.stage_time_text).
    "stage.less_than_a_day": {"en": "less than a day", "fr": "moins d'un jour"},
    "stage.under_spacing": {
        "en": "less than {span} (seen in two exports {days} days apart)",
        "fr": "moins {span} (vue dans deux exports à {days} jours d'intervalle)",
    },
    "stage.under_daily": {
        "en": "less than a day (seen in two exports a day apart)",
        "fr": "moins d'un jour (vue dans deux exports à un jour d'intervalle)",
    },
    "stage.span.week": {"en": "a week", "fr": "d'une semaine"},
    "stage.span.weeks": {"en": "{count} weeks", "fr": "de {count} semaines"},
    "stage.span.days": {"en": "{count} days", "fr": "de {count} jours"},
    "explain.stages_spacing": {
        "en": "Your deals exports are {days} days apart: a stage left before the next export reads \"less than\".",
        "fr": "Vos exports d'affaires sont espacés de {days} jours : une étape quittée avant l'export suivant se lit "
              "« moins de ».",
    },
}
