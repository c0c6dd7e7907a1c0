"""Generate the demo's after-sales data: the installed base and service orders of the Service room.

Usage:  python scripts/make_service_data.py [OUTPUT_DIR]

Writes two CSV files (UTF-8, comma separated, ISO dates) into OUTPUT_DIR, by default the repository's
sample_data/ folder next to scripts/. Each file's stem is an import kind, so ``salesdesk demo --fresh``
loads them with the rest of the sample data:

- ``installed_base.csv``: 40 products installed at customers (serials ``SN-YY-NNNNN``, YY the install
  year), installed from January 2023 to November 2026, only products with ``needs_installation`` yes
  (products.csv). From 2024 on each unit comes from an invoiced order of its customer (orders.csv) that
  can pay for it (its amount covers the product at its maximum discount), installed a few days after
  the order; the 2023 ones predate the ERP's orders. The warranty end is left blank (the import derives
  it: install + ``service.warranty_months`` 24 − 1 day) except on five units with a warranty extended to
  36 months. Maintenance plans: none, monthly (two), quarterly, half-yearly, yearly; the last
  maintenance is the last one done (the last done maintenance order when it was in 2026);
- ``service_orders.csv``: about 90 service orders ``AV-0001``… (numbered by requested date; the
  program's own series is ``SV``): deliveries of real orders (requested = the order's date, blank on
  half of them so the import takes it from the order), the installations that follow deliveries of
  products needing one (the unit's install date is the installation's completed day), technical support
  and warranty repairs on installed units (warranty repairs only within the unit's warranty), and the
  planned maintenance of units with a plan (requested on its due date: (last maintenance, else install
  date) + 30/91/182/365 days). Nine orders are the after-sales side of complaints in complaints.csv
  (same customer, same day, same fault).

The data is made for the demo's import day, 2026-11-28 (``SAMPLE_AS_OF``: the import refuses a service
done after it), and for looking at the Service room on 2026-12-02 (``TODAY``): nothing is completed,
responded or cancelled after 2026-11-27 (the last working day before the import); only scheduled dates
and the due dates of maintenance not yet done lie later. As of 2026-12-02:

- most orders are done over 2026, within their goals (``service.goal_*``: delivery 5 days, installation
  7, support 5, maintenance 0–7 days after its due date, warranty repair 10) with about one in six late,
  so ``service goals`` shows on-time rates between 60 and 95 %; a few are cancelled;
- about twenty are open: some open past their goal, some scheduled on a past day (overdue) and some in
  the next two weeks (the calendar has work), some in progress, five waiting on a department
  (logistics, technical, customer service), so ``service needs`` lists work in three departments;
- several units are overdue for maintenance (their last due date passed without it: some with an open
  maintenance order, some without one) and several fall due within 30 days (``service due``).

Everything comes from one random.Random(2610), fixed tables and the sample CSVs (customers, products,
orders), so re-running the script gives byte-identical files; the script checks its own rules before
writing (the import's row rules in ``salesdesk.service.imports``, the goals, the due dates).
"""

from __future__ import annotations

import csv
import random
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

TODAY = date(2026, 12, 2)  # the day the Service room is looked at
IMPORT_DAY = date(2026, 11, 28)  # the demo's import day: nothing is done after it
LAST_DAY = date(2026, 11, 27)  # the last working day before it: completed, responded, cancelled ≤ this
LAST_MAINTENANCE = date(2026, 11, 13)  # no maintenance done later (the last ones are before 15 November)
FIRST_2026 = date(2026, 1, 1)
HOLIDAYS = {(1, 1), (1, 6), (5, 1), (8, 15), (10, 12), (11, 1), (12, 6), (12, 8), (12, 25)}
WARRANTY_MONTHS, EXTENDED_MONTHS = 24, 36
PLAN_DAYS = {"monthly": 30, "quarterly": 91, "half_yearly": 182, "yearly": 365}
PLAN_WORDS = {"monthly": "mensual", "quarterly": "trimestral", "half_yearly": "semestral", "yearly": "anual"}
GOALS = {"delivery": 5, "installation": 7, "support": 5, "maintenance": 7, "warranty_repair": 10}
SUPPORT_RESPONSE = 1
SEED = 2610
LAPSED, LAPSE_FROM, LAPSE_TO = 3, date(2026, 9, 7), date(2026, 11, 20)  # units that missed a maintenance
LATE_SHARE = 0.17  # the share of orders drawn late (curated ones aside)
SKIP_CUSTOMERS = {"C0181", "C0182"}  # the deliberate duplicates of the sample data: no after-sales

#: The orders the tables below name (the complaints' units, the monthly plans, cancelled and open ones).
NAMED_ORDERS = {
    "PED-000037",
    "PED-000136",
    "PED-000202",
    "PED-000160",
    "PED-000189",
    "PED-000196",
    "PED-000232",
    "PED-000285",
    "PED-000302",
    "PED-000322",
    "PED-000324",
    "PED-000254",
    "PED-000309",
    "PED-000369",
    "PED-000400",
}

# --------------------------------------------------------------------------- who does the work

CARRIERS = {"MAD": "Transportes Levante", "CLM": "Transportes La Mancha Exprés", "CYL": "Transportes Duero"}
OWN_VAN = "Reparto propio (Jesús Marín)"
TECHNICIANS = {
    "MAD": ["Raúl Gil (técnico)", "Marta Ruiz (técnica)"],
    "CLM": ["Diego Sanz (técnico)", "Frío Industrial Manchego (instalador)"],
    "CYL": ["Alberto Prieto (técnico)", "Sonia Vela (técnica)"],
}
CUSTOMER_SERVICE = ["Lucía Ortega (atención al cliente)", "Pablo Nieto (atención al cliente)"]

# --------------------------------------------------------------------------- products

#: Installed products a customer of each group buys (only needs_installation yes).
GROUP_PRODUCTS = {
    "HOR": ["P001", "P002", "P003", "P008", "P009", "P011", "P013", "P014", "P017", "P018"],
    "IND": ["P003", "P004", "P005", "P008", "P012"],
    "RET": ["P001", "P002", "P008", "P009"],
}
#: The maintenance plans owners of a product choose (repeated = more often).
PRODUCT_PLANS = {
    "P001": ["none", "none", "yearly", "half_yearly"],
    "P002": ["none", "yearly", "half_yearly"],
    "P003": ["none", "yearly"],
    "P004": ["yearly", "yearly", "half_yearly"],
    "P005": ["quarterly", "half_yearly"],
    "P008": ["quarterly", "half_yearly", "yearly"],
    "P009": ["quarterly", "quarterly", "none"],
    "P011": ["half_yearly", "yearly", "none"],
    "P012": ["quarterly", "half_yearly"],
    "P013": ["none", "yearly"],
    "P014": ["half_yearly", "yearly"],
    "P017": ["none", "yearly"],
    "P018": ["none", "half_yearly", "yearly"],
}
#: Products delivered without an installation (deliveries only).
LOOSE_PRODUCTS = ["P006", "P007", "P010", "P015", "P016", "P019", "P020", "P021", "P023"]

