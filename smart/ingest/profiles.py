"""What each kind of file holds (canonical fields and their types), CRM profiles and English/French synonyms.

Headers are compared after ``normalise_header``: accents stripped, lower case, punctuation as single spaces,
so that "Deal - Value", "Date de clôture " and "StageName" become "deal value", "date de cloture", "stagename".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

KINDS = ("deals", "leads", "kpi", "objectives", "plan", "history", "rates")
PROFILES = ("hubspot", "salesforce", "pipedrive", "zoho", "generic")

# field -> type; helper fields (not stored as such) feed the stored ones.
FIELDS: dict[str, dict[str, str]] = {
    "deals": {
        "crm_id": "text", "title": "text", "account": "text", "owner": "text", "team": "text",
        "pipeline": "text", "stage": "text", "status": "text", "amount": "number", "currency": "text",
        "created_on": "date", "close_on": "date", "lead_source": "text", "deal_type": "text",
        "won_reason": "text", "lost_reason": "text", "product": "text",
        "is_won": "bool", "is_closed": "bool", "won_on": "date", "lost_on": "date", "expected_close_on": "date",
        "probability": "number",
    },
    "leads": {
        "crm_id": "text", "name": "text", "first_name": "text", "last_name": "text", "company": "text",
        "owner": "text", "team": "text", "lead_source": "text", "status": "text", "lifecycle": "text",
        "created_on": "date", "qualified_on": "date", "mql_on": "date", "sql_on": "date", "converted_on": "date",
        "is_converted": "bool",
    },
    "kpi": {"date": "date", "kpi": "text", "value": "number", "scope": "text", "grain": "text"},
    "objectives": {
        "title": "text", "kpi": "text", "scope_type": "text", "scope_value": "text", "direction": "text",
        "target_mode": "text", "target": "number", "statistic": "text", "grain": "text", "start": "date",
        "deadline": "date", "owner": "text", "theme": "text",
    },
    # A targets sheet: a month and a target, or one column per month (wide: no month nor target column), by the
    # company, a team, a rep or a product; ``kpi`` says which KPI the amounts are (a constant, or a column).
    "plan": {"month": "date", "amount": "number", "owner": "text", "team": "text", "product": "text", "kpi": "text"},
}
REQUIRED = {
    "deals": ("crm_id",),
    "leads": ("crm_id",),
    "kpi": ("date",),
    "objectives": ("title", "kpi", "target", "start", "deadline"),
    "plan": ("amount",),  # a wide sheet has none: smart.ingest.targets checks a plan's mapping itself
}
# A stage history file (smart/ingest/history.py): one row per change of an opportunity, with the opportunity's id
# (or its name, in reports without ids), when the change was made and what it changed: the stage, amount or close
# date it set (one column each), or, in a long layout, the field it changed and its new value.
FIELDS["history"] = {
    "crm_id": "text", "deal_name": "text", "changed_at": "date", "field": "text", "value": "text", "stage": "text",
    "amount": "number", "close_on": "date",
}
REQUIRED["history"] = ("changed_at",)  # and an id or a name, and something changed: checked by history.py
# Exchange rates (smart/ingest/rates.py): a day, a currency and a rate; a base currency when rows differ in theirs.
FIELDS["rates"] = {"rate_on": "date", "currency": "text", "rate": "number", "base": "text"}
REQUIRED["rates"] = ("rate_on", "currency", "rate")


def normalise_header(name: str) -> str:
    """A column name as compared with synonyms: lower case, without accents, runs of other characters as one space."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9#]+", " ", text).strip()


def _n(*names: str) -> tuple[str, ...]:
    return tuple(normalise_header(n) for n in names)


