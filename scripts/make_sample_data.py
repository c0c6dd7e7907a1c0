"""Generate the deterministic SalesDesk sample data set (Spanish "Región Centro").

Usage:  python scripts/make_sample_data.py [OUTPUT_DIR]

Writes territories, salespeople, customer_groups, customers, products, invoices, payments and
orders as CSV files (UTF-8, comma separated, ISO dates, money with exactly two decimals) into
OUTPUT_DIR, by default the repository's sample_data/ folder next to scripts/.

Everything comes from a single random.Random(2026) and fixed dates (the demo's "today" is
2026-11-28; nothing is dated later than 2026-11-27 except due dates), and all money is Decimal,
so re-running the script gives byte-identical files. Two customers and one order at the end of their files
are deliberate data-quality problems for ``salesdesk check`` (``DELIBERATE_CUSTOMERS``, ``DELIBERATE_ORDERS``:
they draw nothing from the random generator, so every other row is as before).

The plan files are not written here: plans.csv and group_demand.csv are kept by hand (2026: 12,500,000.00,
about 7.6 % over 2025), and targets.csv is the output of ``salesdesk plan breakdown --year 2026 --json`` on
the demo database built from the other files.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

TODAY = date(2026, 11, 28)
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = TODAY - timedelta(days=1)
HOLIDAYS = {(1, 1), (1, 6), (5, 1), (8, 15), (10, 12), (11, 1), (12, 6), (12, 8), (12, 25)}
CENT = Decimal("0.01")
MIN_INVOICE, MAX_INVOICE = Decimal("150.00"), Decimal("25000.00")

TERRITORIES = [
    ("CEN", "Región Centro", ""),
    ("MAD", "Madrid", "CEN"),
    ("CLM", "Castilla-La Mancha", "CEN"),
    ("CYL", "Castilla y León", "CEN"),
]
ZONE_CUSTOMERS = {"MAD": 80, "CLM": 44, "CYL": 56}  # 180 customers, then the 2 of DELIBERATE_CUSTOMERS

SALESPEOPLE = [  # code, first name, surnames, mobile, zone, hire date, status
    ("V01", "Lucía", "Fernández Ortega", "+34 612 458 903", "MAD", "2015-03-02", "active"),
    ("V02", "Javier", "Martín Robles", "+34 655 210 784", "MAD", "2017-09-18", "active"),
    ("V03", "Marta", "Sanz Delgado", "+34 678 332 145", "MAD", "2021-01-11", "on_leave"),
    ("V04", "Carlos", "Moreno Gil", "+34 629 871 056", "CLM", "2016-05-23", "active"),
    ("V05", "Elena", "Ruiz Castillo", "+34 644 097 318", "CLM", "2019-10-07", "active"),
    ("V06", "Alberto", "Díez Herrero", "+34 691 563 227", "CYL", "2018-02-12", "active"),
    ("V07", "Raquel", "Alonso Prieto", "+34 636 748 590", "CYL", "2020-06-01", "active"),
    ("V08", "Diego", "Gómez Pascual", "+34 667 125 439", "CYL", "2024-01-08", "active"),
]
#: Roles in the Team room (course requirements); everyone else is a sales_rep.
ROLES = {"V01": "team_lead", "V02": "key_account", "V07": "key_account"}
#: V03's customers handed over during her leave (sample_data/assignments.csv holds the history): the
#: customers file lists who has them now; invoices keep V03, who issued them.
HANDOVERS = {"C0013": "V02", "C0044": "V02", "C0133": "V02", "C0171": "V02", "C0094": "V01", "C0050": "V01"}

GROUPS = [
    ("DIST", "Distribuidores"),
    ("HOR", "Hostelería"),
    ("IND", "Industria"),
    ("RET", "Comercio minorista"),
]
GROUP_WEIGHTS = {"DIST": 20, "HOR": 35, "IND": 20, "RET": 25}
GROUP_FACTOR = {
    "DIST": Decimal("1.35"),
    "IND": Decimal("1.25"),  # amount factor by customer group
    "HOR": Decimal("0.85"),
    "RET": Decimal("0.95"),
}

CITIES = {  # zone -> (town, landline prefix, province code used in the CIF, weight)
    "MAD": [
        ("Madrid", "91", "28", 8),
        ("Alcalá de Henares", "91", "28", 2),
        ("Getafe", "91", "28", 2),
        ("Móstoles", "91", "28", 2),
        ("Leganés", "91", "28", 2),
        ("Fuenlabrada", "91", "28", 1),
        ("Alcobendas", "91", "28", 1),
        ("Torrejón de Ardoz", "91", "28", 1),
    ],
    "CLM": [
        ("Toledo", "925", "45", 3),
        ("Talavera de la Reina", "925", "45", 2),
        ("Albacete", "967", "02", 3),
        ("Ciudad Real", "926", "13", 2),
        ("Guadalajara", "949", "19", 2),
        ("Cuenca", "969", "16", 1),
    ],
    "CYL": [
        ("Valladolid", "983", "47", 4),
        ("Burgos", "947", "09", 2),
        ("León", "987", "24", 2),
        ("Salamanca", "923", "37", 2),
        ("Segovia", "921", "40", 1),
        ("Ávila", "920", "05", 1),
        ("Zamora", "980", "49", 1),
    ],
}

NAME_PREFIXES = {
    "DIST": ["Distribuciones", "Suministros", "Comercial", "Almacenes", "Representaciones"],
    "HOR": ["Restaurante", "Hotel", "Asador", "Mesón", "Cafetería", "Catering", "Grupo Hostelero"],
    "IND": ["Industrias", "Talleres", "Conservas", "Cárnicas", "Lácteos", "Embutidos", "Panificadora"],
    "RET": ["Supermercados", "Autoservicio", "Ferretería", "Electrodomésticos", "Carnicería", "Pastelería"],
}
PLACES = [
    "Ebro",
    "Duero",
    "Tajo",
    "Pisuerga",
    "Jarama",
    "Henares",
    "Tormes",
    "Guadiana",
    "Júcar",
    "Esla",
    "Gredos",
    "Guadarrama",
    "Moncayo",
    "La Mancha",
    "El Bierzo",
    "Sierra Norte",
    "Los Arcos",
    "La Meseta",
    "El Mirador",
    "Castilla",
    "Alcázar",
    "San Isidro",
    "El Pinar",
    "La Alameda",
    "Los Olmos",
    "Cervantes",
    "La Encina",
    "La Vega",
    "Tierra de Campos",
    "La Ribera",
    "Los Molinos",
    "El Campillo",
]
SURNAMES = [
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Martín",
    "Jiménez",
    "Hernández",
    "Díaz",
    "Moreno",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Alonso",
    "Gutiérrez",
    "Navarro",
    "Torres",
    "Domínguez",
    "Vázquez",
    "Ramos",
    "Gil",
    "Serrano",
    "Blanco",
    "Molina",
    "Castro",
    "Ortiz",
    "Rubio",
    "Marín",
    "Sanz",
    "Núñez",
    "Medina",
    "Garrido",
    "Cortés",
    "Lozano",
    "Herrero",
    "Calvo",
    "Prieto",
    "Cano",
    "Pascual",
    "Vicente",
    "Bravo",
]
LEGAL_FORMS = [("S.L.", "B", 70), ("S.A.", "A", 18), ("S.L.U.", "B", 8), ("S.Coop.", "F", 4)]

PRODUCTS = [  # name, product line, list price, max discount %, needs installation
    ("Split mural inverter 12000 BTU", "Climatización", "890.00", "15.00", "yes"),
    ("Split de conductos 24000 BTU", "Climatización", "2450.00", "15.00", "yes"),
    ("Cassette 4 vías 10 kW", "Climatización", "3380.00", "12.00", "yes"),
    ("Bomba de calor aerotermia 12 kW", "Climatización", "6900.00", "10.00", "yes"),
    ("Enfriadora compacta 40 kW", "Climatización", "11850.00", "8.00", "yes"),
    ("Cortina de aire 150 cm", "Climatización", "640.00", "20.00", "no"),
    ("Armario refrigerado 2 puertas", "Refrigeración", "1890.00", "15.00", "no"),
    ("Cámara frigorífica modular 2x2 m", "Refrigeración", "7400.00", "10.00", "yes"),
    ("Mural frigorífico 250 cm", "Refrigeración", "5250.00", "12.00", "yes"),
    ("Fabricador de hielo 45 kg", "Refrigeración", "1320.00", "20.00", "no"),
    ("Abatidor de temperatura 5 bandejas", "Refrigeración", "3150.00", "10.00", "yes"),
    ("Equipo de frío industrial 3 CV", "Refrigeración", "4680.00", "10.00", "yes"),
    ("Cocina 6 fuegos con horno", "Cocinas industriales", "4290.00", "12.00", "yes"),
    ("Horno mixto 10 bandejas", "Cocinas industriales", "9800.00", "8.00", "yes"),
    ("Freidora eléctrica doble 2x10 l", "Cocinas industriales", "1150.00", "15.00", "no"),
    ("Plancha de asar a gas 80 cm", "Cocinas industriales", "980.00", "15.00", "no"),
    ("Campana extractora mural 3 m", "Cocinas industriales", "2750.00", "12.00", "yes"),
    ("Lavavajillas de capota", "Cocinas industriales", "3620.00", "10.00", "yes"),
    ("Compresor hermético 1 CV", "Repuestos", "385.00", "5.00", "no"),
    ("Kit de carga refrigerante R32 (3 kg)", "Repuestos", "149.00", "5.00", "no"),
    ("Termostato digital universal", "Repuestos", "62.50", "10.00", "no"),
    ("Filtro deshidratador rosca 3/8", "Repuestos", "15.00", "10.00", "no"),
    ("Ventilador evaporador 230 V", "Repuestos", "118.00", "5.00", "no"),
    ("Resistencia de horno 3 kW", "Repuestos", "74.90", "10.00", "no"),
]

# Invoicing pattern: invoices per month by tier, amount range (euros) by tier, seasonality by month
# (summer air conditioning peak, August/January dip) and a linear yearly growth of the amounts.
TIER_COUNTS = {"A": 27, "B": 63, "C": 90}
INVOICES_PER_MONTH = {"A": 4.0, "B": 1.6, "C": 0.75}
AMOUNT_RANGE = {"A": (1200, 14000), "B": (500, 6000), "C": (180, 2200)}
SEASON = [0.75, 0.9, 1.0, 1.05, 1.25, 1.45, 1.4, 0.6, 1.0, 1.0, 0.95, 0.85]
GROWTH_PER_MONTH = Decimal("0.0035")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def next_workday(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


WORKDAYS = [FIRST_DAY + timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
WORKDAYS = [d for d in WORKDAYS if is_workday(d)]


def ascii_slug(text: str) -> str:
    plain = text.lower().translate(str.maketrans("áéíóúüñç", "aeiouunc"))
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def random_date(rng: random.Random, lo: date, hi: date) -> date:
    return date.fromordinal(rng.randint(lo.toordinal(), hi.toordinal()))


def phone(rng: random.Random, prefix: str) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
    return f"+34 {digits[:3]} {digits[3:6]} {digits[6:]}"


def cif(rng: random.Random, letter: str, province: str) -> str:
    """Spanish CIF: letter, 2-digit province, 5 digits and the official control digit."""
    body = province + "".join(str(rng.randint(0, 9)) for _ in range(5))
    even = sum(int(ch) for ch in body[1::2])
    odd = sum(sum(divmod(2 * int(ch), 10)) for ch in body[0::2])
    return f"{letter}{body}{(10 - (even + odd) % 10) % 10}"


def company_name(rng: random.Random, group: str) -> str:
    prefix, place = rng.choice(NAME_PREFIXES[group]), rng.choice(PLACES)
    s1, s2 = rng.sample(SURNAMES, 2)
    return rng.choice(
        [
            f"{prefix} {place}",
            f"{prefix} {place}",
            f"{prefix} {s1}",
            f"Hermanos {s1}",
            f"{s1} e Hijos",
            f"{s1} y {s2}",
        ]
    )


def make_customers(rng: random.Random) -> list[dict]:
    tiers = [t for t, n in TIER_COUNTS.items() for _ in range(n)]
    zones = [z for z, n in ZONE_CUSTOMERS.items() for _ in range(n)]
    rng.shuffle(tiers)
    rng.shuffle(zones)
    recent = set(rng.sample(range(len(tiers)), 10))  # customers since 2025 or later
    hires = {code: date.fromisoformat(hired) for code, *_, hired, _ in SALESPEOPLE}
    slugs, tax_ids, customers = set(), set(), []
    for i, (tier, zone) in enumerate(zip(tiers, zones, strict=True)):
        group = rng.choices(list(GROUP_WEIGHTS), weights=list(GROUP_WEIGHTS.values()))[0]
        suffix, letter, _ = rng.choices(LEGAL_FORMS, weights=[w for *_, w in LEGAL_FORMS])[0]
        base = company_name(rng, group)
        while ascii_slug(base) in slugs:
            base = company_name(rng, group)
        slugs.add(ascii_slug(base))
        town, prefix, province, _ = rng.choices(CITIES[zone], weights=[c[3] for c in CITIES[zone]])[0]
        tax_id = cif(rng, letter, province)
        while tax_id in tax_ids:
            tax_id = cif(rng, letter, province)
        tax_ids.add(tax_id)
        rep = rng.choice([s[0] for s in SALESPEOPLE if s[4] == zone])
        limit_steps = {"A": (120, 300), "B": (40, 160), "C": (10, 60)}[tier]  # x 500 euros
        if i in recent:
            since = random_date(rng, date(2025, 1, 1), date(2026, 6, 30))
        else:
            since = random_date(rng, date(2012, 1, 1), date(2023, 12, 31))
        terms = rng.choices([30, 45, 60, 90], [25, 15, 45, 15])[0]
        limit = money(Decimal(500 * rng.randint(*limit_steps)))
        customers.append(
            {
                "name": f"{base} {suffix}",
                "tax_id": tax_id,
                "territory": zone,
                "group": group,
                "salesperson": rep,
                "tier": tier,
                "terms_days": terms,
                "credit_limit": limit,
                "city": town,
                "email": f"compras@{ascii_slug(base)}.example",
                "phone": phone(rng, prefix),
                "customer_since": since,
                "start": max(FIRST_DAY, since, hires[rep]),  # first possible invoice
            }
        )
    customers.sort(key=lambda c: c["customer_since"])  # codes are handed out in order of arrival
    for i, cust in enumerate(customers, start=1):
        cust["code"] = f"C{i:04d}"
    for i in rng.sample(range(len(customers)), 5):
        customers[i]["credit_limit"] = None  # no credit limit agreed
    return customers


def invoice_amount(rng: random.Random, cust: dict, day: date) -> Decimal:
    lo, hi = AMOUNT_RANGE[cust["tier"]]
    cents = min(rng.randint(lo * 100, hi * 100), rng.randint(lo * 100, hi * 100))  # skewed to small
    months = (day.year - FIRST_DAY.year) * 12 + day.month - 1
    value = Decimal(cents) / 100 * GROUP_FACTOR[cust["group"]] * (1 + GROWTH_PER_MONTH * months)
    return min(max(money(value), MIN_INVOICE), MAX_INVOICE)


def make_invoices(rng: random.Random, customers: list[dict]) -> list[dict]:
    by_month: dict[tuple[int, int], list[date]] = {}
    for day in WORKDAYS:
        by_month.setdefault((day.year, day.month), []).append(day)
    invoices = []
    for cust in customers:  # regular buyers: the seasonal monthly rate, rounded up or down at random
        for (_, month), month_days in by_month.items():
            days = [d for d in month_days if d >= cust["start"]]
            expected = INVOICES_PER_MONTH[cust["tier"]] * SEASON[month - 1] * len(days) / len(month_days)
            count = min(len(days), int(expected) + (rng.random() < expected - int(expected)))
            for day in sorted(rng.sample(days, count)):
                invoices.append(
                    {
                        "customer": cust,
                        "issue_date": day,
                        "due_date": day + timedelta(days=cust["terms_days"]),
                        "amount": invoice_amount(rng, cust, day),
                    }
                )
    # Credit notes: 2-10 % of a recent invoice of the same customer, issued 3-25 days after it.
    for inv in rng.sample([i for i in invoices if i["issue_date"] <= LAST_DAY - timedelta(days=30)], 60):
        day = next_workday(inv["issue_date"] + timedelta(days=rng.randint(3, 25)))
        amount = -money(inv["amount"] * Decimal(rng.randint(2, 10)) / 100)
        invoices.append({"customer": inv["customer"], "issue_date": day, "due_date": day, "amount": amount})
    rng.shuffle(invoices)
    invoices.sort(key=lambda i: i["issue_date"])  # stable: random order within a day
    per_year: dict[int, int] = {}
    for inv in invoices:
        year = inv["issue_date"].year
        per_year[year] = per_year.get(year, 0) + 1
        inv["number"] = f"F{year}-{per_year[year]:06d}"
    return invoices


def make_payments(rng: random.Random, customers: list[dict], invoices: list[dict]) -> list[dict]:
    established = [c for c in customers if c["customer_since"] < FIRST_DAY]
    debtors = rng.sample([c for c in established if c["tier"] == "A"], 2)
    debtors += rng.sample([c for c in established if c["tier"] == "B"], 3)
    late = rng.sample([c for c in customers if c not in debtors], 15)
    for cust in customers:
        cust["habit"] = "debtor" if cust in debtors else "late" if cust in late else "normal"
        cust["bias"] = rng.randint(-3, 6)  # normal payers: usual days after the due date
        cust["stops_paying"] = random_date(rng, date(2025, 12, 1), date(2026, 4, 30))

    payments: list[dict] = []

    def pay(inv: dict, day: date, amount: Decimal) -> None:
        if day <= LAST_DAY:
            payments.append({"customer": inv["customer"], "date": day, "amount": amount, "invoice": inv})

    for inv in invoices:
        cust = inv["customer"]
        if inv["amount"] < 0 or (cust["habit"] == "debtor" and inv["issue_date"] >= cust["stops_paying"]):
            continue  # credit notes are never paid; debtors stopped paying at some point
        if rng.random() < 0.001:
            continue  # the odd disputed invoice that nobody pays
        if cust["habit"] == "late":
            delay = rng.randint(30, 120)
        elif cust["habit"] == "debtor":
            delay = rng.randint(10, 60)
        else:
            delay = max(-10, min(10, cust["bias"] + rng.randint(-5, 5)))
        day = inv["due_date"] + timedelta(days=delay)
        day = next_workday(max(inv["issue_date"] + timedelta(days=1), day))
        if rng.random() < 0.03:  # paid in two instalments
            first = money(inv["amount"] * Decimal(rng.randint(30, 70)) / 100)
            pay(inv, day, first)
            pay(inv, next_workday(day + timedelta(days=rng.randint(14, 45))), inv["amount"] - first)
        else:
            pay(inv, day, inv["amount"])

    # On-account payments (no invoice named): pick single full payments whose invoice will be the
    # customer's oldest open invoice, whichever way the app applies them (by date or overall).
    paid_by: dict[str, list[dict]] = {}
    for p in payments:
        paid_by.setdefault(p["invoice"]["number"], []).append(p)
    with_credit_notes = {i["customer"]["code"] for i in invoices if i["amount"] < 0}
    candidates = [c for c in customers if c["habit"] != "debtor" and c["code"] not in with_credit_notes]
    chosen = 0
    for cust in rng.sample(candidates, len(candidates)):
        options, older_paid_until = [], date.min
        for inv in (i for i in invoices if i["customer"] is cust):
            pays = paid_by.get(inv["number"], [])
            if sum(p["amount"] for p in pays) != inv["amount"]:
                break
            if len(pays) == 1 and pays[0]["date"] > older_paid_until:
                options.append(pays[0])
            older_paid_until = max([older_paid_until] + [p["date"] for p in pays])
        if options and chosen < 40:
            rng.choice(options)["invoice"] = None
            chosen += 1
    rng.shuffle(payments)
    payments.sort(key=lambda p: p["date"])
    for n, p in enumerate(payments, start=1):
        p["reference"] = f"COB-{n:06d}"
    return payments


def make_orders(rng: random.Random, customers: list[dict]) -> list[dict]:
    orders = []
    for status in ["open"] * 60 + ["cancelled"] * 20 + ["invoiced"] * 320:
        if status == "open":
            lo, hi = TODAY - timedelta(days=45), LAST_DAY
        else:
            lo, hi = FIRST_DAY, LAST_DAY - timedelta(days=7 if status == "invoiced" else 0)
        day = rng.choice([d for d in WORKDAYS if lo <= d <= hi])
        active = [c for c in customers if c["start"] <= day]
        cust = rng.choices(active, weights=[{"A": 6, "B": 3, "C": 1}[c["tier"]] for c in active])[0]
        amount = invoice_amount(rng, cust, day)
        orders.append({"customer": cust, "date": day, "amount": amount, "status": status})
    rng.shuffle(orders)
    orders.sort(key=lambda o: o["date"])
    for n, order in enumerate(orders, start=1):
        order["number"] = f"PED-{n:06d}"
    return orders


# --------------------------------------------------------------------------- deliberate data-quality problems
#: Rows added by hand at the end of the customers and orders files, after every random draw (so no other
#: row changes), for the demo's ``salesdesk check`` to find; the docstring of scripts/make_market_data.py
#: lists them. C0181 duplicates C0001 (same tax id, the name keyed again in capitals); C0182 is C0023
#: with a typo, other punctuation and no tax id. Neither has a *customer since* date (keyed in a hurry).
DELIBERATE_CUSTOMERS = [
    {
        "code": "C0181",
        "name": "FERNANDEZ Y ORTIZ, S.L.",
        "tax_id": "B28851483",
        "territory": "MAD",
        "group": "RET",
        "salesperson": "V01",
        "tier": "C",
        "terms_days": 30,
        "credit_limit": Decimal("12500.00"),
        "city": "Madrid",
        "email": "administracion@fernandez-y-ortiz.example",
        "phone": "+34 911 560 408",
        "customer_since": None,
    },
    {
        "code": "C0182",
        "name": "Representaciones El Campilo, SL",
        "tax_id": "",
        "territory": "MAD",
        "group": "DIST",
        "salesperson": "V01",
        "tier": "C",
        "terms_days": 60,
        "credit_limit": None,
        "city": "Madrid",
        "email": "pedidos@representaciones-el-campilo.example",
        "phone": "+34 916 929 844",
        "customer_since": None,
    },
]
#: An order on the duplicate C0181 still open since July (more than 90 days on TODAY); it takes the next
#: number of the series, so it stands out of date order at the end of the file.
DELIBERATE_ORDERS = [("C0181", date(2026, 7, 15), Decimal("1860.40"), "open")]


def add_deliberate_problems(customers: list[dict], orders: list[dict]) -> None:
    customers.extend(dict(c) for c in DELIBERATE_CUSTOMERS)
    by_code = {c["code"]: c for c in customers}
    for code, day, amount, status in DELIBERATE_ORDERS:
        number = f"PED-{len(orders) + 1:06d}"
        orders.append(
            {"customer": by_code[code], "date": day, "amount": amount, "status": status, "number": number}
        )


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(money(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(folder: Path, name: str, header: str, rows: list[tuple]) -> None:
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header.split(","))
        writer.writerows([fmt(v) for v in row] for row in rows)


def fmt_es(value: object) -> str:
    """Spanish Excel style: 1.234,56 and 31/12/2026."""
    if isinstance(value, Decimal):
        whole, _, cents = f"{money(value):,.2f}".partition(".")
        return whole.replace(",", ".") + "," + cents
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return fmt(value)


def write_csv_es(folder: Path, name: str, header: str, rows: list[tuple]) -> None:
    """A file as Spanish Excel saves it: cp1252, semicolons, CRLF, decimal comma, day-first dates."""
    with open(folder / name, "w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(header.split(";"))
        writer.writerows([fmt_es(v) for v in row] for row in rows)


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "sample_data"
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2026)
    customers = make_customers(rng)
    invoices = make_invoices(rng, customers)
    payments = make_payments(rng, customers, invoices)
    orders = make_orders(rng, customers)
    add_deliberate_problems(customers, orders)  # marked rows at the end, no random draw

    def email(first: str, surnames: str) -> str:
        return f"{ascii_slug(first)}.{ascii_slug(surnames.split()[0])}@salesdesk.example"

    write_csv(folder, "territories.csv", "code,name,parent", TERRITORIES)
    write_csv(
        folder,
        "salespeople.csv",
        "code,name,email,phone,territory,hire_date,status,role",
        [
            (c, f"{f} {s}", email(f, s), p, z, h, st, ROLES.get(c, "sales_rep"))
            for c, f, s, p, z, h, st in SALESPEOPLE
        ],
    )
    write_csv(folder, "customer_groups.csv", "code,name", GROUPS)
    write_csv(
        folder,
        "customers.csv",
        "code,name,tax_id,territory,group,salesperson,tier,terms_days,"
        "credit_limit,city,email,phone,customer_since",
        [
            tuple(
                HANDOVERS.get(c["code"], c["salesperson"]) if k == "salesperson" else c[k]
                for k in (
                    "code",
                    "name",
                    "tax_id",
                    "territory",
                    "group",
                    "salesperson",
                    "tier",
                    "terms_days",
                    "credit_limit",
                    "city",
                    "email",
                    "phone",
                    "customer_since",
                )
            )
            for c in customers
        ],
    )
    write_csv(
        folder,
        "products.csv",
        "code,name,product_line,list_price,max_discount,needs_installation",
        [
            (f"P{n:03d}", name, line, Decimal(price), Decimal(disc), inst)
            for n, (name, line, price, disc, inst) in enumerate(PRODUCTS, start=1)
        ],
    )
    write_csv(
        folder,
        "invoices.csv",
        "number,customer,salesperson,issue_date,due_date,amount",
        [
            (
                i["number"],
                i["customer"]["code"],
                i["customer"]["salesperson"],
                i["issue_date"],
                i["due_date"],
                i["amount"],
            )
            for i in invoices
        ],
    )
    # Payments come as the ERP's Spanish Excel export (cobros.csv), the way a manager receives them.
    write_csv_es(
        folder,
        "cobros.csv",
        "Referencia;Cód. Cliente;Fecha cobro;Importe;Nº Factura",
        [
            (
                p["reference"],
                p["customer"]["code"],
                p["date"],
                p["amount"],
                p["invoice"]["number"] if p["invoice"] else None,
            )
            for p in payments
        ],
    )
    write_csv(
        folder,
        "orders.csv",
        "number,customer,salesperson,date,amount,status",
        [
            (
                o["number"],
                o["customer"]["code"],
                o["customer"]["salesperson"],
                o["date"],
                o["amount"],
                o["status"],
            )
            for o in orders
        ],
    )
    print(
        f"Wrote {len(customers)} customers, {len(invoices)} invoices, {len(payments)} payments, "
        f"{len(orders)} orders to {folder}"
    )


if __name__ == "__main__":
    main(sys.argv)
