"""The filtered registry lists as spreadsheets (.xlsx) and CSV (UTF-8 with BOM, so Excel shows
Vietnamese correctly)."""

import csv
import io

import openpyxl
from django.utils.translation import gettext as _

from ocop_portal.core.spreadsheet import csv_cell, xlsx_cell


def producer_table(producers) -> tuple[list[str], list[list]]:
    """`producers` come from selectors.producer_rows (product_count, best_stars annotated)."""
    header = [
        _("Tên chủ thể"),
        _("Loại hình"),
        _("Số đăng ký kinh doanh"),
        _("Mã số thuế"),
        _("Người đại diện"),
        _("Điện thoại"),
        _("Thư điện tử"),
        _("Huyện"),
        _("Xã"),
        _("Địa chỉ"),
        _("Số sản phẩm"),
        _("Hạng sao cao nhất"),
    ]
    rows = [
        [
            producer.name,
            producer.get_kind_display(),
            producer.registration_number,
            producer.tax_code,
            producer.representative,
            producer.phone,
            producer.email,
            str(producer.district or ""),
            str(producer.commune),
            producer.address,
            producer.product_count,
            producer.best_stars or "",
        ]
        for producer in producers
    ]
    return header, rows


def product_table(products) -> tuple[list[str], list[list]]:
    """`products` come from selectors.product_rows (current_stars annotated)."""
    header = [
        _("Tên sản phẩm"),
        _("Chủ thể"),
        _("Số đăng ký kinh doanh"),
        _("Loại hình chủ thể"),
        _("Nhóm sản phẩm"),
        _("Bộ sản phẩm"),
        _("Huyện"),
        _("Xã"),
        _("Trạng thái"),
        _("Hạng sao"),
    ]
    rows = [
        [
            product.name,
            product.producer.name,
            product.producer.registration_number,
            product.producer.get_kind_display(),
            str(product.product_set.group),
            str(product.product_set),
            str(product.district or ""),
            str(product.commune),
            product.get_status_display(),
            product.current_stars or "",
        ]
        for product in products
    ]
    return header, rows


def as_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def as_csv(header: list[str], rows: list[list]) -> bytes:
    output = io.StringIO(newline="")
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return output.getvalue().encode("utf-8-sig")
