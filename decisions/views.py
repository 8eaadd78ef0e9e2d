from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agenda.models import AgendaItem
from decisions import services
from decisions.forms import DropForm, FollowUpForm, PostponeForm, ResolveForm
from decisions.models import FollowUp, FollowUpStateError
from lovp.permissions import secretariat_required


def followup_list(request):
    today = timezone.localdate()
    follow_ups = FollowUp.objects.with_relations().order_by("status", "due_date", "pk")
    page = Paginator(follow_ups, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/followup_list.html",
        {"page_obj": page, "follow_ups": page.object_list, "today": today},
    )


def followup_detail(request, pk):
    follow_up = get_object_or_404(
        FollowUp.objects.with_relations().select_related("decision", "resolved_by"), pk=pk
    )
    today = timezone.localdate()
    return render(
        request,
        "decisions/followup_detail.html",
        {
            "follow_up": follow_up,
            "postponements": follow_up.postponements.select_related("postponed_by"),
            "is_overdue": follow_up.is_overdue(on=today),
            "today": today,
        },
    )


@secretariat_required
def followup_create(request, agenda_item_pk):
    agenda_item = get_object_or_404(AgendaItem.objects.select_related("meeting", "topic"), pk=agenda_item_pk)
    form = FollowUpForm(
        request.POST or None,
        agenda_item=agenda_item,
        initial={"topic": agenda_item.topic},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        follow_up = services.followup_create(
            agenda_item=agenda_item,
            description=data["description"],
            topic=data["topic"],
            owner=data["owner"],
            decision=data.get("decision"),
            promise_text=data["promise_text"],
            target_kind=data["target_kind"],
            target_meeting=data["target_meeting"],
            target_month=data["target_month"],
            target_date=data["target_date"],
        )
        messages.success(request, _("De vervolgactie is toegevoegd."))
        return redirect(follow_up)
    return render(
        request,
        "decisions/followup_form.html",
        {"form": form, "agenda_item": agenda_item, "meeting": agenda_item.meeting},
    )


@secretariat_required
def followup_update(request, pk):
    follow_up = get_object_or_404(FollowUp.objects.with_relations(), pk=pk)
    form = FollowUpForm(request.POST or None, instance=follow_up)
    if request.method == "POST" and form.is_valid():
        follow_up = form.save(commit=False)
        if follow_up.topic_id is None:
            follow_up.topic = follow_up.agenda_item.topic
        follow_up.resolve_target()
        follow_up.save()
        messages.success(request, _("De vervolgactie is opgeslagen."))
        return redirect(follow_up)
    return render(
        request,
        "decisions/followup_form.html",
        {"form": form, "follow_up": follow_up, "agenda_item": follow_up.agenda_item},
    )


@secretariat_required
def followup_postpone(request, pk):
    follow_up = get_object_or_404(FollowUp.objects.with_relations(), pk=pk)
    if follow_up.is_resolved:
        messages.error(request, _("Een vervolgactie die %(status)s is, kan niet worden uitgesteld.")
                       % {"status": follow_up.get_status_display()})
        return redirect(follow_up)
    form = PostponeForm(request.POST or None, initial={"target_kind": FollowUp.TargetKind.NEXT_MEETING})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.followup_postpone(
                follow_up=follow_up,
                target_kind=data["target_kind"],
                target_meeting=data["target_meeting"],
                target_month=data["target_month"],
                target_date=data["target_date"],
                promise_text=data["promise_text"],
                reason=data["reason"],
                by=request.user,
            )
        except FollowUpStateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("De vervolgactie is uitgesteld."))
        return redirect(follow_up)
    return render(request, "decisions/followup_postpone.html", {"form": form, "follow_up": follow_up})


def _close_follow_up(request, pk, *, form_class, template, close):
    follow_up = get_object_or_404(FollowUp.objects.with_relations(), pk=pk)
    if follow_up.is_resolved:
        messages.error(request, _("Deze vervolgactie is al %(status)s.") % {"status": follow_up.get_status_display()})
        return redirect(follow_up)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = close(follow_up, form.cleaned_data)
        except FollowUpStateError as error:
            messages.error(request, str(error))
        else:
            follow_up.save()
            messages.success(request, message)
        return redirect(follow_up)
    return render(request, template, {"form": form, "follow_up": follow_up})


@secretariat_required
def followup_resolve(request, pk):
    def close(follow_up, data):
        follow_up.mark_done(resolution=data["resolution"], meeting=data["meeting"], by=request.user)
        return _("De vervolgactie is afgerond.")

    return _close_follow_up(request, pk, form_class=ResolveForm, template="decisions/followup_resolve.html", close=close)


@secretariat_required
def followup_drop(request, pk):
    def close(follow_up, data):
        follow_up.drop(reason=data["reason"], meeting=data["meeting"], by=request.user)
        return _("De vervolgactie is vervallen.")

    return _close_follow_up(request, pk, form_class=DropForm, template="decisions/followup_drop.html", close=close)


@require_POST
@secretariat_required
def followup_reopen(request, pk):
    follow_up = get_object_or_404(FollowUp, pk=pk)
    try:
        follow_up.reopen()
    except FollowUpStateError as error:
        messages.error(request, str(error))
    else:
        follow_up.save()
        messages.success(request, _("De vervolgactie staat weer open."))
    return redirect(follow_up)