# Headers of real CRMs and spreadsheets, English and French, for each field (compared normalised). A header that
# contains one of them (``FUZZY``) is proposed too when the column's values agree (mapping.propose_fields).
_OWNER = ("Commercial", "Owner", "Deal owner", "Opportunity owner", "Sales rep", "Salesperson", "Sales person",
          "Rep", "Rep name", "Sales representative", "Sales owner", "Salesman", "Account executive", "AE",
          "Account manager", "Key account manager", "KAM", "Seller", "Agent", "Assigned to", "Assigned user",
          "Owner name", "Owner email", "Propriétaire", "Responsable", "Vendeur", "Vendeuse", "Chargé d'affaires",
          "Chargée d'affaires", "Ingénieur commercial", "Ingénieur d'affaires", "Chargé de compte",
          "Attaché commercial", "Attachée commerciale", "Conseiller", "Conseiller commercial", "Représentant",
          "Commercial responsable", "Suivi par", "Collaborateur", "Business developer")
_TEAM = ("Équipe", "Team", "Sales team", "Équipe commerciale", "Team name", "Agence", "Business unit", "BU",
         "Division", "Squad", "Groupe")
_SOURCE = ("Origine", "Lead source", "Source", "Origin", "Canal", "Channel", "Provenance", "Source du lead",
           "Deal source", "Opportunity source", "Acquisition channel", "Canal d'acquisition", "Source d'acquisition",
           "Origine de l'affaire", "Origine du lead", "Origine du contact", "Campaign", "Campagne",
           "Marketing source", "Original source", "Original source type", "Apporteur")

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "deals": {
        "crm_id": _n("ID affaire", "ID", "Deal ID", "Opportunity ID", "Record ID", "Identifiant", "ID opportunité",
                     "Référence", "Ref", "Reference", "Numéro", "N°", "No", "Num", "#", "N° affaire",
                     "Numéro d'affaire", "N° de dossier", "Numéro de dossier", "N° dossier", "Dossier",
                     "Deal number", "Deal #", "Opportunity number", "Code affaire", "Code", "Order", "Order number",
                     "Order no", "Order ID", "Order #", "Sales order", "N° commande", "N° de commande",
                     "Numéro de commande", "Commande", "Invoice", "Invoice number", "Invoice no", "Invoice ID",
                     "Invoice #", "N° facture", "N° de facture", "Numéro de facture", "Contrat", "N° contrat",
                     "N° de contrat", "Numéro de contrat", "Contract", "Contract number", "Contract ID",
                     "Quote number", "N° devis", "Numéro de devis"),
        "title": _n("Nom de l'affaire", "Title", "Name", "Deal name", "Opportunity name", "Deal title", "Nom",
                    "Affaire", "Intitulé", "Libellé", "Opportunité", "Opportunity", "Objet", "Titre", "Subject",
                    "Deal", "Project", "Projet", "Nom du projet", "Nom de l'opportunité", "Désignation",
                    "Description"),
        "account": _n("Société", "Account", "Account name", "Company", "Company name", "Organization",
                      "Organization name", "Organisation", "Client", "Nom du client", "Nom client", "Client name",
                      "Entreprise", "Customer", "Customer name", "Compte", "Raison sociale", "Associated company",
                      "Buyer", "Acheteur", "Sold to", "Bill to", "Donneur d'ordre", "Enseigne", "Tiers",
                      "Nom du tiers"),
        "owner": _n(*_OWNER),
        "team": _n(*_TEAM),
        "pipeline": _n("Pipeline", "Pipe", "Sales pipeline", "Pipeline name", "Processus de vente", "Tunnel de vente",
                       "Funnel"),
        "stage": _n("Étape", "Stage", "Deal stage", "Sales stage", "Phase", "Stade", "Étape de vente",
                    "Pipeline stage", "Opportunity stage", "Stage name", "Étape du pipeline", "Étape de l'affaire",
                    "Étape commerciale", "Phase de vente", "Avancement", "Step"),
        "status": _n("Statut", "Status", "Deal status", "State", "État", "Outcome", "Résultat", "Result",
                     "Opportunity status", "Statut de l'affaire", "Won/Lost", "Win/Loss", "Gagné/Perdu",
                     "Deal outcome", "Issue"),
        "amount": _n("Montant HT", "Amount", "Montant", "Value", "Deal value", "Valeur", "CA", "Chiffre d'affaires",
                     "Revenue", "Price", "Prix", "Montant total", "Total", "Amount HT", "Opportunity amount",
                     "Facture HTVA", "Facture HT", "Facture", "Total amount", "Deal amount", "Order total",
                     "Order value", "Order amount", "Invoice total", "Invoice amount", "Total HT", "Montant TTC",
                     "Total TTC", "Net amount", "Sales", "Sale amount", "Contract value", "Montant de l'affaire",
                     "Montant du contrat", "Montant commande", "Montant facture", "CA HT", "Subtotal",
                     "Sous-total HT", "Turnover"),
        "currency": _n("Currency", "Devise", "Monnaie", "Amount currency", "Currency code", "Code devise",
                       "Currency ISO code"),
        "created_on": _n("Date de création", "Created", "Create date", "Created date", "Creation date",
                         "Date created", "Créé le", "Date création", "Created at", "Created on", "Date dossier",
                         "Date d'ouverture", "Date ouverture", "Open date", "Opened", "Opened on", "Opened date",
                         "Created time", "Start", "Start date", "Date de début", "Date d'entrée", "Entry date",
                         "Date de saisie", "Date du premier contact", "First contact date", "Ouvert le"),
        "close_on": _n("Date de clôture", "Close date", "Closing date", "Closed date", "Date clôture",
                       "Date de fermeture", "Clôture", "Date de signature", "Date signature", "Date facture",
                       "Closed on", "Date de clôture prévue", "Signed on", "Signed date", "Signature date",
                       "Date signed", "Won date", "Order date", "Date de commande", "Date commande", "Invoice date",
                       "Date de facture", "Date de facturation", "Billing date", "Sale date", "Date de vente",
                       "Date vente", "Contract date", "Date du contrat", "Actual close date", "Date de conclusion",
                       "Booking date", "Signé le", "Clôturé le"),
        "expected_close_on": _n("Expected close date", "Date de clôture prévue", "Date prévue", "Expected close",
                                "Expected closing date", "Estimated close date", "Forecast close date",
                                "Target close date", "Date de clôture estimée", "Date de signature prévue",
                                "Date prévisionnelle"),
        "won_on": _n("Won date", "Won time", "Date de gain", "Won on", "Gagné le"),
        # Helps guess a stage's place and outcome (smart.ingest.stages); not stored on the deal.
        "probability": _n("Probability", "Probability (%)", "Deal probability", "Win probability", "Deal - Probability",
                          "Probabilité", "Probabilité (%)", "Probabilité de gain", "Probabilité de succès"),
        "lost_on": _n("Lost date", "Lost time", "Date de perte", "Lost on", "Perdu le"),
        "lead_source": _n(*_SOURCE),
        "deal_type": _n("Type", "Deal type", "Opportunity type", "Type d'affaire", "Type de vente", "Business type",
                        "Type of deal", "Nature", "Nature de l'affaire", "Type de client"),
        "won_reason": _n("Motif de gain", "Won reason", "Closed won reason", "Raison du gain", "Win reason",
                         "Reason won", "Motif gain"),
        "lost_reason": _n("Motif de perte", "Lost reason", "Closed lost reason", "Loss reason", "Reason for loss",
                          "Raison de la perte", "Motif perte", "Reason lost", "Cause de perte", "Motif de refus"),
        "product": _n("Product", "Produit", "Category", "Catégorie", "Gamme", "Ligne de produit", "Product line",
                      "Famille", "Product category", "Catégorie de produit", "Famille de produits", "Product name",
                      "Nom du produit", "Gamme de produits", "Product family"),
        "is_won": _n("Won", "Is won", "Gagné", "Gagnée", "Won?"),
        "is_closed": _n("Closed", "Is closed", "Clos", "Fermé", "Closed?"),
    },
    "leads": {
        "crm_id": _n("ID lead", "ID", "Lead ID", "Contact ID", "Record ID", "ID contact", "Identifiant", "Référence",
                     "ID prospect", "Prospect ID", "Person ID", "Lead number", "Contact number", "N° prospect",
                     "N° contact", "N° lead", "Ref", "Reference", "Numéro", "N°"),
        "name": _n("Contact", "Name", "Full name", "Lead name", "Contact name", "Nom complet", "Prospect", "Nom",
                   "Lead", "Person", "Personne", "Nom et prénom", "Prénom nom", "Nom du contact", "Nom du lead",
                   "Interlocuteur"),
        "first_name": _n("First name", "Prénom", "Firstname", "Given name"),
        "last_name": _n("Last name", "Nom de famille", "Lastname", "Surname", "Family name"),
        "company": _n("Société", "Company", "Account", "Organization", "Organisation", "Entreprise", "Company name",
                      "Associated company", "Company / Account", "Account name", "Customer", "Client",
                      "Raison sociale", "Organization name", "Employer", "Structure"),
        "owner": _n(*_OWNER, "Lead owner", "Contact owner", "Lead owner name", "Contact owner name"),
        "team": _n(*_TEAM),
        "lead_source": _n(*_SOURCE, "Lead source detail", "Latest source"),
        "status": _n("Statut", "Status", "Lead status", "État", "Statut du lead", "Statut du prospect",
                     "Lead stage", "Étape du lead", "Qualification", "Disposition"),
        "lifecycle": _n("Lifecycle stage", "Cycle de vie", "Étape du cycle de vie", "Lifecycle"),
        "created_on": _n("Date de création", "Create date", "Created date", "Created", "Creation date", "Created at",
                         "Created time", "Créé le", "Created on", "Date created", "Date d'entrée", "Entry date",
                         "Date de saisie", "Date d'ajout", "Date added", "Added on", "Opened",
                         "Date du premier contact", "First contact date"),
        "qualified_on": _n("Date de qualification", "Qualified date", "Qualification date", "Date qualifié",
                           "Qualified on", "Qualified at", "Date qualification", "Became qualified date"),
        "mql_on": _n("Became a marketing qualified lead date", "MQL date", "Date MQL"),
        "sql_on": _n("Became a sales qualified lead date", "SQL date", "Date SQL"),
        "converted_on": _n("Date de conversion", "Converted date", "Conversion date", "Converted on",
                           "Became a customer date", "Converted at", "Date converti", "Date de transformation",
                           "Became an opportunity date"),
        "is_converted": _n("Converted", "Is converted", "Converti", "Convertie", "Converted?", "Transformé"),
    },
    "kpi": {
        "date": _n("Date", "Period", "Période", "Month", "Mois", "Week", "Semaine", "Day", "Jour", "Year", "Année",
                   "Quarter", "Trimestre", "Month of order date", "Week of", "Month of", "Mois de"),
        "kpi": _n("Indicateur", "KPI", "Indicator", "Metric", "Mesure", "Measure", "Métrique", "KPI name",
                  "Indicator name", "Metric name", "Nom de l'indicateur"),
        "value": _n("Valeur", "Value", "Amount", "Montant", "Score", "Figure", "Actual", "Réalisé", "Résultat"),
        "scope": _n("Périmètre", "Scope", "Team", "Équipe", "Segment", "Category", "Catégorie", "Rep", "Commercial",
                    "Équipe commerciale", "Business unit", "Division"),
        "grain": _n("Grain", "Granularité", "Granularity", "Périodicité", "Frequency"),
    },
    "objectives": {
        "title": _n("title", "Titre", "Objective", "Objectif", "Intitulé", "Goal", "Name", "Nom", "Libellé"),
        "kpi": _n("kpi", "Indicateur", "Indicator", "Metric", "Mesure"),
        "scope_type": _n("scope_type", "Scope type", "Type de périmètre"),
        "scope_value": _n("scope_value", "Scope value", "Scope", "Périmètre"),
        "direction": _n("direction", "Sens"),
        "target_mode": _n("target_mode", "Target mode", "Mode de cible", "Mode"),
        "target": _n("target", "Cible", "Valeur cible", "Target value", "Goal value", "Objectif chiffré"),
        "statistic": _n("statistic", "Statistique"),
        "grain": _n("grain", "Granularité", "Périodicité"),
        "start": _n("start", "Début", "Date de début", "Start date", "From", "Du"),
        "deadline": _n("deadline", "Échéance", "End", "Fin", "Date de fin", "End date", "Due date", "Date limite",
                       "To", "Au"),
        "owner": _n("owner", "Responsable", "Propriétaire", "Pilote", "Owner name"),
        "theme": _n("theme", "Thème", "Axe", "Axe stratégique"),
    },
    "plan": {
        "month": _n("Month", "Mois", "Period", "Période", "Month of order date", "Month of close date", "Date",
                    "Mois de l'objectif", "Mois objectif", "Target month", "Year month", "Année mois", "Periode"),
        "amount": _n("Target", "Objectif", "Quota", "Budget", "Prévisionnel", "Plan", "Forecast", "Objectif CA",
                     "Objectif de CA", "Objectif commercial", "Objectif mensuel", "Monthly target", "Sales target",
                     "Revenue target", "Target revenue", "Target amount", "Quota amount", "Montant objectif",
                     "CA objectif", "Budget CA", "Prévision", "Prévisions", "Forecast amount", "Objectif de vente",
                     "Objectif ventes", "Objectif affaires", "Deals target", "Target deals"),
        "owner": _n("Commercial", "Rep", "Sales rep", "Owner", "Salesperson", "Vendeur", "Account executive",
                    "Chargé d'affaires", "Responsable", "Propriétaire"),
        "team": _n("Équipe", "Team", "Sales team", "Équipe commerciale"),
        "product": _n("Product", "Produit", "Category", "Catégorie", "Gamme", "Ligne de produit", "Product line",
                      "Famille", "Product category", "Catégorie de produit", "Famille de produits",
                      "Gamme de produits", "Product family"),
        "kpi": _n("KPI", "Indicateur", "Indicator", "Metric", "Mesure", "Measure"),
    },
}


