"""Generate the demo's market data: competitors, campaigns, prospects and market intelligence.

Usage:  python scripts/make_market_data.py [OUTPUT_DIR]

Writes four CSV files (UTF-8, comma separated, ISO dates, money with a dot and two decimals) into
OUTPUT_DIR, by default the repository's sample_data/ folder next to scripts/. Each file's stem is an
import kind, so ``salesdesk demo --fresh`` loads them with the rest of the sample data:

- ``competitors.csv``: five distributors that sell the same climatización, frío comercial and cocinas
  industriales as we do, in the same three zones (Madrid, Castilla-La Mancha, Castilla y León);
- ``campaigns.csv``: the three 2026 campaigns run with marketing: one ended in spring (hostelería in
  Madrid), one ended in autumn (industria in Castilla-La Mancha), one running on the demo's day
  (2026-11-28) and ending in December (distribuidores in Castilla y León). Their goals are set against
  the prospects below: some are met, most are not;
- ``prospects.csv``: 60 prospects ``OP-0001``… (the ERP's opportunity series, numbered in order of
  identification) across every stage (identified 10, contacted 10, qualified 9, proposal 8,
  negotiation 6, won 9, lost 8), 26 of them from the campaigns. Six open ones are stale (no action for
  more than the 30 days of ``market.stale_days``), some next actions are overdue, the lost ones say why
  (three went to a named competitor). Owners are active salespeople of the prospect's zone: V03 is on
  leave and owns none;
- ``intel.csv``: 25 intel entries ``MI-0001``… from January to 27 November 2026: price cuts, new product
  lines, 2x1 promotions, a new distributor and a new branch in a zone, rappels, and a few market changes
  with no competitor (refrigerant prices, a Plan Renove, next year's price rises).

Why: the market and intel rooms (pipeline, conversion statistics, campaign results, the intel feed,
deals lost to competitors) need believable data in the demo, consistent with the master data that
``scripts/make_sample_data.py`` makes. The zones, groups and salespeople are its codes; company names
avoid the words the customer names are made of (places, surnames; at most one word in common, like
"Hotel"), so a won prospect converted into a customer is not taken for a duplicate by ``salesdesk
check``; tax ids are CIF-like (letter, province of the city, five digits, control digit), unique and
none a customer's (customers.csv is read to make sure). The demo's day is 2026-11-28: nothing is dated
later except next actions and the running campaign's end. The won prospects are not converted into
customers (the prospects file has no customer column, and new customers would change the customer
files), so ``campaign results`` shows no new customers or sales until one is converted with
``salesdesk prospect convert``.

Everything comes from one random.Random(2611) and fixed tables, so re-running the script gives
byte-identical files (the script checks its own rules before writing: stages, dates, codes).

Deliberate data-quality problems
--------------------------------
The demo's ``salesdesk check`` has something to find. The problems are few, and live in files of
``scripts/make_sample_data.py`` (it writes the same rows, marked, at the end of its customers and
orders), appended at the end so no existing code or number moves:

1. ``customers.csv`` C0181 "FERNANDEZ Y ORTIZ, S.L." duplicates C0001 "Fernández y Ortiz S.L.": the
   same tax id B28851483, the same zone (MAD), group and salesperson, the name keyed in capitals without
   accents; it has no invoices. ``check`` reports ``duplicate_customer`` (error) C0001/C0181.
2. ``customers.csv`` C0182 "Representaciones El Campilo, SL" is C0023 "Representaciones El Campillo
   S.L." with a typo and different punctuation, and an EMPTY tax id: ``check`` reports
   ``similar_names`` (warning) C0023/C0182 and ``missing_tax_id`` (warning) C0182.
3. ``orders.csv`` PED-000401 of 2026-07-15 on C0181 is still open (136 days on 2026-11-28, more than
   the 90 of ``intel.open_order_days``): ``old_open_order`` (warning). Its number is the next of the
   series, so it stands out of date order at the end of the file (keyed late, on the duplicate).

Both new customers have no *customer since* date (keyed in a hurry), so they count as no salesperson's
new customer. Together with the sample data's own ``inactive_owner`` (warning: V03 is on leave and
still owns customers) these are everything ``check`` finds in the demo.
"""

from __future__ import annotations

import csv
import random
import sys
import unicodedata
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

TODAY = date(2026, 11, 28)
FIRST_IDENTIFIED, LAST_IDENTIFIED = date(2026, 1, 10), date(2026, 11, 25)
LAST_ACTION = TODAY - timedelta(days=1)
STALE_BEFORE = TODAY - timedelta(days=30)  # last action before this day: stale (market.stale_days 30)
HOLIDAYS = {(1, 1), (1, 6), (5, 1), (8, 15), (10, 12), (11, 1), (12, 6), (12, 8), (12, 25)}

#: Active salespeople by zone (salespeople.csv; V03, on leave, gets no prospects).
OWNERS = {"MAD": ["V01", "V02"], "CLM": ["V04", "V05"], "CYL": ["V06", "V07", "V08"]}
ON_LEAVE_SINCE = {"V03": date(2026, 9, 25)}  # reports intel only before her leave

