"""Messages of a database that cannot be used: locked, damaged, too new, on a full disk or out of reach.

Each kind of ``smart.storage.StorageError`` has a title, a sentence saying what happened and one saying what to
do; the app shows them on a page, the command line prints them on one line.
"""

MESSAGES = {
    "storage.locked.title": {
        "en": "The database is in use by another program",
        "fr": "La base de données est utilisée par un autre programme",
    },
    "storage.locked.what": {
        "en": "Another program holds the database file {path}: {holder}.",
        "fr": "Un autre programme tient le fichier de base de données {path} : {holder}.",
    },
    "storage.locked.unknown": {
        "en": "Another program holds the database file {path}.",
        "fr": "Un autre programme tient le fichier de base de données {path}.",
    },
    "storage.locked.todo": {
        "en": "Wait for that program to finish or stop it (a python -m smart command, or a second SMART Pilot "
        "started on the same file), then try again.",
        "fr": "Attendez que ce programme se termine ou arrêtez-le (une commande python -m smart, ou un second "
        "SMART Pilot lancé sur le même fichier), puis réessayez.",
    },
    "storage.damaged.title": {
        "en": "The database file is damaged",
        "fr": "Le fichier de base de données est endommagé",
    },
    "storage.damaged.what": {
        "en": "{path} cannot be read as a SMART Pilot database: it is damaged, cut short, or not a database file.",
        "fr": "{path} ne peut pas être lu comme une base SMART Pilot : il est endommagé, tronqué, ou ce n'est pas "
        "un fichier de base de données.",
    },
    "storage.damaged.todo": {
        "en": "Restore it from a backup; or rename it, and its .wal file if there is one (keep them: they may be "
        "recoverable), then try again: SMART Pilot starts on an empty database and you can import your files "
        "again.",
        "fr": "Restaurez-le depuis une sauvegarde ; ou renommez-le, ainsi que son fichier .wal s'il en a un "
        "(gardez-les : ils sont peut-être récupérables), puis réessayez : SMART Pilot repart d'une base vide et "
        "vous pourrez importer de nouveau vos fichiers.",
    },
    "storage.damaged.journal": {
        "en": "The journal {wal} of the database {path} is damaged: the changes it holds cannot be read back.",
        "fr": "Le journal {wal} de la base de données {path} est endommagé : les modifications qu'il contient ne "
        "peuvent pas être relues.",
    },
    "storage.damaged.journal_todo": {
        "en": "Keep a copy of both files. Then restore them from a backup, or rename {wal} and try again: the "
        "database opens as it was before the changes the journal holds, which are left out.",
        "fr": "Gardez une copie des deux fichiers. Puis restaurez-les depuis une sauvegarde, ou renommez {wal} et "
        "réessayez : la base s'ouvre telle qu'elle était avant les modifications du journal, qui sont écartées.",
    },
    "storage.too_new.title": {
        "en": "The database comes from a newer version",
        "fr": "La base de données vient d'une version plus récente",
    },
    "storage.too_new.what": {
        "en": "{path} was written by a newer version of DuckDB than the one this SMART Pilot uses.",
        "fr": "{path} a été écrit par une version de DuckDB plus récente que celle de ce SMART Pilot.",
    },
    "storage.too_new.schema": {
        "en": "The database {path} has schema version {found}, but this version of SMART Pilot knows versions "
        "up to {latest}.",
        "fr": "La base de données {path} est au schéma version {found}, mais cette version de SMART Pilot ne "
        "connaît les versions que jusqu'à {latest}.",
    },
    "storage.too_new.todo": {
        "en": "Update SMART Pilot, or point SMART_DB / --db at another file.",
        "fr": "Mettez SMART Pilot à jour, ou faites pointer SMART_DB / --db vers un autre fichier.",
    },
    "storage.disk_full.title": {
        "en": "The disk is full",
        "fr": "Le disque est plein",
    },
    "storage.disk_full.what": {
        "en": "SMART Pilot could not write to the database {path}: the disk holding {folder} is full, or the file "
        "reached the size limit set for this program.",
        "fr": "SMART Pilot n'a pas pu écrire dans la base de données {path} : le disque qui contient {folder} est "
        "plein, ou le fichier a atteint la taille maximale permise à ce programme.",
    },
    "storage.disk_full.todo": {
        "en": "Free space on that disk, then try again. Everything saved before is kept; check that your last "
        "change is there, and make it again if it is not.",
        "fr": "Libérez de la place sur ce disque, puis réessayez. Tout ce qui était enregistré avant est conservé ; "
        "vérifiez que votre dernière modification est là, et refaites-la sinon.",
    },
    "storage.disk_full.journal": {
        "en": "SMART Pilot cannot open {path}: its journal {wal} ({megabytes} MB) holds saved changes that must "
        "first be written into the database, and the disk holding {folder} has not enough free space for them.",
        "fr": "SMART Pilot ne peut pas ouvrir {path} : son journal {wal} ({megabytes} Mo) contient des "
        "modifications enregistrées qu'il faut d'abord écrire dans la base, et le disque qui contient {folder} "
        "n'a pas assez de place libre pour elles.",
    },
    "storage.disk_full.journal_todo": {
        "en": "Free at least {megabytes} MB on that disk, then try again. Do not delete {wal}: it holds your "
        "latest changes.",
        "fr": "Libérez au moins {megabytes} Mo sur ce disque, puis réessayez. Ne supprimez pas {wal} : il "
        "contient vos dernières modifications.",
    },
    "storage.permission.title": {
        "en": "SMART Pilot may not use the database file",
        "fr": "SMART Pilot n'a pas accès au fichier de base de données",
    },
    "storage.permission.what": {
        "en": "The system refused SMART Pilot access to {file} (permission denied, or a read-only disk).",
        "fr": "Le système refuse à SMART Pilot l'accès à {file} (permission refusée, ou disque en lecture seule).",
    },
    "storage.permission.todo": {
        "en": "Give the user who runs SMART Pilot read and write access to {folder} and the files in it, then "
        "try again.",
        "fr": "Donnez à l'utilisateur qui lance SMART Pilot les droits de lecture et d'écriture sur {folder} et "
        "ses fichiers, puis réessayez.",
    },
    "storage.io.title": {
        "en": "The database cannot be used",
        "fr": "La base de données est inutilisable",
    },
    "storage.io.what": {
        "en": "SMART Pilot could not read or write the database {path}.",
        "fr": "SMART Pilot n'a pas pu lire ou écrire la base de données {path}.",
    },
    "storage.io.todo": {
        "en": "DuckDB's own message says why: put that right, then try again.",
        "fr": "Le message de DuckDB lui-même dit pourquoi : corrigez cela, puis réessayez.",
    },
    "storage.path": {"en": "Database file: {path}", "fr": "Fichier de base de données : {path}"},
    "storage.details": {"en": "Technical details", "fr": "Détails techniques"},
    "storage.retry": {"en": "Try again", "fr": "Réessayer"},
}
