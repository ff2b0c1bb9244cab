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
    # Objective statuses, shared by the Objectives page, the analysis pages and the weekly review.
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
    # The splits of the Conversion, Sales cycle and Variance pages: the control's label and each dimension's name
    "split.by": {"en": "Split by", "fr": "Répartir par"},
    "split.owner": {"en": "Rep", "fr": "Commercial"},
    "split.team": {"en": "Team", "fr": "Équipe"},
    "split.lead_source": {"en": "Lead source", "fr": "Origine"},
    "split.status": {"en": "Won / lost", "fr": "Gagnées / perdues"},
    "split.size_band": {"en": "Deal size", "fr": "Taille d'affaire"},
    "deal.first_close_on": {"en": "First close date", "fr": "Première date de clôture"},
    "deal.pushes": {"en": "Times pushed", "fr": "Reports"},
    "deal.days_pushed": {"en": "Days pushed", "fr": "Jours de report"},
    # Overview
    "overview.comparison": {
        "en": "{start} – {end}; changes against {previous_start} – {previous_end} (the same days of the previous "
        "period); sparklines: the last 12 months.",
        "fr": "{start} – {end} ; évolutions par rapport au {previous_start} – {previous_end} (les mêmes jours de la "
        "période précédente) ; courbes : les 12 derniers mois.",
    },
    "overview.no_comparison": {
        "en": "All time: no previous period to compare with; sparklines: the last 12 months.",
        "fr": "Tout l'historique : pas de période précédente à comparer ; courbes : les 12 derniers mois.",
    },
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
    "objective.scope_type": {"en": "Scope", "fr": "Périmètre"},
    "objective.scope_value": {"en": "Team or rep", "fr": "Équipe ou commercial"},
    "objective.attainment": {"en": "Against plan to date", "fr": "Par rapport au prévu à date"},
    "signal.control": {
        "en": "{kpi} moved unusually in {month}: {change} month over month, outside its usual range.",
        "fr": "{kpi} a bougé de façon inhabituelle en {month} : {change} d'un mois sur l'autre, hors de sa plage "
        "habituelle.",
    },
    "signal.widening": {
        "en": "The gap to plan is widening on “{title}”: {now} against the plan today, {before} a month ago.",
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
    "fresh.today": {"en": "today", "fr": "aujourd'hui"},
    "fresh.stale": {
        "en": "The data is {days} days old: import a fresh export from your CRM.",
        "fr": "Les données datent de {days} jours : importez un export récent de votre CRM.",
    },
}