CITIES = {  # town -> zone, landline prefix, province code used in the CIF
    "Madrid": ("MAD", "91", "28"),
    "Alcobendas": ("MAD", "91", "28"),
    "Coslada": ("MAD", "91", "28"),
    "Getafe": ("MAD", "91", "28"),
    "Leganés": ("MAD", "91", "28"),
    "Tres Cantos": ("MAD", "91", "28"),
    "Toledo": ("CLM", "925", "45"),
    "Talavera de la Reina": ("CLM", "925", "45"),
    "Albacete": ("CLM", "967", "02"),
    "Hellín": ("CLM", "967", "02"),
    "Ciudad Real": ("CLM", "926", "13"),
    "Almagro": ("CLM", "926", "13"),
    "Puerto Lápice": ("CLM", "926", "13"),
    "Puertollano": ("CLM", "926", "13"),
    "Tomelloso": ("CLM", "926", "13"),
    "Valdepeñas": ("CLM", "926", "13"),
    "Guadalajara": ("CLM", "949", "19"),
    "Cuenca": ("CLM", "969", "16"),
    "Valladolid": ("CYL", "983", "47"),
    "Tordesillas": ("CYL", "983", "47"),
    "Burgos": ("CYL", "947", "09"),
    "Aranda de Duero": ("CYL", "947", "09"),
    "León": ("CYL", "987", "24"),
    "Astorga": ("CYL", "987", "24"),
    "Salamanca": ("CYL", "923", "37"),
    "Guijuelo": ("CYL", "923", "37"),
    "Segovia": ("CYL", "921", "40"),
    "Zamora": ("CYL", "980", "49"),
}
CIF_LETTER = {"S.L.": "B", "S.L.U.": "B", "S.A.": "A", "S.Coop.": "F"}

COMPETITORS = [
    (
        "FRICESA",
        "Frío y Climatización del Centro, S.A. (Fricesa)",
        "Distribuidor de climatización y frío comercial con almacén en Getafe. El más agresivo en precio en "
        "Madrid; ofrece financiación propia y empieza a vender directamente a hoteles.",
    ),
    (
        "HOSTEQUIP",
        "Hostequip Iberia, S.L.",
        "Cocinas industriales y equipamiento de hostelería. Tienda online con precios públicos y entrega "
        "en 48 horas; servicio técnico subcontratado y lento.",
    ),
    (
        "CLIMANORTE",
        "Climanorte Distribución, S.L.",
        "Climatización y aerotermia en Castilla y León (Valladolid, León, Burgos). Fuerte con los "
        "instaladores: rappels anuales y formación gratuita.",
    ),
    (
        "REFRIMANCHA",
        "Refrigeración Manchega, S.L.",
        "Frío comercial e industrial en Albacete y Ciudad Real, con servicio técnico propio 24 h. Gama "
        "propia de armarios refrigerados de importación.",
    ),
    (
        "TERMOIBERICA",
        "Termoibérica Distribución, S.A.",
        "Cadena nacional (unas 40 delegaciones). Abrió delegación en Toledo en junio de 2026 y anuncia "
        "Alcalá de Henares para 2027; condiciones de apertura muy largas (pago a 90 días).",
    ),
]

CAMPAIGNS = [  # code, name, start, end, zone, group, budget, goals (leads, customers, sales), notes
    (
        "CAM26-01",
        "Renove de cocinas y frío para hostelería en Madrid",
        date(2026, 2, 2),
        date(2026, 4, 30),
        "MAD",
        "HOR",
        Decimal("9500.00"),
        (10, 3, Decimal("60000.00")),
        "Mailing y llamadas a restaurantes y hoteles de Madrid con el Plan Renove regional; demostraciones "
        "de hornos mixtos en el almacén.",
    ),
    (
        "CAM26-02",
        "Aerotermia y frío industrial para la industria agroalimentaria de Castilla-La Mancha",
        date(2026, 5, 4),
        date(2026, 10, 16),
        "CLM",
        "IND",
        Decimal("14500.00"),
        (12, 4, Decimal("120000.00")),
        "Jornadas técnicas en Toledo y Ciudad Real con el fabricante; estudio energético gratuito para "
        "bodegas, queserías y obradores.",
    ),
    (
        "CAM26-03",
        "Frío comercial para distribuidores de Castilla y León",
        date(2026, 10, 1),
        date(2026, 12, 18),
        "CYL",
        "DIST",
        Decimal("7000.00"),
        (10, 3, Decimal("90000.00")),
        "Condiciones de lanzamiento para nuevos distribuidores (rappel del 3 % el primer año) y visitas "
        "conjuntas con el jefe de producto de refrigeración.",
    ),
]

