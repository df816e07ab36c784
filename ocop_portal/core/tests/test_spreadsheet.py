"""Formula injection (issue 18, Medium 4): one sanitiser for every text cell of every export,
pinned as a rule and checked in the registry, open-data, API register, grants and annual-report
files."""

import csv
import datetime
import io
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ocop_portal.core.spreadsheet import csv_cell, formula_like, make_text_cells_safe
from ocop_portal.testing import factories as f

# A classic DDE payload: a sign followed by a digit, and still a formula.
DDE = "-2+3+cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ("=1+1", True),
        ("@SUM(A1)", True),
        ('+HYPERLINK("http://x")', True),
        (DDE, True),
        ("+84 912 345 678", True),  # not a number: a spreadsheet would try it as one
        ("- mục", True),
        ("\t=1", True),
        ("\r=1", True),
        ("-5", False),
        ("+5", False),
        ("-1.234.567", False),
        ("12,5", False),
        ("-1.5x", True),
        ("Gà đồi Yên Thế", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_formula_like_text(text, risky):
    assert formula_like(text) is risky
    assert csv_cell(text) == ("'" + text if risky else text)


def test_csv_cell_leaves_numbers_and_dates_alone():
    day = datetime.date(2026, 7, 1)
    assert (csv_cell(-5), csv_cell(None), csv_cell(day)) == (-5, None, day)


def test_a_workbook_keeps_formula_like_text_as_strings():
    workbook = Workbook()
    workbook.active.append(["=1+1", DDE, "Gà", -5])
    make_text_cells_safe(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    cells = next(load_workbook(BytesIO(buffer.getvalue())).active.iter_rows())
    assert [(c.value, c.data_type, bool(c.quotePrefix)) for c in cells] == [
        ("=1+1", "s", True),
        (DDE, "s", True),
        ("Gà", "s", False),
        (-5, "n", False),
    ]


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.django_db
def test_the_registry_csv_and_xlsx_write_the_payload_as_text(province_staff, commune, client_for):
    f.ProducerFactory(commune=commune, name=DDE)
    client = client_for(province_staff)
    rows = _csv_rows(client.get(reverse("products:producer_export", args=["csv"])).content)
    assert rows[1][0] == "'" + DDE
    response = client.get(reverse("products:producer_export", args=["xlsx"]))
    cell = next(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2))[0]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (DDE, "s", True)


@pytest.mark.django_db
def test_the_api_register_csv_writes_the_payload_as_text(province_staff, producer_record):
    from rest_framework.test import APIClient

    from api.services import api_token_create
    from api.tests.factories import make_certificate

    make_certificate(f.ProductFactory(producer=producer_record, name=DDE), stars=3, created_by=province_staff)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=province_staff, name='t')[1]}")
    rows = list(csv.DictReader(io.StringIO(client.get("/api/v1/export/register.csv").content.decode("utf-8-sig"))))
    assert [row["product_name"] for row in rows] == ["'" + DDE]


@pytest.mark.django_db
def test_the_grants_workbook_writes_the_payload_as_text(province_staff, producer_record, client_for):
    from support.tests.factories import SupportGrantFactory

    SupportGrantFactory(producer=producer_record, description='=HYPERLINK("http://x.example","Bấm")')
    response = client_for(province_staff).get(reverse("support:grant_export"))
    sheet = load_workbook(BytesIO(response.content)).active
    [description] = [row[6] for row in sheet.iter_rows(min_row=2)]
    assert (description.value, description.data_type, bool(description.quotePrefix)) == (
        '=HYPERLINK("http://x.example","Bấm")',
        "s",
        True,
    )
