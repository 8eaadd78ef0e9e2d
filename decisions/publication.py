"""The reverse of the import: a meeting's data as the published "Bestuurlijke terugkoppeling".

Agenda items that are confidential for the reader today (lovp.confidentiality) are left out, also
from the introduction; without a reader, every confidential item is. The secretariat gets them with
"(vertrouwelijk)" after the heading, so they are not published by accident.
"""

import datetime
import io
import re

from django.utils import formats, timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from agenda.models import Meeting


def _sections(
    meeting: Meeting, *, user, on: datetime.date | None = None
) -> list[tuple[str, str, list[str], bool]]:
    on = on or timezone.localdate()
    sections = []
    items = (
        meeting.agenda_items.not_hidden_for(user, on=on)
        .select_related("topic")
        .prefetch_related("decisions")
        .order_by("position", "pk")
    )
    for item in items:
        text = item.summary.replace("\r\n", "\n").strip()
        summary = "\n\n".join(" ".join(paragraph.split()) for paragraph in text.split("\n\n") if paragraph.strip())
        # Agreements already written in the summary are not repeated below it.
        agreements = [d.text for d in item.decisions.all() if " ".join(d.text.split()) not in " ".join(summary.split())]
        if summary or agreements:
            heading = item.heading
            if item.is_confidential_on(on):
                heading = _("%(heading)s (vertrouwelijk)") % {"heading": heading}
            sections.append((heading, summary, agreements, item.topic.is_standing))
    return sections


def publication_title(meeting: Meeting) -> str:
    with translation.override("nl"):
        return _("Bestuurlijke terugkoppeling LOVP %(date)s") % {"date": formats.date_format(meeting.date, "j F Y")}


def publication_introduction(meeting: Meeting, *, sections=None, user=None) -> str:
    """"In het LOVP van 23 november is onder meer gesproken over ...", or "" with nothing to list."""
    sections = _sections(meeting, user=user) if sections is None else sections
    # Standing items (Mededelingen, Rondvraag, "Tot slot") are not topics worth announcing.
    headings = [
        heading[0].lower() + heading[1:] if heading[:2].istitle() else heading
        for heading, _summary, _agreements, standing in sections
        if not standing
    ]
    if not headings:
        return ""
    with translation.override("nl"):
        return _("In het LOVP van %(date)s is onder meer gesproken over %(topics)s.") % {
            "date": formats.date_format(meeting.date, "j F"),
            "topics": get_text_list(headings, _("en")),
        }


def publication_text(meeting: Meeting, *, user=None) -> str:
    """Plain text with a title, an introduction listing the topics, and a section per topic."""
    with translation.override("nl"):
        sections = _sections(meeting, user=user)
        lines = [publication_title(meeting), ""]
        if introduction := publication_introduction(meeting, sections=sections):
            lines += [introduction, ""]
        for heading, summary, agreements, _standing in sections:
            lines.append(heading)
            if summary:
                lines.append(summary)
            for agreement in agreements:
                lines.append(agreement)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def publication_docx(meeting: Meeting, *, user=None) -> bytes:
    from docx import Document

    with translation.override("nl"):
        sections = _sections(meeting, user=user)
        document = Document()
        document.core_properties.title = publication_title(meeting)
        document.core_properties.language = "nl-NL"
        document.add_heading(publication_title(meeting), level=1)
        if introduction := publication_introduction(meeting, sections=sections):
            document.add_paragraph(_xml_text(introduction))
        for heading, summary, agreements, _standing in sections:
            document.add_heading(_xml_text(heading), level=2)
            for paragraph in _xml_text(summary).split("\n\n"):
                if paragraph.strip():
                    document.add_paragraph(paragraph.strip())
            for agreement in agreements:
                document.add_paragraph(_xml_text(agreement), style="List Bullet")
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


# Control characters (pasted from a word processor, or typed into a topic name) cannot be stored
# in a .docx file's XML; they are left out rather than making the download fail.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_IN_XML.sub("", text)
