"""Messages of the import flow: missing fields and their candidates, the id choice, confidences, questions, what a
mapping leaves unavailable, the won-register question and the period a file covers."""

MESSAGES = {
    # The CLI's one-line messages (and the page's, in French) when a field the file must have is missing.
    "ingest.error.no_id_candidates": {
        "en": "{file}: no id column for {kind}; candidates: {candidates} (use --map crm_id=COLUMN, "
              "--id COLUMN --id COLUMN to combine, or --id-per-row)",
        "fr": "{file} : aucune colonne d'identifiant pour les {kind} ; candidates : {candidates} "
              "(--map crm_id=COLONNE, --id COLONNE --id COLONNE pour les combiner, ou --id-per-row)",
    },
    "ingest.error.no_id_column": {
        "en": "{file}: no id column for {kind}, and no column holds one value per row (use --map crm_id=COLUMN, "
              "--id COLUMN --id COLUMN to combine, or --id-per-row)",
        "fr": "{file} : aucune colonne d'identifiant pour les {kind}, et aucune colonne n'a une valeur par ligne "
              "(--map crm_id=COLONNE, --id COLONNE --id COLONNE pour les combiner, ou --id-per-row)",
    },
    "ingest.error.no_date_candidates": {
        "en": "{file}: no date column for {kind}; candidates: {candidates} (use --map {field}=COLUMN)",
        "fr": "{file} : aucune colonne de date pour les {kind} ; candidates : {candidates} (--map {field}=COLONNE)",
    },
    "ingest.error.no_date_column": {
        "en": "{file}: no column of dates for {kind} (use --map {field}=COLUMN)",
        "fr": "{file} : aucune colonne de dates pour les {kind} (--map {field}=COLONNE)",
    },
    "ingest.error.no_field_candidates": {
        "en": "{file}: no column for {field} in this {kind} file; candidates: {candidates} (use --map {field}=COLUMN)",
        "fr": "{file} : aucune colonne pour {field} dans ce fichier d'{kind} ; candidates : {candidates} "
              "(--map {field}=COLONNE)",
    },
    "ingest.error.no_field_column": {
        "en": "{file}: no column for {field} in this {kind} file (use --map {field}=COLUMN)",
        "fr": "{file} : aucune colonne pour {field} dans ce fichier d'{kind} (--map {field}=COLONNE)",
    },
    "ingest.error.also_missing": {
        "en": "{message}; also missing: {others}", "fr": "{message} ; manquent aussi : {others}",
    },
    "ingest.error.id_column": {
        "en": "{file}: --id {column}: the file has no column {column!r}",
        "fr": "{file} : --id {column} : le fichier n'a pas de colonne {column!r}",
    },
    "ingest.note.all_won": {
        "en": "no stage or status column: every row is taken as a won deal (orders, invoices or signed deals); "
              "if they are not, use --map status==open",
        "fr": "aucune colonne d'étape ni de statut : chaque ligne est prise pour une affaire gagnée (commandes, "
              "factures ou affaires signées) ; sinon, --map status==open",
    },
    "ingest.note.id_per_row": {
        "en": "one record per row: each row's id is made from its cells",
        "fr": "un enregistrement par ligne : l'identifiant de chaque ligne est tiré de ses cellules",
    },
    # What a mapping leaves empty: one line each (the CLI's JSON keeps the English text).
    "ingest.unavailable.deal_status": {
        "en": "all deals open: no revenue, won deals or win rate",
        "fr": "toutes les affaires en cours : ni chiffre d'affaires, ni affaires gagnées, ni taux de gain",
    },
    "ingest.unavailable.amount": {
        "en": "no revenue or pipeline value", "fr": "ni chiffre d'affaires ni valeur du pipeline",
    },
    "ingest.unavailable.deal_created": {
        "en": "no sales cycle and no cohorts", "fr": "ni cycle de vente ni cohortes",
    },
    "ingest.unavailable.close": {
        "en": "won and lost deals fall in no period: no revenue or win rate by period",
        "fr": "les affaires gagnées et perdues ne tombent dans aucune période : ni chiffre d'affaires ni taux de "
              "gain par période",
    },
    "ingest.unavailable.owner": {
        "en": "no Team page and no per-rep objectives", "fr": "ni page Équipe ni objectifs par commercial",
    },
    "ingest.unavailable.stage": {
        "en": "no funnel by stage and no time in stage", "fr": "ni entonnoir par étape ni temps passé par étape",
    },
    "ingest.unavailable.account": {
        "en": "no count of new customers", "fr": "pas de décompte des nouveaux clients",
    },
    "ingest.unavailable.lead_source": {"en": "no split by source", "fr": "pas de répartition par origine"},
    "ingest.unavailable.lead_created": {
        "en": "no leads created per period and no cohorts", "fr": "ni leads créés par période ni cohortes",
    },
    "ingest.unavailable.qualified": {"en": "no qualified leads", "fr": "aucun lead qualifié"},
    "ingest.unavailable.converted": {"en": "no lead conversion", "fr": "pas de conversion des leads"},
    "ingest.unavailable.lead_owner": {
        "en": "no per-rep lead figures", "fr": "pas de chiffres de leads par commercial",
    },
    "ingest.unavailable.scope": {
        "en": "every figure counts for the whole company", "fr": "chaque chiffre vaut pour toute l'entreprise",
    },
    # The Import page.
    "importflow.needed.title": {
        "en": "One choice before the preview", "fr": "Un choix avant l'aperçu",
    },
    "importflow.needed.id": {
        "en": "No column of this file was recognised as the id of its {kind}. How is each row identified?",
        "fr": "Aucune colonne de ce fichier n'a été reconnue comme l'identifiant de ses {kind}. Comment chaque "
              "ligne est-elle identifiée ?",
    },
    "importflow.needed.field": {
        "en": "No column of this file was recognised as {field}. Which column holds it?",
        "fr": "Aucune colonne de ce fichier n'a été reconnue comme {field}. Quelle colonne le contient ?",
    },
    "importflow.needed.candidates": {
        "en": "Likeliest columns first.", "fr": "Les colonnes les plus probables d'abord.",
    },
    "importflow.needed.none": {
        "en": "No column looks like it: any column can be chosen.",
        "fr": "Aucune colonne ne s'en approche : toutes peuvent être choisies.",
    },
    "importflow.id.how": {"en": "Id of each row", "fr": "Identifiant de chaque ligne"},
    "importflow.id.column": {"en": "One column", "fr": "Une colonne"},
    "importflow.id.columns": {"en": "Several columns combined", "fr": "Plusieurs colonnes combinées"},
    "importflow.id.per_row": {"en": "One record per row", "fr": "Un enregistrement par ligne"},
    "importflow.id.column_means": {
        "en": "Next week's file updates each record whose value in this column it finds again.",
        "fr": "Le fichier de la semaine prochaine met à jour chaque enregistrement dont il retrouve la valeur dans "
              "cette colonne.",
    },
    "importflow.id.columns_means": {
        "en": "Next week's file updates a record when all these columns are the same; a change in one of them "
              "makes a new record.",
        "fr": "Le fichier de la semaine prochaine met à jour un enregistrement quand toutes ces colonnes sont "
              "identiques ; un changement dans l'une d'elles crée un nouvel enregistrement.",
    },
    "importflow.id.per_row_means": {
        "en": "Next week's file finds each unchanged row again; a row changed in any cell is added as a new record "
              "and the old one stays.",
        "fr": "Le fichier de la semaine prochaine retrouve chaque ligne inchangée ; une ligne modifiée dans une "
              "cellule est ajoutée comme nouvel enregistrement et l'ancien reste.",
    },
    "importflow.id.choose_column": {"en": "Id column", "fr": "Colonne d'identifiant"},
    "importflow.id.choose_columns": {"en": "Columns to combine", "fr": "Colonnes à combiner"},
    "importflow.id.two_columns": {
        "en": "Choose at least two columns to combine.", "fr": "Choisissez au moins deux colonnes à combiner.",
    },
    "importflow.id.combined": {"en": "combined: {columns}", "fr": "combinées : {columns}"},
    "importflow.id.rule_per_row": {"en": "one record per row", "fr": "un enregistrement par ligne"},
    "importflow.column_choice": {"en": "Column", "fr": "Colonne"},
    "importflow.column_with_samples": {"en": "{column} (e.g. {samples})", "fr": "{column} (ex. {samples})"},
    "importflow.use_choice": {"en": "Use this choice", "fr": "Utiliser ce choix"},
    "importflow.confidence": {"en": "Confidence", "fr": "Confiance"},
    "importflow.samples": {"en": "Sample values", "fr": "Exemples de valeurs"},
    "importflow.confidence.high": {"en": "Sure: known header", "fr": "Sûr : en-tête connu"},
    "importflow.confidence.medium": {
        "en": "Likely: header and values agree", "fr": "Probable : en-tête et valeurs concordent",
    },
    "importflow.confidence.low": {"en": "Unsure: asked above", "fr": "Incertain : question ci-dessus"},
    "importflow.confidence.saved": {"en": "Saved for these headers", "fr": "Enregistré pour ces en-têtes"},
    "importflow.confidence.user": {"en": "Your choice", "fr": "Votre choix"},
    "importflow.confidence.needed": {"en": "Needed: choose a column", "fr": "Requis : choisissez une colonne"},
    "importflow.ask.title": {
        "en": "Guesses to confirm (not used until you say so)",
        "fr": "Suppositions à confirmer (pas utilisées sans votre accord)",
    },
    "importflow.ask.question": {
        "en": "Is the column {column} the {field}? For example: {samples}",
        "fr": "La colonne {column} est-elle : {field} ? Par exemple : {samples}",
    },
    "importflow.ask.yes": {"en": "Yes, use it", "fr": "Oui, l'utiliser"},
    "importflow.unavailable.title": {
        "en": "What you will not see with this file", "fr": "Ce que vous ne verrez pas avec ce fichier",
    },
    "importflow.unavailable.line": {"en": "{field}: {effect}", "fr": "{field} : {effect}"},
    "importflow.won.question": {
        "en": "Is every row a won deal (a register of signed deals)?",
        "fr": "Chaque ligne est-elle une affaire gagnée (un registre d'affaires signées) ?",
    },
    "importflow.won.proposed": {
        "en": "No stage or status column: every row is taken as a won deal (orders, invoices or signed deals). "
              "Say otherwise here.",
        "fr": "Aucune colonne d'étape ni de statut : chaque ligne est prise pour une affaire gagnée (commandes, "
              "factures ou affaires signées). Dites-le ici si ce n'est pas le cas.",
    },
    "importflow.won.won": {"en": "Yes, every row is a won deal", "fr": "Oui, chaque ligne est une affaire gagnée"},
    "importflow.won.open": {"en": "No, they are open deals", "fr": "Non, ce sont des affaires en cours"},
    "importflow.covers": {"en": "Your file covers {start} – {end}.", "fr": "Votre fichier couvre du {start} au {end}."},
    "importflow.stages_help": {
        "en": "How the stages of {crm} deals (last file: {file}) count (open, won or lost), and their order in the "
              "funnel.",
        "fr": "Comment comptent les étapes des affaires de {crm} (dernier fichier : {file}) : en cours, gagnée ou "
              "perdue, et leur ordre dans l'entonnoir.",
    },
    "importflow.undo.confirm": {"en": "Undo the import", "fr": "Annuler l'import"},
    "importflow.undo.keep": {"en": "Keep it", "fr": "Garder l'import"},
}
