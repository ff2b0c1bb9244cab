"""Messages of the HTTP API's tokens on the Users page (an admin makes and revokes them there)."""

MESSAGES = {
    "tokens.header": {"en": "API tokens", "fr": "Jetons d'API"},
    "tokens.intro": {
        "en": "A token lets a script or the command line (`--server URL` with `SMART_TOKEN`) use this server's HTTP "
        "API as one user: with their role, on their figures only. Its secret is shown once, when it is made; only "
        "its fingerprint is kept.",
        "fr": "Un jeton permet à un script ou à la ligne de commande (`--server URL` avec `SMART_TOKEN`) d'utiliser "
        "l'API HTTP de ce serveur au nom d'un utilisateur : avec son rôle, sur ses seuls chiffres. Son secret n'est "
        "montré qu'une fois, à sa création ; seule son empreinte est conservée.",
    },
    "tokens.none": {"en": "No token yet.", "fr": "Aucun jeton pour l'instant."},
    "tokens.col.id": {"en": "No.", "fr": "N°"},
    "tokens.col.email": {"en": "Acts as", "fr": "Agit au nom de"},
    "tokens.col.name": {"en": "What for", "fr": "Usage"},
    "tokens.col.created_at": {"en": "Made on", "fr": "Créé le"},
    "tokens.col.created_by": {"en": "Made by", "fr": "Créé par"},
    "tokens.col.last_used_at": {"en": "Last used", "fr": "Dernière utilisation"},
    "tokens.col.revoked_at": {"en": "Revoked on", "fr": "Révoqué le"},
    "tokens.add.header": {"en": "Make a token", "fr": "Créer un jeton"},
    "tokens.form.user": {"en": "Acts as", "fr": "Agit au nom de"},
    "tokens.form.name": {"en": "What for (e.g. nightly import)", "fr": "Usage (p. ex. import de nuit)"},
    "tokens.form.add": {"en": "Make the token", "fr": "Créer le jeton"},
    "tokens.no_users": {
        "en": "A token acts as a user: add one above first.",
        "fr": "Un jeton agit au nom d'un utilisateur : ajoutez-en d'abord un ci-dessus.",
    },
    "tokens.made": {
        "en": "Token no. {id} acts as {email}. Copy its secret now: it is shown this once and cannot be found "
        "again.",
        "fr": "Le jeton n° {id} agit au nom de {email}. Copiez son secret maintenant : il n'est montré que cette "
        "fois et ne pourra pas être retrouvé.",
    },
    "tokens.revoke.pick": {"en": "Token to revoke", "fr": "Jeton à révoquer"},
    "tokens.revoke.button": {"en": "Revoke", "fr": "Révoquer"},
    "tokens.revoke.title": {"en": "Revoke a token", "fr": "Révoquer un jeton"},
    "tokens.revoke.confirm": {
        "en": "Revoke token no. {id} ({email})? Whatever uses it is refused from its next request; this cannot be "
        "undone.",
        "fr": "Révoquer le jeton n° {id} ({email}) ? Ce qui l'utilise est refusé dès sa prochaine requête ; c'est "
        "définitif.",
    },
    "tokens.revoked": {"en": "Token no. {id} is revoked.", "fr": "Le jeton n° {id} est révoqué."},
    "tokens.error.no_account": {
        "en": "{email} has no account: a token acts as a user.",
        "fr": "{email} n'a pas de compte : un jeton agit au nom d'un utilisateur.",
    },
    "tokens.error.missing": {"en": "There is no token no. {id}.", "fr": "Il n'y a pas de jeton n° {id}."},
    "tokens.error.unknown": {"en": "This token is not one this server knows.",
                             "fr": "Ce jeton n'est pas connu de ce serveur."},
    "tokens.error.revoked": {"en": "Token no. {id} was revoked.", "fr": "Le jeton n° {id} a été révoqué."},
    "tokens.error.user_gone": {
        "en": "Token no. {id} acts as {email}, who has no account any more.",
        "fr": "Le jeton n° {id} agit au nom de {email}, qui n'a plus de compte.",
    },
    "tokens.error.none": {"en": "No API token was given.", "fr": "Aucun jeton d'API n'a été donné."},
}
