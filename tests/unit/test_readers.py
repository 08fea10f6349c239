"""Raw readers fail with one line naming file, sheet and column; they find headers by themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from etl.errors import InputError
from etl.readers import normalize_name, read_csv, read_sheet, strict_numbers


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = xlsxwriter.Workbook(path)
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    workbook.close()
    return path


def test_normalize_name_ignores_case_accents_and_separators() -> None:
    assert normalize_name("Code métier BMO") == normalize_name("code_metier_bmo") == "codemetierbmo"


def test_read_sheet_finds_header_below_title_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "t.xlsx", {"Data": [["Title"], [], ["CODGEO", "DENS"], ["01001", 6], ["", ""]]})
    frame, sheet = read_sheet(path, "Data", {"code": "CODGEO", "density": "DENS"})
    assert sheet == "Data"
    assert frame.to_dict("records") == [{"code": "01001", "density": 6.0}]


def test_read_sheet_without_sheet_name_picks_the_sheet_with_the_columns(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {"Notes": [["Variables"], ["met", "projects"]], "Renamed 2026": [["BE26", "met"], [101, "*"]]},
    )
    frame, sheet = read_sheet(path, None, {"bassin": re.compile(r"BE\d{2}"), "met": "met"})
    assert sheet == "Renamed 2026"
    assert frame["met"].tolist() == ["*"]


def test_missing_column_names_file_sheet_and_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "grid.xlsx", {"Grille": [["CODGEO", "LIBGEO"], ["01001", "A"]]})
    with pytest.raises(InputError) as caught:
        read_sheet(path, "Grille", {"code": "CODGEO", "density": "DENS"})
    assert str(caught.value) == "grid.xlsx, sheet 'Grille', column 'DENS': column not found in the header rows"


def test_renamed_sheet_is_reported_with_the_sheets_found(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ze.xlsx", {"Zones 2020": [["ZE2020"], ["8405"]]})
    with pytest.raises(InputError, match=r"ze\.xlsx: no sheet matching 'ZE2020'; sheets are \['Zones 2020'\]"):
        read_sheet(path, "ZE2020", {"ze": "ZE2020"})


def test_truncated_spreadsheet_is_reported(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["A"], [1]] * 50})
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(InputError, match=r"^broken\.xlsx: not a readable spreadsheet, truncated or corrupt"):
        read_sheet(broken, "S", {"a": "A"})


def test_csv_latin1_where_utf8_expected(tmp_path: Path) -> None:
    path = tmp_path / "bassins.csv"
    path.write_bytes("codgeo,libbe\n01001,Agde-Pézenas\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"^bassins\.csv: not valid utf-8 at byte \d+, line 2 \(looks like latin-1"):
        read_csv(path, {"commune": "codgeo"})


def test_csv_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("CODGEO,DEP\n01001,01\n")
    with pytest.raises(InputError, match=r"^table\.csv, column 'ZE2020': column not found"):
        read_csv(path, {"commune": "CODGEO", "ze": "ZE2020"})


def test_csv_truncated_row(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text("CODGEO,DEP,ZE2020\n01001,01,8405\n01002,01")
    with pytest.raises(InputError, match=r"row 3 has fewer fields than the header \(truncated file\?\)"):
        read_csv(path, {"commune": "CODGEO"})


def test_csv_keeps_codes_as_strings_and_strips_bom(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes("\ufeffCODGEO;DEP\n01001;01\n2A004;2A\n".encode())
    frame = read_csv(path, {"commune": "CODGEO", "dep": "DEP"}, sep=";")
    assert frame["commune"].tolist() == ["01001", "2A004"]
    assert frame["dep"].tolist() == ["01", "2A"]


def test_missing_file_says_to_fetch(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"absent\.csv: file not found \(run `python -m etl fetch`\)"):
        read_csv(tmp_path / "absent.csv", {"a": "a"})


def test_strict_numbers_allow_only_blanks_and_the_secret_mark() -> None:
    values = strict_numbers(pd.Series(["1", " 2.5 ", "", None, "*"]), "f.csv", "n")
    assert values.tolist()[:2] == [1.0, 2.5] and values.isna().tolist() == [False, False, True, True, True]
    for text in ("n.d.", "1 234", "1,5", "nan", "inf", "-"):
        with pytest.raises(InputError) as caught:
            strict_numbers(pd.Series(["1", text]), "f.csv", "n")
        assert str(caught.value) == f"f.csv, column 'n': row 3: not a number: {text!r}"


def test_strict_numbers_with_a_source_placeholder_and_without_blanks() -> None:
    assert strict_numbers(pd.Series(["NA", "3"]), "f.csv", "n", missing=("NA",)).isna().tolist() == [True, False]
    with pytest.raises(InputError, match=r"row 2: not a number: '\*'"):
        strict_numbers(pd.Series(["*"]), "f.csv", "n", missing=("NA",))  # only the marks listed
    with pytest.raises(InputError, match=r"sheet 'S', column 'n': row 3: not a count: ''$"):
        strict_numbers(
            pd.Series(["1", ""]), "f.xlsx", "n", sheet="S", blank=False, message="row {row}: not a count: {value!r}"
        )


def test_strict_numbers_pass_numeric_columns_and_name_the_file_row() -> None:
    numbers = pd.Series([1, 2, None], dtype="Int64")
    assert strict_numbers(numbers, "f.parquet", "n").tolist()[:2] == [1.0, 2.0]
    with pytest.raises(InputError, match=r"row 2: not a number: 'inf'"):
        strict_numbers(pd.Series([1.0, float("inf")]), "f.parquet", "n", first_row=1)
    filtered = pd.Series(["1", "2", "x"]).iloc[[0, 2]]  # rows dropped before parsing keep their file row
    with pytest.raises(InputError, match=r"row 4: not a number: 'x'"):
        strict_numbers(filtered, "f.csv", "n")
