"""Messages of the app shell: navigation, global filters, the demo banner, units and shared words."""

MESSAGES = {
    "app.title": {"en": "SMART Pilot", "fr": "SMART Pilot"},
    "app.tagline": {
        "en": "SMART sales objectives, and the KPIs that steer your team to them",
        "fr": "Des objectifs commerciaux SMART, et les indicateurs qui y mènent votre équipe",
    },
    "exposure.refused.title": {"en": "Not served on this address", "fr": "Non servi sur cette adresse"},
    "exposure.refused.body": {
        "en": "This server listens on {address}, so other machines can reach it, and no sign-in is configured: "
              "anyone could read and change all data. Serve it on this machine only with `make run` or "
              "`python -m smart serve`; to share it with a team, configure sign-in (`[auth]` in "
              "`.streamlit/secrets.toml`, see docs/deploy.md); for a lab on a closed network, add `--insecure`.",
        "fr": "Ce serveur écoute sur {address} : d'autres machines peuvent l'atteindre, et aucune connexion n'est "
              "configurée : n'importe qui pourrait lire et modifier toutes les données. Servez-le sur cette machine "
              "seulement avec `make run` ou `python -m smart serve` ; pour le partager avec une équipe, configurez "
              "la connexion (`[auth]` dans `.streamlit/secrets.toml`, voir docs/deploy.md) ; pour un labo sur un "
              "réseau fermé, ajoutez `--insecure`.",
    },
    "exposure.every_interface": {"en": "every network interface", "fr": "toutes les interfaces réseau"},
    "exposure.insecure.banner": {
        "en": "Lab mode (--insecure): this server is reachable from other machines with no sign-in. Anyone who "
              "reaches it can read every figure and change or remove all data.",
        "fr": "Mode labo (--insecure) : ce serveur est joignable depuis d'autres machines sans connexion. "
              "Quiconque l'atteint peut lire tous les chiffres et modifier ou supprimer toutes les données.",
    },
    "nav.section.pilot": {"en": "Pilot", "fr": "Piloter"},
    "nav.section.analyse": {"en": "Analyse", "fr": "Analyser"},
    "nav.section.data": {"en": "Data", "fr": "Données"},
    "nav.overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "nav.objectives": {"en": "Objectives", "fr": "Objectifs"},
    "nav.review": {"en": "Weekly review", "fr": "Revue hebdomadaire"},
    "nav.conversion": {"en": "Conversion", "fr": "Conversion"},
    "nav.cycle": {"en": "Sales cycle", "fr": "Cycle de vente"},
    "nav.variance": {"en": "Variance", "fr": "Écarts"},
    "nav.team": {"en": "Team", "fr": "Équipe"},
    "nav.import": {"en": "Import", "fr": "Importer"},
    "nav.import_log": {"en": "Import log", "fr": "Journal des imports"},
    "purpose.overview": {
        "en": "Headline KPIs, objectives at a glance, weak signals and how fresh the data is.",
        "fr": "Indicateurs clés, objectifs en un coup d'œil, signaux faibles et fraîcheur des données.",
    },
    "purpose.objectives": {
        "en": "Set SMART objectives, check them letter by letter, and follow their pace to the deadline.",
        "fr": "Fixez des objectifs SMART, vérifiez-les lettre par lettre et suivez leur rythme jusqu'à l'échéance.",
    },
    "purpose.review": {
        "en": "The weekly team review, one slide at a time, with notes and decisions kept.",
        "fr": "La revue d'équipe hebdomadaire, une diapositive à la fois, avec notes et décisions conservées.",
    },
    "purpose.conversion": {
        "en": "Where leads and deals are lost: the funnel, the conversion trend and cohorts.",
        "fr": "Où se perdent les leads et les affaires : l'entonnoir, la tendance de conversion et les cohortes.",
    },
    "purpose.cycle": {
        "en": "How long deals take to close, for whom, and where they wait.",
        "fr": "Combien de temps les affaires mettent à se conclure, pour qui, et où elles attendent.",
    },
    "purpose.variance": {
        "en": "Plan against actual for every objective, and what explains the gap.",
        "fr": "Le prévu face au réalisé pour chaque objectif, et ce qui explique l'écart.",
    },
    "purpose.team": {
        "en": "One row per rep: their KPIs and their objectives.",
        "fr": "Une ligne par commercial : ses indicateurs et ses objectifs.",
    },
    "purpose.import": {
        "en": "Upload a CSV or XLSX export from your CRM, check the preview, then import.",
        "fr": "Déposez un export CSV ou XLSX de votre CRM, vérifiez l'aperçu, puis importez.",
    },
    "purpose.import_log": {
        "en": "Every import, what it changed, and a way to undo it.",
        "fr": "Chaque import, ce qu'il a modifié, et le moyen de l'annuler.",
    },
    "page.coming": {
        "en": "This page arrives with a later release; nothing here is computed yet.",
        "fr": "Cette page arrive dans une prochaine version ; rien n'y est encore calculé.",
    },
    "filters.header": {"en": "Filters", "fr": "Filtres"},
    "filters.period": {"en": "Period", "fr": "Période"},
    "filters.team": {"en": "Team", "fr": "Équipe"},
    "filters.owner": {"en": "Rep", "fr": "Commercial"},
    "filters.source": {"en": "Lead source", "fr": "Origine"},
    "filters.all": {"en": "All", "fr": "Tous"},
    "filters.language": {"en": "Language", "fr": "Langue"},
    "filters.reset": {"en": "Reset filters", "fr": "Réinitialiser les filtres"},
    "period.this_month": {"en": "This month", "fr": "Ce mois-ci"},
    "period.this_quarter": {"en": "This quarter", "fr": "Ce trimestre"},
    "period.this_year": {"en": "This year", "fr": "Cette année"},
    "period.last_month": {"en": "Last month", "fr": "Le mois dernier"},
    "period.last_quarter": {"en": "Last quarter", "fr": "Le trimestre dernier"},
    "period.last_year": {"en": "Last year", "fr": "L'année dernière"},
    "period.last_12_months": {"en": "Last 12 months", "fr": "12 derniers mois"},
    "period.all_time": {"en": "All time", "fr": "Tout l'historique"},
    "period.range": {"en": "{start} – {end}", "fr": "{start} – {end}"},
    "lang.en": {"en": "English", "fr": "English"},
    "lang.fr": {"en": "Français", "fr": "Français"},
    "demo.banner": {
        "en": "You are looking at demo data: a fictitious French B2B company with two teams and eight reps. "
        "Import your own CRM export to steer your team.",
        "fr": "Vous consultez des données de démonstration : une société B2B française fictive, deux équipes et "
        "huit commerciaux. Importez l'export de votre CRM pour piloter votre équipe.",
    },
    "demo.import_own": {"en": "Import my CRM export", "fr": "Importer mon export CRM"},
    "demo.remove": {"en": "Remove demo data", "fr": "Supprimer les données de démo"},
    "demo.remove_confirm": {
        "en": "Remove every demo deal, lead, KPI and objective? What you imported yourself stays untouched.",
        "fr": "Supprimer toutes les affaires, leads, indicateurs et objectifs de démo ? Vos propres imports "
        "restent intacts.",
    },
    "demo.removed": {"en": "Demo data removed.", "fr": "Données de démo supprimées."},
    "demo.loaded": {
        "en": "The database was empty: the demo company's data was loaded.",
        "fr": "La base était vide : les données de la société de démonstration ont été chargées.",
    },
    "empty.no_data": {
        "en": "No data yet. Import a deals or leads export from your CRM on the Import page.",
        "fr": "Aucune donnée pour l'instant. Importez un export d'affaires ou de leads depuis la page Importer.",
    },
    "common.confirm": {"en": "Confirm", "fr": "Confirmer"},
    "common.cancel": {"en": "Cancel", "fr": "Annuler"},
    "common.error": {
        "en": "Something went wrong: {message}",
        "fr": "Une erreur s'est produite : {message}",
    },
    "unit.days": {"en": "{value} days", "fr": "{value} jours"},
    "unit.days_short": {"en": "{value} d", "fr": "{value} j"},
    "unit.points": {"en": "{value} pts", "fr": "{value} pts"},
    "unit.money_thousands": {"en": "{symbol}{value}k", "fr": "{value} k{symbol}"},
    "unit.money_millions": {"en": "{symbol}{value}M", "fr": "{value} M{symbol}"},
}
