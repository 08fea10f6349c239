"""Each kind of bad input stops the step with one line naming file, sheet and column."""

from __future__ import annotations

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