MESSAGES |= {
    # Charts
    "chart.month": {"en": "Month", "fr": "Mois"},
    "chart.deals": {"en": "Deals", "fr": "Affaires"},
    "chart.interval": {"en": "95% interval", "fr": "Intervalle à 95 %"},
    "chart.target": {"en": "Target {value}", "fr": "Cible {value}"},
    "chart.objective_target": {"en": "Objective: {value}", "fr": "Objectif : {value}"},
    "chart.median": {"en": "Median", "fr": "Médiane"},
    "chart.p75": {"en": "3 deals in 4 under", "fr": "3 affaires sur 4 en dessous de"},
    "chart.days_axis": {"en": "Days", "fr": "Jours"},
    "chart.funnel.title": {
        "en": "How far the deals created in the period got",
        "fr": "Jusqu'où sont allées les affaires créées sur la période",
    },
    "chart.funnel.subtitle": {"en": "Deals that reached each stage · % of previous stage · % of first stage",
                              "fr": "Affaires ayant atteint chaque étape · % de l'étape précédente · % de la première"},
    "chart.funnel.x": {"en": "Deals", "fr": "Affaires"},
    "chart.funnel.stage": {"en": "Stage", "fr": "Étape"},
    "chart.funnel.label": {"en": "{deals} · {previous} of previous · {first} of first",
                           "fr": "{deals} · {previous} de la précédente · {first} de la première"},
    "chart.funnel.first_label": {"en": "{deals}", "fr": "{deals}"},
    "chart.trend.subtitle": {
        "en": "Per month; the band is the 95% interval; hollow points can still move",
        "fr": "Par mois ; la bande est l'intervalle à 95 % ; les points creux peuvent encore bouger",
    },
    "chart.cohort.title": {"en": "Share of each month's leads converted after N months",
                           "fr": "Part des leads de chaque mois convertis après N mois"},
    "chart.cohort.subtitle": {
        "en": "Faded cells with * are not complete yet: the cohort is too recent",
        "fr": "Les cases pâles avec * ne sont pas encore complètes : la cohorte est trop récente",
    },
    "chart.cohort.x": {"en": "Months after creation", "fr": "Mois après la création"},
    "chart.cohort.y": {"en": "Leads created in", "fr": "Leads créés en"},
    "chart.cohort.rate": {"en": "Converted", "fr": "Convertis"},
    "chart.rate_detail": {"en": "{successes} of {trials}", "fr": "{successes} sur {trials}"},
    "chart.rate_by.subtitle": {
        "en": "Dot: rate · bar: 95% interval · dashed line: everyone ({overall})",
        "fr": "Point : taux · barre : intervalle à 95 % · pointillés : tout le monde ({overall})",
    },
    # Conversion page
    "conversion.funnel": {"en": "Stage funnel", "fr": "Entonnoir des étapes"},
    "conversion.trend": {"en": "Conversion trend", "fr": "Tendance de la conversion"},
    "conversion.trend_kpi": {"en": "Rate", "fr": "Taux"},
    "conversion.cohorts": {"en": "Lead cohorts", "fr": "Cohortes de leads"},
    "conversion.by_title": {"en": "By rep and by lead source", "fr": "Par commercial et par origine"},
    "conversion.col.closed": {"en": "Deals closed", "fr": "Affaires clôturées"},
    "conversion.col.won": {"en": "Deals won", "fr": "Affaires gagnées"},
    "conversion.col.win_rate": {"en": "Win rate", "fr": "Taux de gain"},
    "conversion.col.win_low": {"en": "Win rate, low (95%)", "fr": "Taux de gain, bas (95 %)"},
    "conversion.col.win_high": {"en": "Win rate, high (95%)", "fr": "Taux de gain, haut (95 %)"},
    "conversion.col.leads": {"en": "Leads created", "fr": "Leads créés"},
    "conversion.col.lead_conversion": {"en": "Leads converted (90 days)", "fr": "Leads convertis (90 jours)"},
    "explain.funnel": {
        "en": "Each bar counts the deals created in the period that reached that stage; click one to see its deals.",
        "fr": "Chaque barre compte les affaires créées sur la période qui ont atteint l'étape ; cliquez pour voir "
        "ses affaires.",
    },
    "define.funnel": {
        "en": "A deal reached a stage when its current stage or any stage recorded in an earlier export comes at "
        "or after it in the funnel; a won deal reached every stage. % of previous = deals at this stage ÷ deals "
        "at the stage before; % of first = ÷ deals at the first stage.",
        "fr": "Une affaire a atteint une étape quand son étape actuelle ou une étape vue dans un export précédent "
        "vient à ce niveau ou après dans l'entonnoir ; une affaire gagnée a atteint toutes les étapes. % de la "
        "précédente = affaires à cette étape ÷ affaires à l'étape d'avant ; % de la première = ÷ affaires à la "
        "première étape.",
    },
    "explain.trend": {
        "en": "The rate month by month: a move inside the band may be chance, one outside it is real.",
        "fr": "Le taux mois par mois : un mouvement dans la bande peut être le hasard, au-delà il est réel.",
    },
    "explain.trend_cohort": {
        "en": "Leads of each month converted within 90 days; recent months are immature and can still rise.",
        "fr": "Leads de chaque mois convertis sous 90 jours ; les mois récents sont immatures et peuvent encore "
        "monter.",
    },
    "explain.cohorts": {
        "en": "Read a row left to right: how the leads of one month converted over the following months.",
        "fr": "Lisez une ligne de gauche à droite : comment les leads d'un mois se sont convertis les mois suivants.",
    },
    "explain.rate_by": {
        "en": "Win rate per rep or source with its uncertainty; click a dot or a row to see the deals won.",
        "fr": "Taux de gain par commercial ou origine avec son incertitude ; cliquez pour voir les affaires "
        "gagnées.",
    },
    "drill.stage": {"en": "deals that reached {stage}", "fr": "affaires arrivées à l'étape {stage}"},
    "drill.won_by": {"en": "deals won, {who}", "fr": "affaires gagnées, {who}"},
}

