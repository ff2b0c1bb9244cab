"""Messages of the plan: importing a targets sheet, the plan against the actual (Variance), objectives that follow
the plan's months."""

MESSAGES = {
    # Import
    "import.kind.plan": {"en": "Targets (the plan)", "fr": "Objectifs chiffrés (le plan)"},
    "ingest.kind.plan": {"en": "targets", "fr": "objectifs chiffrés"},
    "import.verdict.removed": {"en": "Removed (month replaced)", "fr": "Supprimée (mois remplacé)"},
    "field.month": {"en": "Month", "fr": "Mois"},
    "field.product": {"en": "Product or category", "fr": "Produit ou catégorie"},
    "field.dimension": {"en": "Split by", "fr": "Réparti par"},
    "field.dimension_value": {"en": "Team, rep or product", "fr": "Équipe, commercial ou produit"},
    "import.plan.kpi": {"en": "The targets are amounts of", "fr": "Les objectifs portent sur"},
    "import.plan.kpi_help": {
        "en": "Which KPI the file's figures are targets of: revenue unless they count deals, leads or customers.",
        "fr": "L'indicateur dont les chiffres du fichier sont les objectifs : le chiffre d'affaires, sauf s'ils "
              "comptent des affaires, des leads ou des clients.",
    },
    "import.plan.months": {"en": "The plan in this file", "fr": "Le plan de ce fichier"},
    "import.plan.month": {"en": "Month", "fr": "Mois"},
    "import.plan.total": {"en": "Total target", "fr": "Objectif total"},
    "import.plan.values": {"en": "Lines", "fr": "Lignes"},
    "ingest.error.plan_no_month": {
        "en": "{file}: no month column (Month, Mois, Period...) and no month among the headers (Jan 2025, 2025-01...) "
              "in this targets file (use --map month=COLUMN)",
        "fr": "{file} : ni colonne de mois (Mois, Month, Période...) ni mois dans les en-têtes (janv. 2025, "
              "2025-01...) dans ce fichier d'objectifs (--map month=COLONNE)",
    },
    "ingest.error.plan_no_amount": {
        "en": "{file}: the months are in column {column!r} but no column holds the targets (Target, Objectif, "
              "Quota, Budget...) (use --map amount=COLUMN)",
        "fr": "{file} : les mois sont dans la colonne {column!r} mais aucune colonne ne porte les objectifs "
              "(Objectif, Target, Quota, Budget...) (--map amount=COLONNE)",
    },
    "ingest.error.plan_kpi": {
        "en": "{file}: a plan cannot hold {kpi!r}; its targets are amounts of one of {kpis}",
        "fr": "{file} : un plan ne peut pas porter sur {kpi!r} ; ses objectifs portent sur l'un de {kpis}",
    },
    "ingest.reason.unknown_plan_kpi": {"en": "unknown KPI name", "fr": "nom d'indicateur inconnu"},
    "ingest.reason.missing_plan_amount": {"en": "missing target", "fr": "objectif manquant"},
    "ingest.reason.missing_plan_dimension": {
        "en": "missing team, rep or product", "fr": "équipe, commercial ou produit manquant",
    },
    "ingest.reason.plan_total_row": {
        "en": "a total row, not a target of its own", "fr": "une ligne de total, pas un objectif en soi",
    },
    "ingest.note.plan_wide": {
        "en": "one column per month: {columns}", "fr": "une colonne par mois : {columns}",
    },
    "ingest.note.plan_summary": {
        "en": "plan of {kpi} {dimension}, from {first} to {last} ({months} months)",
        "fr": "plan de {kpi} {dimension}, de {first} à {last} ({months} mois)",
    },
    "ingest.note.plan_kpi": {
        "en": "the targets are read as amounts of {kpi}; if they are another KPI, say which (on the Import page, "
              "or --map kpi==deals_won)",
        "fr": "les objectifs sont lus comme des montants de {kpi} ; s'ils portent sur un autre indicateur, dites "
              "lequel (page Import, ou --map kpi==deals_won)",
    },
    "ingest.note.plan_summed": {
        "en": "the plan is {dimension}: the rows of {columns} are added up",
        "fr": "le plan est {dimension} : les lignes de {columns} sont additionnées",
    },
    "ingest.note.plan_removed": {
        "en": "{count} targets of these months are not in this file and are removed: the file replaces its months",
        "fr": "{count} objectifs de ces mois ne sont pas dans ce fichier et sont supprimés : le fichier remplace ses "
              "mois",
    },
    "plan.by.company": {"en": "for the whole company", "fr": "pour toute l'entreprise"},
    "plan.by.team": {"en": "by team", "fr": "par équipe"},
    "plan.by.owner": {"en": "by rep", "fr": "par commercial"},
    "plan.by.product": {"en": "by product", "fr": "par produit"},
    # Variance: the plan against the actual
    "plan.dimension.company": {"en": "Company", "fr": "Entreprise"},
    "plan.dimension.team": {"en": "Team", "fr": "Équipe"},
    "plan.dimension.owner": {"en": "Rep", "fr": "Commercial"},
    "plan.dimension.product": {"en": "Product", "fr": "Produit"},
    "variance.plan_actual": {"en": "Actual against the imported plan", "fr": "Réalisé face au plan importé"},
    "variance.plan_none": {
        "en": "No plan imported yet. Import a targets sheet (a month, optionally a team, rep or product, and a "
              "target) to compare the actual with it, month by month.",
        "fr": "Aucun plan importé pour l'instant. Importez un fichier d'objectifs (un mois, éventuellement une "
              "équipe, un commercial ou un produit, et un objectif) pour lui comparer le réalisé, mois par mois.",
    },
    "variance.plan_kpi": {"en": "Plan of", "fr": "Plan de"},
    "variance.plan_by": {"en": "Split by", "fr": "Réparti par"},
    "variance.plan_empty": {
        "en": "Neither the plan nor the data have anything in this period.",
        "fr": "Ni le plan ni les données n'ont rien sur cette période.",
    },
    "variance.plan_ignored": {
        "en": "The plan is {dimension}: the {filters} filter does not apply to this comparison.",
        "fr": "Le plan est {dimension} : le filtre {filters} ne s'applique pas à cette comparaison.",
    },
    "variance.plan_filter.teams": {"en": "team", "fr": "équipe"},
    "variance.plan_filter.owners": {"en": "rep", "fr": "commercial"},
    "variance.plan_filter.lead_sources": {"en": "lead source", "fr": "origine"},
    "variance.plan_filter.pipelines": {"en": "pipeline", "fr": "pipeline"},
    "variance.plan_total.plan": {"en": "Plan (months compared)", "fr": "Plan (mois comparés)"},
    "variance.plan_total.actual": {"en": "Actual (months compared)", "fr": "Réalisé (mois comparés)"},
    "variance.plan_total.attainment": {"en": "Attainment", "fr": "Taux d'atteinte"},
    "variance.plan_total.waiting": {"en": "Plan still ahead", "fr": "Plan encore à venir"},
    "explain.plan_months": {
        "en": "Each month's actual (bars) against the imported plan (dashes); a month the data do not reach yet "
              "shows the plan alone, a pale bar is the month in progress.",
        "fr": "Le réalisé de chaque mois (barres) face au plan importé (tirets) ; un mois que les données "
              "n'atteignent pas encore montre le plan seul, une barre pâle est le mois en cours.",
    },
    "explain.plan_attainment": {
        "en": "Actual ÷ plan over the months compared, {dimension}; the dashed line is the plan (100 %).",
        "fr": "Réalisé ÷ plan sur les mois comparés, {dimension} ; la ligne pointillée est le plan (100 %).",
    },
    "define.plan_actual": {
        "en": "The plan is the imported targets sheet; the actual is the KPI as defined above. Attainment = actual "
              "÷ plan. A month the period cuts counts the plan for its days in the period.",
        "fr": "Le plan est le fichier d'objectifs importé ; le réalisé est l'indicateur tel que défini ci-dessus. "
              "Taux d'atteinte = réalisé ÷ plan. Un mois coupé par la période compte le plan pour ses jours dans "
              "la période.",
    },
    "chart.plan_months.title": {"en": "{kpi}: actual against the plan", "fr": "{kpi} : réalisé face au plan"},
    "chart.plan_months.subtitle": {
        "en": "Bars: actual (grey: what the plan does not name) · dashes: the plan",
        "fr": "Barres : réalisé (en gris : ce que le plan ne nomme pas) · tirets : le plan",
    },
    "chart.plan_attainment.title": {"en": "Attainment of the plan {dimension}",
                                    "fr": "Atteinte du plan {dimension}"},
    "chart.plan_attainment.subtitle": {
        "en": "Actual ÷ plan over the months compared", "fr": "Réalisé ÷ plan sur les mois comparés",
    },
    "chart.plan.plan": {"en": "Plan", "fr": "Plan"},
    "chart.plan.actual": {"en": "Actual", "fr": "Réalisé"},
    "chart.plan.attainment": {"en": "Attainment", "fr": "Atteinte"},
    "chart.plan.unplanned": {"en": "Actual not in the plan", "fr": "Réalisé hors plan"},
    "plan.col.month": {"en": "Month", "fr": "Mois"},
    "plan.col.value": {"en": "Team, rep or product", "fr": "Équipe, commercial ou produit"},
    "plan.col.plan": {"en": "Plan", "fr": "Plan"},
    "plan.col.actual": {"en": "Actual", "fr": "Réalisé"},
    "plan.col.gap": {"en": "Gap", "fr": "Écart"},
    "plan.col.attainment": {"en": "Attainment", "fr": "Atteinte"},
    "plan.col.status": {"en": "Comparison", "fr": "Comparaison"},
    "plan.status.compared": {"en": "Compared", "fr": "Comparé"},
    "plan.status.no_plan": {"en": "Not in the plan", "fr": "Hors plan"},
    "plan.status.no_data": {"en": "No data for this month", "fr": "Pas de données ce mois-ci"},
    "plan.status.future": {"en": "Not started", "fr": "Pas commencé"},
    "plan.status.partial": {"en": "Month in progress", "fr": "Mois en cours"},
    # Objectives that follow the plan
    "objectives.form.use_plan": {"en": "Use the imported plan", "fr": "Suivre le plan importé"},
    "objectives.form.use_plan_help": {
        "en": "The target is the plan's total over the objective's months, and the expected path to date follows "
              "the plan month by month instead of last year's seasonality.",
        "fr": "La cible est le total du plan sur les mois de l'objectif, et le chemin attendu à date suit le plan "
              "mois par mois au lieu de la saisonnalité de l'an dernier.",
    },
    "objectives.form.plan_total": {
        "en": "Plan from {start} to {deadline}: {total}. This is the objective's target.",
        "fr": "Plan du {start} au {deadline} : {total}. C'est la cible de l'objectif.",
    },
    "objectives.form.plan_not_covering": {
        "en": "The imported plan for this KPI and scope does not cover every month from {start} to {deadline}: "
              "choose months it covers to follow it.",
        "fr": "Le plan importé pour cet indicateur et ce périmètre ne couvre pas tous les mois du {start} au "
              "{deadline} : choisissez des mois qu'il couvre pour le suivre.",
    },
    "objectives.page.follows_plan": {
        "en": "The expected path follows the imported plan's months.",
        "fr": "Le chemin attendu suit les mois du plan importé.",
    },
    "objectives.page.plan_missing": {
        "en": "This objective follows the imported plan, but the plan no longer covers its months: its expected "
              "path is shaped by last year instead.",
        "fr": "Cet objectif suit le plan importé, mais le plan ne couvre plus ses mois : son chemin attendu suit "
              "l'an dernier à la place.",
    },
}
