"""Messages of the Import and Import log pages."""

MESSAGES = {
    "import.upload": {"en": "CRM export (CSV, TSV or XLSX)", "fr": "Export CRM (CSV, TSV ou XLSX)"},
    "import.upload_help": {
        "en": "Deals, leads or contacts, KPI history or objectives, from HubSpot, Salesforce, Pipedrive, Zoho or "
              "any CRM.",
        "fr": "Affaires, leads ou contacts, historique d'indicateurs ou objectifs, de HubSpot, Salesforce, Pipedrive, "
              "Zoho ou tout autre CRM.",
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
    "import.mapping": {"en": "Column mapping", "fr": "Correspondance des colonnes"},
    "import.mapping_help": {
        "en": "Which column of the file feeds each field. Change a line to re-check the file; the mapping is saved "
              "for files with the same headers.",
        "fr": "Quelle colonne du fichier alimente chaque champ. Modifiez une ligne pour revérifier le fichier ; la "
              "correspondance est enregistrée pour les fichiers aux mêmes en-têtes.",
    },
    "import.field": {"en": "Field", "fr": "Champ"},
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
    "import.rejects_download": {
        "en": "Download the rejected rows (CSV)", "fr": "Télécharger les lignes rejetées (CSV)",
    },
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
    "import.stages_help": {
        "en": "How {source}'s stages count (open, won or lost) and their order in the funnel.",
        "fr": "Comment comptent les étapes de {source} (en cours, gagnée, perdue) et leur ordre dans l'entonnoir.",
    },
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
}
