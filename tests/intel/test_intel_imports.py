"""The intel room's import kinds through ``salesdesk import``: ``competitors`` and ``intel`` (entries),
English and Spanish headers, a folder where the intel file refers to competitors of the same import,
idempotent re-import, updates, and files refused whole (unknown references, dates after today, bad
choices, missing text) — nothing written. Today is 2026-11-28."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from tests.intel.conftest import as_json

COMPETITORS = "code,name,notes"
ENTRIES = "number,date,competitor,territory,topic,observed,source,impact,reported_by"


def _write(path, *lines: str):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(run, *args: str) -> tuple[int, dict, str]:
    code, out, err = run("import", *args, "--json")
    assert "Traceback" not in out + err
    return code, json.loads(out), err


def _counts(data: dict) -> dict[str, tuple[int, int, int]]:
    return {k["kind"]: (k["created"], k["updated"], k["unchanged"]) for k in data["kinds"]}


def _rows(engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql)).all()]


ENTRY_ROWS = (
    "SELECT e.number, e.date, c.code, t.code, e.topic, e.observed, e.source, e.impact, s.code "
    "FROM intel_entries e LEFT JOIN competitors c ON c.id = e.competitor_id "
    "LEFT JOIN territories t ON t.id = e.territory_id LEFT JOIN salespeople s ON s.id = e.reported_by_id "
    "ORDER BY e.number"
)


@pytest.fixture
def competitors(seeded, run, tmp_path):
    path = _write(tmp_path / "competitors.csv", COMPETITORS, "K1,Frío Total,precios bajos", "K2,Clima Sur,")
    code, data, err = _import(run, "competitors", str(path))
    assert code == 0, (data, err)
    assert _counts(data) == {"competitors": (2, 0, 0)}
    return seeded


def test_competitors_import_and_reimport(competitors, run, tmp_path):
    assert _rows(competitors, "SELECT code, name, notes FROM competitors ORDER BY code") == [
        ("K1", "Frío Total", "precios bajos"),
        ("K2", "Clima Sur", ""),
    ]
    path = _write(tmp_path / "competitors.csv", COMPETITORS, "K1,Frío Total,precios bajos", "K2,Clima Sur,")
    code, data, _err = _import(run, "competitors", str(path))
    assert code == 0 and _counts(data) == {"competitors": (0, 0, 2)}
    path = _write(tmp_path / "competitors.csv", COMPETITORS, "K1,Frío Total S.A.,", "K3,Aire Norte,online")
    code, data, _err = _import(run, "competitors", str(path))
    assert code == 0 and _counts(data) == {"competitors": (1, 1, 0)}
    # a blank cell leaves the stored notes as they are
    assert _rows(competitors, "SELECT code, name, notes FROM competitors ORDER BY code") == [
        ("K1", "Frío Total S.A.", "precios bajos"),
        ("K2", "Clima Sur", ""),
        ("K3", "Aire Norte", "online"),
    ]
    listed = {r["code"]: r["name"] for r in as_json(run("competitor", "list", "--json"))}
    assert listed == {"K1": "Frío Total S.A.", "K2": "Clima Sur", "K3": "Aire Norte"}


def test_a_competitors_file_without_a_name_is_refused(seeded, run, tmp_path):
    path = _write(tmp_path / "competitors.csv", COMPETITORS, "K1,Frío Total,", "K2,,sin nombre")
    code, data, err = _import(run, "competitors", str(path))
    assert code == 1 and data["committed"] is False
    assert any(f"{path}:3" in e and "name" in e for e in data["errors"]), data["errors"]
    assert _rows(seeded, "SELECT count(*) FROM competitors") == [(0,)]


def test_intel_entries_import(competitors, run, tmp_path):
    path = _write(
        tmp_path / "intel.csv",
        ENTRIES,
        "I000001,2026-11-01,K1,MAD,price,Bajan precios un 10 %,Cliente C001,high,V01",
        "ERP-7,2026-11-20,,,,Feria de Madrid: nueva marca,,,",
    )
    code, data, err = _import(run, "intel", str(path))
    assert code == 0, (data, err)
    assert _counts(data) == {"intel": (2, 0, 0)}
    assert _rows(competitors, ENTRY_ROWS) == [
        ("ERP-7", "2026-11-20", None, None, "other", "Feria de Madrid: nueva marca", "", "medium", None),
        (
            "I000001",
            "2026-11-01",
            "K1",
            "MAD",
            "price",
            "Bajan precios un 10 %",
            "Cliente C001",
            "high",
            "V01",
        ),
    ]
    code, data, _err = _import(run, "intel", str(path))
    assert code == 0 and _counts(data) == {"intel": (0, 0, 2)}
    # the program's own series continues after the highest imported number of its form
    out = run("intel", "add", "Otra cosa")[1]
    assert "I000002" in out
    listed = as_json(run("intel", "list", "--json", "--competitor", "K1"))
    assert [(r["number"], r["reported_by"]) for r in listed] == [("I000001", "V01")]


def test_a_folder_in_spanish_with_competitors_and_intel(seeded, run, tmp_path):
    folder = tmp_path / "mercado"
    folder.mkdir()
    _write(folder / "competidores.csv", "Código;Nombre;Notas", "K1;Frío Total;precios bajos")
    _write(
        folder / "inteligencia.csv",
        "Número;Fecha;Competidor;Zona;Tema;Observado;Fuente;Impacto;Vendedor",
        "I000001;2026-11-01;K1;TOL;promotion;Regalan la instalación;Visita;low;V02",
    )
    code, data, err = _import(run, str(folder))
    assert code == 0, (data, err)
    assert _counts(data) == {"competitors": (1, 0, 0), "intel": (1, 0, 0)}
    assert _rows(seeded, ENTRY_ROWS) == [
        ("I000001", "2026-11-01", "K1", "TOL", "promotion", "Regalan la instalación", "Visita", "low", "V02")
    ]


def test_an_intel_file_with_bad_lines_writes_nothing_and_names_every_problem(competitors, run, tmp_path):
    bad = [
        ("I3,2026-11-01,K9,,,Algo,,,", "competitor", "no competitor has this code"),
        ("I4,2026-11-01,,ZZ,,Algo,,,", "territory", "no territory has this code"),
        ("I5,2026-11-01,,,gossip,Algo,,,", "topic", "must be one of"),
        ("I6,2026-11-01,,,,Algo,,huge,", "impact", "must be one of"),
        ("I7,2026-11-01,,,,Algo,,,V99", "reported_by", "no salesperson has this code"),
        ("I8,2026-11-01,,,,,,,", "observed", "required"),
        ("I9,,,,,Algo,,,", "date", "required"),
    ]
    path = _write(
        tmp_path / "intel.csv",
        ENTRIES,
        "I1,2026-11-01,K1,,price,Bien,,,",
        *(b[0] for b in bad),
        "I2,2026-11-29,K1,,,Mañana,,,",
    )
    code, data, err = _import(run, "intel", str(path))
    assert code == 1 and data["committed"] is False, data
    assert "Nothing was imported" in err
    # observed after today: the file's own check, which names the entry and its date
    assert f"{path}: column 'date': is after today (value 'I2 2026-11-29')" in data["errors"]
    for line_no, (_line, column, message) in enumerate(bad, 3):
        found = [e for e in data["errors"] if e.startswith(f"{path}:{line_no}:")]
        assert found and column in found[0] and message in found[0], (line_no, data["errors"])
    assert _rows(competitors, "SELECT count(*) FROM intel_entries") == [(0,)]


def test_an_intel_number_twice_in_one_file_is_refused(competitors, run, tmp_path):
    path = _write(tmp_path / "intel.csv", ENTRIES, "I1,2026-11-01,,,,Uno,,,", "I1,2026-11-02,,,,Dos,,,")
    code, data, _err = _import(run, "intel", str(path))
    assert code == 1
    assert any("more than once" in e for e in data["errors"]), data["errors"]
    assert _rows(competitors, "SELECT count(*) FROM intel_entries") == [(0,)]
