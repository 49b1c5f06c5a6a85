"""The scope table as a spreadsheet: the same rows the page shows, from the same selector."""

import csv
import io

from releases.choices import Inclusion

HEADERS = [
    "Reference",
    "Title",
    "Part",
    "Status",
    "Decision cut-off",
    "Impacts DCC Systems",
    "Latest status",
    "Status as of",
    "Deferred to",
    "Reason",
    "Web page",
]
# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def scope_rows(items) -> list[list]:
    """One list of values per scope item, dates as dates, in the page's order.

    `items` are the page's own rows (`releases.selectors.scope_table`).
    """
    rows = []
    for item in items:
        modification = item.modification
        rows.append(
            [
                modification.reference,
                modification.title,
                item.part,
                item.get_inclusion_display(),
                item.decision_cutoff if item.inclusion == Inclusion.TARGETED else None,
                "Yes" if item.impacts_dcc_systems else "No",
                item.latest_status or "",
                item.latest_status_on,
                item.deferred_to.name if item.deferred_to_id else "",
                item.reason,
                modification.url,
            ]
        )
    return rows


def _safe_text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def scope_csv(items) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in scope_rows(items):
        writer.writerow([v.isoformat() if hasattr(v, "isoformat") else _safe_text(v) for v in row])
    return buffer.getvalue()


def scope_xlsx(items, *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Scope"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in scope_rows(items):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            # Text stays text, even when it starts like a formula (openpyxl would make it one).
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for (cell,) in sheet.iter_rows(min_row=3, min_col=5, max_col=5):
        cell.number_format = "d mmm yyyy"
    for (cell,) in sheet.iter_rows(min_row=3, min_col=8, max_col=8):
        cell.number_format = "d mmm yyyy"
    widths = [12, 40, 24, 22, 14, 10, 70, 12, 24, 30, 40]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