SYNONYMS["history"] = {
    "crm_id": _n("Opportunity ID", "OpportunityId", "Deal ID", "DealId", "Deal - ID", "ID opportunité", "ID affaire",
                 "Opportunité ID", "Affaire ID", "Record ID", "Object ID", "ID"),
    "deal_name": _n("Opportunity Name", "Deal Name", "Deal - Title", "Nom de l'affaire", "Nom de l'opportunité",
                    "Affaire", "Opportunité"),
    "changed_at": _n("Changed at", "Changed on", "Change date", "Date of change", "Change time", "Changed date",
                     "Edit date", "Modified date", "Modified time", "Last modified", "Last modified date",
                     "Update time", "Updated at", "Timestamp", "Log time", "Date du changement",
                     "Date de changement", "Date de modification", "Modifié le", "Date", "Jour"),
    "field": _n("Field", "Field / Event", "Field name", "Field key", "Changed field", "Property", "Property name",
                "Property internal name", "Champ", "Champ modifié", "Propriété"),
    "value": _n("New value", "To value", "Property value", "Value", "Nouvelle valeur", "Valeur"),
    "stage": _n("To Stage", "Stage", "New stage", "StageName", "Deal stage", "Étape", "Nouvelle étape", "Phase",
                "Stade"),
    "amount": _n("Amount", "Montant", "Deal value", "Valeur de l'affaire", "Montant HT", "Value", "Valeur"),
    "close_on": _n("Close Date", "CloseDate", "Expected close date", "Closing date", "Date de clôture",
                   "Date de clôture prévue"),
}