MESSAGES |= {
    "chart.bin": {"en": "{low}–{high}", "fr": "{low}–{high}"},
    "chart.bin_last": {"en": "{low}+", "fr": "{low}+"},
    "chart.histogram.title": {
        "en": "How long closed deals took",
        "fr": "Combien de temps ont pris les affaires clôturées",
    },
    "chart.histogram.subtitle": {"en": "Deals closed in the period, by days from creation to close",
                                 "fr": "Affaires clôturées sur la période, par jours entre création et clôture"},
    "chart.histogram.x": {"en": "Days from creation to close", "fr": "Jours entre création et clôture"},
    "chart.box.title": {"en": "Cycle length of the deals won", "fr": "Durée du cycle des affaires gagnées"},
    "chart.box.subtitle": {"en": "Box: middle half of the deals · mark: median · line: 5th to 95th percentile",
                           "fr": "Boîte : moitié centrale des affaires · repère : médiane · trait : 5e au 95e centile"},
    "chart.box.x": {"en": "Days from creation to close", "fr": "Jours entre création et clôture"},
    "chart.box.tooltip": {"en": "p25 · median · p75", "fr": "p25 · médiane · p75"},
    "chart.cycle_trend.title": {
        "en": "Median sales cycle of the deals won",
        "fr": "Cycle de vente médian des affaires gagnées",
    },
    "chart.cycle_trend.subtitle": {"en": "Band: middle half of the deals (p25–p75)",
                                   "fr": "Bande : moitié centrale des affaires (p25–p75)"},
    "chart.stage.title": {"en": "Where open deals wait", "fr": "Où attendent les affaires ouvertes"},
    "chart.stage.subtitle": {"en": "Median days in each stage · tick: 3 deals in 4 leave before",
                             "fr": "Jours médians dans chaque étape · repère : 3 affaires sur 4 en sortent avant"},
    "cycle.distribution": {"en": "Distribution, won and lost", "fr": "Distribution, gagnées et perdues"},
    "cycle.trend": {"en": "Median trend", "fr": "Tendance de la médiane"},
    "cycle.by_title": {"en": "By group", "fr": "Par groupe"},
    "cycle.band": {"en": "{low} – {high}", "fr": "{low} – {high}"},
    "cycle.stages": {"en": "Time in stage", "fr": "Temps par étape"},
    "cycle.won_lost": {"en": "Won and lost side by side", "fr": "Gagnées et perdues côte à côte"},
    "cycle.col.outcome": {"en": "Outcome", "fr": "Issue"},
    "cycle.col.deals": {"en": "Deals", "fr": "Affaires"},
    "cycle.col.median": {"en": "Median", "fr": "Médiane"},
    "cycle.col.p25": {"en": "p25", "fr": "p25"},
    "cycle.col.p75": {"en": "p75", "fr": "p75"},
    "cycle.col.p90": {"en": "p90", "fr": "p90"},
    "cycle.col.mean": {"en": "Mean", "fr": "Moyenne"},
    "explain.histogram": {
        "en": "Most deals sit where the bars are tallest; click a bar to see its deals.",
        "fr": "La plupart des affaires sont là où les barres sont les plus hautes ; cliquez pour voir les affaires.",
    },
    "explain.box": {
        "en": "Compare the boxes: further right means slower deals; click a box to see its deals.",
        "fr": "Comparez les boîtes : plus à droite, des affaires plus lentes ; cliquez pour voir les affaires.",
    },
    "explain.cycle_trend": {
        "en": "Is the team closing faster? Follow the line; the band shows the usual spread.",
        "fr": "L'équipe conclut-elle plus vite ? Suivez la ligne ; la bande montre la dispersion habituelle.",
    },
    "explain.stages": {
        "en": "The longest bar is where deals wait the most.",
        "fr": "La barre la plus longue montre où les affaires attendent le plus.",
    },
    "define.stages": {
        "en": "From the first export showing a deal in a stage to the first export showing it in another one; "
        "stages a deal is still in are not counted. Precision: the interval between your exports.",
        "fr": "Du premier export montrant une affaire dans une étape au premier export la montrant dans une "
        "autre ; l'étape en cours n'est pas comptée. Précision : l'intervalle entre vos exports.",
    },
    "drill.cycle_bin": {"en": "{status}, from {low} days", "fr": "{status}, à partir de {low} jours"},
    "drill.cycle_group": {"en": "cycle of {who}", "fr": "cycle de {who}"},
}

