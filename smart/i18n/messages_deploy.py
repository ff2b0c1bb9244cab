"""Messages of a shared server: the page that asks for sign-in before anything is shown."""

MESSAGES = {
    "signin.required.title": {"en": "Sign in to SMART Pilot", "fr": "Connectez-vous à SMART Pilot"},
    "signin.required.body": {
        "en": "This SMART Pilot is shared by a team: sign in with your company account to see its figures.",
        "fr": "Ce SMART Pilot est partagé par une équipe : connectez-vous avec votre compte d'entreprise pour voir "
              "ses chiffres.",
    },
    "signin.required.button": {"en": "Sign in", "fr": "Se connecter"},
}