SYNONYMS["rates"] = {
    "rate_on": _n("Date", "Day", "Jour", "Rate date", "Date du cours", "Date de cours", "As of", "Valid from",
                  "Effective date", "Date d'effet", "Time period", "TIME_PERIOD"),
    "currency": _n("Currency", "Devise", "Monnaie", "Currency code", "Code devise", "Code", "ISO", "ISO code",
                   "To currency", "Quote currency", "Target currency", "Devise cible", "Counter currency"),
    "rate": _n("Rate", "Taux", "Exchange rate", "Taux de change", "FX rate", "Cours", "Conversion rate", "Spot rate",
               "OBS_VALUE"),
    "base": _n("Base", "Base currency", "Devise de base", "From currency", "Source currency", "Devise source"),
}


@dataclass(frozen=True)
class Profile:
    """A CRM's export layout: the headers that identify it and where each canonical field lives."""

    name: str
    kind: str
    signature: tuple[str, ...]
    fields: dict[str, tuple[str, ...]]
    min_signature: int = 2
    zero_amount_is_missing: bool = False
    stages: tuple[tuple[str, str, float | None], ...] = ()  # (raw stage, status, probability) in funnel order
    notes: tuple[str, ...] = field(default_factory=tuple)  # i18n keys of what to tell the user
    requires: tuple[str, ...] = ()  # the profile applies only to a file with at least one of these headers


