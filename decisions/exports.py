"""Follow-up lists as CSV and XLSX files, written row by row so memory stays constant.

`export_rows` turns a queryset into plain values (text, dates, numbers); the writers only format
them. The queryset comes from decisions.filters.FollowUpFilter, so an export holds exactly what the
list shows.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator

from django.db.models import BooleanField, Case, Q, When
from django.db.models import Value as SQLValue
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from agenda.models import Meeting
from decisions.models import FollowUp

CHUNK_SIZE = 2000
CSV_DELIMITER = ";"  # Dutch Excel uses the semicolon: the comma is the decimal separator.
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_DATE_FORMAT = "dd-mm-yyyy"

# (heading, column width in characters in the XLSX file)
COLUMNS = [
    (gettext_lazy("Vervolgactie"), 60),
    (gettext_lazy("Onderwerp"), 30),
    (gettext_lazy("Eigenaar"), 24),
    (gettext_lazy("Status"), 13),
    (gettext_lazy("Over tijd"), 10),
    (gettext_lazy("Komt terug in"), 34),
    (gettext_lazy("Uiterlijk"), 12),
    (gettext_lazy("Afgesproken in"), 28),
    (gettext_lazy("Datum vergadering"), 12),
    (gettext_lazy("Oorspronkelijke formulering"), 40),
    (gettext_lazy("Keer uitgesteld"), 10),
    (gettext_lazy("Afhandeling"), 40),
    (gettext_lazy("Link"), 45),
]

Value = str | int | datetime.date | None


def headings() -> list[str]:
    return [str(heading) for heading, _width in COLUMNS]


def with_overdue_flag(queryset, *, on: datetime.date):
    """Annotate `overdue_on_day`: FollowUpQuerySet.overdue(on=...) as a condition on the row and its
    target meeting, not a query per row."""
    condition = Q(status__in=FollowUp.UNRESOLVED_STATUSES) & FollowUp.objects.overdue_condition(on=on)
    return queryset.annotate(overdue_on_day=_flag(condition))


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=SQLValue(True)), default=SQLValue(False), output_field=BooleanField())


# The columns an export reads, by name: plain values, no model instances (a hundred thousand rows
# of eight related objects each cost seconds to build and are then thrown away).
_FIELDS = (
    "pk", "description", "topic__name", "owner__name", "status", "due_date", "promise_text",
    "postponement_count", "resolution", "target_kind", "target_month", "target_date", "target_meeting_id",
    "target_meeting__date", "target_meeting__kind", "agenda_item__meeting_id", "agenda_item__meeting__date",
    "agenda_item__meeting__kind", "overdue_on_day", "hidden",
)


def export_rows(
    queryset, *, absolute_url: Callable[[str], str], user=None, on: datetime.date
) -> Iterator[list[Value]]:
    """One list of values per follow-up, in COLUMNS order.

    `queryset` is a FollowUp queryset in the order of the file (FollowUpFilter.qs) annotated with
    with_overdue_flag(); it is read in chunks through a server-side cursor, so the number of rows
    does not matter. A follow-up hidden from `user` on day `on` (lovp.confidentiality, its query
    side) has its description replaced and its other texts left empty.
    """
    hidden = _flag(FollowUp.objects.hidden_condition(user, on=on))
    rows = queryset.annotate(hidden=hidden).values_list(*_FIELDS)
    # Labels repeat over thousands of rows (a few hundred meetings, months, statuses): each is
    # formatted once. Links are built from one reversed URL rather than a reverse() per row.
    detail_url = absolute_url(reverse("decisions:followup_detail", kwargs={"pk": 0}))
    url_head, url_tail = detail_url.rsplit("/0/", 1)
    statuses = {value: str(label) for value, label in FollowUp.Status.choices}
    yes, no = _("ja"), _("nee")
    hidden_text = str(FollowUp.HIDDEN_DESCRIPTION)
    titles: dict[int, str] = {}
    target_labels: dict[tuple, str] = {}
    for (
        pk, description, topic, owner, status, due_date, promise_text, postponements, resolution, target_kind,
        target_month, target_date, target_meeting_id, target_meeting_date, target_meeting_kind, origin_id,
        origin_date, origin_kind, overdue, hidden,
    ) in rows.iterator(chunk_size=CHUNK_SIZE):
        title = titles.get(origin_id)
        if title is None:
            title = titles[origin_id] = Meeting(date=origin_date, kind=origin_kind).title
        target_key = (target_kind, target_meeting_id, target_month, target_date)
        target = target_labels.get(target_key)
        if target is None:
            follow_up = FollowUp(target_kind=target_kind, target_month=target_month, target_date=target_date)
            if target_meeting_id is not None:
                follow_up.target_meeting = Meeting(
                    pk=target_meeting_id, date=target_meeting_date, kind=target_meeting_kind
                )
            target = target_labels[target_key] = str(follow_up.target_label)
        yield [
            hidden_text if hidden else description,
            topic,
            owner or "",
            statuses[status],
            yes if overdue else no,
            target,
            due_date,
            title,
            origin_date,
            "" if hidden else promise_text,
            postponements,
            "" if hidden else resolution,
            f"{url_head}/{pk}/{url_tail}",
        ]


def filename(description: str, *, on: datetime.date, extension: str) -> str:
    """vervolgacties_over-tijd_korpschef_2026-11-22.xlsx; `description` is already slug-like ASCII."""
    return f"vervolgacties_{description}_{on.isoformat()}.{extension}"


# --- CSV -----------------------------------------------------------------------------------------


class _Echo:
    """A file-like object whose write() hands back what it is given, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


# A cell starting with one of these is taken for a formula by spreadsheet programs ("CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Value) -> str | int:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def csv_chunks(rows: Iterable[list[Value]]) -> Iterator[str]:
    """The CSV file piece by piece: a byte order mark (so Excel reads UTF-8), the headings, the rows."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow(headings())
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


# --- XLSX ----------------------------------------------------------------------------------------


def write_xlsx(rows: Iterable[list[Value]], file) -> None:
    """Write an XLSX workbook to a binary file object, row by row (openpyxl's write-only mode).

    In write-only mode the sheet's views and column widths are written with the first row, so they are
    set before it; the auto filter is written at the end, once the number of rows is known.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Vervolgacties"))
    sheet.freeze_panes = "A2"
    for index, (_heading, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width

    bold = Font(bold=True)
    header = []
    for heading in headings():
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    row_count = 1
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
        row_count += 1

    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{row_count}"
    workbook.save(file)


def _xlsx_value(sheet, value: Value):
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if isinstance(value, str):
        # Control characters (pasted from a word processor) are not allowed in the file format.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            # openpyxl would store this as a formula; it is text.
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
    return value