MESSAGES |= {
    "chart.plan.title": {"en": "Where each objective stands against its plan to date",
                         "fr": "Où en est chaque objectif par rapport au prévu à date"},
    "chart.plan.subtitle": {"en": "100% = exactly on plan; right of the line = ahead",
                            "fr": "100 % = exactement au prévu ; à droite de la ligne = en avance"},
    "chart.plan.x": {"en": "Actual against plan to date", "fr": "Réalisé par rapport au prévu à date"},
    "chart.plan.line": {"en": "Plan", "fr": "Prévu"},
    "chart.bridge.title": {
        "en": "What moved revenue, year on year",
        "fr": "Ce qui a fait bouger le chiffre d'affaires, sur un an",
    },
    "chart.bridge.subtitle": {"en": "Same days last year → volume of leads → conversion → deal size → this period",
                              "fr": "Mêmes jours l'an dernier → volume de leads → conversion → panier → cette période"},
    "chart.bridge.amount": {"en": "Amount", "fr": "Montant"},
    "bridge.volume_effect": {"en": "Lead volume", "fr": "Volume de leads"},
    "bridge.conversion_effect": {"en": "Conversion", "fr": "Conversion"},
    "bridge.size_effect": {"en": "Deal size", "fr": "Panier moyen"},
    "bridge.base_short": {"en": "Last year", "fr": "L'an dernier"},
    "bridge.current_short": {"en": "This period", "fr": "Cette période"},
    "bridge.col.base": {"en": "Revenue last year", "fr": "CA l'an dernier"},
    "bridge.col.current": {"en": "Revenue", "fr": "CA"},
    "bridge.col.change": {"en": "Change", "fr": "Variation"},
    "bridge.col.volume_effect": {"en": "Lead volume effect", "fr": "Effet volume de leads"},
    "bridge.col.conversion_effect": {"en": "Conversion effect", "fr": "Effet conversion"},
    "bridge.col.size_effect": {"en": "Deal size effect", "fr": "Effet panier"},
    "variance.plan": {"en": "Plan against actual", "fr": "Prévu face au réalisé"},
    "variance.bridge": {"en": "Revenue bridge", "fr": "Pont du chiffre d'affaires"},
    "variance.by_title": {"en": "By team and by rep", "fr": "Par équipe et par commercial"},
    "variance.scope": {"en": " ({scope})", "fr": " ({scope})"},
    "variance.no_base": {
        "en": "The bridge compares a period with the same days a year earlier: pick a period other than All time.",
        "fr": "Le pont compare une période aux mêmes jours un an plus tôt : choisissez une période autre que Tout "
        "l'historique.",
    },
    "explain.plan": {
        "en": "Bars short of the dashed line are behind plan; each objective is measured on its own scope and dates.",
        "fr": "Les barres en deçà des pointillés sont en retard ; chaque objectif est mesuré sur son périmètre et "
        "ses dates.",
    },
    "define.plan": {
        "en": "Plan to date: the share of the target expected by today (shaped like last year when a year of history "
        "exists, else in proportion to the days elapsed). For a KPI to lower, plan ÷ actual.",
        "fr": "Prévu à date : la part de la cible attendue aujourd'hui (selon le profil de l'an dernier quand un an "
        "d'historique existe, sinon au prorata des jours écoulés). Pour un indicateur à baisser, prévu ÷ réalisé.",
    },
    "explain.bridge": {
        "en": "From {base} to {current}: green steps added revenue, vermillion steps cost some.",
        "fr": "De {base} à {current} : les marches vertes ont apporté du CA, les vermillon en ont coûté.",
    },
    "define.bridge": {
        "en": "Revenue = leads created × deals won per lead × revenue per deal won, or, for a rep without leads in "
        "both periods, deals won × revenue per deal won. Each rep's change is split into these effects with the "
        "log-mean Divisia index (LMDI); a team's and the company's effects are the sums of their reps': they add up "
        "exactly to the change.",
        "fr": "CA = leads créés × affaires gagnées par lead × CA par affaire gagnée, ou, pour un commercial sans "
        "leads sur les deux périodes, affaires gagnées × CA par affaire gagnée. La variation de chaque commercial "
        "est répartie entre ces effets par l'indice de Divisia à moyenne logarithmique (LMDI) ; ceux d'une équipe "
        "et de l'entreprise sont la somme de ceux de leurs commerciaux : leur somme égale exactement la variation.",
    },
}

MESSAGES |= {
    "team.hint": {
        "en": "Click a rep's row to narrow every page to them; sort by clicking a column header.",
        "fr": "Cliquez sur la ligne d'un commercial pour restreindre toutes les pages à lui ; triez en cliquant sur "
        "un en-tête de colonne.",
    },
    "team.show_all": {"en": "Show every rep", "fr": "Voir tous les commerciaux"},
    "team.objective": {"en": "Objective: {kpi}", "fr": "Objectif : {kpi}"},
    "team.no_objectives": {
        "en": "No individual objectives yet: give a rep an objective on the Objectives page to follow it here.",
        "fr": "Pas encore d'objectif individuel : fixez-en un à un commercial sur la page Objectifs pour le suivre "
        "ici.",
    },
}
