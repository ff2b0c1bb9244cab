"""Messages of the period selector, of the "your data covers ..." hint and of the day an export describes."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # The period selector: the presets' labels live in messages_common (period.<preset>).
    "period.kind.year": {"en": "A given year", "fr": "Une année donnée"},
    "period.kind.quarter": {"en": "A given quarter", "fr": "Un trimestre donné"},
    "period.kind.range": {"en": "Custom range", "fr": "Dates au choix"},
    "period.year": {"en": "Year", "fr": "Année"},
    "period.quarter": {"en": "Quarter", "fr": "Trimestre"},
    "period.quarter_name": {"en": "Q{quarter} {year}", "fr": "T{quarter} {year}"},
    "period.days": {"en": "From – to", "fr": "Du – au"},
    "period.days_help": {
        "en": "Pick the first day, then the last one.",
        "fr": "Choisissez le premier jour, puis le dernier.",
    },
    # The hint of the analysis pages when the period holds nothing and the data lies elsewhere.
    "coverage.elsewhere": {
        "en": "Nothing happened in the period shown ({start} – {end}). Your data covers {first} – {last}.",
        "fr": "Rien ne s'est passé sur la période affichée ({start} – {end}). Vos données couvrent {first} – {last}.",
    },
    "coverage.show": {"en": "Show this period", "fr": "Afficher cette période"},
    # The day an export describes (smart.ingest.export_date).
    "ingest.date_form.ymd": {"en": "year-month-day", "fr": "année-mois-jour"},
    "ingest.date_form.dmy": {"en": "day-month-year", "fr": "jour-mois-année"},
    "ingest.note.date_in_name": {
        "en": "Export date {date}, read from the file name (\"{text}\", as {form}): it dates the deals' history.",
        "fr": "Date d'export {date}, lue dans le nom du fichier (« {text} », en {form}) : elle date l'historique "
              "des affaires.",
    },
    "ingest.note.dated_today": {
        "en": "No export date was given and the file name holds none: the deals' history is dated today ({date}). "
              "If the file was exported on another day, give that day (--as-of, or \"{field}\" on the Import page).",
        "fr": "Aucune date d'export n'a été donnée et le nom du fichier n'en contient pas : l'historique des "
              "affaires est daté d'aujourd'hui ({date}). Si le fichier a été exporté un autre jour, indiquez ce jour "
              "(--as-of, ou « {field} » sur la page Importer).",
    },
    "import.as_of_question": {
        "en": "On which day was this file exported? Its name holds no date. Set \"{field}\" above: it dates the "
              "deals' stage history (time in stage, pushed close dates). Without it, today is used.",
        "fr": "Quel jour ce fichier a-t-il été exporté ? Son nom ne contient pas de date. Indiquez « {field} » "
              "ci-dessus : elle date l'historique des étapes des affaires (temps par étape, dates de clôture "
              "repoussées). Sans elle, la date du jour est retenue.",
    },
}
