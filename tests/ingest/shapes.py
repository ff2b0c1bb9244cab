"""Synthetic files shaped like the exports managers really have, written by the tests themselves (no sample copied):
a French register, an orders file, a generic pipeline export, a register of signed deals, an invoices file, and a
file whose id and date columns no synonym knows. Each function returns the file's bytes and the rows it holds."""

from __future__ import annotations

import datetime as dt

REPS = ("Alice Martin", "Bruno Lefèvre", "Chloé Petit")


def french_register() -> tuple[bytes, list[dict]]:
    """cp1252, ``;``, a title line and a blank line above the header (line 3), an empty first column, ids under
    "Dossier client", "Montant HT" twice (the second is the discount), amounts like "37 296,77 €", dd/mm/yyyy."""
    rows = []
    lines = ["Registre des ventes 2024;;;;;;", ";;;;;;",
             ";Dossier client;Client;Date signature;Montant HT;Montant HT;Commercial"]
    for i in range(12):
        signed = dt.date(2024, 1 + i, 13 + i)
        amount = 37296.77 + 1000 * i
        discount = 10.5 * (i + 1)
        rep = REPS[i % 3]
        written = f"{amount:,.2f}".replace(",", "\u00a0" if i % 2 else " ").replace(".", ",") + " €"
        lines.append(f";DC-{1000 + i};Société {i};{signed:%d/%m/%Y};{written};{discount:.2f}".replace(".", ",")
                     + f";{rep}")
        rows.append({"crm_id": f"DC-{1000 + i}", "account": f"Société {i}", "close_on": signed,
                     "amount": round(amount, 2), "owner": rep})
    return ("\r\n".join(lines) + "\r\n").encode("cp1252"), rows


def orders() -> tuple[bytes, list[dict]]:
    """Order number, Order date, Customer, Total: an e-commerce or ERP orders export."""
    rows = [{"crm_id": f"SO-{5000 + i}", "close_on": dt.date(2023, 3, 1) + dt.timedelta(days=3 * i),
             "account": f"Customer {i % 4}", "amount": 1000.0 + 37 * i} for i in range(15)]
    lines = ["Order number,Order date,Customer,Total"]
    lines += [f"{r['crm_id']},{r['close_on']:%Y-%m-%d},{r['account']},{r['amount']:.2f}" for r in rows]
    return ("\n".join(lines) + "\n").encode(), rows


def pipeline() -> tuple[bytes, list[dict]]:
    """A generic pipeline export: the rep under "Account executive", the creation date under "Opened"."""
    stages = ("Discovery", "Proposal", "Negotiation", "Won", "Lost")
    rows = []
    lines = ["ID,Opportunity,Account executive,Opened,Expected close,Stage,Amount,Source"]
    for i in range(20):
        opened = dt.date(2023, 1, 5) + dt.timedelta(days=9 * i)
        close = opened + dt.timedelta(days=30 + i)
        row = {"crm_id": f"P{i}", "title": f"Deal {i}", "owner": REPS[i % 3], "created_on": opened,
               "close_on": close, "stage": stages[i % 5], "amount": 5000.0 + 250 * i}
        rows.append(row)
        lines.append(f"P{i},Deal {i},{row['owner']},{opened:%Y-%m-%d},{close:%Y-%m-%d},{row['stage']},"
                     f"{int(row['amount'])},Web")
    return ("\n".join(lines) + "\n").encode(), rows


def signed_register() -> tuple[bytes, list[dict]]:
    """A register of signed deals: an id, a client, the day it was signed and the amount; no stage or status."""
    rows = [{"crm_id": f"R{i}", "account": f"Client {i}", "close_on": dt.date(2022, 6, 1) + dt.timedelta(days=4 * i),
             "amount": 4000.0 + 111 * i} for i in range(10)]
    lines = ["Deal ID,Client,Signed on,Amount"]
    lines += [f"{r['crm_id']},{r['account']},{r['close_on']:%Y-%m-%d},{int(r['amount'])}" for r in rows]
    return ("\n".join(lines) + "\n").encode(), rows


def invoices() -> tuple[bytes, list[dict]]:
    """A French invoices export: N° facture, Date facture, Client, Total HT."""
    rows = [{"crm_id": f"F2024-{i:03d}", "close_on": dt.date(2024, 2, 1) + dt.timedelta(days=5 * i),
             "account": f"Client {i % 3}", "amount": 1200.5 + 10 * i} for i in range(8)]
    lines = ["N° facture;Date facture;Client;Total HT"]
    lines += [f"{r['crm_id']};{r['close_on']:%d/%m/%Y};{r['account']};{r['amount']:.2f}".replace(".", ",")
              for r in rows]
    return ("\n".join(lines) + "\n").encode("cp1252"), rows


def unknown_headers() -> tuple[bytes, list[dict]]:
    """A ledger whose id ("Pièce") and date ("Le") no synonym knows: the values alone point at them."""
    rows = [{"crm_id": f"FA-2024-{i:03d}", "close_on": dt.date(2024, 4, 2) + dt.timedelta(days=6 * i),
             "account": f"Tiers {i}", "amount": 800.0 + 50 * i} for i in range(9)]
    lines = ["Pièce;Le;Tiers;Montant"]
    lines += [f"{r['crm_id']};{r['close_on']:%d/%m/%Y};{r['account']};{r['amount']:.2f}".replace(".", ",")
              for r in rows]
    return ("\n".join(lines) + "\n").encode(), rows
