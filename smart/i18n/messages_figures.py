"""Messages of the figures that stay right on real exports: the revenue bridge without leads, pipelines."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "field.probability": {"en": "Win probability", "fr": "Probabilité de gain"},
    "bridge.deals_effect": {"en": "Deals won", "fr": "Affaires gagnées"},
    "bridge.col.deals_effect": {"en": "Deals won effect", "fr": "Effet nombre d'affaires"},
    "figures.bridge.subtitle_deals": {
        "en": "Same days last year → number of deals won → deal size → this period",
        "fr": "Mêmes jours l'an dernier → nombre d'affaires gagnées → panier → cette période",
    },
    "figures.bridge.subtitle_mixed": {
        "en": "Same days last year → volume of leads → conversion → deals won → deal size → this period",
        "fr": "Mêmes jours l'an dernier → volume de leads → conversion → affaires gagnées → panier → cette période",
    },
    "figures.bridge.explain_deals": {
        "en": "No leads in one of the two periods: the change is split into the number of deals won and their "
        "size.",
        "fr": "Pas de leads sur l'une des deux périodes : la variation est répartie entre le nombre d'affaires "
        "gagnées et leur panier.",
    },
    "figures.bridge.explain_mixed": {
        "en": "Reps with leads in both periods are split by lead volume and conversion, the others by the number "
        "of deals won.",
        "fr": "Les commerciaux ayant des leads sur les deux périodes sont répartis par volume de leads et "
        "conversion, les autres par nombre d'affaires gagnées.",
    },
}
