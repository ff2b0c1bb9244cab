"""Messages of the figures that stay right on real exports: the revenue bridge without leads, pipelines."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "field.probability": {"en": "Win probability", "fr": "Probabilité de gain"},
    "figures.pipeline": {"en": "Pipeline", "fr": "Pipeline"},
    "figures.stages.pipeline": {
        "en": "Stages of the pipeline “{pipeline}”: status and funnel order",
        "fr": "Étapes du pipeline « {pipeline} » : statut et ordre dans l'entonnoir",
    },
    "figures.stages.guessed": {
        "en": "Stages seen for the first time are guessed from the file: the deals' outcomes and win probabilities, "
        "where the stage comes in the deals' histories, and its name. Check their status and order.",
        "fr": "Les étapes vues pour la première fois sont devinées d'après le fichier : l'issue et la probabilité de "
        "gain des affaires, la place de l'étape dans leur historique, et son nom. Vérifiez leur statut et leur "
        "ordre.",
    },
    "figures.stages.deals": {"en": "Deals in the file", "fr": "Affaires du fichier"},
    "figures.stages.saved": {
        "en": "Stages saved; {count} deals whose stage decides their status changed status.",
        "fr": "Étapes enregistrées ; {count} affaires dont l'étape décide du statut en ont changé.",
    },
    "figures.pipeline.option": {"en": "{name} ({deals} deals)", "fr": "{name} ({deals} affaires)"},
    "figures.pipeline.help": {
        "en": "Each pipeline has its own stages: its funnel and time in stage are shown one pipeline at a time.",
        "fr": "Chaque pipeline a ses propres étapes : son entonnoir et le temps par étape se lisent un pipeline à "
        "la fois.",
    },
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
