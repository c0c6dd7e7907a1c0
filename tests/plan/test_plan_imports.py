"""Plan kinds through the import engine: composite natural keys, idempotent re-import, history, errors."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text


@pytest.fixture
def run(cli, db_path):
    def invoke(*args: str) -> tuple[int, str, str]:
        return cli("--db", str(db_path), *args)

    return invoke


def _write(path, *lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _summary(run, *args):
    code, out, err = run("import", *args, "--json")
    return code, json.loads(out), err


def test_plan_files_in_spanish_import_and_reimport_unchanged(seeded, run, tmp_path):
    folder = tmp_path / "plan"
    folder.mkdir()
    _write(folder / "planes.csv", "Año;Importe", "2026;12.000,00")
    _write(folder / "demanda.csv", "Año;Grupo;Crecimiento %;Tamaño de mercado", "2026;HOR;50;20.000,00")
    _write(
        folder / "estacionalidad.csv",
        "Año;Mes;Peso",
        *[f"2026;{m};{'8' if m <= 10 else '10'}" for m in range(1, 13)],
    )
    code, data, err = _summary(run, str(folder))
    assert code == 0, (data, err)
    created = {k["kind"]: k["created"] for k in data["kinds"]}
    assert created == {"plans": 1, "group_demand": 1, "seasonality": 12}
    code, data, err = _summary(run, str(folder))
    assert code == 0
    assert {k["kind"]: (k["created"], k["updated"], k["unchanged"]) for k in data["kinds"]} == {
        "plans": (0, 0, 1),
        "group_demand": (0, 0, 1),
        "seasonality": (0, 0, 12),
    }
    _write(folder / "planes.csv", "Año;Importe", "2026;13.000,00")
    code, data, err = _summary(run, str(folder))
    assert {k["kind"]: k["updated"] for k in data["kinds"]}["plans"] == 1
    with seeded.connect() as conn:
        assert conn.execute(text("SELECT record, old, new FROM change_log WHERE entity = 'plan'")).one() == (
            "2026",
            "12000.00",
            "13000.00",
        )
    code, out, err = run("plan", "breakdown", "--year", "2026", "--json")
    assert code == 0, err
    assert json.loads(out)["seasonality"]["source"] == "set"


def test_targets_file_with_a_duplicate_cell_and_an_unknown_salesperson_writes_nothing(seeded, run, tmp_path):
    path = _write(
        tmp_path / "objetivos.csv",
        "year,month,salesperson,group,amount",
        "2026,1,V01,DIST,100.00",
        "2026,2,V01,DIST,100.00",
        "2026,1,V01,DIST,120.00",
        "2026,1,NOPE,DIST,5.00",
        "2026,13,V02,DIST,5.00",
    )
    code, data, err = _summary(run, "targets", str(path))
    assert code == 1
    assert data["error_count"] == 3
    errors = "\n".join(data["errors"])
    assert f"{path}:4: column 'year': appears more than once in this file (value '2026/1/V01/DIST')" in errors
    assert f"{path}:5: column 'salesperson': no salesperson has this code (value 'NOPE')" in errors
    assert f"{path}:6: column 'month': must be between 1 and 12 (value '13')" in errors
    with seeded.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plan_targets")).scalar() == 0


def test_targets_import_then_export_round_trip_is_unchanged(seeded, run, tmp_path):
    path = _write(
        tmp_path / "targets.csv",
        "year,month,salesperson,group,amount",
        "2026,1,V01,DIST,100.00",
        "2026,1,V02,DIST,50.50",
        "2026,2,V01,HOR,75.25",
    )
    code, data, err = _summary(run, "targets", str(path))
    assert code == 0 and data["kinds"][0]["created"] == 3, err
    out = tmp_path / "export.csv"
    code, _out, err = run("export", "targets", str(out))
    assert code == 0, err
    code, data, err = _summary(run, "targets", str(out))
    assert code == 0 and data["kinds"][0]["unchanged"] == 3, (data, err)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ((50, 40), "has weights for 2 of the 12 months"),
        ((10,) * 12, "the weights must total 100 (value '2027: 120.00')"),
    ],
)
def test_a_seasonality_file_gets_the_same_check_as_plan_seasonality(seeded, run, tmp_path, weights, message):
    path = _write(
        tmp_path / "estacionalidad.csv",
        "year,month,weight",
        *[f"2027,{m},{w}" for m, w in enumerate(weights, 1)],
    )
    code, data, _err = _summary(run, "seasonality", str(path))
    assert code == 1
    assert len(data["errors"]) == 1 and message in data["errors"][0]
    assert data["errors"][0].startswith(f"{path}: column ")  # a problem of the file, not of one line
    with seeded.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM plan_seasonality")).scalar() == 0


def test_a_valid_seasonality_file_imports(seeded, run, tmp_path):
    path = _write(
        tmp_path / "s.csv",
        "year,month,weight",
        *[f"2027,{m},{'8' if m <= 10 else '10'}" for m in range(1, 13)],
    )
    assert _summary(run, "seasonality", str(path))[0] == 0


def test_group_amounts_must_fit_the_plan_in_an_import_and_when_the_plan_is_set(seeded, run, tmp_path):
    assert run("plan", "set", "--year", "2027", "--amount", "1000")[0] == 0
    path = _write(
        tmp_path / "demanda.csv", "year,group,growth_pct,amount", "2027,DIST,0,600", "2027,HOR,0,500"
    )
    code, data, _err = _summary(run, "group_demand", str(path))
    assert code == 1
    assert data["errors"] == [
        f"{path}: column 'amount': does not match the customer groups' fixed amounts (1,100.00) for 2027; "
        "change them with salesdesk plan growth --amount (value '2027: 1000.00')"
    ]
    path = _write(tmp_path / "demanda.csv", "year,group,growth_pct,amount", "2027,DIST,0,600")
    assert _summary(run, "group_demand", str(path))[0] == 0
    code, _out, err = run("plan", "set", "--year", "2027", "--amount", "500")
    assert code == 1
    assert "--amount '500.00': does not match the customer groups' fixed amounts (600.00) for 2027" in err
    with seeded.connect() as conn:
        assert conn.execute(text("SELECT amount FROM plans WHERE year = 2027")).scalar() == 100_000
