"""Sign-in, accounts, roles and the Users page: who is signed in, what they may do, and who made each write."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "nav.users": {"en": "Users", "fr": "Utilisateurs"},
    "purpose.users": {
        "en": "Who may sign in, with which role, and whose figures each one sees.",
        "fr": "Qui peut se connecter, avec quel rôle, et les chiffres de qui chacun voit.",
    },
    "access.role.admin": {"en": "Admin", "fr": "Administrateur"},
    "access.role.manager": {"en": "Manager", "fr": "Manager"},
    "access.role.rep": {"en": "Rep", "fr": "Commercial"},
    "access.role_help.admin": {
        "en": "Imports, undoes and removes data, manages users, and does all a manager does.",
        "fr": "Importe, annule et supprime des données, gère les utilisateurs, et fait tout ce que fait un manager.",
    },
    "access.role_help.manager": {
        "en": "Writes objectives, actions, notes and decisions: for the whole company, or for their team only (and "
              "then sees that team only).",
        "fr": "Rédige objectifs, actions, notes et décisions : pour toute l'entreprise, ou pour son équipe seule "
              "(et ne voit alors que cette équipe).",
    },
    "access.role_help.rep": {
        "en": "Sees only their own deals, leads, figures and objectives: those of their names in the CRM data.",
        "fr": "Ne voit que ses propres affaires, leads, chiffres et objectifs : ceux de ses noms dans les données "
              "du CRM.",
    },
    "access.signed_in_as": {"en": "Signed in as **{name}** · {role}", "fr": "Connecté : **{name}** · {role}"},
    "access.signout": {"en": "Sign out", "fr": "Se déconnecter"},
    "access.local": {"en": "this machine", "fr": "ce poste"},
    "access.expired.title": {"en": "Your sign-in has expired", "fr": "Votre connexion a expiré"},
    "access.expired.body": {
        "en": "You signed in on {date}; SMART Pilot asks everyone to sign in again after {hours} hours.",
        "fr": "Vous vous êtes connecté le {date} ; SMART Pilot demande à chacun de se reconnecter au bout de "
              "{hours} heures.",
    },
    "access.expired.button": {"en": "Sign in again", "fr": "Se reconnecter"},
    "access.no_account.title": {"en": "No account in SMART Pilot", "fr": "Pas de compte dans SMART Pilot"},
    "access.no_account.body": {
        "en": "You are signed in as {email} but have no account in SMART Pilot: ask an admin ({admins}) to give "
              "you one.",
        "fr": "Vous êtes connecté en tant que {email} mais n'avez pas de compte dans SMART Pilot : demandez-en un "
              "à un administrateur ({admins}).",
    },
    "access.no_account.no_admin": {
        "en": "You are signed in as {email} but have no account in SMART Pilot, and no admin has been named yet: "
              "on the server, run `python -m smart users add EMAIL --role admin`.",
        "fr": "Vous êtes connecté en tant que {email} mais n'avez pas de compte dans SMART Pilot, et aucun "
              "administrateur n'a encore été nommé : sur le serveur, lancez `python -m smart users add EMAIL "
              "--role admin`.",
    },
    "access.no_account.no_email": {
        "en": "Your sign-in provider gave no e-mail address, and SMART Pilot knows its users by their e-mail: ask "
              "your IT team to let the provider share it (the \"email\" scope).",
        "fr": "Votre fournisseur de connexion n'a pas donné d'adresse e-mail, et SMART Pilot connaît ses "
              "utilisateurs par leur e-mail : demandez à votre service informatique de la partager (la portée "
              "« email »).",
    },
    "access.no_account.unverified": {
        "en": "Your sign-in provider says the address {email} is not verified: verify it with the provider, then "
              "sign in again.",
        "fr": "Votre fournisseur de connexion indique que l'adresse {email} n'est pas vérifiée : vérifiez-la "
              "auprès de lui, puis reconnectez-vous.",
    },
    "access.denied.page": {
        "en": "This page is not open to your role ({role}).",
        "fr": "Cette page n'est pas ouverte à votre rôle ({role}).",
    },
    "access.read_only": {
        "en": "You see this as {role}: writing objectives, actions and notes is for managers and admins.",
        "fr": "Vous voyez ceci en tant que {role} : rédiger objectifs, actions et notes revient aux managers et "
              "aux administrateurs.",
    },
    "access.not_your_team": {
        "en": "This objective is outside your team: you can read it, not change it.",
        "fr": "Cet objectif est hors de votre équipe : vous pouvez le lire, pas le modifier.",
    },
    "access.by": {"en": "By", "fr": "Par"},
    "access.when": {"en": "When", "fr": "Quand"},
    "access.note_by": {"en": "{who}, {when}", "fr": "{who}, {when}"},
    # The Users page.
    "users.col.email": {"en": "E-mail", "fr": "E-mail"},
    "users.col.name": {"en": "Name", "fr": "Nom"},
    "users.col.role": {"en": "Role", "fr": "Rôle"},
    "users.col.reps": {"en": "Names in the CRM data", "fr": "Noms dans les données du CRM"},
    "users.col.team": {"en": "Team", "fr": "Équipe"},
    "users.col.created_at": {"en": "Added on", "fr": "Ajouté le"},
    "users.col.created_by": {"en": "Added by", "fr": "Ajouté par"},
    "users.col.updated_at": {"en": "Changed on", "fr": "Modifié le"},
    "users.col.updated_by": {"en": "Changed by", "fr": "Modifié par"},
    "users.none": {
        "en": "No account yet: add the people of your team below (start with another admin).",
        "fr": "Aucun compte pour l'instant : ajoutez ci-dessous les personnes de votre équipe (en commençant par un "
              "autre administrateur).",
    },
    "users.local_note": {
        "en": "Sign-in is not configured: the app is used on this machine only, and whoever uses it acts as an "
              "admin. The accounts below apply once sign-in is configured (docs/deploy.md).",
        "fr": "La connexion n'est pas configurée : l'application ne sert que sur ce poste, et qui l'utilise agit en "
              "administrateur. Les comptes ci-dessous s'appliquent une fois la connexion configurée "
              "(docs/deploy.md).",
    },
    "users.add.header": {"en": "Add a user", "fr": "Ajouter un utilisateur"},
    "users.edit.header": {"en": "Change a user", "fr": "Modifier un utilisateur"},
    "users.pick": {"en": "User", "fr": "Utilisateur"},
    "users.form.email": {"en": "E-mail (as the sign-in provider gives it)",
                         "fr": "E-mail (tel que le fournisseur de connexion le donne)"},
    "users.form.name": {"en": "Name", "fr": "Nom"},
    "users.form.role": {"en": "Role", "fr": "Rôle"},
    "users.form.reps": {"en": "Their names in the CRM data", "fr": "Ses noms dans les données du CRM"},
    "users.form.reps_help": {
        "en": "A rep sees what these names own: pick every name they have across your CRMs.",
        "fr": "Un commercial voit ce que ces noms possèdent : choisissez chacun de ses noms dans vos CRM.",
    },
    "users.form.team": {"en": "Team", "fr": "Équipe"},
    "users.form.team_help": {
        "en": "A manager with a team sees and steers that team only; leave it empty for the whole company.",
        "fr": "Un manager avec une équipe ne voit et ne pilote que celle-ci ; laissez vide pour toute l'entreprise.",
    },
    "users.form.no_team": {"en": "No team", "fr": "Aucune équipe"},
    "users.form.add": {"en": "Add", "fr": "Ajouter"},
    "users.form.save": {"en": "Save", "fr": "Enregistrer"},
    "users.form.remove": {"en": "Remove", "fr": "Supprimer"},
    "users.added": {"en": "{email} can now sign in.", "fr": "{email} peut désormais se connecter."},
    "users.saved": {"en": "{email} is changed.", "fr": "{email} est modifié."},
    "users.removed": {"en": "{email} can no longer sign in.", "fr": "{email} ne peut plus se connecter."},
    "users.remove.confirm": {
        "en": "Remove the account of {email}? They will no longer be able to sign in; what they wrote stays.",
        "fr": "Supprimer le compte de {email} ? Cette personne ne pourra plus se connecter ; ce qu'elle a écrit "
              "reste.",
    },
    "users.remove.title": {"en": "Remove an account", "fr": "Supprimer un compte"},
    "users.error.role": {"en": "{role} is not a role.", "fr": "{role} n'est pas un rôle."},
    "users.error.missing": {"en": "{email} has no account.", "fr": "{email} n'a pas de compte."},
    "users.error.email": {"en": "{email} is not an e-mail address.", "fr": "{email} n'est pas une adresse e-mail."},
    "users.error.exists": {"en": "{email} already has an account.", "fr": "{email} a déjà un compte."},
    "users.error.rep_names": {
        "en": "A rep needs at least one of their names in the CRM data: they see what those names own.",
        "fr": "Un commercial a besoin d'au moins un de ses noms dans les données du CRM : il voit ce que ces noms "
              "possèdent.",
    },
    "users.error.last_admin": {
        "en": "{email} is the only admin: make someone else an admin first.",
        "fr": "{email} est le seul administrateur : nommez d'abord un autre administrateur.",
    },
    # Who made each write, on the pages that show it.
    "import_log.imported_by": {"en": "Imported by", "fr": "Importé par"},
    "import_log.undone_by": {"en": "Undone by", "fr": "Annulé par"},
    "objectives.revise.by": {"en": "By", "fr": "Par"},
    "objectives.actions.added_by": {"en": "Added by", "fr": "Ajoutée par"},
    "objectives.actions.added_on": {"en": "Added on", "fr": "Ajoutée le"},
    "review.scope.own": {"en": "Yours", "fr": "Les vôtres"},
}