# The prospects: company, city, group, stage, campaign code or channel, stale?, lost reason,
# competitor, note. Dates, values, owners, contacts and tax ids are drawn below.
PROSPECTS = [
    # CAM26-01: hostelería in Madrid, February to April — 11 leads, 2 won
    ("Arrocería La Albufera Chamberí S.L.", "Madrid", "HOR", "won", "CAM26-01", False, "", "",
     "Cocina completa con horno mixto y abatidor; instalación en el cierre de agosto."),
    ("Hotel Boutique Barrio de las Letras S.L.", "Madrid", "HOR", "won", "CAM26-01", False, "", "",
     "Climatización de 24 habitaciones con splits de conductos."),
    ("Taberna El Lagar de Malasaña S.L.", "Madrid", "HOR", "lost", "CAM26-01", False, "competitor",
     "FRICESA", "Fricesa les financió la cámara a 24 meses sin intereses."),
    ("Chocolatería La Castiza S.L.", "Madrid", "HOR", "lost", "CAM26-01", False, "price", "",
     "Nuestra oferta quedó un 15 % por encima de su presupuesto."),
    ("Eventos y Banquetes Finca El Olivar S.L.", "Alcobendas", "HOR", "lost", "CAM26-01", False, "timing",
     "", "Aplazan la reforma de la cocina a 2027."),
    ("Grupo Brasa y Leña Restauración S.L.", "Madrid", "HOR", "negotiation", "CAM26-01", False, "", "",
     "Tres locales; quieren empezar por el de Chamartín."),
    ("Residencias Universitarias Moncloa S.A.", "Madrid", "HOR", "proposal", "CAM26-01", False, "", "",
     "Cocina central para 400 menús diarios."),
    ("Bar Restaurante La Chistera S.L.", "Getafe", "HOR", "qualified", "CAM26-01", False, "", "", ""),
    ("Comedores Escolares Santa Ana S.L.", "Leganés", "HOR", "qualified", "CAM26-01", False, "", "",
     "Gestionan seis comedores escolares; cambian las cámaras en verano."),
    ("Hoteles Urbanos Castellana S.A.", "Madrid", "HOR", "contacted", "CAM26-01", True, "", "",
     "Pidieron catálogo en la campaña y no se ha vuelto a llamar."),
    ("Gastroteca Los Austrias S.L.", "Madrid", "HOR", "identified", "CAM26-01", True, "", "",
     "Lead de la campaña sin seguimiento."),
    # CAM26-02: industria in Castilla-La Mancha, May to mid-October — 9 leads, 3 won
    ("Quesería Artesana Campo de Montiel S.Coop.", "Ciudad Real", "IND", "won", "CAM26-02", False, "", "",
     "Cámara de maduración y equipo de frío industrial."),
    ("Bodegas Llanos de Valdepeñas S.A.", "Valdepeñas", "IND", "won", "CAM26-02", False, "", "",
     "Enfriadora para la nave de depósitos tras el estudio energético."),
    ("Matadero Comarcal de Talavera S.A.", "Talavera de la Reina", "IND", "won", "CAM26-02", False, "",
     "", "Sustitución de dos equipos de frío de 3 CV y mantenimiento anual."),
    ("Obrador de Mazapán Zocodover S.L.", "Toledo", "IND", "lost", "CAM26-02", False, "competitor",
     "TERMOIBERICA", "Termoibérica les dio pago a 90 días con la apertura de Toledo."),
    ("Almazara Virgen de las Viñas S.Coop.", "Tomelloso", "IND", "lost", "CAM26-02", False, "no_budget", "",
     "La cooperativa no aprobó la inversión en asamblea."),
    ("Dulces Tradicionales Almagro S.L.", "Almagro", "IND", "negotiation", "CAM26-02", False, "", "",
     "Piden ampliar la garantía a tres años."),
    ("Congelados y Precocinados Hellín S.L.", "Hellín", "IND", "negotiation", "CAM26-02", False, "", "", ""),
    ("Champiñones y Setas de Cuenca S.Coop.", "Cuenca", "IND", "proposal", "CAM26-02", False, "", "",
     "Oferta de cámaras de conservación para la nueva nave."),
    ("Mieles de la Alcarria S.L.", "Guadalajara", "IND", "qualified", "CAM26-02", False, "", "", ""),
    # CAM26-03: distribuidores in Castilla y León, October to December (running) — 6 leads so far
    ("Distribuidora Alimentaria Zamorana S.A.", "Zamora", "DIST", "qualified", "CAM26-03", False, "", "",
     "Quiere nuestra gama de refrigeración para sus clientes de hostelería."),
    ("Equipos Hosteleros Burgaleses S.L.", "Burgos", "DIST", "contacted", "CAM26-03", False, "", "", ""),
    ("Logística de Frío Villalonquéjar S.L.", "Burgos", "DIST", "contacted", "CAM26-03", False, "", "",
     "Visita conjunta con el jefe de producto pendiente de fecha."),
    ("Mayorista de Hostelería Legio S.L.", "León", "DIST", "identified", "CAM26-03", False, "", "", ""),
    ("Comercializadora Charra de Hostelería S.L.", "Salamanca", "DIST", "identified", "CAM26-03", False, "",
     "", ""),
    ("Recambios Frigoríficos Pucela S.L.U.", "Valladolid", "DIST", "identified", "CAM26-03", False, "", "",
     "Interesados en los repuestos (compresores, termostatos)."),
    # other channels, Madrid
    ("Central Hortofrutícola Vallecas S.A.", "Madrid", "IND", "proposal", "fair", False, "", "",
     "Conocidos en la feria; cámaras de atmósfera controlada."),
    ("Heladería Gelato Retiro S.L.", "Madrid", "RET", "contacted", "web", False, "", "", ""),
    ("Delicatessen Barrio de Salamanca S.L.", "Madrid", "RET", "identified", "web", False, "", "",
     "Formulario web: mural frigorífico de 250 cm."),
    ("Minimercados Express 24 S.L.", "Madrid", "RET", "won", "cold_call", False, "", "",
     "Cuatro tiendas; murales y cortinas de aire."),
    ("Distribuidora Hostelera del Sureste S.L.", "Getafe", "DIST", "negotiation", "partner", False, "", "",
     "Presentada por el instalador Frío Getafe; discuten el rappel."),
    ("Equipamientos Integrales Coslada S.A.", "Coslada", "DIST", "proposal", "referral", False, "", "", ""),
    ("Laboratorios Farmacéuticos Tres Cantos S.A.", "Tres Cantos", "IND", "qualified", "referral", True,
     "", "", "Climatización de salas limpias; esperan presupuesto de obra."),
    ("Logística Frigorífica del Corredor S.L.", "Coslada", "IND", "qualified", "fair", False, "", "", ""),
    ("Panadería y Bollería Villaverde S.L.U.", "Madrid", "IND", "contacted", "cold_call", False, "", "", ""),
    ("Charcutería Selecta Chamartín S.L.", "Madrid", "RET", "lost", "web", False, "service", "",
     "Les pareció largo el plazo de instalación (cinco semanas)."),
    ("Cocinas Centrales Hospitalarias Sur S.L.", "Leganés", "HOR", "identified", "other", False, "", "",
     "Licitación privada; pedir pliego."),
    ("Sushi Kaizen Restauración S.L.", "Alcobendas", "HOR", "contacted", "web", False, "", "", ""),
    # other channels, Castilla-La Mancha
    ("Venta del Quijote Puerto Lápice S.L.", "Puerto Lápice", "HOR", "won", "referral", False, "", "",
     "Recomendados por un cliente de Ciudad Real; cocina de 6 fuegos y campana."),
    ("Hostería Tres Culturas S.L.", "Toledo", "HOR", "proposal", "fair", False, "", "", ""),
    ("Alimentación Económica Tomelloso S.L.", "Tomelloso", "RET", "contacted", "cold_call", False, "", "",
     ""),
    ("Frigoríficos y Equipos Albaceteños S.L.", "Albacete", "DIST", "negotiation", "partner", False, "", "",
     "Trabajan con Refrigeración Manchega; quieren una segunda marca."),
    ("Casa de Comidas El Alfar S.L.", "Cuenca", "HOR", "identified", "other", True, "", "", ""),
    ("Balneario Fuente Agria S.A.", "Puertollano", "HOR", "qualified", "referral", False, "", "",
     "Aerotermia para el agua caliente del balneario."),
    ("Gastrobar Alcarria Plaza S.L.", "Guadalajara", "HOR", "contacted", "web", True, "", "", ""),
    ("Electrohogar Ciudad Real S.L.", "Ciudad Real", "RET", "identified", "cold_call", False, "", "", ""),
    ("Congelados Ibéricos del Sur S.A.", "Albacete", "DIST", "lost", "partner", False, "no_decision", "",
     "Tres meses sin respuesta tras la oferta."),
    ("Hospedería Puerta de Bisagra S.L.", "Toledo", "HOR", "proposal", "referral", True, "", "",
     "Oferta enviada; no contestan."),
    # other channels, Castilla y León
    ("Asados Castellanos Sepúlveda S.L.", "Segovia", "HOR", "won", "referral", False, "", "",
     "Horno mixto y abatidor; pagan por transferencia a 30 días."),
    ("Hotel Spa Termas de Salamanca S.A.", "Salamanca", "HOR", "negotiation", "fair", False, "", "",
     "Climatización del spa y de 60 habitaciones."),
    ("Lechazo de Aranda Restauración S.L.", "Aranda de Duero", "HOR", "proposal", "cold_call", False, "",
     "", ""),
    ("Hospedería Camino de Santiago S.L.", "León", "HOR", "qualified", "web", False, "", "", ""),
    ("Bodegas Páramo de Corcos S.A.", "Valladolid", "IND", "won", "partner", False, "", "",
     "Enfriadora para la fermentación; presentada por el instalador."),
    ("Chacinas y Jamones de Guijuelo S.L.", "Guijuelo", "IND", "lost", "fair", False, "competitor",
     "CLIMANORTE", "Climanorte les instaló el secadero con su instalador asociado."),
    ("Quesos Artesanos Villalón S.Coop.", "Valladolid", "IND", "qualified", "partner", False, "", "", ""),
    ("Cecinas de Astorga Tradición S.L.", "Astorga", "IND", "contacted", "cold_call", False, "", "", ""),
    ("Mercado Gourmet Plaza Mayor S.L.", "Valladolid", "RET", "identified", "web", False, "", "", ""),
    ("Pastas Alimenticias Tordesillas S.A.", "Tordesillas", "IND", "proposal", "referral", False, "", "", ""),
    ("Heladerías Capricho Segoviano S.L.", "Segovia", "RET", "contacted", "other", False, "", "", ""),
    ("Residencia de Mayores San Froilán S.L.", "León", "HOR", "identified", "referral", False, "", "", ""),
]  # fmt: skip

