"""Messages of what a page shows differently on a large company, so that every session gets it fast."""

MESSAGES = {
    "load.pushed.listed": {
        "en": "The {shown} deals pushed back the most, of {count}; the downloads hold them all.",
        "fr": "Les {shown} affaires les plus reportées, sur {count} ; les téléchargements les contiennent toutes.",
    },
}
