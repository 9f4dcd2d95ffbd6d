#!/usr/bin/env python3
"""Writes a CSV of N made-up customers for `avv generate BASE --batch FILE`.

Usage: make-batch.py N OUT.csv [--bad ROW] [--base PROFILE.yaml BASE.json]

The columns are schema paths of the controller (the customer); the provider's own part
comes from the base profile (e.g. Templates/examples/intellekta.yaml). Every customer gets
a distinct company name and contract number, so each writes its own folder. With --bad ROW,
that customer (1-based) gets an invalid customer type, to see a rejection. With --base,
the provider's part of PROFILE (everything but `controller`) is written to BASE.json.
"""
import csv
import sys

COLUMNS = [
    "controller.company", "controller.legalForm", "controller.register.court",
    "controller.register.number", "controller.address.street", "controller.address.postcode",
    "controller.address.city", "controller.address.country", "controller.representedBy.name",
    "controller.representedBy.function", "controller.contact.name", "controller.contact.email",
    "controller.contact.phone", "controller.customerType", "controller.professionalSecrecy",
    "controller.dataCategories", "controller.dataSubjects[0]", "controller.dataSubjects[1]",
    "controller.contract.kind", "controller.contract.number", "controller.contract.date",
]
CITIES = [("Essen", "45131"), ("Köln", "50667"), ("Düsseldorf", "40213"), ("Münster", "48143"),
          ("Bonn", "53111"), ("Dortmund", "44135"), ("Aachen", "52062"), ("Bielefeld", "33602")]
NAMES = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf"]
TRADES = ["Steuerberatung", "Maschinenbau", "Logistik", "Zahnarztpraxis", "Immobilien",
          "Elektrotechnik", "Rechtsanwälte", "Druckerei"]


def row(i, bad):
    name = NAMES[i % len(NAMES)]
    trade = TRADES[(i // len(NAMES)) % len(TRADES)]
    city, postcode = CITIES[i % len(CITIES)]
    return [
        f"{name} {trade} GmbH Nr. {i}", "Gesellschaft mit beschränkter Haftung", f"Amtsgericht {city}",
        f"HRB {10000 + i}", f"Hauptstraße {1 + i % 200}", postcode, city, "DE",
        f"Anna {name}", "Geschäftsführerin", f"Ben {name}", f"it{i}@kunde-{i}.example",
        f"+49 201 000 {i:05d}", "b2b-invalid" if bad else "b2b", "true" if i % 3 == 0 else "false",
        "Kundendaten; Rechnungsdaten; Personaldaten", "Beschäftigte", "Kunden",
        "maintenance", f"WV-{2026}-{i:05d}", "2026-01-15",
    ]


def main():
    args = sys.argv[1:]
    bad = None
    if "--bad" in args:
        k = args.index("--bad")
        bad = int(args[k + 1])
        del args[k:k + 2]
    if "--base" in args:
        k = args.index("--base")
        import json
        import yaml
        with open(args[k + 1], encoding="utf-8") as f:
            profile = yaml.safe_load(f)
        profile.pop("controller", None)
        with open(args[k + 2], "w", encoding="utf-8") as f:
            json.dump(profile, f, ensure_ascii=False, indent=1)
        del args[k:k + 3]
    if len(args) != 2:
        sys.exit(__doc__)
    count, path = int(args[0]), args[1]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for i in range(1, count + 1):
            writer.writerow(row(i, i == bad))


if __name__ == "__main__":
    main()