STAGES = ("identified", "contacted", "qualified", "proposal", "negotiation", "won", "lost")
OPEN_STAGES = STAGES[:5]
STAGE_COUNTS = {"identified": 10, "contacted": 10, "qualified": 9, "proposal": 8, "negotiation": 6,
                "won": 9, "lost": 8}  # fmt: skip
CHANNELS = ("campaign", "referral", "web", "fair", "cold_call", "partner", "other")
LOST_REASONS = ("price", "product", "service", "timing", "no_budget", "competitor", "no_decision", "other")

#: When a prospect outside a campaign was identified, by its stage (later stages came in earlier).
IDENTIFIED_WINDOW = {
    "identified": (date(2026, 10, 19), LAST_IDENTIFIED),
    "contacted": (date(2026, 8, 3), date(2026, 11, 6)),
    "qualified": (date(2026, 5, 4), date(2026, 10, 9)),
    "proposal": (date(2026, 3, 2), date(2026, 9, 25)),
    "negotiation": (FIRST_IDENTIFIED, date(2026, 8, 28)),
    "won": (FIRST_IDENTIFIED, date(2026, 8, 28)),
    "lost": (FIRST_IDENTIFIED, date(2026, 8, 28)),
}
STALE_WINDOW = (date(2026, 6, 1), date(2026, 9, 18))  # identified, for stale ones outside campaigns
#: Days from identified to entering the current stage, by stage.
STAGE_GAP = {
    "identified": (0, 0),
    "contacted": (3, 25),
    "qualified": (14, 55),
    "proposal": (30, 90),
    "negotiation": (45, 140),
    "won": (35, 150),
    "lost": (25, 150),
}
VALUE_RANGE = {"DIST": (20000, 90000), "IND": (9000, 75000), "HOR": (6000, 45000), "RET": (3000, 25000)}

