"""Messages of the Import and Import log pages."""

MESSAGES = {
    "import.upload": {"en": "CRM export (CSV, TSV or XLSX)", "fr": "Export CRM (CSV, TSV ou XLSX)"},
    "import.upload_help": {
        "en": "Deals, orders or invoices, leads or contacts, a deals' stage history, a targets sheet (the plan), KPI "
              "history or objectives, from HubSpot, Salesforce, Pipedrive, Zoho, any CRM or a spreadsheet.",
        "fr": "Affaires, commandes ou factures, leads ou contacts, un historique des étapes des affaires, un tableau "
              "d'objectifs chiffrés (le plan), un historique d'indicateurs ou des objectifs, de HubSpot, Salesforce, "
              "Pipedrive, Zoho, tout autre CRM ou un tableur.",
    },
    "import.kind": {"en": "What the file holds", "fr": "Contenu du fichier"},
    "import.profile": {"en": "CRM layout", "fr": "Format du CRM"},
    "import.sheet": {"en": "Sheet (XLSX)", "fr": "Feuille (XLSX)"},
    "import.as_of": {"en": "Export taken on", "fr": "Export du"},
    "import.as_of_help": {
        "en": "The day the export describes: deal snapshots are dated with it.",
        "fr": "Le jour que décrit l'export : les instantanés d'affaires portent cette date.",
    },
    "import.kind.auto": {"en": "Detect", "fr": "Détecter"},
    "import.kind.deals": {"en": "Deals / opportunities", "fr": "Affaires / opportunités"},
    "import.kind.leads": {"en": "Leads / contacts", "fr": "Leads / contacts"},
    "import.kind.kpi": {"en": "KPI history", "fr": "Historique d'indicateurs"},
    "import.kind.objectives": {"en": "Objectives", "fr": "Objectifs"},
    "import.profile.auto": {"en": "Detect", "fr": "Détecter"},
    "import.checking": {"en": "Checking the file…", "fr": "Vérification du fichier…"},
    "import.importing": {"en": "Importing…", "fr": "Import en cours…"},
    "import.checked": {"en": "File checked", "fr": "Fichier vérifié"},
    "import.checked_question": {"en": "File checked: one question before the preview",
                                "fr": "Fichier vérifié : une question avant l'aperçu"},
    "import.unreadable": {"en": "The file cannot be imported", "fr": "Le fichier ne peut pas être importé"},
    "import.imported": {"en": "Imported", "fr": "Importé"},
    "import.stage.reading": {"en": "Reading", "fr": "Lecture"},
    "import.stage.checking": {"en": "Checking", "fr": "Vérification"},
    "import.stage.writing": {"en": "Writing", "fr": "Écriture"},
    "import.stage.done": {"en": "Done", "fr": "Terminé"},
    "import.ambiguous": {
        "en": "The dates in {columns} read both as day/month and month/day. Which is it?",
        "fr": "Les dates de {columns} se lisent jour/mois comme mois/jour. Lequel est-ce ?",
    },
    "import.date_order": {"en": "Date order", "fr": "Ordre des dates"},
    "import.dmy": {"en": "Day first (31/12/2025)", "fr": "Jour d'abord (31/12/2025)"},
    "import.mdy": {"en": "Month first (12/31/2025)", "fr": "Mois d'abord (12/31/2025)"},
    "import.detected": {
        "en": "{kind} · layout {profile} · {encoding} · delimiter {delimiter} · header on line {line}",
        "fr": "{kind} · format {profile} · {encoding} · séparateur {delimiter} · en-tête ligne {line}",
    },
    "import.delimiter.comma": {"en": "comma", "fr": "virgule"},
    "import.delimiter.semicolon": {"en": "semicolon", "fr": "point-virgule"},
    "import.delimiter.tab": {"en": "tab", "fr": "tabulation"},
    "import.delimiter.pipe": {"en": "pipe", "fr": "barre verticale"},
    "import.mapping": {"en": "Column mapping", "fr": "Correspondance des colonnes"},
    "import.mapping_help": {
        "en": "Which column of the file feeds each field. Change a line to re-check the file; the mapping is saved "
              "for files with the same headers.",
        "fr": "Quelle colonne du fichier alimente chaque champ. Modifiez une ligne pour revérifier le fichier ; la "
              "correspondance est enregistrée pour les fichiers aux mêmes en-têtes.",
    },
    "import.field": {"en": "Field", "fr": "Champ"},
    "import.unmapped": {"en": "(not in the file)", "fr": "(absente du fichier)"},
    "import.probability": {"en": "Win probability", "fr": "Probabilité de gain"},
    "import.profile.hubspot": {"en": "HubSpot", "fr": "HubSpot"},
    "import.profile.salesforce": {"en": "Salesforce", "fr": "Salesforce"},
    "import.profile.pipedrive": {"en": "Pipedrive", "fr": "Pipedrive"},
    "import.profile.zoho": {"en": "Zoho CRM", "fr": "Zoho CRM"},
    "import.profile.generic": {"en": "Other CRM", "fr": "Autre CRM"},
    # A row's verdict in the preview (a row: "ligne", feminine in French).
    "import.verdict.new": {"en": "New", "fr": "Nouvelle"},
    "import.verdict.changed": {"en": "Updated", "fr": "Modifiée"},
    "import.verdict.same": {"en": "Unchanged", "fr": "Inchangée"},
    # The fields a file's columns feed (mapping editor) and the preview's columns.
    "field.crm_id": {"en": "CRM id", "fr": "Identifiant CRM"},
    "field.title": {"en": "Title", "fr": "Intitulé"},
    "field.account": {"en": "Account", "fr": "Compte"},
    "field.owner": {"en": "Owner (rep)", "fr": "Propriétaire (commercial)"},
    "field.team": {"en": "Team", "fr": "Équipe"},
    "field.pipeline": {"en": "Pipeline", "fr": "Pipeline"},
    "field.stage": {"en": "Stage", "fr": "Étape"},
    "field.status": {"en": "Status", "fr": "Statut"},
    "field.amount": {"en": "Amount", "fr": "Montant"},
    "field.currency": {"en": "Currency", "fr": "Devise"},
    "field.created_on": {"en": "Created on", "fr": "Date de création"},
    "field.close_on": {"en": "Close date", "fr": "Date de clôture"},
    "field.lead_source": {"en": "Lead source", "fr": "Origine"},
    "field.deal_type": {"en": "Deal type", "fr": "Type d'affaire"},
    "field.won_reason": {"en": "Won reason", "fr": "Motif de gain"},
    "field.lost_reason": {"en": "Lost reason", "fr": "Motif de perte"},
    "field.is_won": {"en": "Won (yes/no)", "fr": "Gagnée (oui/non)"},
    "field.is_closed": {"en": "Closed (yes/no)", "fr": "Clôturée (oui/non)"},
    "field.won_on": {"en": "Won on", "fr": "Gagnée le"},
    "field.lost_on": {"en": "Lost on", "fr": "Perdue le"},
    "field.expected_close_on": {"en": "Expected close date", "fr": "Date de clôture prévue"},
    "field.name": {"en": "Name", "fr": "Nom"},
    "field.first_name": {"en": "First name", "fr": "Prénom"},
    "field.last_name": {"en": "Last name", "fr": "Nom de famille"},
    "field.company": {"en": "Company", "fr": "Société"},
    "field.lifecycle": {"en": "Lifecycle stage", "fr": "Étape du cycle de vie"},
    "field.qualified_on": {"en": "Qualified on", "fr": "Qualifié le"},
    "field.mql_on": {"en": "Became MQL on", "fr": "Devenu MQL le"},
    "field.sql_on": {"en": "Became SQL on", "fr": "Devenu SQL le"},
    "field.converted_on": {"en": "Converted on", "fr": "Converti le"},
    "field.is_converted": {"en": "Converted", "fr": "Converti"},
    "field.date": {"en": "Date", "fr": "Date"},
    "field.period": {"en": "Period", "fr": "Période"},
    "field.kpi": {"en": "KPI", "fr": "Indicateur"},
    "field.value": {"en": "Value", "fr": "Valeur"},
    "field.scope": {"en": "Scope (company, team or rep)", "fr": "Périmètre (entreprise, équipe ou commercial)"},
    "field.grain": {"en": "Grain (day, week, month...)", "fr": "Granularité (jour, semaine, mois...)"},
    "field.scope_type": {"en": "Scope type", "fr": "Type de périmètre"},
    "field.scope_value": {"en": "Team or rep", "fr": "Équipe ou commercial"},
    "field.direction": {"en": "Direction", "fr": "Sens"},
    "field.target_mode": {"en": "Target mode", "fr": "Type de cible"},
    "field.target": {"en": "Target", "fr": "Cible"},
    "field.target_input": {"en": "Target", "fr": "Cible"},
    "field.statistic": {"en": "Statistic", "fr": "Statistique"},
    "field.start": {"en": "Start", "fr": "Début"},
    "field.start_on": {"en": "Start", "fr": "Début"},
    "field.deadline": {"en": "Deadline", "fr": "Échéance"},
    "field.theme": {"en": "Theme", "fr": "Thème"},
    "field.change": {"en": "In this import", "fr": "Dans cet import"},
    "import.column": {"en": "Column in the file", "fr": "Colonne du fichier"},
    "import.all_status": {"en": "Status of the deals", "fr": "Statut des affaires"},
    "import.all_status.file": {"en": "From the file", "fr": "Selon le fichier"},
    "import.all_status.won": {"en": "Every row is a won deal", "fr": "Chaque ligne est une affaire gagnée"},
    "import.all_status.lost": {"en": "Every row is a lost deal", "fr": "Chaque ligne est une affaire perdue"},
    "import.all_status.open": {"en": "Every row is an open deal", "fr": "Chaque ligne est une affaire en cours"},
    "import.rows": {"en": "Rows", "fr": "Lignes"},
    "import.new": {"en": "New", "fr": "Nouvelles"},
    "import.updated": {"en": "Updated", "fr": "Modifiées"},
    "import.unchanged": {"en": "Unchanged", "fr": "Inchangées"},
    "import.rejected": {"en": "Rejected", "fr": "Rejetées"},
    "import.sample": {"en": "First rows as they will be stored", "fr": "Premières lignes telles qu'enregistrées"},
    "import.rejects": {"en": "Rejected rows", "fr": "Lignes rejetées"},
    "import.confirm": {"en": "Import", "fr": "Importer"},
    "import.confirm_help": {
        "en": "Nothing is written before you click. One import is one transaction, and it can be undone.",
        "fr": "Rien n'est écrit avant ce clic. Un import est une transaction, et il peut être annulé.",
    },
    "import.done": {
        "en": "Import #{id} done: {inserted} new, {updated} updated, {unchanged} unchanged, {rejected} rejected.",
        "fr": "Import n° {id} terminé : {inserted} nouvelles, {updated} modifiées, {unchanged} inchangées, "
              "{rejected} rejetées.",
    },
    "import.stages": {"en": "Stages: status and funnel order", "fr": "Étapes : statut et ordre dans l'entonnoir"},
    "import.new_stages": {
        "en": "New stages in this file: {stages}", "fr": "Nouvelles étapes dans ce fichier : {stages}",
    },
    "import.stage": {"en": "Stage", "fr": "Étape"},
    "import.status": {"en": "Counts as", "fr": "Compte comme"},
    "import.order": {"en": "Funnel order", "fr": "Ordre"},
    "import.save_stages": {"en": "Save the stages", "fr": "Enregistrer les étapes"},
    "import.stages_saved": {"en": "Stages saved.", "fr": "Étapes enregistrées."},
    "import.notes": {"en": "Notes", "fr": "Remarques"},
    "import_log.empty": {"en": "No import yet.", "fr": "Aucun import pour l'instant."},
    "import_log.pick": {
        "en": "Click an import to see its rejected rows or undo it.",
        "fr": "Cliquez sur un import pour voir ses lignes rejetées ou l'annuler.",
    },
    "import_log.id": {"en": "#", "fr": "N°"},
    "import_log.file": {"en": "File", "fr": "Fichier"},
    "import_log.kind": {"en": "Kind", "fr": "Type"},
    "import_log.profile": {"en": "Layout", "fr": "Format"},
    "import_log.source": {"en": "Source", "fr": "Source"},
    "import_log.started_at": {"en": "Imported at", "fr": "Importé le"},
    "import_log.undone_at": {"en": "Undone at", "fr": "Annulé le"},
    "import_log.sha256": {"en": "SHA-256", "fr": "SHA-256"},
    "import_log.selected": {"en": "Import #{id}: {file}", "fr": "Import n° {id} : {file}"},
    "import_log.no_rejects": {"en": "No rejected rows.", "fr": "Aucune ligne rejetée."},
    "import_log.undo": {"en": "Undo this import", "fr": "Annuler cet import"},
    "import_log.undo_confirm": {
        "en": "Undo import #{id} ({file})? The records it added are deleted and the ones it changed go back to "
              "their earlier state.",
        "fr": "Annuler l'import n° {id} ({file}) ? Les enregistrements ajoutés sont supprimés et ceux modifiés "
              "reviennent à leur état précédent.",
    },
    "import_log.undone": {"en": "Import #{id} undone.", "fr": "Import n° {id} annulé."},
    "import_log.already_undone": {"en": "This import was undone.", "fr": "Cet import a été annulé."},
    "reject.line": {"en": "Line", "fr": "Ligne"},
    "reject.column": {"en": "Column", "fr": "Colonne"},
    "reject.value": {"en": "Value", "fr": "Valeur"},
    "reject.reason": {"en": "Reason", "fr": "Motif"},
    # What the importer says (smart/ingest/errors.py: English in the CLI and the log, the reader's language here).
    "ingest.error.no_file": {"en": "{file}: no such file", "fr": "{file} : fichier introuvable"},
    "ingest.error.empty": {"en": "{file}: the file is empty", "fr": "{file} : le fichier est vide"},
    "ingest.error.too_big": {
        "en": "{file}: the file is {size} MB, over the {limit} MB limit (SMART_IMPORT_MAX_MB)",
        "fr": "{file} : le fichier fait {size} Mo, au-delà de la limite de {limit} Mo (SMART_IMPORT_MAX_MB)",
    },
    "ingest.error.html": {
        "en": "{file}: this is an HTML or XML page saved with a table extension, not a CSV file",
        "fr": "{file} : c'est une page HTML ou XML enregistrée avec une extension de tableur, pas un fichier CSV",
    },
    "ingest.error.xls": {
        "en": "{file}: this is an old .xls workbook, not a CSV or XLSX export",
        "fr": "{file} : c'est un ancien classeur .xls, pas un export CSV ou XLSX",
    },
    "ingest.error.binary": {
        "en": "{file}: this is a binary file, not a CSV or XLSX export",
        "fr": "{file} : c'est un fichier binaire, pas un export CSV ou XLSX",
    },
    "ingest.error.nul": {
        "en": "{file}: this is a binary file (a NUL byte at byte {position}), not a CSV export",
        "fr": "{file} : c'est un fichier binaire (un octet NUL à l'octet {position}), pas un export CSV",
    },
    "ingest.error.control": {
        "en": "{file}: this is a binary file (control characters), not a CSV export",
        "fr": "{file} : c'est un fichier binaire (caractères de contrôle), pas un export CSV",
    },
    "ingest.error.wide": {
        "en": "{file}: the header has {columns} columns, more than the {limit} an export can have",
        "fr": "{file} : l'en-tête a {columns} colonnes, plus que les {limit} qu'un export peut avoir",
    },
    "ingest.error.one_line": {
        "en": "{file}: only one line and no column separator: not a table",
        "fr": "{file} : une seule ligne et aucun séparateur de colonnes : ce n'est pas un tableau",
    },
    "ingest.error.no_separator": {
        "en": "{file}: no column separator found (tried comma, semicolon, tab, pipe): not a table",
        "fr": "{file} : aucun séparateur de colonnes trouvé (virgule, point-virgule, tabulation, barre verticale "
        "essayés) : ce n'est pas un tableau",
    },
    "ingest.error.no_header": {"en": "{file}: no header line found", "fr": "{file} : aucune ligne d'en-tête trouvée"},
    "ingest.error.xlsx": {
        "en": "{file}: not a readable XLSX workbook ({detail})",
        "fr": "{file} : classeur XLSX illisible ({detail})",
    },
    "ingest.error.xlsx_directory": {
        "en": "{file}: the workbook's list of parts takes {size}, more than the {limit} parts an Excel file could "
        "need",
        "fr": "{file} : la liste des parties du classeur occupe {size}, plus que les {limit} parties dont un fichier "
        "Excel pourrait avoir besoin",
    },
    "ingest.error.xlsx_parts": {
        "en": "{file}: the workbook has {count} parts, more than the {limit} an Excel file could need",
        "fr": "{file} : le classeur compte {count} parties, plus que les {limit} dont un fichier Excel pourrait "
        "avoir besoin",
    },
    "ingest.error.xlsx_part_size": {
        "en": "{file}: the part {part} unpacks to {size}, over the {limit} limit for one part (SMART_IMPORT_MAX_MB)",
        "fr": "{file} : la partie {part} se décompresse en {size}, au-delà de la limite de {limit} par partie "
        "(SMART_IMPORT_MAX_MB)",
    },
    "ingest.error.xlsx_total_size": {
        "en": "{file}: the workbook unpacks to {size}, over the {limit} limit (twice SMART_IMPORT_MAX_MB)",
        "fr": "{file} : le classeur se décompresse en {size}, au-delà de la limite de {limit} (deux fois "
        "SMART_IMPORT_MAX_MB)",
    },
    "ingest.error.xlsx_ratio": {
        "en": "{file}: the part {part} unpacks to {ratio} times its packed size, over the {limit} times a real "
        "workbook stays under: refused as a zip bomb",
        "fr": "{file} : la partie {part} se décompresse en {ratio} fois sa taille compressée, au-delà des {limit} "
        "fois qu'un vrai classeur ne dépasse pas : refusé comme bombe de décompression",
    },
    "ingest.error.xlsx_held": {
        "en": "{file}: the part {part} unpacks to {size}, over the {limit} that may be read whole into memory",
        "fr": "{file} : la partie {part} se décompresse en {size}, au-delà des {limit} qui peuvent être lus d'un "
        "bloc en mémoire",
    },
    "ingest.error.xlsx_long_value": {
        "en": "{file}: the part {part} holds a value longer than {limit}, when an Excel cell holds 32,767 "
        "characters at most",
        "fr": "{file} : la partie {part} contient une valeur de plus de {limit}, alors qu'une cellule Excel contient "
        "au plus 32 767 caractères",
    },
    "ingest.error.xlsx_rows": {
        "en": "{file}: {where} has more than {limit} rows, the most an Excel sheet can have",
        "fr": "{file} : {where} a plus de {limit} lignes, le maximum d'une feuille Excel",
    },
    "ingest.error.xlsx_row_order": {
        "en": "{file}: the part {part} puts row {row} after row {previous}, and a row out of order would be lost",
        "fr": "{file} : la partie {part} place la ligne {row} après la ligne {previous}, et une ligne dans le "
        "désordre serait perdue",
    },
    "ingest.error.xlsx_cells": {
        "en": "{file}: the workbook holds more than {limit} cells, as many as a CSV file at the {size} limit "
        "(SMART_IMPORT_MAX_MB)",
        "fr": "{file} : le classeur contient plus de {limit} cellules, autant qu'un fichier CSV à la limite de "
        "{size} (SMART_IMPORT_MAX_MB)",
    },
    "ingest.error.xlsx_elements": {
        "en": "{file}: the workbook holds more than {limit} XML elements, more than a workbook within the {size} "
        "limit needs (SMART_IMPORT_MAX_MB)",
        "fr": "{file} : le classeur contient plus de {limit} éléments XML, plus qu'il n'en faut à un classeur dans "
        "la limite de {size} (SMART_IMPORT_MAX_MB)",
    },
    "ingest.error.xlsx_held_elements": {
        "en": "{file}: the part {part} would have the reader hold more than {limit} XML elements at once (in one "
        "row, or in the links, merged cells and formats beside the rows)",
        "fr": "{file} : la partie {part} obligerait le lecteur à garder plus de {limit} éléments XML à la fois "
        "(dans une ligne, ou dans les liens, cellules fusionnées et formats à côté des lignes)",
    },
    "ingest.error.xlsx_text": {
        "en": "{file}: the sheet {sheet!r} makes more than {limit} of text, over the limit for a CSV file "
        "(SMART_IMPORT_MAX_MB)",
        "fr": "{file} : la feuille {sheet!r} donne plus de {limit} de texte, au-delà de la limite d'un fichier CSV "
        "(SMART_IMPORT_MAX_MB)",
    },
    "ingest.error.xlsx_entities": {
        "en": "{file}: the workbook declares XML entities, which Excel never writes and which can swell to "
        "gigabytes in memory: refused",
        "fr": "{file} : le classeur déclare des entités XML, ce qu'Excel n'écrit jamais et qui peut enfler jusqu'à "
        "des gigaoctets en mémoire : refusé",
    },
    "ingest.error.xlsx_unsafe": {
        "en": "{file}: XLSX files cannot be read safely on this server (the defusedxml package is missing); "
        "save the sheet as CSV",
        "fr": "{file} : les fichiers XLSX ne peuvent pas être lus sans risque sur ce serveur (le paquet defusedxml "
        "manque) ; enregistrez la feuille en CSV",
    },
    "ingest.xlsx.part": {"en": "the part {part}", "fr": "la partie {part}"},
    "ingest.xlsx.sheet": {"en": "the sheet {sheet!r}", "fr": "la feuille {sheet!r}"},
    "ingest.size.mb": {"en": "{mb} MB", "fr": "{mb} Mo"},
    "ingest.size.kb": {"en": "{kb} KB", "fr": "{kb} Ko"},
    "ingest.error.no_sheet": {
        "en": "{file}: no sheet {sheet!r}; the sheets are {sheets}",
        "fr": "{file} : pas de feuille {sheet!r} ; les feuilles sont {sheets}",
    },
    "ingest.error.empty_sheet": {
        "en": "{file}: the sheet {sheet!r} is empty", "fr": "{file} : la feuille {sheet!r} est vide",
    },
    "ingest.error.unfinished": {
        "en": "the file could not be read to the end ({detail})",
        "fr": "le fichier n'a pas pu être lu jusqu'au bout ({detail})",
    },
    "ingest.error.map_syntax": {
        "en": "--map {pair!r}: expected FIELD=COLUMN", "fr": "--map {pair!r} : FIELD=COLUMN attendu",
    },
    "ingest.error.map_field": {
        "en": "{file}: --map {field}: no such field for {kind}; fields are {fields}",
        "fr": "{file} : --map {field} : pas de champ de ce nom pour {kind} ; les champs sont {fields}",
    },
    "ingest.error.map_column": {
        "en": "{file}: --map {field}={column}: the file has no column {column!r}",
        "fr": "{file} : --map {field}={column} : le fichier n'a pas de colonne {column!r}",
    },
    "ingest.error.not_profile": {
        "en": "{file}: the headers do not look like a {profile} export (try --profile auto)",
        "fr": "{file} : les en-têtes ne ressemblent pas à un export {profile} (essayez --profile auto)",
    },
    "ingest.error.kind": {
        "en": "{file}: unknown kind {kind!r}; expected auto or {kinds}",
        "fr": "{file} : type {kind!r} inconnu ; attendu auto ou {kinds}",
    },
    "ingest.error.profile": {"en": "{file}: unknown profile {profile!r}", "fr": "{file} : profil {profile!r} inconnu"},
    "ingest.error.kpi_no_value": {
        "en": "{file}: no KPI value column (long form needs kpi and value columns)",
        "fr": "{file} : aucune colonne de valeur d'indicateur (la forme longue demande des colonnes kpi et value)",
    },
    "ingest.error.kpi_not_numeric": {
        "en": "{file}: no numeric KPI column found beside the date column",
        "fr": "{file} : aucune colonne d'indicateur numérique à côté de la colonne de date",
    },
    "ingest.error.no_copy": {
        "en": "{file}: the server could not keep a copy of the file ({detail})",
        "fr": "{file} : le serveur n'a pas pu garder de copie du fichier ({detail})",
    },
    "ingest.error.unreadable": {
        "en": "{file}: cannot be read as a table ({detail})",
        "fr": "{file} : illisible comme tableau ({detail})",
    },
    "ingest.error.ambiguous_dates": {
        "en": "{file}: the dates in column {columns} read both as day/month and month/day (no day above 12); "
        "choose --dayfirst or --monthfirst",
        "fr": "{file} : les dates de la colonne {columns} se lisent aussi bien jour/mois que mois/jour (aucun jour "
        "au-delà de 12) ; choisissez --dayfirst ou --monthfirst",
    },
    "ingest.undo.none": {"en": "there is no import #{id}", "fr": "il n'y a pas d'import n° {id}"},
    "ingest.undo.done": {
        "en": "import #{id} ({file}) was already undone on {when}",
        "fr": "l'import n° {id} ({file}) a déjà été annulé le {when}",
    },
    "ingest.undo.blocker": {"en": "#{id} ({file}, {count} records)", "fr": "n° {id} ({file}, {count} lignes)"},
    "ingest.undo.blocked": {
        "en": "import #{id} ({file}) cannot be undone: later import {later} changed the same records; "
        "undo those first",
        "fr": "l'import n° {id} ({file}) ne peut pas être annulé : l'import postérieur {later} a modifié les mêmes "
        "lignes ; annulez-le d'abord",
    },
    "ingest.note.mapping_reused": {
        "en": "column mapping saved for these headers reused",
        "fr": "association des colonnes enregistrée pour ces en-têtes réutilisée",
    },
    "ingest.note.pipedrive_zero": {
        "en": "Pipedrive: a value of 0 means no price yet; stored as missing.",
        "fr": "Pipedrive : une valeur de 0 signifie « pas encore de prix » ; enregistrée comme manquante.",
    },
    "ingest.note.dates_dayfirst": {
        "en": "dates in {columns} read day-first like the file's other date columns",
        "fr": "dates de {columns} lues jour d'abord, comme les autres colonnes de dates du fichier",
    },
    "ingest.note.dates_monthfirst": {
        "en": "dates in {columns} read month-first like the file's other date columns",
        "fr": "dates de {columns} lues mois d'abord, comme les autres colonnes de dates du fichier",
    },
    "ingest.note.bulk_created": {
        "en": "{count} of {total} deals share the creation date {date} (a bulk load?): sales-cycle lengths "
        "measured from it are meaningless",
        "fr": "{count} affaires sur {total} ont la même date de création, {date} (un chargement en masse ?) : les "
        "durées de cycle de vente calculées depuis cette date n'ont pas de sens",
    },
    "ingest.note.qualified_from_status": {
        "en": "no qualification date column: {count} leads whose status says qualified (or beyond) take their "
        "creation date as qualification date",
        "fr": "pas de colonne de date de qualification : {count} leads dont le statut dit qualifié (ou au-delà) "
        "prennent leur date de création comme date de qualification",
    },
    "ingest.note.kpi_columns": {"en": "KPI columns: {columns}", "fr": "Colonnes d'indicateurs : {columns}"},
    "ingest.note.kpi_grain": {"en": "KPI grain: {grain}", "fr": "Granularité des indicateurs : {grain}"},
    "ingest.note.transcoded": {
        "en": "encoding {encoding}: converted to UTF-8", "fr": "encodage {encoding} : converti en UTF-8",
    },
    "ingest.note.mixed_endings": {
        "en": "mixed line endings: normalised", "fr": "fins de ligne mélangées : normalisées",
    },
    "ingest.kind.deals": {"en": "deals", "fr": "affaires"},
    "ingest.kind.leads": {"en": "leads", "fr": "leads"},
    "ingest.kind.kpi": {"en": "KPI", "fr": "indicateurs"},
    "ingest.kind.objectives": {"en": "objectives", "fr": "objectifs"},
    "ingest.grain.day": {"en": "day", "fr": "jour"},
    "ingest.grain.week": {"en": "week", "fr": "semaine"},
    "ingest.grain.month": {"en": "month", "fr": "mois"},
    "ingest.grain.quarter": {"en": "quarter", "fr": "trimestre"},
    "ingest.grain.year": {"en": "year", "fr": "année"},
    "ingest.reason.unreadable_number": {"en": "unreadable number", "fr": "nombre illisible"},
    "ingest.reason.unreadable_amount": {"en": "unreadable amount", "fr": "montant illisible"},
    "ingest.reason.unreadable_date": {"en": "unreadable date", "fr": "date illisible"},
    "ingest.reason.not_boolean": {"en": "not a yes/no value", "fr": "ni oui ni non"},
    "ingest.reason.missing_id": {"en": "missing id", "fr": "identifiant manquant"},
    "ingest.reason.close_before_creation": {
        "en": "close date before creation date", "fr": "date de clôture antérieure à la date de création",
    },
    "ingest.reason.same_id": {
        "en": "the same id on lines {lines} with different values",
        "fr": "le même identifiant aux lignes {lines} avec des valeurs différentes",
    },
    "ingest.reason.missing_date": {"en": "missing date", "fr": "date manquante"},
    "ingest.reason.missing_kpi_name": {"en": "missing KPI name", "fr": "nom d'indicateur manquant"},
    "ingest.reason.missing_title": {"en": "missing title", "fr": "titre manquant"},
    "ingest.reason.missing_kpi": {"en": "missing KPI", "fr": "indicateur manquant"},
    "ingest.reason.bad_direction": {
        "en": "direction must be increase, decrease, reach, stay_below or stay_above",
        "fr": "le sens doit être increase, decrease, reach, stay_below ou stay_above (augmenter, diminuer, "
        "atteindre, rester sous, rester au-dessus)",
    },
    "ingest.reason.bad_target_mode": {
        "en": "target mode must be absolute, relative_pct, points or delta",
        "fr": "le mode de cible doit être absolute, relative_pct, points ou delta (absolu, %, points, écart)",
    },
    "ingest.reason.bad_scope_type": {
        "en": "scope type must be company, team or rep",
        "fr": "le périmètre doit être company, team ou rep (entreprise, équipe, commercial)",
    },
    "ingest.reason.bad_grain": {"en": "unknown grain", "fr": "granularité inconnue"},
    "ingest.reason.missing_target": {"en": "missing target", "fr": "cible manquante"},
    "ingest.reason.deadline_before_start": {"en": "deadline before start", "fr": "échéance antérieure au début"},
    "ingest.reason.missing_start": {"en": "missing start date", "fr": "date de début manquante"},
    "ingest.reason.missing_deadline": {"en": "missing deadline", "fr": "échéance manquante"},
    "ingest.reason.fewer_fields": {
        "en": "the row has fewer fields than the header", "fr": "la ligne a moins de champs que l'en-tête",
    },
    "ingest.reason.more_fields": {
        "en": "the row has more fields than the header", "fr": "la ligne a plus de champs que l'en-tête",
    },
    "ingest.reason.stray_quote": {
        "en": "a quote inside an unquoted field", "fr": "un guillemet dans un champ sans guillemets",
    },
    "ingest.reason.too_long": {
        "en": "the row is longer than {size} MB", "fr": "la ligne dépasse {size} Mo",
    },
    "ingest.reason.bad_encoding": {
        "en": "characters that are not valid text", "fr": "des caractères qui ne sont pas du texte valide",
    },
    "ingest.reason.not_csv": {"en": "the row cannot be read as CSV", "fr": "la ligne ne se lit pas comme du CSV"},
}
