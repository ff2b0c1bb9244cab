"""Messages of currencies: each deal's currency at import, the reporting currency, exchange rates (files and the
editor of the Import page), and the notice of deals left out of amounts for want of a rate."""

MESSAGES = {
    # Importing deals: their currencies.
    "ingest.reason.unknown_currency": {"en": "not a currency (an ISO code such as EUR, USD, PLN, or €, $, £, zł)",
                                       "fr": "pas une devise (un code ISO comme EUR, USD, PLN, ou €, $, £, zł)"},
    "ingest.error.currency": {
        "en": "{file}: {value!r} is not a currency; give an ISO code (such as {examples})",
        "fr": "{file} : {value!r} n'est pas une devise ; donnez un code ISO (comme {examples})",
    },
    "currency.found": {"en": "Currencies in this file: {currencies}.", "fr": "Devises de ce fichier : {currencies}."},
    "currency.found_item": {"en": "{currency} ({deals} deals)", "fr": "{currency} ({deals} affaires)"},
    "currency.question": {
        "en": "{deals} deals of this file have no currency (no currency column, no symbol in the amounts). Which "
              "currency are their amounts in?",
        "fr": "{deals} affaires de ce fichier n'ont pas de devise (ni colonne de devise, ni symbole dans les "
              "montants). En quelle devise sont leurs montants ?",
    },
    "currency.question_help": {
        "en": "Asked once per source: the answer is kept for {source}, so next week's export needs none. Amounts "
              "with a currency column or a symbol keep theirs.",
        "fr": "Demandé une fois par source : la réponse est gardée pour {source}, l'export de la semaine prochaine "
              "n'en demandera pas. Les montants qui ont une colonne de devise ou un symbole gardent la leur.",
    },
    "currency.kept": {
        "en": "{deals} deals of this file have no currency: read as {currency}, the currency kept for {source}.",
        "fr": "{deals} affaires de ce fichier n'ont pas de devise : lues en {currency}, la devise gardée pour "
              "{source}.",
    },
    # Importing rates.
    "import.kind.rates": {"en": "Exchange rates", "fr": "Taux de change"},
    "ingest.kind.rates": {"en": "exchange rates", "fr": "taux de change"},
    "fresh.kind.rates": {"en": "Exchange rates", "fr": "Taux de change"},
    "field.rate_on": {"en": "Day of the rate", "fr": "Date du taux"},
    "field.rate": {"en": "Rate", "fr": "Taux"},
    "field.base": {"en": "Base currency", "fr": "Devise de base"},
    "ingest.reason.missing_currency": {"en": "missing currency", "fr": "devise manquante"},
    "ingest.reason.missing_rate": {"en": "missing rate", "fr": "taux manquant"},
    "ingest.reason.rate_not_positive": {"en": "a rate must be above zero", "fr": "un taux doit être supérieur à zéro"},
    "ingest.reason.rate_same_currency": {"en": "a currency against itself (its rate is 1)",
                                         "fr": "une devise face à elle-même (son taux vaut 1)"},
    "ingest.note.rates_per_base": {
        "en": "the rates of column {column!r} are read as units of each currency per 1 {base} (1 {base} = 1.10 USD "
              "is written 1.10); a column named 'rate_to_{base}' would read them the other way",
        "fr": "les taux de la colonne {column!r} sont lus en unités de chaque devise pour 1 {base} (1 {base} = "
              "1,10 USD s'écrit 1,10) ; une colonne nommée 'rate_to_{base}' les lirait dans l'autre sens",
    },
    "ingest.note.rates_in_base": {
        "en": "the rates of column {column!r} are read as the value in {base} of 1 unit of each currency (1 USD = "
              "0.91 {base} is written 0.91), and kept as units per 1 {base}",
        "fr": "les taux de la colonne {column!r} sont lus comme la valeur en {base} d'une unité de chaque devise "
              "(1 USD = 0,91 {base} s'écrit 0,91), et gardés en unités pour 1 {base}",
    },
    "currency.rates_line": {
        "en": "{currency}: {rates} rates from {first} to {last}; latest: 1 {base} = {latest} {currency}",
        "fr": "{currency} : {rates} taux du {first} au {last} ; dernier : 1 {base} = {latest} {currency}",
    },
    # The Currencies section of the Import page.
    "currency.option": {"en": "{code} — {name}", "fr": "{code} — {name}"},
    "currency.section": {"en": "Currencies and exchange rates", "fr": "Devises et taux de change"},
    "currency.reporting": {"en": "Reporting currency", "fr": "Devise de présentation"},
    "currency.reporting_help": {
        "en": "Every amount is shown and summed in this currency; deals in another one are converted with the rate "
              "of their close date. Objective targets and the imported plan are not converted.",
        "fr": "Tous les montants sont affichés et additionnés dans cette devise ; les affaires dans une autre sont "
              "converties au taux de leur date de clôture. Les cibles des objectifs et le plan importé ne sont pas "
              "convertis.",
    },
    "currency.reporting_saved": {"en": "Amounts are now shown in {currency}.",
                                 "fr": "Les montants sont désormais affichés en {currency}."},
    "currency.deals_title": {"en": "The deals' currencies", "fr": "Les devises des affaires"},
    "currency.col.currency": {"en": "Currency", "fr": "Devise"},
    "currency.col.deals": {"en": "Deals", "fr": "Affaires"},
    "currency.col.left_out": {"en": "Left out (no rate)", "fr": "Écartées (sans taux)"},
    "currency.col.rates": {"en": "Rates", "fr": "Taux"},
    "currency.col.first_rate_on": {"en": "First rate", "fr": "Premier taux"},
    "currency.col.last_rate_on": {"en": "Last rate", "fr": "Dernier taux"},
    "currency.sources": {"en": "Currency of amounts written without one, by source: {sources}.",
                         "fr": "Devise des montants écrits sans devise, par source : {sources}."},
    "currency.rates_title": {"en": "Exchange rates", "fr": "Taux de change"},
    "currency.rates_help": {
        "en": "A rate is how many units of the currency one unit of the base buys (1 EUR = 1.10 USD: base EUR, "
              "currency USD, rate 1.10); the base is the reporting currency when left empty. A deal takes the "
              "latest rate on or before its close date, else the earliest after it. Import a date,currency,rate "
              "file for many rates.",
        "fr": "Un taux est le nombre d'unités de la devise qu'achète une unité de la base (1 EUR = 1,10 USD : base "
              "EUR, devise USD, taux 1,10) ; la base est la devise de présentation si elle est laissée vide. Une "
              "affaire prend le dernier taux à sa date de clôture ou avant, sinon le premier après. Importez un "
              "fichier date,devise,taux pour de nombreux taux.",
    },
    "currency.rates_save": {"en": "Save the rates", "fr": "Enregistrer les taux"},
    "currency.rates_saved": {"en": "{count} rates saved.", "fr": "{count} taux enregistrés."},
    "currency.error.code": {
        "en": "{value!r} is not a currency; give an ISO code (such as {examples})",
        "fr": "{value!r} n'est pas une devise ; donnez un code ISO (comme {examples})",
    },
    "currency.error.row_date": {"en": "row {row}: {value!r} is not a day", "fr": "ligne {row} : {value!r} n'est pas "
                                                                                 "une date"},
    "currency.error.row_code": {"en": "row {row}: {value!r} is not a currency (an ISO code such as EUR, USD, PLN)",
                                "fr": "ligne {row} : {value!r} n'est pas une devise (un code ISO comme EUR, USD, "
                                      "PLN)"},
    "currency.error.row_rate": {"en": "row {row}: the rate {value!r} is not a number above zero",
                                "fr": "ligne {row} : le taux {value!r} n'est pas un nombre supérieur à zéro"},
    "currency.error.row_same": {"en": "row {row}: {currency} against itself (its rate is 1)",
                                "fr": "ligne {row} : {currency} face à elle-même (son taux vaut 1)"},
    "currency.error.row_twice": {"en": "row {row}: {currency} on {day} is already on row {first}",
                                 "fr": "ligne {row} : {currency} au {day} figure déjà ligne {first}"},
    # Pages: deals left out of amounts.
    "currency.left_out.single": {
        "en": "1 deal in {currency} is left out of the amounts: no exchange rate for {currency} — add rates on the "
              "Import page.",
        "fr": "1 affaire en {currency} est écartée des montants : aucun taux de change pour {currency} — ajoutez des "
              "taux sur la page Import.",
    },
    "currency.left_out.one": {
        "en": "{count} deals in {currency} are left out of the amounts: no exchange rate for {currency} — add "
              "rates on the Import page.",
        "fr": "{count} affaires en {currency} sont écartées des montants : aucun taux de change pour {currency} — "
              "ajoutez des taux sur la page Import.",
    },
    "currency.left_out.many": {
        "en": "{count} deals are left out of the amounts: no exchange rate for {currencies} — add rates on the "
              "Import page.",
        "fr": "{count} affaires sont écartées des montants : aucun taux de change pour {currencies} — ajoutez des "
              "taux sur la page Import.",
    },
    "currency.left_out.item": {"en": "{currency} ({count} deals)", "fr": "{currency} ({count} affaires)"},
    "currency.add_rates": {"en": "Add exchange rates", "fr": "Ajouter des taux de change"},
}
