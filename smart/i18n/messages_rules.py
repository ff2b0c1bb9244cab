"""Messages of the importer's rules for odd values: decimal marks that read two ways, deals closed before they were
created, won deals with a negative or zero amount, and fields a file does not give."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "ingest.decimal.dot": {"en": "the dot", "fr": "le point"},
    "ingest.decimal.comma": {"en": "the comma", "fr": "la virgule"},
    "ingest.error.ambiguous_decimal": {
        "en": "{file}: the numbers in column {columns} read two ways and no value says which: {example} is "
        "{as_decimal} with {separator} as the decimal mark, {as_thousands} with {separator} as a thousands "
        "separator; choose --decimal dot or --decimal comma",
        "fr": "{file} : les nombres de la colonne {columns} se lisent de deux façons et aucune valeur ne tranche : "
        "{example} vaut {as_decimal} avec {separator} comme séparateur décimal, {as_thousands} avec {separator} "
        "comme séparateur de milliers ; choisissez --decimal dot ou --decimal comma",
    },
    "ingest.note.decimal_choice": {
        "en": "{columns}: numbers like {example} read with {mark} as the decimal mark, as chosen",
        "fr": "{columns} : les nombres comme {example} sont lus avec {mark} comme séparateur décimal, comme choisi",
    },
    "ingest.note.decimal_file": {
        "en": "{columns}: numbers like {example} read with {mark} as the decimal mark, like the file's other number "
        "columns",
        "fr": "{columns} : les nombres comme {example} sont lus avec {mark} comme séparateur décimal, comme les "
        "autres colonnes de nombres du fichier",
    },
    "ingest.note.closed_before_created": {
        "en": "{count} deals close before their creation date (the day of a bulk load?): they are imported and count "
        "in revenue, wins and losses, but not in sales-cycle lengths",
        "fr": "{count} affaires se clôturent avant leur date de création (le jour d'un chargement en masse ?) : "
        "elles sont importées et comptent dans le chiffre d'affaires, les affaires gagnées et perdues, mais pas "
        "dans les durées de cycle de vente",
    },
    "ingest.note.negative_won": {
        "en": "{count} won deals have a negative amount (credit notes?): they are imported and lower revenue and the "
        "average deal size",
        "fr": "{count} affaires gagnées ont un montant négatif (des avoirs ?) : elles sont importées et diminuent le "
        "chiffre d'affaires et le panier moyen",
    },
    "ingest.note.zero_won": {
        "en": "{count} won deals have an amount of 0: they count as deals won, but not in the average deal size",
        "fr": "{count} affaires gagnées ont un montant de 0 : elles comptent comme affaires gagnées, mais pas dans "
        "le panier moyen",
    },
    "ingest.note.fields_kept": {
        "en": "this file has no column for {fields}: the values already stored are kept (only a blank cell in a "
        "column the file has clears one)",
        "fr": "ce fichier n'a pas de colonne pour {fields} : les valeurs déjà enregistrées sont gardées (seule une "
        "cellule vide d'une colonne présente en efface une)",
    },
    "import.ambiguous_decimal": {
        "en": "The numbers in {columns} read two ways, and no value says which mark is the decimal one. How should "
        "{example} be read?",
        "fr": "Les nombres de {columns} se lisent de deux façons, et aucune valeur ne dit quel séparateur est le "
        "décimal. Comment lire {example} ?",
    },
    "import.decimal": {"en": "Decimal mark", "fr": "Séparateur décimal"},
    "import.decimal.dot": {"en": "The dot is the decimal mark: {example} = {value}",
                           "fr": "Le point est le séparateur décimal : {example} = {value}"},
    "import.decimal.comma": {"en": "The comma is the decimal mark: {example} = {value}",
                             "fr": "La virgule est le séparateur décimal : {example} = {value}"},
}
