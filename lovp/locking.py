"""No lost edits: optimistic locking on a `version` column (agenda items and follow-ups).

Every write to such a row counts its `version` up. An edit form carries the version it was filled
in on (VersionedFormMixin); the service that saves it calls version_claim() inside its transaction,
which locks the row and refuses the save when someone else saved it in between. The view then shows
what that person changed (lovp.history.changes_since) and keeps the user's own input in the form.
"""

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lovp.history import changes_since


class StaleEditError(Exception):
    """The row was saved by someone else after this edit began: saving would overwrite their work."""

    def __init__(self, instance: models.Model, *, seen_version: int, current_version: int):
        self.instance = instance
        self.seen_version = seen_version
        self.current_version = current_version
        super().__init__(
            f"{type(instance).__name__} {instance.pk}: version {seen_version} is now {current_version}"
        )


def version_claim(instance: models.Model) -> None:
    """Claim the next version for a write based on `instance` as it was read (its `version`).

    Locks the row until the end of the transaction and raises StaleEditError when the version in the
    database is no longer the one the instance was read at. Afterwards `instance.version` is the next
    version, saved with the instance. Call inside the transaction that saves it.
    """
    current = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("version", flat=True)
        .get()
    )
    if current != instance.version:
        raise StaleEditError(instance, seen_version=instance.version, current_version=current)
    instance.version = current + 1


class VersionedFormMixin:
    """For a ModelForm of a row with a `version`: a hidden field with the version the form was filled
    in on. The form puts it on the instance it saves (instead of the version just read from the
    database), so that version_claim() compares what the user saw with what is stored now."""

    stale_form_message = _("Dit formulier is verouderd. Laad de pagina opnieuw en vul het opnieuw in.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            if cleaned_data.get("version") is None:
                if "version" not in self.errors:
                    self.add_error(None, self.stale_form_message)
            else:
                self.instance.version = cleaned_data["version"]
        return cleaned_data


def edit_conflicts(data, forms) -> tuple[QueryDict, list[dict]]:
    """After a refused save (StaleEditError): per row of these (valid, bound) forms that someone else
    saved since the form was opened, what they changed ({"subject", "entries"}, see
    lovp.history.changes_since); and the submitted data to show the forms again with."""
    conflicts = []
    for form in forms:
        seen_version = form.cleaned_data.get("version") if form.instance.pk else None
        if not seen_version:
            continue
        model = type(form.instance)
        current = model._default_manager.filter(pk=form.instance.pk).first()
        if current is None or current.version == seen_version:
            continue
        conflicts.append(
            {
                "subject": f"{capfirst(model._meta.verbose_name)} ‘{current}’",
                "entries": changes_since(model, current.pk, seen_version),
            }
        )
        data = stale_form_data(data, form, seen_version=seen_version, current=current)
    return data, conflicts


def stale_form_data(data, form, *, seen_version: int, current: models.Model):
    """The data to show again, after a refused save, for the form of a row someone else saved since
    this user opened it.

    Changed by this user too: their input stays, with the current version, so that saving again
    (having seen what the other person changed) replaces that version knowingly. Not changed by this
    user (the form merely still showed the row as it was): the row as it is now, so that saving
    again does not quietly undo the other person's change.
    """
    data = data.copy()
    if _changed_by_user(form, seen_version):
        data[form.add_prefix("version")] = str(current.version)
        return data
    for bound_field in type(form)(instance=current, prefix=form.prefix):
        value = bound_field.value()
        if isinstance(bound_field.field.widget, forms.CheckboxInput):
            if value:
                data[bound_field.html_name] = "on"
            else:
                data.pop(bound_field.html_name, None)
        else:
            data[bound_field.html_name] = "" if value is None else str(value)
    return data


def _changed_by_user(form, seen_version: int) -> bool:
    """Whether the submitted form differs from the row as it was at the version the user saw (its
    history record); when that record is unknown, assume it does."""
    if form.cleaned_data.get("DELETE"):
        return True
    model = type(form.instance)
    record = (
        model.history.filter(id=form.instance.pk, version__lte=seen_version)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None or record.version != seen_version:
        return True
    return type(form)(form.data, instance=record.instance, prefix=form.prefix).has_changed()
