"""Messages of the objectives: the SMART checker, statuses, the Objectives page and proposed actions."""

MESSAGES = {
    "objectives.letter.S": {"en": "Specific", "fr": "Spécifique"},
    "objectives.letter.M": {"en": "Measurable", "fr": "Mesurable"},
    "objectives.letter.A": {"en": "Achievable", "fr": "Atteignable"},
    "objectives.letter.R": {"en": "Relevant", "fr": "Pertinent"},
    "objectives.letter.T": {"en": "Time-bound", "fr": "Temporel"},
    "objectives.level.pass": {"en": "Pass", "fr": "Validé"},
    "objectives.level.warning": {"en": "Warning", "fr": "À revoir"},
    "objectives.level.fail": {"en": "Fail", "fr": "Échec"},
    "objectives.label.comfortable": {"en": "comfortable", "fr": "confortable"},
    "objectives.label.ambitious": {"en": "ambitious", "fr": "ambitieux"},
    "objectives.label.unrealistic": {"en": "unrealistic", "fr": "irréaliste"},
    "objectives.direction.increase": {"en": "Increase", "fr": "Augmenter"},
    "objectives.direction.decrease": {"en": "Decrease", "fr": "Diminuer"},
    "objectives.direction.reach": {"en": "Reach", "fr": "Atteindre"},
    "objectives.direction.stay_below": {"en": "Stay below", "fr": "Rester sous"},
    "objectives.direction.stay_above": {"en": "Stay above", "fr": "Rester au-dessus"},
    "objectives.mode.absolute": {"en": "Absolute value", "fr": "Valeur absolue"},
    "objectives.mode.relative_pct": {"en": "Relative change (%)", "fr": "Variation relative (%)"},
    "objectives.mode.points": {"en": "Change in percentage points", "fr": "Variation en points de pourcentage"},
    "objectives.mode.delta": {"en": "Change in the KPI's unit", "fr": "Variation dans l'unité de l'indicateur"},
    "objectives.scope.company": {"en": "Company", "fr": "Entreprise"},
    "objectives.scope.team": {"en": "Team", "fr": "Équipe"},
    "objectives.scope.rep": {"en": "Rep", "fr": "Commercial"},
    "objectives.grain.week": {"en": "per week", "fr": "par semaine"},
    "objectives.grain.month": {"en": "per month", "fr": "par mois"},
    "objectives.grain.quarter": {"en": "per quarter", "fr": "par trimestre"},
    "objectives.grain.year": {"en": "per year", "fr": "par an"},
    "objectives.checkpoint.month": {"en": "monthly", "fr": "mensuels"},
    "objectives.checkpoint.quarter": {"en": "quarterly", "fr": "trimestriels"},
    "objectives.check.s.no_kpi": {"en": "No KPI chosen.", "fr": "Aucun indicateur choisi."},
    "objectives.check.s.no_kpi.do": {
        "en": "Pick the KPI that measures the result.",
        "fr": "Choisissez l'indicateur qui mesure le résultat.",
    },
    "objectives.check.s.no_target": {"en": "No target value.", "fr": "Aucune valeur cible."},
    "objectives.check.s.no_target.do": {
        "en": "Enter the target, as a value or a change from the baseline.",
        "fr": "Saisissez la cible, en valeur ou en variation par rapport à la base.",
    },
    "objectives.check.s.no_scope_value": {
        "en": "The team or rep is not named.",
        "fr": "L'équipe ou le commercial n'est pas précisé.",
    },
    "objectives.check.s.no_scope_value.do": {
        "en": "Choose which team or rep the objective is for.",
        "fr": "Choisissez l'équipe ou le commercial concerné.",
    },
    "objectives.check.s.points_not_rate": {
        "en": "Percentage points only apply to rates; {kpi} is not a rate.",
        "fr": "Les points de pourcentage ne valent que pour les taux ; {kpi} n'en est pas un.",
    },
    "objectives.check.s.points_not_rate.do": {
        "en": "Use a relative change (%) or an absolute value.",
        "fr": "Utilisez une variation relative (%) ou une valeur absolue.",
    },
    "objectives.check.s.no_statistic": {
        "en": "{kpi}: mean or median? The target is ambiguous.",
        "fr": "{kpi} : moyenne ou médiane ? La cible est ambiguë.",
    },
    "objectives.check.s.no_statistic.do": {
        "en": "State whether the target is on the mean or the median.",
        "fr": "Précisez si la cible porte sur la moyenne ou la médiane.",
    },
    "objectives.check.s.direction_conflict": {
        "en": "The direction says “{direction}” but the target goes the other way from the baseline.",
        "fr": "Le sens indique « {direction} » mais la cible va dans l'autre sens par rapport à la base.",
    },
    "objectives.check.s.direction_conflict.do": {
        "en": "Fix the sign of the change (e.g. −20 for a decrease).",
        "fr": "Corrigez le signe de la variation (ex. −20 pour une baisse).",
    },
    "objectives.check.s.vague_title": {
        "en": "The title or the owner does not say clearly what and who.",
        "fr": "Le titre ou le responsable ne dit pas clairement quoi et qui.",
    },
    "objectives.check.s.vague_title.do": {
        "en": "Name the result and the people in the title (e.g. “PME team: 200 qualified leads a month”) and set "
        "an owner.",
        "fr": "Nommez le résultat et les personnes dans le titre (ex. « Équipe PME : 200 leads qualifiés par mois "
        "») et désignez un responsable.",
    },
    "objectives.check.s.ok": {
        "en": "KPI, scope, direction and target are set: {kpi}.",
        "fr": "Indicateur, périmètre, sens et cible sont définis : {kpi}.",
    },
    "objectives.check.s.ok.do": {"en": "Nothing to change.", "fr": "Rien à changer."},
    "objectives.check.m.incomplete": {
        "en": "Cannot measure yet: KPI or dates missing.",
        "fr": "Mesure impossible : indicateur ou dates manquants.",
    },
    "objectives.check.m.incomplete.do": {
        "en": "Choose a KPI and a start before the deadline.",
        "fr": "Choisissez un indicateur et un début avant l'échéance.",
    },
    "objectives.check.m.no_baseline": {
        "en": "No data for this scope over the baseline period ({period}).",
        "fr": "Aucune donnée pour ce périmètre sur la période de référence ({period}).",
    },
    "objectives.check.m.no_baseline.do": {
        "en": "Type the baseline, state the target as an absolute value, or import data covering that period.",
        "fr": "Saisissez la référence, fixez une cible en valeur absolue, ou importez des données couvrant cette "
              "période.",
    },
    "objectives.check.m.no_target": {
        "en": "The target cannot be computed from the baseline ({period}).",
        "fr": "La cible ne peut pas être calculée depuis la base ({period}).",
    },
    "objectives.check.m.no_target.do": {
        "en": "Check the target mode for this KPI.",
        "fr": "Vérifiez le mode de cible pour cet indicateur.",
    },
    "objectives.check.m.thin": {
        "en": "Baseline {baseline} ({period}), but only {periods} months with data.",
        "fr": "Base {baseline} ({period}), mais seulement {periods} mois de données.",
    },
    "objectives.check.m.thin.do": {
        "en": "Widen the scope or import more history before trusting the figures.",
        "fr": "Élargissez le périmètre ou importez plus d'historique avant de vous fier aux chiffres.",
    },
    "objectives.check.m.thin_rate": {
        "en": "Baseline {baseline} ({period}) rests on only {trials} cases.",
        "fr": "La base {baseline} ({period}) ne repose que sur {trials} cas.",
    },
    "objectives.check.m.thin_rate.do": {
        "en": "Widen the scope: a rate on so few cases moves by chance.",
        "fr": "Élargissez le périmètre : un taux sur si peu de cas varie au hasard.",
    },
    "objectives.check.m.ok": {
        "en": "Computable from the data; baseline {baseline} ({period}).",
        "fr": "Calculable depuis les données ; base {baseline} ({period}).",
    },
    "objectives.check.m.ok.do": {"en": "Nothing to change.", "fr": "Rien à changer."},
    "objectives.check.a.incomplete": {
        "en": "Cannot assess without a resolved target.",
        "fr": "Impossible d'évaluer sans cible calculée.",
    },
    "objectives.check.a.incomplete.do": {
        "en": "Complete the KPI, target and dates first.",
        "fr": "Complétez d'abord l'indicateur, la cible et les dates.",
    },
    "objectives.check.a.no_history": {
        "en": "Too little history to estimate a probability.",
        "fr": "Trop peu d'historique pour estimer une probabilité.",
    },
    "objectives.check.a.no_history.do": {
        "en": "Import at least 4 complete months of data for this scope.",
        "fr": "Importez au moins 4 mois complets de données pour ce périmètre.",
    },
    "objectives.check.a.history": {
        "en": " Requires {required}; past changes: {low} to {high} (median {mid}).",
        "fr": " Exige {required} ; variations passées : {low} à {high} (médiane {mid}).",
    },
    "objectives.check.a.comfortable": {
        "en": "Comfortable: {probability} chance of success (≥ {comfortable}).{history}",
        "fr": "Confortable : {probability} de chances de réussite (≥ {comfortable}).{history}",
    },
    "objectives.check.a.comfortable.do": {
        "en": "Raise the target: one too easy does not mobilise the team.",
        "fr": "Relevez la cible : trop facile, elle ne mobilise pas l'équipe.",
    },
    "objectives.check.a.ambitious": {
        "en": "Ambitious: {probability} chance of success (between {unrealistic} and {comfortable}).{history}",
        "fr": "Ambitieux : {probability} de chances de réussite (entre {unrealistic} et {comfortable}).{history}",
    },
    "objectives.check.a.ambitious.do": {
        "en": "Keep it, and follow the pace at each checkpoint.",
        "fr": "Gardez-la, et suivez le rythme à chaque jalon.",
    },
    "objectives.check.a.unrealistic": {
        "en": "Unrealistic: {probability} chance of success (< {unrealistic}).{history}",
        "fr": "Irréaliste : {probability} de chances de réussite (< {unrealistic}).{history}",
    },
    "objectives.check.a.unrealistic.do": {
        "en": "Lower the target or extend the deadline: one too hard demotivates.",
        "fr": "Baissez la cible ou repoussez l'échéance : trop dure, elle démotive.",
    },
    "objectives.check.a.achieved": {"en": "Already achieved.", "fr": "Déjà atteint."},
    "objectives.check.a.achieved.do": {"en": "Set the next objective.", "fr": "Fixez l'objectif suivant."},
    "objectives.check.a.missed": {
        "en": "The deadline passed and the target was missed.",
        "fr": "L'échéance est passée et la cible n'a pas été atteinte.",
    },
    "objectives.check.a.missed.do": {
        "en": "Review what happened and set a new objective.",
        "fr": "Analysez ce qui s'est passé et fixez un nouvel objectif.",
    },
    "objectives.check.r.none": {
        "en": "Not linked to a strategic theme or a parent objective.",
        "fr": "Rattaché à aucun thème stratégique ni objectif parent.",
    },
    "objectives.check.r.none.do": {
        "en": "Say which theme it serves, or cascade it from a parent objective.",
        "fr": "Indiquez le thème servi, ou rattachez-le à un objectif parent.",
    },
    "objectives.check.r.no_parent": {
        "en": "The parent objective {parent} does not exist.",
        "fr": "L'objectif parent {parent} n'existe pas.",
    },
    "objectives.check.r.no_parent.do": {
        "en": "Choose an existing parent objective.",
        "fr": "Choisissez un objectif parent existant.",
    },
    "objectives.check.r.not_driver": {
        "en": "{kpi} does not plausibly drive the parent's KPI ({parent}).",
        "fr": "{kpi} ne contribue pas de façon plausible à l'indicateur parent ({parent}).",
    },
    "objectives.check.r.not_driver.do": {
        "en": "Pick a KPI that moves the parent's, or another parent.",
        "fr": "Choisissez un indicateur qui fait bouger celui du parent, ou un autre parent.",
    },
    "objectives.check.r.scope_order": {
        "en": "A child objective should be narrower than its parent (company → team → rep).",
        "fr": "Un objectif enfant doit être plus étroit que son parent (entreprise → équipe → commercial).",
    },
    "objectives.check.r.scope_order.do": {
        "en": "Set a team under a company objective, a rep under a team one.",
        "fr": "Placez une équipe sous un objectif d'entreprise, un commercial sous un objectif d'équipe.",
    },
    "objectives.check.r.cascade": {
        "en": "The rep/team objectives add up to {total}, not the parent's {parent}.",
        "fr": "Les objectifs enfants totalisent {total}, et non les {parent} du parent.",
    },
    "objectives.check.r.cascade.do": {
        "en": "Adjust the children's targets so that they add up to the parent's.",
        "fr": "Ajustez les cibles des enfants pour que leur somme égale celle du parent.",
    },
    "objectives.check.r.parent": {"en": "Cascades from “{parent}”.", "fr": "Décline « {parent} »."},
    "objectives.check.r.parent.do": {"en": "Nothing to change.", "fr": "Rien à changer."},
    "objectives.check.r.theme": {"en": "Serves the theme “{theme}”.", "fr": "Sert le thème « {theme} »."},
    "objectives.check.r.theme.do": {"en": "Nothing to change.", "fr": "Rien à changer."},
    "objectives.check.t.missing": {"en": "Start or deadline missing.", "fr": "Début ou échéance manquant."},
    "objectives.check.t.missing.do": {"en": "Set both dates.", "fr": "Renseignez les deux dates."},
    "objectives.check.t.order": {
        "en": "The deadline is not after the start.",
        "fr": "L'échéance n'est pas après le début.",
    },
    "objectives.check.t.order.do": {
        "en": "Move the deadline after the start.",
        "fr": "Placez l'échéance après le début.",
    },
    "objectives.check.t.long": {
        "en": "A {months}-month horizon is too far to steer (over 18 months).",
        "fr": "Un horizon de {months} mois est trop lointain pour piloter (plus de 18 mois).",
    },
    "objectives.check.t.long.do": {"en": "Split it into yearly objectives.", "fr": "Découpez-le en objectifs annuels."},
    "objectives.check.t.no_checkpoint": {
        "en": "No checkpoint before the deadline.",
        "fr": "Aucun jalon avant l'échéance.",
    },
    "objectives.check.t.no_checkpoint.do": {
        "en": "Use monthly checkpoints, or a longer horizon.",
        "fr": "Prenez des jalons mensuels, ou un horizon plus long.",
    },
    "objectives.check.t.past": {"en": "The deadline is already past.", "fr": "L'échéance est déjà passée."},
    "objectives.check.t.past.do": {"en": "Set a deadline in the future.", "fr": "Fixez une échéance future."},
    "objectives.check.t.ok": {
        "en": "{count} {grain} checkpoints up to {deadline}.",
        "fr": "{count} jalons {grain} jusqu'au {deadline}.",
    },
    "objectives.check.t.ok.do": {"en": "Nothing to change.", "fr": "Rien à changer."},
    "objectives.propose.pipeline_review": {
        "en": "Review every open deal due before the deadline with its rep",
        "fr": "Revoir avec chaque commercial les affaires ouvertes dues avant l'échéance",
    },
    "objectives.propose.upsell": {
        "en": "Run an upsell campaign on the existing customers",
        "fr": "Lancer une campagne de vente additionnelle auprès des clients existants",
    },
    "objectives.propose.stalled": {
        "en": "Unblock the deals stalled for more than 30 days",
        "fr": "Débloquer les affaires sans mouvement depuis plus de 30 jours",
    },
    "objectives.propose.prospecting": {
        "en": "Book two extra prospecting sessions a week",
        "fr": "Ajouter deux sessions de prospection par semaine",
    },
    "objectives.propose.campaign": {
        "en": "Launch a lead-generation campaign on the best-converting source",
        "fr": "Lancer une campagne de génération de leads sur l'origine qui convertit le mieux",
    },
    "objectives.propose.follow_up": {
        "en": "Call back every qualified lead within 48 hours",
        "fr": "Rappeler chaque lead qualifié sous 48 heures",
    },
    "objectives.propose.qualification": {
        "en": "Tighten the qualification criteria with marketing",
        "fr": "Resserrer les critères de qualification avec le marketing",
    },
    "objectives.propose.coaching": {
        "en": "Coach the reps furthest from their pace",
        "fr": "Accompagner les commerciaux les plus en retard sur leur rythme",
    },
    "objectives.propose.decision_makers": {
        "en": "Involve the decision-maker from the first meeting",
        "fr": "Impliquer le décideur dès le premier rendez-vous",
    },
    "objectives.propose.review_weekly": {
        "en": "Review this objective at every weekly meeting",
        "fr": "Faire le point sur cet objectif à chaque réunion hebdomadaire",
    },
    "objectives.page.none": {
        "en": "No objective yet. Create one in the “New objective” tab.",
        "fr": "Aucun objectif pour l'instant. Créez-en un dans l'onglet « Nouvel objectif ».",
    },
    "objectives.tab.list": {"en": "All objectives", "fr": "Tous les objectifs"},
    "objectives.tab.detail": {"en": "One objective", "fr": "Un objectif"},
    "objectives.tab.new": {"en": "New objective", "fr": "Nouvel objectif"},
    "objectives.col.actual": {"en": "Actual to date", "fr": "Réalisé à date"},
    "objectives.col.expected": {"en": "Expected to date", "fr": "Attendu à date"},
    "objectives.col.projection": {"en": "Projection at deadline", "fr": "Projection à l'échéance"},
    "objectives.col.probability": {"en": "Probability", "fr": "Probabilité"},
    "objectives.page.cohort_cutoff": {
        "en": "Measured on the leads created until {date}: the younger ones have not had {days} days to convert yet.",
        "fr": "Mesuré sur les leads créés jusqu'au {date} : les plus récents n'ont pas encore eu {days} jours pour se "
        "convertir.",
    },
    "objectives.page.cohort_too_early": {
        "en": "Nothing to measure yet: the leads created since the start have not had {days} days to convert (the "
        "first ones will have on {date}).",
        "fr": "Rien à mesurer encore : les leads créés depuis le début n'ont pas eu {days} jours pour se convertir "
        "(les premiers les auront le {date}).",
    },
    "objectives.page.method": {
        "en": "Run-rate projection {run_rate}; forecast {forecast} (this period's pace and the history, shaped like"
        " the expected path); 80 % band {low} – {high}.",
        "fr": "Projection au rythme actuel {run_rate} ; prévision {forecast} (le rythme de la période et l'historique,"
        " au profil de la trajectoire attendue) ; fourchette à 80 % {low} – {high}.",
    },
    "objectives.chart.actual": {"en": "Actual", "fr": "Réalisé"},
    "objectives.chart.expected": {"en": "Expected path", "fr": "Trajectoire attendue"},
    "objectives.chart.projection": {"en": "Projection", "fr": "Projection"},
    "objectives.chart.original_target": {"en": "Original target {value}", "fr": "Cible initiale {value}"},
    "objectives.chart.cumulative": {"en": "(cumulative)", "fr": "(cumul)"},
    "objectives.card.header": {"en": "SMART check", "fr": "Contrôle SMART"},
    "objectives.card.live": {"en": "SMART check, as you type", "fr": "Contrôle SMART, au fil de la saisie"},
    "objectives.detail.summary": {
        "en": "**Target {target}** · {scope} · {start} → {deadline} · owner: {owner}",
        "fr": "**Cible {target}** · {scope} · {start} → {deadline} · responsable : {owner}",
    },
    "objectives.actions.header": {"en": "Action plan", "fr": "Plan d'actions"},
    "objectives.actions.none": {"en": "No action yet.", "fr": "Aucune action pour l'instant."},
    "objectives.actions.what": {"en": "What", "fr": "Quoi"},
    "objectives.actions.owner": {"en": "Who", "fr": "Qui"},
    "objectives.actions.due": {"en": "Due", "fr": "Échéance"},
    "objectives.actions.status": {"en": "Status", "fr": "Statut"},
    "objectives.actions.proposed_intro": {
        "en": "This objective is behind. Proposed corrective actions:",
        "fr": "Cet objectif est en retard. Actions correctives proposées :",
    },
    "objectives.actions.add_proposed": {"en": "Add these actions to the plan", "fr": "Ajouter ces actions au plan"},
    "objectives.actions.added": {"en": "{count} actions added.", "fr": "{count} actions ajoutées."},
    "objectives.actions.new": {"en": "Add an action", "fr": "Ajouter une action"},
    "objectives.actions.add": {"en": "Add the action", "fr": "Ajouter l'action"},
    "objectives.actions.need_title": {
        "en": "Say what is to be done before adding the action.",
        "fr": "Indiquez ce qui doit être fait avant d'ajouter l'action.",
    },
    "objectives.action_status.open": {"en": "Open", "fr": "À faire"},
    "objectives.action_status.in_progress": {"en": "In progress", "fr": "En cours"},
    "objectives.action_status.done": {"en": "Done", "fr": "Fait"},
    "objectives.action_status.dropped": {"en": "Dropped", "fr": "Abandonné"},
    "objectives.revise.header": {"en": "Revise the target or deadline", "fr": "Réviser la cible ou l'échéance"},
    "objectives.revise.help": {
        "en": "Every revision is kept with its reason; the original target stays on the pace chart.",
        "fr": "Chaque révision est conservée avec sa raison ; la cible initiale reste sur le graphique de rythme.",
    },
    "objectives.revise.reason": {"en": "Reason", "fr": "Raison"},
    "objectives.revise.save": {"en": "Save the revision", "fr": "Enregistrer la révision"},
    "objectives.revise.need_reason": {
        "en": "A revision needs a reason: say why the target or deadline changes.",
        "fr": "Une révision exige une raison : dites pourquoi la cible ou l'échéance change.",
    },
    "objectives.revise.saved": {
        "en": "Revision saved ({count} fields changed).",
        "fr": "Révision enregistrée ({count} champs modifiés).",
    },
    "objectives.revise.when": {"en": "When", "fr": "Quand"},
    "objectives.revise.field": {"en": "Field", "fr": "Champ"},
    "objectives.revise.old": {"en": "Before", "fr": "Avant"},
    "objectives.revise.new": {"en": "After", "fr": "Après"},
    "objectives.archive.button": {"en": "Archive this objective", "fr": "Archiver cet objectif"},
    "objectives.archive.header": {"en": "Archive the objective", "fr": "Archiver l'objectif"},
    "objectives.archive.confirm": {
        "en": "Archive “{title}”? It leaves the list but nothing is deleted: its history is kept.",
        "fr": "Archiver « {title} » ? Il quitte la liste mais rien n'est supprimé : son historique est conservé.",
    },
    "objectives.archive.reason": {"en": "Archived from the Objectives page", "fr": "Archivé depuis la page Objectifs"},
    "objectives.archive.done": {"en": "“{title}” archived.", "fr": "« {title} » archivé."},
    "objectives.form.title": {"en": "Title", "fr": "Intitulé"},
    "objectives.form.title_hint": {
        "en": "e.g. PME team: 200 qualified leads a month",
        "fr": "ex. Équipe PME : 200 leads qualifiés par mois",
    },
    "objectives.form.scope": {"en": "Scope", "fr": "Périmètre"},
    "objectives.form.direction": {"en": "Direction", "fr": "Sens"},
    "objectives.form.mode": {"en": "Target stated as", "fr": "Cible exprimée en"},
    "objectives.form.target": {"en": "Target", "fr": "Cible"},
    "objectives.form.statistic": {"en": "Statistic", "fr": "Statistique"},
    "objectives.form.grain": {"en": "Target per", "fr": "Cible par"},
    "objectives.form.start": {"en": "Start", "fr": "Début"},
    "objectives.form.checkpoints": {"en": "Checkpoints", "fr": "Jalons"},
    "objectives.form.owner": {"en": "Owner", "fr": "Responsable"},
    "objectives.form.theme": {"en": "Strategic theme", "fr": "Thème stratégique"},
    "objectives.form.parent": {"en": "Parent objective", "fr": "Objectif parent"},
    "objectives.form.no_parent": {"en": "(none)", "fr": "(aucun)"},
    "objectives.form.create": {"en": "Create the objective", "fr": "Créer l'objectif"},
    "objectives.form.created": {"en": "Objective “{title}” created.", "fr": "Objectif « {title} » créé."},
    "objectives.error": {
        "en": "The objective was not saved: {message}",
        "fr": "L'objectif n'a pas été enregistré : {message}",
    },
}