HUBSPOT_STAGES = (
    ("Appointment Scheduled", "open", 0.2), ("Qualified to Buy", "open", 0.4),
    ("Presentation Scheduled", "open", 0.6), ("Decision Maker Bought-In", "open", 0.8),
    ("Contract Sent", "open", 0.9), ("Closed Won", "won", 1.0), ("Closed Lost", "lost", 0.0),
)
SALESFORCE_STAGES = (
    ("Prospecting", "open", 0.1), ("Qualification", "open", 0.1), ("Discovery", "open", 0.2),
    ("Needs Analysis", "open", 0.2), ("Value Proposition", "open", 0.5), ("Id. Decision Makers", "open", 0.6),
    ("Perception Analysis", "open", 0.7), ("Proposal/Price Quote", "open", 0.75), ("Proposal/Quote", "open", 0.75),
    ("Negotiation/Review", "open", 0.9), ("Negotiation", "open", 0.9), ("Closed Won", "won", 1.0),
    ("Closed Lost", "lost", 0.0),
)

PROFILE_LIST: tuple[Profile, ...] = (
    Profile("salesforce", "deals", _n("StageName", "CloseDate", "IsWon", "IsClosed", "AccountId", "ForecastCategory"), {
        "crm_id": _n("Id"), "title": _n("Name"), "account": _n("Account.Name", "AccountName", "AccountId"),
        "owner": _n("Owner.Name", "OwnerName", "OwnerId"), "stage": _n("StageName"), "amount": _n("Amount"),
        "currency": _n("CurrencyIsoCode"), "created_on": _n("CreatedDate"), "close_on": _n("CloseDate"),
        "lead_source": _n("LeadSource"), "deal_type": _n("Type"), "is_won": _n("IsWon"), "is_closed": _n("IsClosed"),
        "lost_reason": _n("Loss_Reason__c", "Lost_Reason__c"), "pipeline": _n("Pipeline__c"),
    }, min_signature=3, stages=SALESFORCE_STAGES),
    Profile("salesforce", "deals", _n("Opportunity Name", "Opportunity Owner", "Stage", "Close Date",
                                      "Opportunity ID"), {
        "crm_id": _n("Opportunity ID", "Opportunity ID 18"), "title": _n("Opportunity Name"),
        "account": _n("Account Name"), "owner": _n("Opportunity Owner"), "stage": _n("Stage"),
        "amount": _n("Amount", "Amount (converted)"), "currency": _n("Amount Currency", "Opportunity Currency"),
        "created_on": _n("Created Date", "Create Date"), "close_on": _n("Close Date"), "lead_source": _n("Lead Source"),
        "deal_type": _n("Type"), "is_won": _n("Won"), "is_closed": _n("Closed"), "lost_reason": _n("Loss Reason"),
    }, min_signature=3, stages=SALESFORCE_STAGES),
    Profile("salesforce", "leads", _n("IsConverted", "ConvertedDate", "LeadSource", "ConvertedOpportunityId",
                                      "OwnerId"), {
        "crm_id": _n("Id"), "name": _n("Name"), "first_name": _n("FirstName"), "last_name": _n("LastName"),
        "company": _n("Company"), "owner": _n("OwnerId", "Owner.Name"), "lead_source": _n("LeadSource"),
        "status": _n("Status"), "created_on": _n("CreatedDate"), "converted_on": _n("ConvertedDate"),
        "is_converted": _n("IsConverted"),
    }, min_signature=3),
    Profile("salesforce", "leads", _n("Lead ID", "Lead Owner", "Lead Status", "Company / Account", "Converted Date"), {
        "crm_id": _n("Lead ID"), "first_name": _n("First Name"), "last_name": _n("Last Name"),
        "company": _n("Company / Account", "Company"), "owner": _n("Lead Owner"), "lead_source": _n("Lead Source"),
        "status": _n("Lead Status"), "created_on": _n("Create Date", "Created Date"),
        "converted_on": _n("Converted Date"), "is_converted": _n("Converted"),
    }, min_signature=3),
    Profile("hubspot", "deals", _n("Deal Stage", "Deal Name", "Deal Owner", "Create Date", "Pipeline"), {
        "crm_id": _n("Deal ID", "Record ID"), "title": _n("Deal Name"),
        "account": _n("Associated Company", "Associated Company Domain", "Company name"),
        "owner": _n("Deal Owner"), "pipeline": _n("Pipeline"), "stage": _n("Deal Stage"), "amount": _n("Amount"),
        "currency": _n("Currency", "Deal currency code"), "created_on": _n("Create Date"),
        "close_on": _n("Close Date"), "lead_source": _n("Original Source Type", "Original Source", "Lead Source"),
        "deal_type": _n("Deal Type"), "won_reason": _n("Closed Won Reason"), "lost_reason": _n("Closed Lost Reason"),
    }, min_signature=3, stages=HUBSPOT_STAGES),
    Profile("hubspot", "leads", _n("Lifecycle Stage", "Contact Owner", "Contact ID", "Lead Status", "First Name"), {
        "crm_id": _n("Contact ID", "Record ID"), "first_name": _n("First Name"), "last_name": _n("Last Name"),
        "company": _n("Associated Company", "Company Name", "Associated Company Domain"),
        "owner": _n("Contact Owner"), "lead_source": _n("Lead Source", "Original Source", "Original Source Type"),
        "status": _n("Lead Status"), "lifecycle": _n("Lifecycle Stage"), "created_on": _n("Create Date"),
        "mql_on": _n("Became a Marketing Qualified Lead Date"), "sql_on": _n("Became a Sales Qualified Lead Date"),
        "converted_on": _n("Became a Customer Date"),
    }, min_signature=3),
    Profile("pipedrive", "deals", _n("Deal - ID", "Deal - Title", "Deal - Value", "Deal - Status", "Deal - Stage"), {
        "crm_id": _n("Deal - ID"), "title": _n("Deal - Title"), "amount": _n("Deal - Value"),
        "currency": _n("Deal - Currency"), "account": _n("Deal - Organization", "Organization - Name"),
        "owner": _n("Deal - Owner", "Deal - Owner name"), "pipeline": _n("Deal - Pipeline"),
        "stage": _n("Deal - Stage"), "status": _n("Deal - Status"), "created_on": _n("Deal - Deal created"),
        "close_on": _n("Deal - Deal closed on", "Deal - Close date"), "won_on": _n("Deal - Won time"),
        "lost_on": _n("Deal - Lost time"), "expected_close_on": _n("Deal - Expected close date"),
        "lost_reason": _n("Deal - Lost reason"), "lead_source": _n("Deal - Source origin", "Deal - Source channel",
                                                                   "Deal - Source"),
    }, min_signature=3, zero_amount_is_missing=True,
        notes=("ingest.note.pipedrive_zero",)),
    Profile("pipedrive", "leads", _n("Person - ID", "Person - Name", "Person - Owner", "Person - Person created"), {
        "crm_id": _n("Person - ID"), "name": _n("Person - Name"), "company": _n("Person - Organization"),
        "owner": _n("Person - Owner"), "created_on": _n("Person - Person created"),
        "lead_source": _n("Person - Source origin"), "status": _n("Person - Label"),
    }, min_signature=3),
    Profile("zoho", "deals", _n("Deal Name", "Closing Date", "Created Time", "Deal Owner", "Stage", "Account Name"), {
        "crm_id": _n("Record Id", "Deal Id", "Id"), "title": _n("Deal Name"), "account": _n("Account Name"),
        "owner": _n("Deal Owner"), "pipeline": _n("Pipeline", "Layout"), "stage": _n("Stage"),
        "amount": _n("Amount"), "currency": _n("Currency"), "created_on": _n("Created Time"),
        "close_on": _n("Closing Date"), "lead_source": _n("Lead Source"), "deal_type": _n("Type"),
        "lost_reason": _n("Reason For Loss", "Reason For Loss  s"),
    }, min_signature=4),
    Profile("zoho", "leads", _n("Lead Owner", "Lead Status", "Created Time", "Record Id", "Company"), {
        "crm_id": _n("Record Id", "Lead Id", "Id"), "first_name": _n("First Name"), "last_name": _n("Last Name"),
        "name": _n("Full Name"), "company": _n("Company"), "owner": _n("Lead Owner"),
        "lead_source": _n("Lead Source"), "status": _n("Lead Status"), "created_on": _n("Created Time"),
        "is_converted": _n("Converted", "Is Converted"), "converted_on": _n("Converted Date Time"),
    }, min_signature=4),
)

