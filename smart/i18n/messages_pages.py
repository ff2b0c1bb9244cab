"""Messages of the analysis pages: Overview, Conversion, Sales cycle, Variance and Team, their charts, tables,
drill-downs and downloads."""

MESSAGES = {
    # Shared blocks
    "download.csv": {"en": "CSV", "fr": "CSV"},
    "download.xlsx": {"en": "Excel", "fr": "Excel"},
    "download.png": {"en": "PNG", "fr": "PNG"},
    "download.svg": {"en": "SVG", "fr": "SVG"},
    "drill.title": {"en": "Deals behind: {what}", "fr": "Affaires derrière : {what}"},
    "drill.count_all": {"en": "{count} deals.", "fr": "{count} affaires."},
    "drill.count_some": {
        "en": "The {shown} largest of {count} deals.", "fr": "Les {shown} plus grosses des {count} affaires.",
    },
    "drill.hint": {
        "en": "Click a bar, a point or a row to see the deals behind it.",
        "fr": "Cliquez sur une barre, un point ou une ligne pour voir les affaires concernées.",
    },
    "empty.period": {
        "en": "Nothing in this period for these filters. Widen the period or remove a filter.",
        "fr": "Rien sur cette période avec ces filtres. Élargissez la période ou retirez un filtre.",
    },
    "empty.deals": {
        "en": "No deals yet. Import a deals export from your CRM (one row per deal, with its stage, amount, "
        "creation and close dates) on the Import page.",
        "fr": "Aucune affaire pour l'instant. Importez un export d'affaires de votre CRM (une ligne par affaire, "
        "avec étape, montant, dates de création et de clôture) depuis la page Importer.",
    },
    "empty.leads": {
        "en": "No leads yet. Import a leads export (creation, qualification and conversion dates) on the Import "
        "page to see lead conversion and cohorts.",
        "fr": "Aucun lead pour l'instant. Importez un export de leads (dates de création, de qualification et de "
        "conversion) depuis la page Importer pour voir la conversion et les cohortes.",
    },
    "empty.snapshots": {
        "en": "Time in stage needs at least two deals exports taken on different days: import your CRM's deals "
        "export regularly (every week, for instance).",
        "fr": "Le temps par étape demande au moins deux exports d'affaires pris à des jours différents : importez "
        "l'export d'affaires de votre CRM régulièrement (chaque semaine par exemple).",
    },
    "empty.objectives": {
        "en": "No objectives yet. Set one on the Objectives page, or import an objectives file on the Import page.",
        "fr": "Aucun objectif pour l'instant. Fixez-en un sur la page Objectifs, ou importez un fichier "
        "d'objectifs depuis la page Importer.",
    },
    "status.won": {"en": "Won", "fr": "Gagnée"},
    "status.lost": {"en": "Lost", "fr": "Perdue"},
    "status.open": {"en": "Open", "fr": "Ouverte"},
    "status.objective.on_track": {"en": "On track", "fr": "En bonne voie"},
    "status.objective.achieved": {"en": "Achieved", "fr": "Atteint"},
    "status.objective.at_risk": {"en": "At risk", "fr": "À risque"},
    "status.objective.off_track": {"en": "Off track", "fr": "En retard"},
    "status.objective.missed": {"en": "Missed", "fr": "Manqué"},
    "status.objective.not_started": {"en": "Not started", "fr": "Pas commencé"},
    "status.objective.no_data": {"en": "No data", "fr": "Pas de données"},
    "deal.title": {"en": "Deal", "fr": "Affaire"},
    "deal.account": {"en": "Account", "fr": "Compte"},
    "deal.owner": {"en": "Rep", "fr": "Commercial"},
    "deal.team": {"en": "Team", "fr": "Équipe"},
    "deal.stage": {"en": "Stage", "fr": "Étape"},
    "deal.status": {"en": "Status", "fr": "Statut"},
    "deal.amount": {"en": "Amount", "fr": "Montant"},
    "deal.created_on": {"en": "Created", "fr": "Créée le"},
    "deal.close_on": {"en": "Close date", "fr": "Clôture"},
    "deal.cycle_days": {"en": "Cycle (days)", "fr": "Cycle (jours)"},
    "deal.lead_source": {"en": "Lead source", "fr": "Origine"},
    "deal.first_close_on": {"en": "First close date", "fr": "Première date de clôture"},
    "deal.pushes": {"en": "Times pushed", "fr": "Reports"},
    "deal.days_pushed": {"en": "Days pushed", "fr": "Jours de report"},
    # Overview
    "overview.median": {"en": " (median)", "fr": " (médiane)"},
    "overview.vs_previous": {"en": "vs previous period", "fr": "vs période précédente"},
    "overview.vs_to_date": {"en": "vs same days of previous period", "fr": "vs mêmes jours de la période précédente"},
    "overview.no_objective": {"en": "No objective on this KPI", "fr": "Pas d'objectif sur cet indicateur"},
    "overview.gap": {"en": "{gap} vs plan to date · {status}", "fr": "{gap} vs prévu à date · {status}"},
    "overview.objectives": {"en": "Objectives at a glance", "fr": "Objectifs en un coup d'œil"},
    "overview.no_objectives": {
        "en": "No objectives yet: set your first one on the Objectives page.",
        "fr": "Aucun objectif pour l'instant : fixez le premier sur la page Objectifs.",
    },
    "overview.signals": {"en": "Weak signals", "fr": "Signaux faibles"},
    "overview.freshness": {"en": "Data freshness", "fr": "Fraîcheur des données"},
    "objective.title": {"en": "Objective", "fr": "Objectif"},
    "objective.kpi": {"en": "KPI", "fr": "Indicateur"},
    "objective.status": {"en": "Status", "fr": "Statut"},
    "objective.progress": {"en": "Progress", "fr": "Avancement"},
    "objective.progress_help": {
        "en": "How far along the way from the starting point to the target.",
        "fr": "Le chemin parcouru entre le point de départ et la cible.",
    },
    "objective.actual": {"en": "Actual", "fr": "Réalisé"},
    "objective.expected": {"en": "Plan to date", "fr": "Prévu à date"},
    "objective.projection": {"en": "Projection", "fr": "Projection"},
    "objective.target": {"en": "Target", "fr": "Cible"},
    "objective.gap": {"en": "Gap to plan", "fr": "Écart au prévu"},
    "objective.probability": {"en": "Chance to reach", "fr": "Chance d'atteinte"},
    "objective.probability_help": {
        "en": "Share of simulated futures, drawn from the KPI's past months, in which the target is reached.",
        "fr": "Part des futurs simulés, tirés des mois passés de l'indicateur, où la cible est atteinte.",
    },
    "objective.deadline": {"en": "Deadline", "fr": "Échéance"},
    "objective.attainment": {"en": "Against plan to date", "fr": "Par rapport au prévu à date"},
    "signal.control": {
        "en": "{kpi} moved unusually in {month}: {change} month over month, outside its usual range.",
        "fr": "{kpi} a bougé de façon inhabituelle en {month} : {change} d'un mois sur l'autre, hors de sa plage "
        "habituelle.",
    },
    "signal.widening": {
        "en": "The gap to plan is widening on «{title}»: {now} against the plan today, {before} a month ago.",
        "fr": "L'écart au prévu se creuse sur « {title} » : {now} par rapport au prévu aujourd'hui, {before} il y a "
        "un mois.",
    },
    "signal.pushed": {
        "en": "{count} open deals ({amount}) had their close date pushed back between two exports.",
        "fr": "{count} affaires ouvertes ({amount}) ont vu leur date de clôture reculer entre deux exports.",
    },
    "signal.pushed_deals": {"en": "The deals pushed back", "fr": "Les affaires reportées"},
    "signal.none": {"en": "No weak signal: nothing unusual.", "fr": "Aucun signal faible : rien d'inhabituel."},
    "fresh.latest_import": {"en": "Latest import", "fr": "Dernier import"},
    "fresh.imported": {"en": "{kind} · {when} · {rows} rows", "fr": "{kind} · {when} · {rows} lignes"},
    "fresh.kind.deals": {"en": "Deals", "fr": "Affaires"},
    "fresh.kind.leads": {"en": "Leads", "fr": "Leads"},
    "fresh.kind.kpi": {"en": "KPI history", "fr": "Historique d'indicateurs"},
    "fresh.kind.objectives": {"en": "Objectives", "fr": "Objectifs"},
    "fresh.kind.reps": {"en": "Reps", "fr": "Commerciaux"},
    "fresh.newest": {"en": "Newest activity in the data", "fr": "Activité la plus récente"},
    "fresh.age": {"en": "{days} days ago", "fr": "il y a {days} jours"},
    "fresh.stale": {
        "en": "The data is {days} days old: import a fresh export from your CRM.",
        "fr": "Les données datent de {days} jours : importez un export récent de votre CRM.",
    },
}
