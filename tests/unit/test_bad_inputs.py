"""Each kind of bad input stops the step with one line naming file, sheet and column."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from etl.errors import InputError
from etl.step import Context
from etl.steps import bmo, geography
from etl.steps.bmo.bassins import load_commune_bassins


def place(ctx: Context, source: str, name: str) -> Path:
    path = ctx.raw_dir / source / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    workbook = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    workbook.close()


BMO_HEADER = [
    "annee",
    "Code métier BMO",
    "Nom métier BMO",
    "Famille_met",
    "Lbl_fam_met",
    "REG",
    "NOM_REG",
    "Dept",
    "NomDept",
    "BE26",
    "NOMBE26",
    "met",
    "xmet",
    "smet",
]
BMO_ROW = [2026, "D1X40", "Régleurs", "I", "Ouvriers", "84", "ARA", "01", "Ain", 8403, "AMBERIEU", "10", "*", "2"]


def test_renamed_density_sheet(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "insee_grille_densite_2024", "grille_densite_7_niveaux_2024.xlsx")
    write_xlsx(path, {"Feuil1": [["CODGEO", "DENS", "PMUN21"], ["01001", 6, 832]]})
    with pytest.raises(InputError, match=r"^grille_densite_7_niveaux_2024\.xlsx: no sheet matching .*'Feuil1'"):
        geography.load_density(scratch_ctx)


def test_density_level_out_of_range(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "insee_grille_densite_2024", "grille_densite_7_niveaux_2024.xlsx")
    write_xlsx(path, {"Grille_Densite": [["CODGEO", "DENS", "PMUN21"], ["01001", 9, 832]]})
    with pytest.raises(InputError, match=r"sheet 'Grille_Densite', column 'DENS': density level outside 1\.\.7"):
        geography.load_density(scratch_ctx)


def test_negative_population(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "insee_grille_densite_2024", "grille_densite_7_niveaux_2024.xlsx")
    write_xlsx(path, {"Grille_Densite": [["CODGEO", "DENS", "PMUN21"], ["01001", 6, -5]]})
    with pytest.raises(InputError, match=r"column 'PMUN21': population missing or negative"):
        geography.load_density(scratch_ctx)


def test_bmo_file_of_next_year_loads_without_code_change(tmp_path: Path) -> None:
    path = tmp_path / "Base_open_data_BMO_2026.xlsx"
    write_xlsx(path, {"Description": [["Variables"]], "BMO_2026_donnees": [BMO_HEADER, BMO_ROW]})
    frame, sheet = bmo.survey.load_survey(path)
    assert sheet == "BMO_2026_donnees"
    assert frame.loc[0, "bassin"] == "8403.0" and frame.loc[0, "difficult"] == "*"  # every cell read as text


def test_bmo_missing_measure_column(tmp_path: Path) -> None:
    path = tmp_path / "Base_open_data_BMO_2026.xlsx"
    header = [h for h in BMO_HEADER if h != "xmet"]
    write_xlsx(path, {"BMO_2026_open_data": [header, BMO_ROW[:12] + BMO_ROW[13:]]})
    with pytest.raises(InputError, match=r"^Base_open_data_BMO_2026\.xlsx, sheet 'BMO_2026_open_data', column 'xmet'"):
        bmo.survey.load_survey(path)


def test_bmo_negative_count(tmp_path: Path, scratch_ctx: Context) -> None:
    path = tmp_path / "Base_open_data_BMO_2026.xlsx"
    write_xlsx(path, {"BMO_2026_open_data": [BMO_HEADER, [*BMO_ROW[:11], "-4", "*", "2"]]})
    raw, sheet = bmo.survey.load_survey(path)
    nomenclatures = {"FAP2021": pd.DataFrame({"code": ["D1X40"]})}
    with pytest.raises(InputError, match=r"sheet 'BMO_2026_open_data', column 'met': negative count -4"):
        bmo.survey.tidy_survey(raw, nomenclatures, path.name, sheet, 2026)


def test_latin1_bassin_table(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "bmo_bassins_2021", "France_Travail_Bassin_Emploi_2021.csv")
    path.write_bytes("reg,dep,codgeo,codbe,libbe\n76,34,34003,7649,Agde-Pézenas\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"^France_Travail_Bassin_Emploi_2021\.csv: not valid utf-8"):
        load_commune_bassins(scratch_ctx, pd.DataFrame({"commune": ["34003"]}))


def test_truncated_commune_table(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "geo_supracom_2024", "table_supracom_2024.csv")
    path.write_text("CODGEO,LIBGEO,DEP,REG,ZE2020,UU2020,AAV2020\n01001,A,01,84,8405,01000,524\n01002,B,01")
    with pytest.raises(InputError, match=r"^table_supracom_2024\.csv: row 3 has fewer fields"):
        geography.load_supracom(scratch_ctx)


def test_registry_with_a_missing_sha256_names_the_source_and_field(tmp_path: Path) -> None:
    from etl.registry import RegistryError, load_registry

    path = tmp_path / "sources.toml"
    source = '[[source]]\nid = "x"\nproducer = "P"\nlicence = "L"\nvintage = "V"\n'
    path.write_text(source + '\n[[source.files]]\nname = "f.csv"\nbytes = 1\n')
    with pytest.raises(RegistryError, match=r"^sources\.toml, source 'x': missing field 'sha256'$"):
        load_registry(path)


def test_registry_that_is_not_toml_is_one_line(tmp_path: Path) -> None:
    from etl.registry import RegistryError, load_registry

    path = tmp_path / "sources.toml"
    path.write_text("[[source]\nid = ")
    with pytest.raises(RegistryError, match=r"^sources\.toml: not valid TOML \(") as caught:
        load_registry(path)
    assert "\n" not in str(caught.value)


def test_text_in_a_tensions_number_column_is_refused_with_its_row() -> None:
    from etl.steps.tensions import tidy_tensions
    from tests.unit.test_tensions import LABELS, raw

    with pytest.raises(InputError, match=r"^tensions\.csv, column 'Emploi moyen': row 3: not a number: 'n\.d\.'$"):
        tidy_tensions(raw(employment=["12300", "n.d.", "100"]), LABELS)


# ---------------------------------------------------------------- text where a number is expected: refused with its row


def one_line(error: pytest.ExceptionInfo) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


def test_text_in_the_density_grid_names_the_row(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "insee_grille_densite_2024", "grille_densite_7_niveaux_2024.xlsx")
    write_xlsx(path, {"Grille_Densite": [["CODGEO", "DENS", "PMUN21"], ["01001", 6, 832], ["01002", "six", 10]]})
    with pytest.raises(InputError) as caught:
        geography.load_density(scratch_ctx)
    assert one_line(caught) == (
        "grille_densite_7_niveaux_2024.xlsx, sheet 'Grille_Densite', column 'DENS': row 3: not a number: 'six'"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("n.d.", "row 3: not a number: 'n.d.'"), ("40", r"row 3: unknown category 40, not one of \(11, 12, 13, 20, 30\)")],
)
def test_urban_area_category_is_a_known_number(scratch_ctx: Context, value: str, message: str) -> None:
    path = place(scratch_ctx, "geo_supracom_2024", "table_supracom_2023.csv")
    path.write_text(f"CODGEO,CATEAAV2020\n01001,30\n01002,{value}\n01003,\n")
    with pytest.raises(InputError, match=rf"^table_supracom_2023\.csv, column 'CATEAAV2020': {message}$"):
        geography.load_aav_categories(scratch_ctx)


def test_blank_urban_area_category_stays_missing(scratch_ctx: Context) -> None:
    path = place(scratch_ctx, "geo_supracom_2024", "table_supracom_2023.csv")
    path.write_text("CODGEO,CATEAAV2020\n01001,30\n01003,\n")
    categories = geography.load_aav_categories(scratch_ctx)
    assert categories["CATEAAV2020"].isna().tolist() == [False, True]


def test_text_in_a_dares_age_count_names_the_row() -> None:
    from etl.steps.dares_age import parse_thousands

    with pytest.raises(InputError) as caught:
        parse_thousands(pd.Series(["1.5", "NA", "n.d."]), "age_fap225.csv", "effectif")
    assert one_line(caught) == "age_fap225.csv, column 'effectif': not a count: 'n.d.' (row 4)"
    assert parse_thousands(pd.Series(["1.5", "NA", "*", ""]), "f.csv", "effectif").isna().sum() == 3


IJ_HEADER = (
    "millesime;code_region;voie;cfd;mefstat11;nb_annee_term;nb_en_emploi_12_mois;nb_en_emploi_6_mois;"
    "nb_poursuite_etudes;nb_sortant"
)


def test_text_in_an_inserjeunes_count_names_the_row(scratch_ctx: Context) -> None:
    from etl.steps import outcomes

    rows = ["2022_2023;84;scolaire;;32221025520;30;10;9;5;25", "2022_2023;84;scolaire;;32221025521;30;;;;n.c."]
    place(scratch_ctx, "inserjeunes", "ij_region_data.csv").write_text("\n".join([IJ_HEADER, *rows]) + "\n")
    with pytest.raises(InputError) as caught:
        outcomes.load_inserjeunes(scratch_ctx)
    assert one_line(caught) == "ij_region_data.csv, column 'nb_sortant': row 3: not a number: 'n.c.'"


def test_text_in_the_apprenticeship_barometer_names_the_file_row(scratch_ctx: Context) -> None:
    from etl.steps import outcomes

    text = "id_indicateur,code_departement,date,valeur\n" + "\n".join(
        [
            "autre,01,2021-12-31,5",
            "nombre-contrats-apprentissage,01,2021-12-31,100.0",
            "nombre-contrats-apprentissage,2A,2021-12-31,secret",
        ]
    )
    place(scratch_ctx, "apprentissage_dep", "barometre_departements_apprentissage.csv").write_text(text + "\n")
    barometer = outcomes.load_barometer(scratch_ctx)
    with pytest.raises(InputError) as caught:
        outcomes.barometer_contracts(barometer, "barometre_departements_apprentissage.csv")
    assert (
        one_line(caught) == "barometre_departements_apprentissage.csv, column 'valeur': row 4: not a number: 'secret'"
    )


def test_text_in_a_census_parquet_column_names_the_row() -> None:
    from etl.steps.census import iris_counts
    from tests.unit.test_census import iris_frame

    frame = iris_frame(P22_POP=["1000", "n.d.", "300", "0"])
    with pytest.raises(InputError) as caught:
        iris_counts(frame)
    assert one_line(caught) == "rp2022_iris_indicators.parquet, column 'P22_POP': row 2: not a number: 'n.d.'"
    secret = iris_frame(dm_5564_pct_22=["10", "*", "20", ""])  # secret and blank stay missing (then checked)
    with pytest.raises(InputError, match="1 populated IRIS without an age share"):
        iris_counts(secret)


def test_text_in_a_yearly_job_column_names_the_row() -> None:
    from etl.steps.employment import to_long

    wide = pd.DataFrame({"code_ze": ["0051", "0052"], "a5": ["BE", "BE"], "eff_22": [1, 2], "eff_23": ["3", "n.d."]})
    with pytest.raises(InputError) as caught:
        to_long(wide, ["code_ze", "a5"], "exdeco_pivot_flores_a5.parquet")
    assert one_line(caught) == "exdeco_pivot_flores_a5.parquet, column 'eff_23': row 2: not a number: 'n.d.'"


def test_text_in_a_population_estimate_names_the_cell() -> None:
    from etl.steps.pyramids import parse_sheet
    from tests.unit.test_pyramids import sheet

    rows = sheet(2025)
    rows[5][30] = "n.d."
    with pytest.raises(InputError) as caught:
        parse_sheet(rows, "2025")
    assert one_line(caught) == (
        "estim-pop-dep-sexe-aq-1975-2025.xlsx, sheet '2025': a population cell is not a number: 'n.d.' "
        "(département 01, column AE)"
    )
    rows = sheet(2025)
    rows[7][22] = "n.d."  # the France row's total, checked against the départements
    with pytest.raises(InputError, match=r"sheet '2025': the total of the France métropolitaine row is not a number"):
        parse_sheet(rows, "2025")


def test_text_in_the_bmo_year_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "Base_open_data_BMO_2026.xlsx"
    write_xlsx(path, {"BMO_2026_open_data": [BMO_HEADER, BMO_ROW, ["deux mille", *BMO_ROW[1:]]]})
    raw, sheet = bmo.survey.load_survey(path)
    with pytest.raises(InputError) as caught:
        bmo.survey.tidy_survey(raw, {}, path.name, sheet, 2026)
    assert one_line(caught) == (
        "Base_open_data_BMO_2026.xlsx, sheet 'BMO_2026_open_data', column 'annee': row 3: not a number: 'deux mille'"
    )


# ---------------------------------------------------------------- damaged raw Parquet


def corrupt_parquet(path: Path) -> None:
    """A file whose footer (schema) reads fine but whose yearly column has a damaged data page."""
    import numpy as np
    import pyarrow.parquet as pq

    values = np.random.default_rng(0).integers(0, 10**6, 5000).astype("int32")
    frame = pd.DataFrame({"code_ze": [f"{i:04d}" for i in range(5000)], "a5": ["BE"] * 5000, "eff_22": values})
    frame.to_parquet(path, compression="zstd", index=False)
    data = bytearray(path.read_bytes())
    column = pq.ParquetFile(path).metadata.row_group(0).column(2)
    for k in range(column.data_page_offset + 60, column.data_page_offset + 260):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))
    assert pq.read_schema(path).names == ["code_ze", "a5", "eff_22"]


def test_a_corrupt_page_in_a_raw_parquet_file_is_one_line(scratch_ctx: Context) -> None:
    from etl.steps import employment

    corrupt_parquet(place(scratch_ctx, "employment_ze", "exdeco_pivot_flores_a5.parquet"))
    with pytest.raises(InputError) as caught:
        employment.load_a5(scratch_ctx, "FLORES")
    assert one_line(caught).startswith(
        "exdeco_pivot_flores_a5.parquet: corrupt Parquet data, cannot read the columns ("
    )


# ---------------------------------------------------------------- the registry, through the command line

REGISTRY_CLI = """
import sys
import re
from pathlib import Path
import etl.config
etl.config.SOURCES_TOML = Path(sys.argv[1])
from etl.__main__ import main
sys.exit(main(sys.argv[2:]))
"""
PROJECT = Path(__file__).resolve().parents[2]
SOURCE = '[[source]]\nid = "x"\nproducer = "P"\nlicence = "L"\nvintage = "V"\n\n[[source.files]]\nname = "f.csv"\n'


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[[source]\nid = ", r"sources\.toml: not valid TOML \(.*line 1.*\)"),
        (SOURCE + "bytes = 1\n", r"sources\.toml, source 'x': missing field 'sha256'"),
        (SOURCE + 'sha256 = "abc"\nbytes = 1\n', r"sources\.toml, source 'x': file 'f\.csv': field 'sha256' must be"),
        (
            SOURCE + f'sha256 = "{"a" * 64}"\nbytes = "1 MB"\n',
            r"sources\.toml, source 'x': file 'f\.csv': field 'bytes'",
        ),
    ],
)
@pytest.mark.parametrize("command", ["fetch", "build"])
def test_a_broken_registry_is_one_line_on_the_command_line(
    tmp_path: Path, toml: str, message: str, command: str
) -> None:
    import os
    import subprocess
    import sys

    registry = tmp_path / "sources.toml"
    registry.write_text(toml)
    env = {**os.environ, "ATLAS_RAW_DIR": str(tmp_path / "raw"), "ATLAS_PROCESSED_DIR": str(tmp_path / "processed")}
    done = subprocess.run(
        [sys.executable, "-c", REGISTRY_CLI, str(registry), command],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert re.match(rf"error: {message}", lines[0]), lines[0]
    assert not (tmp_path / "processed").exists()


def test_an_absent_registry_is_one_line(tmp_path: Path) -> None:
    from etl.registry import RegistryError, load_registry

    with pytest.raises(RegistryError, match=r"sources\.toml: cannot be read \(no such file or folder\)$"):
        load_registry(tmp_path / "sources.toml")


# ---------------------------------------------------------------- fetch: a full disk is one line, nothing half-written


def test_fetch_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import hashlib

    from etl import fetch
    from etl.errors import FetchError
    from etl.registry import RawFile

    payload = b"a,b\n1,2\n"
    raw = RawFile("src", "f.csv", hashlib.sha256(payload).hexdigest(), len(payload), (), "", "P", "L", "V")
    mirror = tmp_path / "mirror"
    (mirror / "src").mkdir(parents=True)
    (mirror / "src" / "f.csv").write_bytes(payload)

    def full(source, target, length=0):
        target.write(b"a,")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fetch.shutil, "copyfileobj", full)
    with pytest.raises(FetchError) as caught:
        fetch.fetch_file(raw, tmp_path / "raw", mirror)
    assert one_line(caught) == (
        f"src/f.csv: {tmp_path}/raw/src/f.csv: no space left on the disk; nothing half-written is left"
    )
    assert [p.name for p in (tmp_path / "raw" / "src").iterdir()] == []