# Stage history layouts (smart/ingest/history.py): Salesforce's OpportunityHistory object (API names), its
# Opportunity History and Opportunity Field History reports, HubSpot's deal property history (one row per property
# value) and Pipedrive's deal changelog (field, old value, new value).
PROFILE_LIST = (*PROFILE_LIST,
    Profile("salesforce", "history", _n("OpportunityId", "StageName", "CreatedDate", "CloseDate", "Amount",
                                        "ExpectedRevenue", "Probability", "ForecastCategory", "CreatedById",
                                        "PrevAmount", "PrevCloseDate"), {
        "crm_id": _n("OpportunityId"), "changed_at": _n("CreatedDate"), "stage": _n("StageName"),
        "amount": _n("Amount"), "close_on": _n("CloseDate"),
    }, min_signature=3, stages=SALESFORCE_STAGES, requires=_n("OpportunityId")),
    Profile("salesforce", "history", _n("Opportunity Name", "Opportunity ID", "Edit Date", "From Stage", "To Stage",
                                        "Field / Event", "Old Value", "New Value", "Stage Duration", "Amount",
                                        "Close Date", "Probability (%)", "Last Modified By"), {
        "crm_id": _n("Opportunity ID", "Opportunity ID 18"), "deal_name": _n("Opportunity Name"),
        "changed_at": _n("Edit Date", "Last Modified", "Last Modified Date"), "stage": _n("To Stage", "Stage"),
        "amount": _n("Amount"), "close_on": _n("Close Date"), "field": _n("Field / Event"),
        "value": _n("New Value"),
    }, min_signature=3, stages=SALESFORCE_STAGES, requires=_n("Edit Date", "To Stage", "Field / Event")),
    Profile("hubspot", "history", _n("Deal ID", "Record ID", "Property", "Property name", "Property internal name",
                                     "Value", "Timestamp", "Updated at", "Source type", "Change source",
                                     "Updated by user ID"), {
        "crm_id": _n("Deal ID", "Record ID"), "changed_at": _n("Timestamp", "Updated at", "Change date"),
        "field": _n("Property internal name", "Property name", "Property"), "value": _n("Value", "New value"),
    }, min_signature=3, stages=HUBSPOT_STAGES, requires=_n("Property", "Property name", "Property internal name")),
    Profile("pipedrive", "history", _n("Deal - ID", "Deal ID", "Field", "Field key", "Old value", "New value",
                                       "Update time", "Change time", "Log time", "Changed by", "Change source"), {
        "crm_id": _n("Deal - ID", "Deal ID"), "changed_at": _n("Update time", "Change time", "Log time", "Time"),
        "field": _n("Field", "Field key", "Field name"), "value": _n("New value"),
    }, min_signature=3, requires=_n("Old value", "New value")),
)


def detect_profile(headers: list[str], kind: str | None = None, wanted: str | None = None) -> Profile | None:
    """The CRM profile whose signature headers the file has (the most of them), if any."""
    present = {normalise_header(h) for h in headers}
    best: tuple[int, Profile] | None = None
    for profile in PROFILE_LIST:
        if kind and profile.kind != kind:
            continue
        if wanted and profile.name != wanted:
            continue
        if profile.requires and not any(r in present for r in profile.requires):
            continue
        hits = sum(1 for s in profile.signature if s in present)
        if hits >= profile.min_signature and (best is None or hits > best[0]):
            best = (hits, profile)
    return best[1] if best else None