UNIT_NOTES = {
    "Climatización": [
        "Unidad exterior en cubierta",
        "Comedor principal",
        "Oficinas de la planta primera",
        "Sala de máquinas en el sótano",
        "",
        "",
    ],
    "Refrigeración": [
        "Obrador; acceso por el muelle de carga",
        "Trastienda",
        "Zona de preparación",
        "Cámara de producto terminado",
        "",
        "",
    ],
    "Cocinas industriales": [
        "Cocina principal",
        "Cocina del salón de banquetes",
        "Office de la planta baja",
        "",
        "",
    ],
}

# --------------------------------------------------------------------------- texts

SPLIT_FAULTS = [
    ("No enfría; el equipo muestra el error E1", "Sonda de ambiente sustituida; enfría bien"),
    ("Gotea agua por la unidad interior", "Desagüe de condensados desatascado"),
    ("Ruido fuerte en la unidad exterior", "Soportes antivibratorios cambiados"),
    ("El mando no responde", "Receptor de infrarrojos sustituido"),
    ("Salta el diferencial al arrancar el compresor", "Condensador de arranque sustituido"),
    ("Poco caudal de aire en el comedor", "Filtros limpios y velocidad del ventilador ajustada"),
]
COLD_FAULTS = [
    ("La cámara no baja de 6 ºC", "Recarga de refrigerante y fuga soldada en la válvula"),
    ("Hielo en el evaporador", "Resistencia de desescarche sustituida"),
    ("Alarma de temperatura alta por la noche", "Termostato reprogramado; ciclos de desescarche ajustados"),
    ("El ventilador del evaporador hace ruido", "Ventilador del evaporador sustituido"),
    ("La puerta no cierra bien y entra calor", "Burlete y bisagra cambiados"),
]
FAULTS = {  # product -> (description, result) of a support call or a warranty repair
    "P001": SPLIT_FAULTS,
    "P002": SPLIT_FAULTS,
    "P003": SPLIT_FAULTS,
    "P004": [
        ("No llega a temperatura el agua caliente", "Sonda del depósito sustituida"),
        (
            "Error de baja presión en el circuito de agua",
            "Circuito rellenado y purgado; vaso de expansión revisado",
        ),
        ("Ruido fuerte en la unidad exterior", "Soportes antivibratorios cambiados"),
    ],
    "P005": [
        ("Alarma de baja presión en la enfriadora", "Fuga localizada en un obús y recarga de refrigerante"),
        ("Salta el térmico del compresor", "Contactor del compresor sustituido"),
    ],
    "P008": COLD_FAULTS,
    "P012": COLD_FAULTS,
    "P009": [
        ("El mural se empaña por dentro del cristal", "Resistencia antivaho sustituida"),
        (
            "No mantiene la temperatura en la zona de lácteos",
            "Cortina de aire ajustada y ventiladores limpios",
        ),
        ("Se han apagado las luces LED del mural", "Fuente de alimentación de los LED sustituida"),
    ],
    "P011": [
        ("No abate a tiempo: tarda más de 90 minutos", "Condensador limpio y recarga de refrigerante"),
        ("Error de la sonda pincho", "Sonda pincho sustituida"),
    ],
    "P013": [
        ("Un quemador no prende", "Termopar sustituido"),
        ("El horno de la cocina no calienta", "Válvula de seguridad del horno sustituida"),
    ],
    "P014": [
        ("El horno no llega a temperatura", "Resistencia sustituida"),
        ("Error del generador de vapor", "Generador descalcificado y electroválvula cambiada"),
    ],
    "P017": [("La campana hace ruido y aspira poco", "Motor equilibrado y filtros desengrasados")],
    "P018": [
        ("El lavavajillas no desagua", "Bomba de desagüe limpia; tenía restos de comida"),
        ("No calienta el agua de aclarado", "Resistencia del calderín sustituida"),
        ("Fuga de agua por la base", "Manguito de entrada cambiado"),
    ],
}
PHONE_FIXES = [
    ("Pregunta cómo programar el horario de funcionamiento", "Explicado por teléfono; programado"),
    ("El equipo muestra un aviso de filtro", "Resuelto por teléfono: limpieza de filtros y reinicio"),
    ("Pide el manual y el certificado de instalación", "Enviados por correo"),
    ("El display se ha quedado en blanco", "Resuelto por teléfono: rearme del magnetotérmico"),
]
MAINTENANCE_RESULTS = {  # product line -> results of a planned maintenance
    "Climatización": [
        "Limpieza de filtros y baterías; presiones correctas",
        "Revisión completa; todo correcto",
        "Revisados desagües y conexiones eléctricas; correcto",
        "Limpieza general; se recomienda cambiar los filtros en la próxima visita",
    ],
    "Refrigeración": [
        "Limpieza de condensador y revisión de fugas; sin incidencias",
        "Revisión completa; temperaturas y desescarches correctos",
        "Revisados desagües y conexiones eléctricas; correcto",
        "Ajuste de consignas y limpieza general; se recomienda cambiar el burlete en la próxima visita",
    ],
    "Cocinas industriales": [
        "Revisión de quemadores, termopares y conexiones de gas; correcto",
        "Descalcificación y revisión de bombas y resistencias; correcto",
        "Limpieza de filtros de grasa y revisión del motor; correcto",
        "Revisión completa; todo correcto",
    ],
}
DELIVERY_RESULTS = [
    "Entregado; albarán firmado",
    "Entregado en el muelle de carga",
    "Entregado y revisado con el encargado",
    "Entregado en obra; firma el jefe de obra",
]
LATE_DELIVERY_RESULTS = [
    "Entregado con retraso: rotura de stock en el almacén",
    "Entregado con retraso: el cliente no podía recibir hasta esa fecha",
    "Entregado con retraso: la agencia perdió un bulto",
]
INSTALL_RESULTS = [
    "Instalado y en marcha; explicado el uso al encargado",
    "Instalado y probado; entregada la documentación",
    "Puesta en marcha correcta; certificado de instalación firmado",
]
LATE_INSTALL_RESULTS = [
    "Instalado con retraso: faltaba la toma eléctrica del cliente",
    "Instalado con retraso: no había técnico libre esa semana",
]