NEXT_ACTIONS = {
    "identified": [
        "Primera llamada para presentar la empresa",
        "Localizar al responsable de compras",
        "Enviar catálogo de climatización y frío comercial",
    ],
    "contacted": [
        "Concertar visita a las instalaciones",
        "Enviar referencias de clientes del sector",
        "Llamar para fijar reunión con gerencia",
    ],
    "qualified": [
        "Visita técnica para tomar medidas",
        "Preparar estudio de necesidades de frío",
        "Pedir los planos del local",
    ],
    "proposal": [
        "Enviar oferta revisada",
        "Llamar para comentar la oferta",
        "Presentar la oferta con financiación a 24 meses",
    ],
    "negotiation": [
        "Cerrar condiciones de pago con gerencia",
        "Reunión para firmar el pedido",
        "Confirmar plazo de instalación",
        "Enviar contrato de mantenimiento para firma",
    ],
}
CHANNEL_NOTES = {
    "web": "Entró por el formulario de la web.",
    "fair": "Contacto en la feria del sector.",
    "cold_call": "Captado en llamada en frío.",
    "referral": "Recomendado por un cliente.",
    "partner": "Presentado por un instalador colaborador.",
    "other": "",
}
FIRST_NAMES = [  # name, 0 man / 1 woman (the contact's role agrees)
    ("Ana", 1), ("Luis", 0), ("Carmen", 1), ("Pablo", 0), ("Rosa", 1), ("Sergio", 0), ("Isabel", 1),
    ("Andrés", 0), ("Pilar", 1), ("Rubén", 0), ("Beatriz", 1), ("Óscar", 0), ("Marisa", 1), ("Fernando", 0),
    ("Nuria", 1), ("Víctor", 0), ("Teresa", 1), ("Jorge", 0), ("Elena", 1), ("Ramón", 0), ("Sonia", 1),
    ("Iñigo", 0), ("Montserrat", 1), ("Adrián", 0), ("Lourdes", 1), ("Hugo", 0), ("Inmaculada", 1),
    ("Alberto", 0), ("Cristina", 1), ("Gonzalo", 0),
]  # fmt: skip
CONTACT_SURNAMES = [
    "Beltrán", "Carrasco", "Delgado", "Esteban", "Fuentes", "Gallego", "Hidalgo", "Iglesias", "León",
    "Mora", "Nieto", "Ortega", "Peña", "Quintana", "Reyes", "Santos", "Toledano", "Urrutia", "Vidal",
    "Zamora", "Arroyo", "Benito", "Crespo", "Durán", "Espinosa", "Flores", "Guerrero", "Lorenzo",
]  # fmt: skip
ROLES = {  # (for a man, for a woman)
    "DIST": [("gerente", "gerente"), ("director comercial", "directora comercial"),
             ("jefe de compras", "jefa de compras")],
    "IND": [("director de planta", "directora de planta"), ("responsable de mantenimiento",) * 2,
            ("gerente", "gerente"), ("jefe de producción", "jefa de producción")],
    "HOR": [("propietario", "propietaria"), ("gerente", "gerente"), ("jefe de cocina", "jefa de cocina"),
            ("director de compras", "directora de compras")],
    "RET": [("propietario", "propietaria"), ("gerente", "gerente"),
            ("encargado de tienda", "encargada de tienda")],
}  # fmt: skip

