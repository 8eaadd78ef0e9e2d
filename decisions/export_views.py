import tempfile

from django.http import FileResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from decisions import exports
from decisions.filters import FollowUpFilter, filter_description
from decisions.models import FollowUp

FORMATS = ("csv", "xlsx")


@require_safe
def followup_export(request):
    """The follow-up list, with the list's filters, as a CSV or XLSX file (`format`, csv by default)."""
    export_format = request.GET.get("format") or "csv"
    if export_format not in FORMATS:
        return _bad_request(
            _("Onbekend bestandsformaat ‘%(format)s’. Kies csv of xlsx.") % {"format": export_format}
        )
    filterset = FollowUpFilter(data=request.GET, queryset=FollowUp.objects.all(), request=request)
    if not filterset.is_valid():
        # The list shows nothing for an invalid filter; a file with only headings would look like an
        # answer, so say what is wrong instead.
        problems = "; ".join(
            f"{filterset.form.fields[name].label}: {' '.join(errors)}"
            if name in filterset.form.fields
            else " ".join(errors)
            for name, errors in filterset.form.errors.items()
        )
        return _bad_request(
            _("Het filter klopt niet, er is niets geëxporteerd. %(problems)s") % {"problems": problems}
        )

    today = timezone.localdate()
    follow_ups = exports.with_overdue_flag(filterset.qs, on=today)
    name = exports.filename(filter_description(filterset), on=today, extension=export_format)
    rows = exports.export_rows(follow_ups, absolute_url=request.build_absolute_uri, user=request.user, on=today)

    if export_format == "csv":
        response = StreamingHttpResponse(
            _in_language(translation.get_language(), exports.csv_chunks(rows)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response

    # The ZIP container of an XLSX file is only complete at the end; it is built in a temporary file
    # (not in memory) and then sent from there.
    file = tempfile.TemporaryFile()
    exports.write_xlsx(rows, file)
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=name, content_type=exports.XLSX_CONTENT_TYPE)


def _in_language(language, chunks):
    """Produce a streamed body in the request's language, also when it is read after the view returned."""
    with translation.override(language):
        yield from chunks


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