# --------------------------------------------------------------------------- dates


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def workday(day: date) -> date:
    """The day, else the next working day."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def warranty_end(installed: date, months: int) -> date:
    return add_months(installed, months) - timedelta(days=1)


def random_workday(rng: random.Random, first: date, last: date) -> date:
    while True:
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        if is_workday(day):
            return day


# --------------------------------------------------------------------------- the data read


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(sample: Path) -> tuple[dict, dict, list[dict]]:
    customers = {c["code"]: c for c in read_csv(sample / "customers.csv")}
    products = {p["code"]: p for p in read_csv(sample / "products.csv")}
    for p in products.values():
        p["net"] = Decimal(p["list_price"]) * (1 - Decimal(p["max_discount"]) / 100)
    orders = read_csv(sample / "orders.csv")
    for o in orders:
        o["day"], o["money"] = date.fromisoformat(o["date"]), Decimal(o["amount"])
    return customers, products, orders


class Data:
    """The sample data read and what has been used of it."""

    def __init__(self, rng: random.Random, customers: dict, products: dict, orders: list[dict]) -> None:
        self.rng, self.customers, self.products, self.orders = rng, customers, products, orders
        self.by_number = {o["number"]: o for o in orders}
        #: Orders taken; the ones the tables name are taken from the start (drawn ones never hit them).
        self.used: set[str] = set(NAMED_ORDERS)
        self.taken: set[str] = set()
        self.units: list[dict] = []
        self.service: list[dict] = []

    def zone(self, customer: str) -> str:
        return self.customers[customer]["territory"]

    def group(self, customer: str) -> str:
        return self.customers[customer]["group"]

    def line(self, product: str) -> str:
        return self.products[product]["product_line"]

    def affordable(self, product: str, order: dict, qty: int = 1) -> bool:
        return self.products[product]["net"] * qty <= order["money"]

    def technician(self, customer: str) -> str:
        return self.rng.choice(TECHNICIANS[self.zone(customer)])

    def carrier(self, customer: str) -> str:
        return (
            OWN_VAN
            if self.zone(customer) == "MAD" and self.rng.random() < 0.3
            else CARRIERS[self.zone(customer)]
        )

    def take(self, number: str) -> dict:
        assert number in NAMED_ORDERS and number not in self.taken, number
        self.taken.add(number)
        return self.by_number[number]

    def pick_order(
        self,
        *,
        first: date,
        last: date,
        status: str,
        groups: tuple[str, ...],
        products: list[str] | dict[str, list[str]] | None = None,
    ) -> dict:
        """A random unused order of the window (of a customer of ``groups``; one that can pay for one
        of ``products``, when given: a list, or one by the customer's group)."""
        found = [
            o
            for o in self.orders
            if first <= o["day"] <= last
            and o["status"] == status
            and o["number"] not in self.used
            and o["customer"] not in SKIP_CUSTOMERS
            and self.group(o["customer"]) in groups
            and (products is None or any(self.affordable(p, o) for p in self._choices(products, o)))
        ]
        order = self.rng.choice(found)
        self.used.add(order["number"])
        return order

    def pick_sale(
        self,
        *,
        first: date,
        last: date,
        status: str,
        groups: tuple[str, ...],
        products: dict[str, list[str]] | None = None,
    ) -> tuple[dict, str]:
        """An unused order of the window and a product it pays for: first a product (any that one of
        the orders pays for, so cheap ones are not the most common), then an order."""
        products = products or GROUP_PRODUCTS
        found = [
            (o, p)
            for o in self.orders
            if first <= o["day"] <= last
            and o["status"] == status
            and o["number"] not in self.used
            and o["customer"] not in SKIP_CUSTOMERS
            and self.group(o["customer"]) in groups
            for p in products[self.group(o["customer"])]
            if self.affordable(p, o)
        ]
        product = self.rng.choice(sorted({p for _o, p in found}))
        order = self.rng.choice([o for o, p in found if p == product])
        self.used.add(order["number"])
        return order, product

    def _choices(self, products: list[str] | dict[str, list[str]], order: dict) -> list[str]:
        return products[self.group(order["customer"])] if isinstance(products, dict) else products

    def product_for(self, order: dict, choices: list[str]) -> str:
        return self.rng.choice([p for p in choices if self.affordable(p, order)])


# --------------------------------------------------------------------------- building blocks


def new_order(kind: str, customer: str, **values) -> dict:
    department = values.pop("department", "logistics" if kind == "delivery" else "technical")
    row = {
        "type": kind,
        "customer": customer,
        "product": "",
        "order": "",
        "unit": None,
        "department": department,
        "assignee": "",
        "requested": None,
        "requested_blank": False,
        "scheduled": None,
        "responded": None,
        "completed": None,
        "cancelled": None,
        "status": "done",
        "waiting_on": "",
        "description": "",
        "result": "",
        "feedback": None,
    }
    row.update(values)
    return row


def late(rng: random.Random) -> bool:
    return rng.random() < LATE_SHARE


def feedback(rng: random.Random, was_late: bool) -> int | None:
    if rng.random() >= 0.45:
        return None
    return rng.choice([4, 3, 3, 2] if was_late else [5, 5, 5, 4, 4, 4, 3])


def new_unit(
    data: Data,
    customer: str,
    product: str,
    installed: date,
    *,
    plan: str | None = None,
    order: str = "",
    extended: bool = False,
    notes: str | None = None,
) -> dict:
    rng = data.rng
    if plan is None:
        plan = rng.choice(PRODUCT_PLANS[product])
    if notes is None:
        notes = rng.choice(UNIT_NOTES[data.line(product)])
    if extended:
        notes = "; ".join(n for n in ("Garantía ampliada a 36 meses", notes) if n)
    unit = {
        "serial": "",
        "customer": customer,
        "product": product,
        "installed": installed,
        "warranty_end": warranty_end(installed, EXTENDED_MONTHS) if extended else None,
        "plan": plan,
        "last_maintenance": None,
        "notes": notes,
        "order": order,
        "warranty": warranty_end(installed, EXTENDED_MONTHS if extended else WARRANTY_MONTHS),
        "next_due": None,
        "lapse": False,
    }
    data.units.append(unit)
    return unit


def delivery(data: Data, order: dict, product: str, *, lead: int | None = None) -> dict:
    """The delivery of an order (done, ``lead`` days after the order, drawn when not given)."""
    rng, customer = data.rng, order["customer"]
    was_late = False
    if lead is None:
        was_late = late(rng)
        lead = rng.randint(6, 10) if was_late else rng.choice([1, 2, 2, 3, 3, 4, 5])
    completed = workday(order["day"] + timedelta(days=lead))
    was_late = (completed - order["day"]).days > GOALS["delivery"]
    name = data.products[product]["name"]
    row = new_order(
        "delivery",
        customer,
        product=product,
        order=order["number"],
        assignee=data.carrier(customer),
        requested=order["day"],
        requested_blank=rng.random() < 0.5,
        scheduled=completed,
        completed=completed,
        description=f"Entrega del pedido {order['number']}: {name}",
        result=rng.choice(LATE_DELIVERY_RESULTS if was_late else DELIVERY_RESULTS),
        feedback=feedback(rng, was_late),
    )
    data.service.append(row)
    return row


def installation(
    data: Data,
    order: dict,
    product: str,
    requested: date,
    *,
    lead: int | None = None,
    plan: str | None = None,
    extended: bool = False,
    notes: str | None = None,
) -> dict:
    """The installation after a delivery (done): the unit installed on its completed day."""
    rng, customer = data.rng, order["customer"]
    if lead is None:
        lead = rng.randint(8, 14) if late(rng) else rng.choice([1, 2, 3, 3, 4, 5, 6, 7])
    completed = workday(requested + timedelta(days=lead))
    was_late = (completed - requested).days > GOALS["installation"]
    unit = new_unit(
        data, customer, product, completed, plan=plan, order=order["number"], extended=extended, notes=notes
    )
    row = new_order(
        "installation",
        customer,
        product=product,
        order=order["number"],
        unit=unit,
        assignee=data.technician(customer),
        requested=requested,
        scheduled=completed,
        completed=completed,
        description=f"Instalación y puesta en marcha: {data.products[product]['name']}",
        result=rng.choice(LATE_INSTALL_RESULTS if was_late else INSTALL_RESULTS),
        feedback=feedback(rng, was_late),
    )
    data.service.append(row)
    return row


def flow(
    data: Data,
    order: dict,
    product: str,
    *,
    delivery_lead: int | None = None,
    install_lead: int | None = None,
    **unit,
) -> dict:
    """A delivery and the installation that follows it (requested on the day it was delivered)."""
    sent = delivery(data, order, product, lead=delivery_lead)
    return installation(data, order, product, sent["completed"], lead=install_lead, **unit)


def call(
    data: Data,
    kind: str,
    unit: dict,
    requested: date,
    *,
    lead: int | None = None,
    response: int | None = None,
    fault: tuple[str, str] | None = None,
    department: str = "technical",
) -> dict:
    """A done support call or warranty repair of a unit."""
    rng, customer = data.rng, unit["customer"]
    goal = GOALS[kind]
    if lead is None:
        lead = rng.randint(goal + 1, goal + 7) if late(rng) else rng.randint(1, goal)
    if response is None:
        response = rng.choice([2, 3]) if rng.random() < 0.1 else rng.choice([0, 1, 1])
    completed = workday(requested + timedelta(days=lead))
    responded = min(workday(requested + timedelta(days=response)), completed)
    was_late = (completed - requested).days > goal
    description, result = fault or rng.choice(FAULTS[unit["product"]])
    if kind == "warranty_repair":
        result = f"{result} (en garantía)"
    row = new_order(
        kind,
        customer,
        product=unit["product"],
        unit=unit,
        department=department,
        assignee=data.technician(customer),
        requested=requested,
        responded=responded,
        scheduled=completed,
        completed=completed,
        description=description,
        result=result,
        feedback=feedback(rng, was_late),
    )
    data.service.append(row)
    return row


def phone_call(data: Data, unit: dict, requested: date) -> dict:
    """A support call customer service solves on the phone (no visit)."""
    rng = data.rng
    completed = workday(requested + timedelta(days=rng.choice([0, 0, 1])))
    description, result = rng.choice(PHONE_FIXES)
    row = new_order(
        "support",
        unit["customer"],
        product=unit["product"],
        unit=unit,
        department="customer_service",
        assignee=rng.choice(CUSTOMER_SERVICE),
        requested=requested,
        responded=completed,
        completed=completed,
        description=description,
        result=result,
        feedback=feedback(rng, False),
    )
    data.service.append(row)
    return row


def unit_of(data: Data, customer: str, product: str) -> dict:
    """The customer's unit of the product (the one of an order the tables name, when it has more)."""
    found = [u for u in data.units if u["customer"] == customer and u["product"] == product]
    return next((u for u in found if u["order"] in NAMED_ORDERS), found[0])


# --------------------------------------------------------------------------- the installed base


def make_units(data: Data) -> None:
    """The 40 units and the deliveries and installations of those installed in 2026."""
    rng, customers = data.rng, data.customers
    # 2023: before the ERP's orders (the first is of January 2024); customers since 2022 at the latest
    old = sorted(
        c
        for c, row in customers.items()
        if c not in SKIP_CUSTOMERS
        and row["group"] in ("HOR", "IND")
        and row["customer_since"]
        and row["customer_since"] < "2022-07-01"
        and c != "C0133"
    )
    new_unit(
        data, "C0133", "P004", date(2023, 6, 14), plan="yearly", notes="Agua caliente sanitaria del hotel"
    )
    for i, customer in enumerate(rng.sample(old, 4)):
        product = rng.choice(GROUP_PRODUCTS[data.group(customer)])
        day = random_workday(rng, date(2023, 1, 9), date(2023, 11, 30))
        new_unit(data, customer, product, day, extended=i == 0)

    # curated units of the complaints (complaints.csv): their customer's order that pays for them
    curated = [  # customer, product, order, days to install, plan, extended warranty
        ("C0052", "P014", "PED-000037", 9, "half_yearly", False),
        ("C0084", "P012", "PED-000136", 8, "quarterly", False),
        ("C0065", "P012", "PED-000202", 6, "quarterly", True),
        ("C0112", "P017", "PED-000160", 7, "yearly", False),
        ("C0095", "P008", "PED-000189", 10, "half_yearly", False),
        ("C0068", "P018", "PED-000196", 6, "none", False),
    ]
    for customer, product, number, days, plan, extended in curated:
        order = data.take(number)
        assert order["customer"] == customer and data.affordable(product, order)
        new_unit(
            data,
            customer,
            product,
            workday(order["day"] + timedelta(days=days)),
            plan=plan,
            order=number,
            extended=extended,
        )

    # 2024–2025: installed a few days after an invoiced order of the customer that pays for it
    groups = ("HOR", "IND", "RET")
    hotel = data.pick_order(
        first=date(2024, 2, 1), last=date(2024, 12, 15), status="invoiced", groups=("HOR",)
    )
    while not data.affordable("P001", hotel, 3):  # three splits in one order
        hotel = data.pick_order(
            first=date(2024, 2, 1), last=date(2024, 12, 15), status="invoiced", groups=("HOR",)
        )
    day = workday(hotel["day"] + timedelta(days=rng.randint(4, 10)))
    for room in ("101-104", "105-108", "109-112"):
        new_unit(
            data,
            hotel["customer"],
            "P001",
            day,
            plan="none",
            order=hotel["number"],
            notes=f"Habitaciones {room}",
        )
    for first, last, count in (
        (date(2024, 1, 8), date(2024, 12, 10), 7),
        (date(2025, 1, 8), date(2025, 12, 5), 6),
    ):
        for i in range(count):
            group = ("HOR", "HOR", "IND", "RET")[i % 4]
            order, product = data.pick_sale(first=first, last=last, status="invoiced", groups=(group,))
            day = workday(order["day"] + timedelta(days=rng.randint(3, 12)))
            new_unit(data, order["customer"], product, day, order=order["number"], extended=i == 2)

    # 2026: delivered and installed through the Service room (the orders are in the file)
    flow(data, data.take("PED-000285"), "P011", plan="half_yearly", notes="Obrador del catering")
    flow(data, data.take("PED-000302"), "P002", plan="yearly", notes="Comedor principal")
    flow(
        data,
        data.take("PED-000322"),
        "P008",
        plan="monthly",
        delivery_lead=3,
        install_lead=4,
        notes="Cámara de producto terminado; mantenimiento mensual por el plan de APPCC",
    )
    flow(
        data,
        data.take("PED-000324"),
        "P009",
        plan="monthly",
        delivery_lead=2,
        install_lead=3,
        notes="Sección de frescos; mantenimiento mensual",
    )
    # the cooker of complaint 2026-02-19: ordered in November, installed after the customer's works; the
    # technician missed the first appointment
    cooker = data.take("PED-000232")
    unit = new_unit(
        data,
        "C0020",
        "P013",
        date(2026, 2, 26),
        plan="none",
        order=cooker["number"],
        notes="Cocina principal (reformada en enero)",
    )
    data.service.append(
        new_order(
            "installation",
            "C0020",
            product="P013",
            order=cooker["number"],
            unit=unit,
            assignee="Diego Sanz (técnico)",
            requested=date(2026, 2, 16),
            scheduled=date(2026, 2, 26),
            responded=date(2026, 2, 17),
            completed=date(2026, 2, 26),
            description="Puesta en marcha de la cocina de 6 fuegos (terminada la obra del cliente)",
            result="Puesta en marcha el 26/02; el técnico no se presentó el 19/02",
            feedback=2,
        )
    )
    windows = [
        (1, 5, 30),
        (2, 2, 27),
        (3, 2, 31),
        (4, 1, 30),
        (6, 1, 30),
        (7, 13, 31),
        (8, 3, 28),
        (11, 2, 3),
    ]
    for month, first, last in windows:
        order, product = data.pick_sale(
            first=date(2026, month, first), last=date(2026, month, last), status="invoiced", groups=groups
        )
        leads = {"delivery_lead": 2, "install_lead": 5} if month == 11 else {}  # installed by mid-November
        flow(data, order, product, extended=month == 4, **leads)


def assign_serials(data: Data) -> None:
    """SN-YY-NNNNN: the install year, then our install count of that year (with gaps: units installed
    for other distributors' customers)."""
    rng = data.rng
    data.units.sort(key=lambda u: (u["installed"], u["customer"], u["product"], u["notes"]))
    counters: dict[int, int] = {}
    for unit in data.units:
        year = unit["installed"].year
        counters[year] = counters.get(year, rng.randint(3, 12)) + rng.randint(1, 9)
        unit["serial"] = f"SN-{year % 100:02d}-{counters[year]:05d}"


# --------------------------------------------------------------------------- maintenance


def walk(
    unit: dict, rng: random.Random, lapse: date | None = None
) -> tuple[list[tuple[date, date, bool]], date]:
    """A planned unit's maintenance from its install date: (due, done, late) of each one done by
    ``LAST_MAINTENANCE``, and the next due date. Each is done 0–7 days after its due date, a few later; the
    first due on or after ``lapse`` is missed (the unit is overdue since)."""
    period = timedelta(days=PLAN_DAYS[unit["plan"]])
    done_ones, base = [], unit["installed"]
    while True:
        due = base + period
        if lapse is not None and due >= lapse:
            break
        was_late = late(rng)
        done = workday(due + timedelta(days=rng.randint(9, 20) if was_late else rng.randint(0, 7)))
        if done > LAST_MAINTENANCE:
            break
        done_ones.append((due, done, (done - due).days > GOALS["maintenance"]))
        base = done
    return done_ones, base + period


def maintain(data: Data) -> None:
    """Every planned unit's maintenance (each unit with its own random stream, so a missed one leaves
    the ones before it as they were); the 2026 ones as done maintenance orders. Three units missed
    their due date of September to November: they are overdue (with or without an open order)."""
    planned = [u for u in data.units if u["plan"] in PLAN_DAYS]
    candidates = []
    for unit in planned:
        done_ones, _due = walk(unit, random.Random(f"{SEED}-{unit['serial']}"))
        if any(LAPSE_FROM <= due <= LAPSE_TO for due, _d, _l in done_ones) and unit["plan"] != "monthly":
            candidates.append(unit)
    lapsed = {u["serial"] for u in data.rng.sample(candidates, LAPSED)}
    for unit in planned:
        stream = random.Random(f"{SEED}-{unit['serial']}")
        done_ones, _due = walk(unit, stream)
        lapse = None
        if unit["serial"] in lapsed:
            lapse = next(due for due, _d, _l in done_ones if LAPSE_FROM <= due <= LAPSE_TO)
            stream = random.Random(f"{SEED}-{unit['serial']}")
        done_ones, unit["next_due"] = walk(unit, stream, lapse)
        unit["lapse"] = lapse is not None
        for due, done, was_late in done_ones:
            unit["last_maintenance"] = done
            if due < FIRST_2026:
                continue
            data.service.append(
                new_order(
                    "maintenance",
                    unit["customer"],
                    product=unit["product"],
                    unit=unit,
                    assignee=data.technician(unit["customer"]),
                    requested=due,
                    scheduled=done,
                    completed=done,
                    description=f"Mantenimiento preventivo {PLAN_WORDS[unit['plan']]}",
                    result=data.rng.choice(MAINTENANCE_RESULTS[data.line(unit["product"])]),
                    feedback=feedback(data.rng, was_late),
                )
            )


# --------------------------------------------------------------------------- the other orders


def make_calls(data: Data) -> None:
    """Support calls and warranty repairs done in 2026: the complaints' ones, then drawn ones."""
    faults = [  # customer, product, type, requested, lead, response days, description, result
        (
            "C0052",
            "P014",
            "warranty_repair",
            date(2026, 1, 8),
            2,
            0,
            "Error de sonda de núcleo",
            "Sonda de núcleo sustituida",
        ),
        (
            "C0084",
            "P012",
            "warranty_repair",
            date(2026, 2, 3),
            6,
            1,
            "Cámara sin frío: el compresor se para a los pocos minutos",
            "Presostato de baja sustituido",
        ),
        (
            "C0065",
            "P012",
            "support",
            date(2026, 4, 15),
            2,
            0,
            "Salta por alta presión en la sala de despiece",
            "Condensador limpio; estaba obstruido por grasa",
        ),
        (
            "C0112",
            "P017",
            "warranty_repair",
            date(2026, 6, 2),
            7,
            1,
            "Ruido excesivo en el motor",
            "Motor de la campana sustituido",
        ),
        (
            "C0133",
            "P004",
            "support",
            date(2026, 7, 22),
            8,
            1,
            "No llega a temperatura en el agua caliente sanitaria",
            "Válvula de tres vías sustituida; hubo que pedirla al fabricante",
        ),
        (
            "C0095",
            "P008",
            "warranty_repair",
            date(2026, 10, 5),
            4,
            0,
            "Fuga de refrigerante en la cámara de congelación",
            "Fuga en la soldadura del evaporador reparada",
        ),
        (
            "C0068",
            "P018",
            "warranty_repair",
            date(2026, 10, 7),
            13,
            7,
            "Avería del lavavajillas: no calienta",
            "Termostato de la calderín sustituido; la cita se dio a la semana",
        ),
    ]
    for customer, product, kind, day, lead, response, description, result in faults:
        call(
            data,
            kind,
            unit_of(data, customer, product),
            day,
            lead=lead,
            response=response,
            fault=(description, result),
        )
    rng = data.rng
    drawn = [("support", 6), ("warranty_repair", 2), ("phone", 2)]
    for kind, count in drawn:
        for _ in range(count):
            day = random_workday(rng, date(2026, 1, 12), date(2026, 11, 13))
            units = [u for u in data.units if u["installed"] + timedelta(days=20) <= day]
            if kind == "warranty_repair":
                units = [u for u in units if day <= u["warranty"]]
            unit = rng.choice(units)
            if kind == "phone":
                phone_call(data, unit, day)
            else:
                call(data, kind, unit, day)


def make_deliveries(data: Data) -> None:
    """Deliveries of products without installation, a delivery whose installation the customer
    cancelled, and the deliveries of cancelled orders."""
    rng = data.rng
    for month in (2, 5, 10):
        order = data.pick_order(
            first=date(2026, month, 1),
            last=date(2026, month, 28),
            status="invoiced",
            groups=("DIST", "RET", "HOR"),
            products=LOOSE_PRODUCTS,
        )
        delivery(data, order, data.product_for(order, LOOSE_PRODUCTS))
    order = data.pick_order(
        first=date(2026, 6, 1),
        last=date(2026, 6, 30),
        status="invoiced",
        groups=("HOR",),
        products=GROUP_PRODUCTS["HOR"],
    )
    product = data.product_for(order, GROUP_PRODUCTS["HOR"])
    sent = delivery(data, order, product)
    data.service.append(
        new_order(
            "installation",
            order["customer"],
            product=product,
            order=order["number"],
            assignee=data.technician(order["customer"]),
            requested=sent["completed"],
            cancelled=workday(sent["completed"] + timedelta(days=2)),
            status="cancelled",
            description=f"Instalación y puesta en marcha: {data.products[product]['name']}",
            result="Anulada: el cliente lo instala con su propio instalador",
        )
    )
    for number in ("PED-000254", "PED-000309"):
        order = data.take(number)
        assert order["status"] == "cancelled"
        product = data.product_for(order, LOOSE_PRODUCTS)
        data.service.append(
            new_order(
                "delivery",
                order["customer"],
                product=product,
                order=number,
                requested=order["day"],
                assignee=CARRIERS[data.zone(order["customer"])],
                cancelled=workday(order["day"] + timedelta(days=rng.randint(1, 3))),
                status="cancelled",
                description=f"Entrega del pedido {number}: {data.products[product]['name']}",
                result="Anulada: el cliente canceló el pedido",
            )
        )
    unit = rng.choice([u for u in data.units if u["installed"].year < 2026])
    data.service.append(
        new_order(
            "support",
            unit["customer"],
            product=unit["product"],
            unit=unit,
            department="customer_service",
            assignee=rng.choice(CUSTOMER_SERVICE),
            requested=date(2026, 8, 17),
            cancelled=date(2026, 8, 18),
            status="cancelled",
            description="El equipo no arranca",
            result="Anulada: el cliente avisa de que había saltado el diferencial; ya funciona",
        )
    )


def make_open(data: Data) -> None:
    """The work still open on 2026-11-28 (and so on 2026-12-02)."""
    rng = data.rng
    # deliveries of open orders
    o = data.take("PED-000369")  # 2026-11-10: not scheduled, past its goal
    data.service.append(
        new_order(
            "delivery",
            o["customer"],
            product=(p := data.product_for(o, LOOSE_PRODUCTS)),
            order=o["number"],
            status="open",
            requested_blank=True,
            requested=o["day"],
            description=f"Entrega del pedido {o['number']}: {data.products[p]['name']}",
        )
    )
    o = data.pick_order(first=date(2026, 10, 14), last=date(2026, 10, 22), status="open", groups=("DIST",))
    data.service.append(
        new_order(
            "delivery",
            o["customer"],
            product="P019",
            order=o["number"],
            status="open",
            requested=o["day"],
            waiting_on="logistics",
            assignee=CARRIERS[data.zone(o["customer"])],
            description=f"Entrega del pedido {o['number']}: compresores herméticos",
            result="Pendiente de recibir del fabricante (rotura de stock)",
        )
    )
    o = data.pick_order(
        first=date(2026, 11, 18),
        last=date(2026, 11, 20),
        status="open",
        groups=("HOR", "RET"),
        products=LOOSE_PRODUCTS,
    )
    p = data.product_for(o, LOOSE_PRODUCTS)
    data.service.append(
        new_order(
            "delivery",
            o["customer"],
            product=p,
            order=o["number"],
            status="scheduled",
            requested=o["day"],
            scheduled=date(2026, 11, 26),
            responded=o["day"],
            assignee=CARRIERS[data.zone(o["customer"])],
            description=f"Entrega del pedido {o['number']}: {data.products[p]['name']}",
            result="El 26/11 no había nadie para recibir; llamar para nueva fecha",
        )
    )
    o = data.take("PED-000400")  # 2026-11-27: scheduled for next week, within its goal
    p = data.product_for(o, LOOSE_PRODUCTS)
    data.service.append(
        new_order(
            "delivery",
            o["customer"],
            product=p,
            order=o["number"],
            status="scheduled",
            requested_blank=True,
            requested=o["day"],
            scheduled=date(2026, 12, 3),
            responded=o["day"],
            assignee=data.carrier(o["customer"]),
            description=f"Entrega del pedido {o['number']}: {data.products[p]['name']}",
        )
    )
    # installations following deliveries done in November
    plans = [  # status, scheduled, waiting on, result
        ("scheduled", date(2026, 12, 4), "", ""),
        (
            "in_progress",
            date(2026, 11, 27),
            "",
            "Falta la prueba de estanqueidad; se termina la semana que viene",
        ),
        ("open", None, "logistics", "Falta el kit de montaje; pedido al almacén central"),
    ]
    windows = [
        (date(2026, 11, 23), date(2026, 11, 24)),
        (date(2026, 11, 13), date(2026, 11, 17)),
        (date(2026, 11, 2), date(2026, 11, 6)),
    ]
    for (status, scheduled, waiting, result), (first, last) in zip(plans, windows, strict=True):
        o = data.pick_order(
            first=first, last=last, status="open", groups=("HOR", "IND", "RET"), products=GROUP_PRODUCTS
        )
        product = data.product_for(o, GROUP_PRODUCTS[data.group(o["customer"])])
        sent = delivery(data, o, product, lead=rng.randint(1, 3))
        requested = sent["completed"]
        data.service.append(
            new_order(
                "installation",
                o["customer"],
                product=product,
                order=o["number"],
                status=status,
                requested=requested,
                scheduled=scheduled,
                responded=requested if scheduled else None,
                waiting_on=waiting,
                assignee=data.technician(o["customer"]) if scheduled else "",
                description=f"Instalación y puesta en marcha: {data.products[product]['name']}",
                result=result,
            )
        )
    # support and warranty repairs
    units = sorted((u for u in data.units if u["installed"] < date(2026, 10, 1)), key=lambda u: u["serial"])
    rng.shuffle(units)
    support = [  # line, status, department, requested, scheduled, responded, waiting, description, result
        (
            "Climatización",
            "open",
            "customer_service",
            date(2026, 11, 10),
            None,
            None,
            "",
            "Pide revisar el consumo: la factura eléctrica ha subido mucho",
            "",
        ),
        (
            "Climatización",
            "open",
            "customer_service",
            date(2026, 11, 24),
            None,
            None,
            "technical",
            "El mando muestra el error E6",
            "Escalado al servicio técnico",
        ),
        (
            "Climatización",
            "scheduled",
            "technical",
            date(2026, 11, 27),
            date(2026, 12, 3),
            date(2026, 11, 27),
            "",
            "Gotea agua por la unidad interior",
            "",
        ),
        (
            "Refrigeración",
            "in_progress",
            "technical",
            date(2026, 11, 23),
            date(2026, 11, 25),
            date(2026, 11, 24),
            "",
            "El ventilador del evaporador hace ruido",
            "Pedido el ventilador de sustitución",
        ),
    ]
    for line, status, department, requested, scheduled, responded, waiting, description, result in support:
        unit = next(u for u in units if data.line(u["product"]) == line)
        units.remove(unit)
        data.service.append(
            new_order(
                "support",
                unit["customer"],
                product=unit["product"],
                unit=unit,
                department=department,
                status=status,
                requested=requested,
                scheduled=scheduled,
                responded=responded,
                waiting_on=waiting,
                description=description,
                result=result,
                assignee=data.technician(unit["customer"]) if scheduled else rng.choice(CUSTOMER_SERVICE),
            )
        )
    abatidor = unit_of(data, "C0127", "P011")  # complaint 2026-11-27: stopped in the middle of production
    repairs = [
        (
            abatidor,
            "in_progress",
            date(2026, 11, 27),
            date(2026, 11, 27),
            "",
            "Abatidor parado en plena producción del catering",
            "Diagnóstico: placa de control; pedida",
        ),
        (None, "scheduled", date(2026, 11, 26), date(2026, 12, 9), "", "La cámara no baja de 6 ºC", ""),
        (
            None,
            "open",
            date(2026, 11, 12),
            None,
            "logistics",
            "El compresor no arranca",
            "Esperando el compresor de sustitución del fabricante",
        ),
    ]
    for unit, status, requested, scheduled, waiting, description, result in repairs:
        if unit is None:
            unit = next(
                u for u in units if requested <= u["warranty"] and data.line(u["product"]) == "Refrigeración"
            )
            units.remove(unit)
        data.service.append(
            new_order(
                "warranty_repair",
                unit["customer"],
                product=unit["product"],
                unit=unit,
                status=status,
                requested=requested,
                scheduled=scheduled,
                responded=min(requested + timedelta(days=1), LAST_DAY) if scheduled else None,
                waiting_on=waiting,
                assignee=data.technician(unit["customer"]),
                description=description,
                result=result,
            )
        )
    # maintenance of units overdue or falling due
    overdue = sorted(
        (u for u in data.units if u["next_due"] and u["next_due"] < TODAY), key=lambda u: u["next_due"]
    )
    soon = sorted(
        (u for u in data.units if u["next_due"] and TODAY <= u["next_due"] <= TODAY + timedelta(days=30)),
        key=lambda u: (u["next_due"], u["serial"]),
    )
    assert len(overdue) >= 5 and len(soon) >= 4, (len(overdue), len(soon))
    open_ones = [  # status, scheduled, waiting, result
        ("open", None, "customer_service", "El cliente tiene que confirmar el día de acceso al local"),
        ("open", None, "", ""),
        ("scheduled", date(2026, 12, 10), "", ""),
        ("in_progress", date(2026, 11, 26), "", "Falta una pieza; se termina en la próxima visita"),
    ]
    for unit, (status, scheduled, waiting, result) in zip(overdue, open_ones, strict=False):
        due = unit["next_due"]
        if scheduled is not None and scheduled < due:
            scheduled = due
        data.service.append(
            new_order(
                "maintenance",
                unit["customer"],
                product=unit["product"],
                unit=unit,
                status=status,
                requested=due,
                scheduled=scheduled,
                responded=min(due + timedelta(days=2), LAST_DAY) if scheduled else None,
                waiting_on=waiting,
                assignee=data.technician(unit["customer"]),
                description=f"Mantenimiento preventivo {PLAN_WORDS[unit['plan']]}",
                result=result,
            )
        )
    for unit in soon[:2]:  # generated ahead of the due date
        data.service.append(
            new_order(
                "maintenance",
                unit["customer"],
                product=unit["product"],
                unit=unit,
                status="open",
                requested=unit["next_due"],
                description=f"Mantenimiento preventivo {PLAN_WORDS[unit['plan']]}",
            )
        )


# --------------------------------------------------------------------------- checks and output


def number_orders(service: list[dict]) -> None:
    kinds = ("delivery", "installation", "support", "maintenance", "warranty_repair")
    service.sort(key=lambda r: (r["requested"], kinds.index(r["type"]), r["customer"], r["description"]))
    for i, row in enumerate(service, start=1):
        row["number"] = f"AV-{i:04d}"


def check(data: Data) -> None:
    """The rules the import and the demo rely on; a broken table fails here, not in the demo."""
    customers, products, units, service = data.customers, data.products, data.units, data.service
    serials = [u["serial"] for u in units]
    assert len(set(serials)) == len(serials) == 40
    for u in units:
        assert products[u["product"]]["needs_installation"] == "yes", u
        assert customers[u["customer"]]["customer_since"] <= u["installed"].isoformat(), u
        assert date(2023, 1, 1) <= u["installed"] <= date(2026, 11, 15), u
        if u["order"]:
            order = data.by_number[u["order"]]
            assert order["customer"] == u["customer"] and order["status"] == "invoiced", u
            assert 0 < (u["installed"] - order["day"]).days <= 120, u
        else:
            assert u["installed"].year == 2023, u
        for name in ("warranty_end", "last_maintenance"):
            assert u[name] is None or u[name] >= u["installed"], u
        assert u["last_maintenance"] is None or u["last_maintenance"] < date(2026, 11, 15), u
    plans = Counter(u["plan"] for u in units)
    assert plans["monthly"] == 2 and plans["none"] >= 12 and plans["quarterly"] >= 3, plans
    assert plans["half_yearly"] >= 4 and plans["yearly"] >= 5, plans
    assert sum(u["warranty_end"] is not None for u in units) == 5
    by_serial = {u["serial"]: u for u in units}

    for r in service:
        status, requested = r["status"], r["requested"]
        assert (status == "done") == (r["completed"] is not None), r
        assert (status == "cancelled") == (r["cancelled"] is not None), r
        assert status not in ("scheduled", "in_progress") or r["scheduled"] is not None, r
        for name in ("scheduled", "responded", "completed", "cancelled"):
            assert r[name] is None or r[name] >= requested, (name, r)
        for name in ("responded", "completed", "cancelled"):
            assert r[name] is None or r[name] <= LAST_DAY, (name, r)
        assert r["feedback"] is None or (status == "done" and 1 <= r["feedback"] <= 5), r
        assert not r["waiting_on"] or status not in ("done", "cancelled"), r
        if status == "done":
            assert r["completed"] >= (r["scheduled"] or requested), r
        if status in ("scheduled", "in_progress"):
            assert r["responded"] is not None, r
        if r["order"]:
            order = data.by_number[r["order"]]
            assert order["customer"] == r["customer"] and order["day"] <= requested, r
            if r["type"] == "delivery":
                assert requested == order["day"]
                assert (order["status"] == "cancelled") == (status == "cancelled"), r
        else:
            assert not r["requested_blank"], r
        unit = r["unit"]
        if unit is not None:
            assert unit["customer"] == r["customer"] and unit["product"] == r["product"], r
            assert by_serial[unit["serial"]] is unit
        if r["type"] == "delivery":
            assert r["order"] and r["department"] == "logistics" and unit is None, r
        elif r["type"] == "installation":
            assert r["order"] and products[r["product"]]["needs_installation"] == "yes", r
            assert (unit is not None) == (status == "done"), r
            if unit is not None:
                assert unit["installed"] == r["completed"], r
        else:
            assert unit is not None and unit["installed"] <= requested, r
        if r["type"] == "warranty_repair":
            assert requested <= unit["warranty"], r
    # the maintenance orders agree with the units: requested on the due date, the last done is the
    # unit's last maintenance, the open ones are for a unit's next due date
    for u in units:
        mine = sorted(
            (r for r in service if r["type"] == "maintenance" and r["unit"] is u),
            key=lambda r: r["requested"],
        )
        done = [r for r in mine if r["status"] == "done"]
        if u["plan"] not in PLAN_DAYS:
            assert not mine and u["last_maintenance"] is None, u
            continue
        period = timedelta(days=PLAN_DAYS[u["plan"]])
        for before, after in zip(done, done[1:], strict=False):
            assert after["requested"] == before["completed"] + period, (before, after)
        if done:
            assert u["last_maintenance"] == done[-1]["completed"], u
        assert u["next_due"] == (u["last_maintenance"] or u["installed"]) + period, u
        assert all(r["requested"] == u["next_due"] for r in mine if r["status"] != "done"), u
    # the demo's day: overdue and due-soon maintenance, goals met most of the time, open work
    overdue = [u for u in units if u["next_due"] and u["next_due"] < TODAY]
    soon = [u for u in units if u["next_due"] and TODAY <= u["next_due"] <= TODAY + timedelta(days=30)]
    assert len(overdue) >= 5 and len(soon) >= 4, (len(overdue), len(soon))
    for kind, goal in GOALS.items():
        done = [r for r in service if r["type"] == kind and r["status"] == "done"]
        leads = [(r["completed"] - r["requested"]).days for r in done]
        on_time = sum(0 <= d <= goal if kind == "maintenance" else d <= goal for d in leads)
        assert 60 <= 100 * on_time / len(done) <= 95, (kind, on_time, len(done))
    statuses = Counter(r["status"] for r in service)
    assert 18 <= sum(statuses[s] for s in ("open", "scheduled", "in_progress")) <= 24, statuses
    assert 80 <= len(service) <= 100, len(service)
    assert len({r["type"] for r in service if r["status"] in ("open", "scheduled", "in_progress")}) == 5


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(folder: Path, name: str, header: str, rows: list[dict]) -> None:
    columns = header.split(",")
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([fmt(row[c]) for c in columns])


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "sample_data"
    folder.mkdir(parents=True, exist_ok=True)
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    data = Data(random.Random(SEED), *load(sample))
    make_units(data)
    assign_serials(data)
    maintain(data)
    make_calls(data)
    make_deliveries(data)
    make_open(data)
    number_orders(data.service)
    check(data)

    write_csv(
        folder,
        "installed_base.csv",
        "serial,customer,product,installed,warranty_end,plan,last_maintenance,notes",
        data.units,
    )
    rows = []
    for r in data.service:
        row = dict(r, installed=r["unit"]["serial"] if r["unit"] else "")
        if r["requested_blank"]:
            row["requested"] = None
        rows.append(row)
    write_csv(
        folder,
        "service_orders.csv",
        "number,type,customer,product,order,installed,department,assignee,requested,scheduled,responded,"
        "completed,cancelled,status,waiting_on,description,result,feedback",
        rows,
    )
    statuses = Counter(r["status"] for r in data.service)
    print(
        f"Wrote {len(data.units)} installed products and {len(data.service)} service orders "
        f"({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))}) to {folder}"
    )


if __name__ == "__main__":
    main(sys.argv)
