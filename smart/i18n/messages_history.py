"""Messages of stage history files (their import and summary) and of the lead status map (its editor)."""

MESSAGES = {
    "import.kind.history": {"en": "Stage history (changes of deals)",
                            "fr": "Historique des étapes (changements des affaires)"},
    "ingest.kind.history": {"en": "stage history", "fr": "historique des étapes"},
    "fresh.kind.history": {"en": "Stage history", "fr": "Historique des étapes"},
    "field.changed_at": {"en": "Changed on", "fr": "Modifié le"},
    "field.deal_name": {"en": "Opportunity name", "fr": "Nom de l'affaire"},
    "field.field": {"en": "Field changed", "fr": "Champ modifié"},
    "history.error.no_id": {
        "en": "{file}: no opportunity id or name column in this stage history file after mapping "
              "(use --map crm_id=COLUMN or --map deal_name=COLUMN)",
        "fr": "{file} : aucune colonne d'identifiant ou de nom d'affaire dans ce fichier d'historique des étapes "
              "après l'association des colonnes (--map crm_id=COLONNE ou --map deal_name=COLONNE)",
    },
    "history.error.nothing_changed": {
        "en": "{file}: no stage, amount or close date column (nor a field and a new value column) in this stage "
              "history file after mapping (use --map stage=COLUMN)",
        "fr": "{file} : aucune colonne d'étape, de montant ou de date de clôture (ni de champ et de nouvelle "
              "valeur) dans ce fichier d'historique des étapes après l'association des colonnes "
              "(--map stage=COLONNE)",
    },
    "history.summary.all_linked": {
        "en": "{changes} changes for {opportunities} opportunities, all of them among the imported deals.",
        "fr": "{changes} changements pour {opportunities} affaires, toutes parmi les affaires importées.",
    },
    "history.summary.some_missing": {
        "en": "{changes} changes for {opportunities} opportunities; {missing} of these opportunities are not "
              "imported yet: their history will show once their deals are imported.",
        "fr": "{changes} changements pour {opportunities} affaires ; {missing} de ces affaires ne sont pas encore "
              "importées : leur historique apparaîtra dès que leurs affaires seront importées.",
    },
    "history.summary.not_imported": {
        "en": "not imported yet: {ids}{more}", "fr": "pas encore importées : {ids}{more}",
    },
    "history.summary.more": {"en": " and {count} more", "fr": " et {count} autres"},
    "history.summary.left_aside": {
        "en": "{rows} rows change no stage, amount or close date ({fields}): left aside.",
        "fr": "{rows} lignes ne changent ni étape, ni montant, ni date de clôture ({fields}) : laissées de côté.",
    },
    "history.summary.no_field": {"en": "nothing to read in them", "fr": "rien à y lire"},
    "history.summary.title": {"en": "Stage history", "fr": "Historique des étapes"},
    "history.summary.explain": {
        "en": "Each change dates the deal's stage, amount and close date from that day until its next change: "
              "time in stage, the funnel and pushed close dates read them.",
        "fr": "Chaque changement date l'étape, le montant et la date de clôture de l'affaire, de ce jour jusqu'au "
              "changement suivant : le temps par étape, l'entonnoir et les dates de clôture repoussées s'en servent.",
    },
    "leadstatus.summary.counts": {
        "en": "{leads} leads: {qualified} qualified, {converted} converted.",
        "fr": "{leads} leads : {qualified} qualifiés, {converted} convertis.",
    },
    "leadstatus.summary.unrecognised": {
        "en": "{count} lead statuses not recognised, counted as neither qualified nor converted: {statuses}{more}. "
              "Say how they count in the lead status editor of the Import page.",
        "fr": "{count} statuts de lead non reconnus, comptés ni qualifiés ni convertis : {statuses}{more}. "
              "Indiquez comment ils comptent dans l'éditeur des statuts de leads de la page Import.",
    },
    "leadstatus.title": {"en": "Lead statuses: qualified and converted",
                         "fr": "Statuts de leads : qualifiés et convertis"},
    "leadstatus.help": {
        "en": "How {source}'s lead statuses (and lifecycle stages) count. A lead with a qualification or conversion "
              "date in the file keeps it; the others are qualified or converted by their status, dated by their "
              "creation. A converted status counts as qualified too. Saving updates the leads already imported.",
        "fr": "Comment comptent les statuts de leads (et étapes du cycle de vie) de {source}. Un lead dont le "
              "fichier donne une date de qualification ou de conversion la garde ; les autres sont qualifiés ou "
              "convertis selon leur statut, à leur date de création. Un statut converti compte aussi comme "
              "qualifié. L'enregistrement met à jour les leads déjà importés.",
    },
    "leadstatus.status": {"en": "Status in the file", "fr": "Statut dans le fichier"},
    "leadstatus.leads": {"en": "Leads", "fr": "Leads"},
    "leadstatus.qualified": {"en": "Qualified", "fr": "Qualifié"},
    "leadstatus.converted": {"en": "Converted", "fr": "Converti"},
    "leadstatus.decided_by": {"en": "Decided by", "fr": "Décidé par"},
    "leadstatus.decided.standard": {"en": "CRM standard", "fr": "Standard du CRM"},
    "leadstatus.decided.user": {"en": "You", "fr": "Vous"},
    "leadstatus.decided.unknown": {"en": "Not recognised", "fr": "Non reconnu"},
    "leadstatus.save": {"en": "Save the lead statuses", "fr": "Enregistrer les statuts de leads"},
    "leadstatus.saved": {
        "en": "Lead statuses saved: {leads} leads of this source, {qualified} qualified, {converted} converted.",
        "fr": "Statuts de leads enregistrés : {leads} leads de cette source, {qualified} qualifiés, "
              "{converted} convertis.",
    },
    "leadstatus.counts": {
        "en": "In this file: {leads} leads, {qualified} qualified, {converted} converted.",
        "fr": "Dans ce fichier : {leads} leads, {qualified} qualifiés, {converted} convertis.",
    },
    "leadstatus.unrecognised": {
        "en": "{count} statuses are not recognised: {statuses}. Their leads count as neither qualified nor "
              "converted until you say how they count under “Lead statuses” below.",
        "fr": "{count} statuts ne sont pas reconnus : {statuses}. Leurs leads ne comptent ni comme qualifiés ni "
              "comme convertis tant que vous n'avez pas indiqué comment ils comptent sous « Statuts de leads » "
              "ci-dessous.",
    },
}
