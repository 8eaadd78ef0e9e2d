"""Importing a published terugkoppeling: read, review beside the source, confirm in one go."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agenda.models import Meeting, Topic
from decisions.import_forms import (
    ImportStartForm,
    ReviewDecisionFormSet,
    ReviewFollowUpFormSet,
    ReviewItemFormSet,
    ReviewMetaForm,
    topic_choices,
)
from decisions.import_services import (
    ImportedFollowUp,
    ImportedItem,
    MinutesAlreadyImported,
    find_previous_import,
    imported_from_proposal,
    meeting_on,
    minutes_import_save,
)
from decisions.importer import ImportReadError, parse_minutes
from lovp.forms import claims_too_many_forms
from lovp.permissions import secretariat_required

NEW_TOPIC = gettext_lazy("Nieuw onderwerp (de kop)")
ITEM_TOPIC = gettext_lazy("Het onderwerp van het agendapunt")


@secretariat_required
def minutes_import(request):
    if request.method == "POST" and request.POST.get("step") == "save":
        return _save(request)
    initial = {}
    if meeting_pk := request.GET.get("meeting", "").strip():
        # isascii(): "²" is a digit to str.isdigit() but no number to int() (that was a server error).
        if meeting_pk.isascii() and meeting_pk.isdigit() and Meeting.objects.filter(pk=meeting_pk).exists():
            initial["meeting"] = meeting_pk
    form = ImportStartForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        meeting_date = meeting.date if meeting else form.cleaned_data["meeting_date"]
        later = Meeting.objects.filter(date__gt=meeting_date).values_list("date", flat=True)
        try:
            proposal = parse_minutes(form.cleaned_data["source_text"], meeting_date=meeting_date, meetings=list(later))
        except ImportReadError as error:
            form.add_error(None, str(error))
        else:
            return _review(
                request,
                meta=ReviewMetaForm(
                    initial={
                        "meeting": meeting.pk if meeting else None,
                        "meeting_date": None if meeting else meeting_date,
                        "source_name": form.source_name,
                        "source_text": form.cleaned_data["source_text"],
                    }
                ),
                **_initial_formsets(proposal),
            )
    return render(request, "decisions/import_start.html", {"form": form})


def _initial_formsets(proposal) -> dict:
    item_rows, decision_rows, follow_up_rows = [], [], []
    sentence_number = 0
    for item_index, item in enumerate(imported_from_proposal(proposal)):
        item_rows.append(
            {"include": True, "heading": item.heading, "topic": item.topic.pk if item.topic else None, "summary": item.summary}
        )
        for index, text in enumerate(item.decisions):
            decision_rows.append({"item": item_index, "index": index, "include": True, "text": text})
        for follow_up in item.follow_ups:
            follow_up_rows.append(
                {
                    "item": item_index,
                    "decision_index": follow_up.decision_index,
                    "sentence_number": sentence_number,
                    "include": True,
                    "promise_text": follow_up.promise_text,
                    "description": follow_up.description,
                    "topic": follow_up.topic.pk if follow_up.topic else None,
                    "owner": follow_up.owner.pk if follow_up.owner else None,
                    "target_kind": follow_up.target_kind,
                    "target_month": follow_up.target_month,
                    "target_date": follow_up.target_date,
                }
            )
            sentence_number += 1
    return {
        "items": ReviewItemFormSet(
            initial=item_rows, prefix="items", form_kwargs={"topics": topic_choices(NEW_TOPIC)}
        ),
        "decisions": ReviewDecisionFormSet(initial=decision_rows, prefix="decisions"),
        "follow_ups": ReviewFollowUpFormSet(
            initial=follow_up_rows,
            prefix="followups",
            form_kwargs={"topics": topic_choices(ITEM_TOPIC)},
        ),
    }


def _value(form, name):
    return form[name].value()


def _highlighted(summary: str, sentences: list[tuple[int, str]]) -> str:
    html = escape(summary or "")
    for number, sentence in sentences:
        escaped = escape(sentence or "")
        if escaped and escaped in html:
            html = html.replace(escaped, f'<mark id="zin-{escape(number)}">{escaped}</mark>', 1)
    return mark_safe(html)


def _review(request, *, meta, items, decisions, follow_ups, status=200):
    groups = []
    for index, item_form in enumerate(items.forms):
        item_decisions = [form for form in decisions.forms if str(_value(form, "item")) == str(index)]
        item_follow_ups = [form for form in follow_ups.forms if str(_value(form, "item")) == str(index)]
        sentences = [(_value(form, "sentence_number"), _value(form, "promise_text")) for form in item_follow_ups]
        groups.append(
            {
                "form": item_form,
                "decisions": item_decisions,
                "follow_ups": item_follow_ups,
                "source": _highlighted(_value(item_form, "summary"), sentences),
            }
        )
    source_text = meta["source_text"].value() or ""
    return render(
        request,
        "decisions/import_review.html",
        {
            "meta": meta,
            "items": items,
            "decisions": decisions,
            "follow_ups": follow_ups,
            "groups": groups,
            "previous_import": find_previous_import(source_text) if source_text else None,
        },
        status=status,
    )


def _save(request):
    meta = ReviewMetaForm(request.POST)
    items = ReviewItemFormSet(request.POST, prefix="items", form_kwargs={"topics": topic_choices(NEW_TOPIC)})
    decisions = ReviewDecisionFormSet(request.POST, prefix="decisions")
    follow_ups = ReviewFollowUpFormSet(
        request.POST, prefix="followups", form_kwargs={"topics": topic_choices(ITEM_TOPIC)}
    )
    formsets = {"meta": meta, "items": items, "decisions": decisions, "follow_ups": follow_ups}
    if claims_too_many_forms(items, decisions, follow_ups):
        return HttpResponseBadRequest(
            _("Er zijn te veel regels tegelijk verstuurd. Niets is opgeslagen; begin opnieuw met inlezen."),
            content_type="text/plain; charset=utf-8",
        )
    if not all([meta.is_valid(), items.is_valid(), decisions.is_valid(), follow_ups.is_valid()]):
        messages.error(request, _("Er is nog niets opgeslagen. Verbeter de fouten hieronder."))
        return _review(request, **formsets)
    meeting = meta.cleaned_data["meeting"] or meeting_on(meta.cleaned_data["meeting_date"])
    topics = Topic.objects.in_bulk()
    imported_items: dict[int, ImportedItem] = {}
    for index, form in enumerate(items.forms):
        data = form.cleaned_data
        if data.get("include"):
            imported_items[index] = ImportedItem(
                heading=data["heading"].strip(), summary=data["summary"], topic=topics.get(data["topic"])
            )
    decision_positions: dict[tuple[int, int], int] = {}
    for form in decisions.forms:
        data = form.cleaned_data
        item = imported_items.get(data["item"])
        if item is not None and data.get("include"):
            decision_positions[(data["item"], data["index"])] = len(item.decisions)
            item.decisions.append(data["text"].strip())
    for form in follow_ups.forms:
        data = form.cleaned_data
        item = imported_items.get(data["item"])
        if item is None or not data.get("include"):
            continue
        item.follow_ups.append(
            ImportedFollowUp(
                description=data["description"].strip(),
                promise_text=data["promise_text"],
                target_kind=data["target_kind"],
                target_month=data.get("target_month"),
                target_date=data.get("target_date"),
                target_meeting=data.get("target_meeting"),
                owner=data.get("owner"),
                topic=topics.get(data["topic"]),
                decision_index=decision_positions.get((data["item"], data["decision_index"])),
            )
        )
    try:
        record = minutes_import_save(
            meeting=meeting,
            items=list(imported_items.values()),
            source_text=meta.cleaned_data["source_text"],
            source_name=meta.cleaned_data["source_name"],
            by=request.user,
        )
    except MinutesAlreadyImported as error:
        messages.error(request, str(error))
        return _review(request, **formsets)
    messages.success(
        request,
        _("De terugkoppeling is ingelezen: %(items)d agendapunten, %(decisions)d afspraken en %(follow_ups)d vervolgacties.")
        % {"items": record.item_count, "decisions": record.decision_count, "follow_ups": record.follow_up_count},
    )
    return redirect(record.meeting)


def meeting_publication(request, pk, fmt):
    """The meeting as the text the secretariat publishes, as .txt or .docx."""
    from django.http import Http404, HttpResponse
    from django.shortcuts import get_object_or_404

    from decisions.publication import publication_docx, publication_text

    meeting = get_object_or_404(Meeting, pk=pk)
    if meeting.agenda_status == Meeting.AgendaStatus.DRAFT and not request.user.is_secretariat:
        # Like the meeting page: members see a draft agenda only once it is published.
        raise Http404
    filename = f"terugkoppeling-lovp-{meeting.date:%Y-%m-%d}.{fmt}"
    if fmt == "txt":
        response = HttpResponse(
            publication_text(meeting, user=request.user), content_type="text/plain; charset=utf-8"
        )
    elif fmt == "docx":
        response = HttpResponse(
            publication_docx(meeting, user=request.user),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