INTEL = [  # month, competitor, zone, topic, impact, reported by, observed, source
    (1, "FRICESA", "MAD", "price", "high", "V01",
     "Fricesa baja un 8 % su tarifa de splits murales y de conductos para toda la temporada 2026.",
     "Tarifa 2026 que nos enseñó un cliente de hostelería de Madrid"),
    (1, "", "CEN", "other", "medium", "",
     "El gas refrigerante R32 y R410A sube un 12 % por el recorte de cuotas F-Gas; los fabricantes lo "
     "repercuten en febrero.", "Circular del fabricante"),
    (2, "HOSTEQUIP", "MAD", "channel", "medium", "V02",
     "Hostequip abre tienda online para hostelería con precios públicos y entrega en 48 horas.",
     "Web de Hostequip; lo comentó el jefe de compras de un grupo hostelero"),
    (2, "CLIMANORTE", "CYL", "promotion", "medium", "V06",
     "Climanorte regala el kit de instalación con cada bomba de calor de aerotermia hasta el 31 de marzo.",
     "Folleto que deja su comercial a los instaladores de Valladolid"),
    (3, "REFRIMANCHA", "CLM", "product", "medium", "V04",
     "Refrigeración Manchega lanza una gama propia de armarios refrigerados de importación, un 20 % más "
     "baratos que los nuestros.", "Visita a un distribuidor de Albacete"),
    (3, "TERMOIBERICA", "CLM", "strategy", "high", "V05",
     "Termoibérica abrirá en junio una delegación en Toledo (polígono de Santa María de Benquerencia) con "
     "almacén y mostrador para instaladores.", "Instalador de Toledo; anuncio en su web"),
    (3, "", "MAD", "other", "medium", "",
     "La Comunidad de Madrid abre un Plan Renove de equipos de frío y climatización para hostelería: "
     "hasta el 30 % de la inversión.", "Boletín oficial de la Comunidad de Madrid"),
    (4, "FRICESA", "MAD", "promotion", "high", "V03",
     "Fricesa hace un 2x1 en cortinas de aire y fabricadores de hielo en pedidos de más de 3.000 €.",
     "Folleto en el mostrador de un cliente de Getafe"),
    (4, "HOSTEQUIP", "CYL", "price", "medium", "V07",
     "Hostequip iguala los precios de Internet en hornos mixtos: un 12 % por debajo de nuestra tarifa.",
     "Presupuesto de Hostequip que nos pasó un restaurante de Valladolid"),
    (5, "CLIMANORTE", "CYL", "channel", "high", "V08",
     "Climanorte firma con un mayorista de Burgos, que pasa a ser distribuidor de su gama en la zona.",
     "Instalador de Burgos"),
    (5, "REFRIMANCHA", "CLM", "price", "high", "V05",
     "Refrigeración Manchega da un rappel anual del 4 % a los distribuidores que compren más de 60.000 €.",
     "Distribuidor de Albacete (cliente nuestro)"),
    (6, "TERMOIBERICA", "CLM", "channel", "high", "V04",
     "Termoibérica inaugura la delegación de Toledo y visita a nuestros distribuidores con condiciones de "
     "apertura: pago a 90 días.", "Dos distribuidores de Toledo"),
    (6, "FRICESA", "MAD", "product", "medium", "V02",
     "Fricesa presenta enfriadoras compactas con refrigerante natural R290.",
     "Jornada técnica de Fricesa en Madrid"),
    (6, "", "CYL", "other", "low", "V06",
     "Ola de calor adelantada: los instaladores de Valladolid tienen tres semanas de espera para montar "
     "splits.", "Instaladores de Valladolid"),
    (7, "HOSTEQUIP", "MAD", "strategy", "medium", "",
     "Hostequip busca comerciales en Madrid con experiencia en cadenas hoteleras.",
     "Oferta de empleo publicada en LinkedIn"),
    (7, "CLIMANORTE", "CYL", "price", "medium", "V07",
     "Climanorte rebaja un 6 % las bombas de calor de aerotermia para vaciar stock antes de la nueva gama.",
     "Instalador de Salamanca"),
    (9, "REFRIMANCHA", "CLM", "promotion", "medium", "V05",
     "Refrigeración Manchega hace un 2x1 en termostatos y filtros de repuesto para instaladores en "
     "septiembre y octubre.", "Mostrador de Refrigeración Manchega en Ciudad Real"),
    (9, "TERMOIBERICA", "MAD", "strategy", "high", "V01",
     "Termoibérica anuncia que abrirá en Alcalá de Henares en 2027.",
     "Su delegado, en una jornada técnica para instaladores"),
    (9, "FRICESA", "MAD", "price", "high", "V02",
     "Fricesa financia al 0 % a 24 meses las cámaras frigoríficas modulares.",
     "Oferta de Fricesa a un cliente de Alcalá de Henares"),
    (10, "HOSTEQUIP", "CLM", "product", "low", "V04",
     "Hostequip añade lavavajillas de capota de marca propia con dos años de garantía.",
     "Catálogo de otoño de Hostequip"),
    (10, "", "CEN", "other", "medium", "",
     "Los fabricantes anuncian una subida de tarifas del 3 al 5 % en enero de 2027 por el acero y el "
     "transporte.", "Reunión trimestral con el fabricante"),
    (10, "CLIMANORTE", "CYL", "strategy", "medium", "V06",
     "El comercial de Climanorte en León se ha ido a un instalador: sus clientes están sin atender.",
     "Clientes de León"),
    (11, "REFRIMANCHA", "CLM", "price", "high", "V05",
     "Refrigeración Manchega cotiza murales frigoríficos a precio de coste para entrar en los "
     "supermercados de Ciudad Real.", "Supermercado de Ciudad Real (cliente nuestro)"),
    (11, "TERMOIBERICA", "CLM", "promotion", "medium", "V04",
     "Termoibérica hace un Black Friday para instaladores: 15 % en climatización del 24 al 30 de "
     "noviembre.", "Correo de Termoibérica reenviado por un instalador"),
    (11, "FRICESA", "MAD", "channel", "medium", "V01",
     "Fricesa empieza a vender directamente a hoteles de Madrid, sin pasar por los distribuidores.",
     "Director de un hotel cliente"),
]  # fmt: skip
TOPICS = ("price", "product", "promotion", "channel", "strategy", "other")
IMPACTS = ("low", "medium", "high")


def is_workday(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def workday(rng: random.Random, lo: date, hi: date) -> date:
    """A random workday in lo–hi (lo itself when there is none)."""
    days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
    days = [d for d in days if is_workday(d)]
    return rng.choice(days) if days else lo


def on_workday(day: date, floor: date, ceiling: date) -> date:
    """The workday on or before ``day`` (not before ``floor``), else the one after it (up to ``ceiling``)."""
    back = day
    while not is_workday(back) and back > floor:
        back -= timedelta(days=1)
    if is_workday(back):
        return back
    ahead = day
    while not is_workday(ahead) and ahead < ceiling:
        ahead += timedelta(days=1)
    return ahead


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def cif(rng: random.Random, letter: str, province: str) -> str:
    """Spanish CIF: letter, 2-digit province, 5 digits and the official control digit."""
    body = province + "".join(str(rng.randint(0, 9)) for _ in range(5))
    even = sum(int(ch) for ch in body[1::2])
    odd = sum(sum(divmod(2 * int(ch), 10)) for ch in body[0::2])
    return f"{letter}{body}{(10 - (even + odd) % 10) % 10}"


def phone(rng: random.Random, prefix: str) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
    return f"+34 {digits[:3]} {digits[3:6]} {digits[6:]}"


def legal_form(company: str) -> str:
    return next(form for form in sorted(CIF_LETTER, key=len, reverse=True) if company.endswith(" " + form))


def make_prospects(rng: random.Random, campaigns: dict, taken_tax_ids: set[str]) -> list[dict]:
    out = []
    flowing = [i for i, p in enumerate(PROSPECTS) if p[3] in OPEN_STAGES and not p[5]]
    overdue_slots = set(rng.sample(flowing, 4))  # next actions overdue besides the stale ones
    load: Counter[str] = Counter()
    for i, (company, city, group, stage, source, stale, reason, competitor, note) in enumerate(PROSPECTS):
        zone, prefix, province = CITIES[city]
        campaign = campaigns.get(source)
        channel = "campaign" if campaign else source
        if campaign:
            lo, hi = campaign[2], min(campaign[3], LAST_IDENTIFIED)
            if stage in ("won", "lost", "negotiation", "proposal"):
                hi = min(hi, lo + timedelta(days=45))  # the campaign's early leads went furthest
        elif stale:
            lo, hi = STALE_WINDOW
        else:
            lo, hi = IDENTIFIED_WINDOW[stage]
        identified = workday(rng, lo, hi)
        gap_lo, gap_hi = STAGE_GAP[stage]
        since = identified + timedelta(days=rng.randint(gap_lo, gap_hi))
        cap = STALE_BEFORE - timedelta(days=12) if stale else date(2026, 11, 24)
        since = on_workday(max(identified, min(since, cap)), identified, cap)
        if stage not in OPEN_STAGES:
            last = since
        elif stale:
            last = workday(rng, since, min(since + timedelta(days=10), STALE_BEFORE - timedelta(days=3)))
        else:
            last = workday(rng, max(since, STALE_BEFORE + timedelta(days=1)), LAST_ACTION)
        next_action, next_date = "", None
        if stage in OPEN_STAGES:
            next_action = rng.choice(NEXT_ACTIONS[stage])
            if stale:
                next_date = workday(rng, last + timedelta(days=5), last + timedelta(days=20))
            elif i in overdue_slots and last <= TODAY - timedelta(days=4):
                next_date = workday(rng, last + timedelta(days=1), TODAY - timedelta(days=1))
            else:
                next_date = workday(rng, TODAY + timedelta(days=2), date(2026, 12, 22))
        lo_value, hi_value = VALUE_RANGE[group]
        value = Decimal(500 * rng.randint(lo_value // 500, hi_value // 500)).quantize(Decimal("0.01"))
        (first, woman), surname = rng.choice(FIRST_NAMES), rng.choice(CONTACT_SURNAMES)
        base = company[: -len(legal_form(company)) - 1]
        tax_id = cif(rng, CIF_LETTER[legal_form(company)], province)
        while tax_id in taken_tax_ids:
            tax_id = cif(rng, CIF_LETTER[legal_form(company)], province)
        taken_tax_ids.add(tax_id)
        notes = note or CHANNEL_NOTES.get(channel, "")
        fewest = min(load[o] for o in OWNERS[zone])  # spread evenly over the zone's salespeople
        owner = rng.choice([o for o in OWNERS[zone] if load[o] == fewest])
        load[owner] += 1
        out.append(
            {
                "company": company,
                "contact": f"{first} {surname} ({rng.choice(ROLES[group])[woman]})",
                "email": f"{ascii_slug(first)}.{ascii_slug(surname)}@{ascii_slug(base)}.example",
                "phone": phone(rng, rng.choice(["6", "6", prefix])),
                "tax_id": tax_id,
                "city": city,
                "territory": zone,
                "group": group,
                "channel": channel,
                "campaign": source if campaign else "",
                "value": value,
                "stage": stage,
                "owner": owner,
                "identified": identified,
                "stage_since": since,
                "last_action": last,
                "next_action": next_action,
                "next_action_date": next_date,
                "lost_reason": reason,
                "competitor": competitor,
                "notes": notes,
            }
        )
    out.sort(key=lambda p: (p["identified"], p["company"]))  # the ERP numbers them as they come in
    for n, p in enumerate(out, start=1):
        p["number"] = f"OP-{n:04d}"
    return out


def make_intel(rng: random.Random) -> list[dict]:
    out = []
    for month, competitor, zone, topic, impact, reporter, observed, source in INTEL:
        last = date(2026, 11, 27) if month == 11 else date(2026, month + 1, 1) - timedelta(days=1)
        day = workday(rng, date(2026, month, 1), last)
        out.append(
            {
                "date": day,
                "competitor": competitor,
                "territory": zone,
                "topic": topic,
                "observed": observed,
                "source": source,
                "impact": impact,
                "reported_by": reporter,
            }
        )
    out.sort(key=lambda e: e["date"])  # stable: the table's order within a day
    for n, e in enumerate(out, start=1):
        e["number"] = f"MI-{n:04d}"
    return out


#: Won prospects of the spring campaign that became the region's new customers of 2026 (their customer
#: records came first, in make_sample_data.py): the prospect takes the customer's name, tax id, contact
#: details, city, zone, group and salesperson, and was won on the day the customer record starts
#: (customer since). The campaign's results then count them and their sales.
CONVERTED = {"OP-0011": "C0177", "OP-0008": "C0179"}
TAKEN = ("name:company", "tax_id", "email", "phone", "city", "territory", "group", "salesperson:owner")


def convert(prospects: list[dict], customers: list[dict]) -> None:
    by_code = {c["code"]: c for c in customers}
    for p in prospects:
        p["customer"] = ""
        code = CONVERTED.get(p["number"])
        if code is None:
            continue
        c = by_code[code]
        won = date.fromisoformat(c["customer_since"])
        assert p["stage"] == "won" and p["identified"] <= won, (p, c)
        for pair in TAKEN:
            source, _sep, target = pair.partition(":")
            p[target or source] = c[source]
        p.update(stage_since=won, last_action=won, customer=code, notes=f"Alta como cliente {code}.")


def check(prospects: list[dict], intel: list[dict], campaigns: dict, customers: list[dict]) -> None:
    """The rules the import and the demo rely on; a broken table fails here, not in the demo."""
    assert Counter(p["stage"] for p in prospects) == Counter(STAGE_COUNTS)
    competitors = {c[0] for c in COMPETITORS}
    numbers, tax_ids = set(), {c["tax_id"] for c in customers}
    for p in prospects:
        assert p["number"] not in numbers and (p["customer"] or p["tax_id"] not in tax_ids), p
        numbers.add(p["number"])
        tax_ids.add(p["tax_id"])
        assert p["channel"] in CHANNELS and p["owner"] in OWNERS[p["territory"]]
        assert FIRST_IDENTIFIED <= p["identified"] <= LAST_IDENTIFIED, p
        assert p["identified"] <= p["stage_since"] <= p["last_action"] <= TODAY, p
        assert Decimal("3000") <= p["value"] <= Decimal("90000")
        if p["campaign"]:
            camp = campaigns[p["campaign"]]
            assert p["channel"] == "campaign" and camp[2] <= p["identified"] <= camp[3], p
            assert p["customer"] or (p["territory"], p["group"]) == (camp[4], camp[5])
        if p["stage"] in OPEN_STAGES:
            assert p["next_action"] and p["next_action_date"] and not p["lost_reason"], p
        else:
            assert not p["next_action"] and p["next_action_date"] is None
        if p["stage"] == "lost":
            assert p["lost_reason"] in LOST_REASONS
            assert (p["lost_reason"] == "competitor") == (p["competitor"] in competitors), p
        else:
            assert not p["lost_reason"] and not p["competitor"]
    open_ones = [p for p in prospects if p["stage"] in OPEN_STAGES]
    assert sum(p["last_action"] < STALE_BEFORE for p in open_ones) == 6
    assert sum(p["next_action_date"] < TODAY for p in open_ones) >= 6
    for e in intel:
        assert date(2026, 1, 1) <= e["date"] <= date(2026, 11, 27)
        assert e["topic"] in TOPICS and e["impact"] in IMPACTS and e["competitor"] in competitors | {""}
        assert e["reported_by"] not in ON_LEAVE_SINCE or e["date"] < ON_LEAVE_SINCE[e["reported_by"]]
    # no prospect looks like a customer (the data-quality check compares customer names: a converted
    # prospect must not look like a duplicate)
    words = {w for c in customers for w in _name_words(c["name"])}
    for p in prospects:
        if p["customer"]:  # became that customer: its name is the customer's
            continue
        shared = _name_words(p["company"]) & words
        assert len(shared) < 2, (p["company"], shared)


def _name_words(name: str) -> set[str]:
    small = {"de", "del", "la", "las", "el", "los", "y", "e", "sl", "sa", "slu", "scoop"}
    plain = ascii_slug(name.replace(".", "")).split("-")
    return {w for w in plain if w not in small and len(w) > 2}


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(folder: Path, name: str, header: str, rows: list[dict] | list[tuple]) -> None:
    columns = header.split(",")
    with open(folder / name, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            values = [row[c] for c in columns] if isinstance(row, dict) else row
            writer.writerow([fmt(v) for v in values])


def main(argv: list[str]) -> None:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "sample_data"
    folder.mkdir(parents=True, exist_ok=True)
    sample = Path(__file__).resolve().parent.parent / "sample_data"
    with open(sample / "customers.csv", encoding="utf-8", newline="") as handle:
        customers = list(csv.DictReader(handle))
    rng = random.Random(2611)
    campaigns = {c[0]: c for c in CAMPAIGNS}
    prospects = make_prospects(rng, campaigns, {c["tax_id"] for c in customers if c["tax_id"]})
    intel = make_intel(rng)
    convert(prospects, customers)
    check(prospects, intel, campaigns, customers)

    write_csv(folder, "competitors.csv", "code,name,notes", COMPETITORS)
    write_csv(
        folder,
        "campaigns.csv",
        "code,name,start,end,territory,group,budget,goal_leads,goal_customers,goal_sales,notes",
        [(code, name, s, e, z, g, b, *goals, notes) for code, name, s, e, z, g, b, goals, notes in CAMPAIGNS],
    )
    write_csv(
        folder,
        "prospects.csv",
        "number,company,contact,email,phone,tax_id,city,territory,group,channel,campaign,value,stage,owner,"
        "identified,stage_since,last_action,next_action,next_action_date,lost_reason,competitor,notes,"
        "customer",
        prospects,
    )
    write_csv(
        folder,
        "intel.csv",
        "number,date,competitor,territory,topic,observed,source,impact,reported_by",
        intel,
    )
    print(
        f"Wrote {len(COMPETITORS)} competitors, {len(CAMPAIGNS)} campaigns, {len(prospects)} prospects, "
        f"{len(intel)} intel entries to {folder}"
    )


if __name__ == "__main__":
    main(sys.argv)
