import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from decisions.forms import FollowUpForm, PostponeForm
from decisions.models import FollowUp
from lovp.forms import MonthField
from tests.factories import AgendaItemFactory, DecisionFactory, MeetingFactory

D = datetime.date
Kind = FollowUp.TargetKind

MONTH_ERROR = "Vul een maand in, bijvoorbeeld 2021-02 of februari 2021."


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


class TestMonthField:
    @pytest.mark.parametrize(
        ("text", "month"),
        [
            ("2021-02", D(2021, 2, 1)),
            ("2021-2", D(2021, 2, 1)),
            ("02-2021", D(2021, 2, 1)),
            ("2/2021", D(2021, 2, 1)),
            ("februari 2021", D(2021, 2, 1)),
            ("Maart 2021", D(2021, 3, 1)),
            ("  mei 2021 ", D(2021, 5, 1)),
            ("okt. 2021", D(2021, 10, 1)),
            ("DECEMBER 2020", D(2020, 12, 1)),
        ],
    )
    def test_parses(self, text, month):
        assert MonthField().clean(text) == month

    def test_a_date_becomes_its_month(self):
        assert MonthField().clean(D(2021, 4, 17)) == D(2021, 4, 1)

    @pytest.mark.parametrize(
        "text", ["2021-13", "2021-00", "13-2021", "foo", "<script>", "smurf 2021", "2021", "februari"]
    )
    def test_rejects_with_a_dutch_message(self, text):
        with pytest.raises(ValidationError) as info:
            MonthField().clean(text)
        assert info.value.messages == [MONTH_ERROR]

    def test_empty_is_none_when_optional_and_an_error_when_required(self):
        assert MonthField(required=False).clean("") is None
        with pytest.raises(ValidationError) as info:
            MonthField().clean("")
        assert info.value.messages == ["Dit veld is verplicht."]


def follow_up_data(**fields):
    data = {
        "description": "Landelijk plan roosterdruk agenderen",
        "topic": "",
        "owner": "",
        "decision": "",
        "promise_text": "",
        "target_kind": Kind.NEXT_MEETING,
        "target_meeting": "",
        "target_month": "",
        "target_date": "",
    }
    data.update(fields)
    return data


def postpone_data(**fields):
    data = {
        "target_kind": Kind.NEXT_MEETING,
        "target_meeting": "",
        "target_month": "",
        "target_date": "",
        "promise_text": "",
        "reason": "Het plan is nog niet klaar.",
    }
    data.update(fields)
    return data


REQUIRED_TARGETS = [
    # (kind, field that must be filled, Dutch message when it is not)
    (Kind.MEETING, "target_meeting", "Kies de vergadering waarin het terugkomt."),
    (Kind.MONTH, "target_month", "Vul de maand in waarin het terugkomt."),
    (Kind.DATE, "target_date", "Vul de datum in."),
    (Kind.PERIOD, "target_date", "Vul de datum in."),
]


@pytest.mark.django_db
class TestFollowUpForm:
    @pytest.fixture
    def item(self):
        return AgendaItemFactory(meeting=MeetingFactory(date=D(2020, 11, 23)))

    def form(self, item, **fields):
        return FollowUpForm(follow_up_data(**fields), agenda_item=item)

    @pytest.mark.parametrize(("kind", "field", "message"), REQUIRED_TARGETS)
    def test_the_field_of_the_chosen_kind_is_required(self, item, kind, field, message):
        form = self.form(item, target_kind=kind)
        assert not form.is_valid()
        assert form.errors[field] == [message]
        assert set(form.errors) == {field}

    @pytest.mark.parametrize("kind", [Kind.NEXT_MEETING, Kind.UNSPECIFIED])
    def test_kinds_without_a_value(self, item, kind):
        assert self.form(item, target_kind=kind).is_valid()

    def test_the_other_target_fields_are_cleared(self, item):
        meeting = MeetingFactory(date=D(2021, 2, 8))
        form = self.form(
            item,
            target_kind=Kind.MONTH,
            target_month="april 2021",
            target_meeting=meeting.pk,
            target_date="2021-03-31",
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_month"] == D(2021, 4, 1)
        assert form.cleaned_data["target_meeting"] is None
        assert form.cleaned_data["target_date"] is None
        follow_up = form.save(commit=False)
        assert (follow_up.target_month, follow_up.target_meeting, follow_up.target_date) == (
            D(2021, 4, 1),
            None,
            None,
        )

    def test_date_kind_clears_month_and_meeting(self, item):
        meeting = MeetingFactory(date=D(2021, 2, 8))
        form = self.form(
            item,
            target_kind=Kind.PERIOD,
            target_month="2021-02",
            target_meeting=meeting.pk,
            target_date="31-03-2021",
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_date"] == D(2021, 3, 31)
        assert form.cleaned_data["target_month"] is None
        assert form.cleaned_data["target_meeting"] is None

    @pytest.mark.parametrize("text", ["31-02-2021", "2021-02-31", "morgen"])
    def test_malformed_date_gives_a_dutch_error(self, item, text):
        form = self.form(item, target_kind=Kind.DATE, target_date=text)
        assert not form.is_valid()
        assert form.errors["target_date"] == ["Voer een geldige datum in."]

    def test_malformed_month_gives_one_dutch_error(self, item):
        form = self.form(item, target_kind=Kind.MONTH, target_month="2021-13")
        assert not form.is_valid()
        assert form.errors["target_month"] == [MONTH_ERROR]

    def test_description_is_required_in_dutch(self, item):
        form = self.form(item, description="")
        assert form.errors["description"] == ["Beschrijf wat er terug moet komen."]

    def test_unknown_kind(self, item):
        form = self.form(item, target_kind="someday")
        assert "target_kind" in form.errors

    def test_only_decisions_of_the_agenda_item_can_be_chosen(self, item):
        own = DecisionFactory(agenda_item=item)
        other = DecisionFactory()
        assert list(FollowUpForm(agenda_item=item).fields["decision"].queryset) == [own]
        form = self.form(item, decision=other.pk)
        assert not form.is_valid()
        assert "decision" in form.errors

    def test_inactive_parties_cannot_be_chosen(self, item, korpschef):
        korpschef.is_active = False
        korpschef.save()
        form = self.form(item, owner=korpschef.pk)
        assert not form.is_valid()
        assert "owner" in form.errors


@pytest.mark.django_db
class TestPostponeForm:
    @pytest.mark.parametrize(("kind", "field", "message"), REQUIRED_TARGETS)
    def test_the_field_of_the_chosen_kind_is_required(self, kind, field, message):
        form = PostponeForm(postpone_data(target_kind=kind))
        assert not form.is_valid()
        assert form.errors[field] == [message]
        assert set(form.errors) == {field}

    def test_valid_month(self):
        form = PostponeForm(
            postpone_data(target_kind=Kind.MONTH, target_month="Maart 2021", target_date="2021-01-01")
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_month"] == D(2021, 3, 1)
        assert form.cleaned_data["target_date"] is None
        assert form.cleaned_data["target_meeting"] is None

    def test_valid_meeting(self):
        meeting = MeetingFactory(date=D(2021, 4, 12))
        form = PostponeForm(
            postpone_data(target_kind=Kind.MEETING, target_meeting=meeting.pk, target_month="2021-02")
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_meeting"] == meeting
        assert form.cleaned_data["target_month"] is None

    @pytest.mark.parametrize("kind", [Kind.NEXT_MEETING, Kind.UNSPECIFIED])
    def test_kinds_without_a_value(self, kind):
        form = PostponeForm(postpone_data(target_kind=kind))
        assert form.is_valid(), form.errors

    def test_a_reason_is_required(self):
        form = PostponeForm(postpone_data(reason=""))
        assert form.errors["reason"] == ["Schrijf op waarom het later terugkomt."]

    def test_malformed_date_gives_a_dutch_error(self):
        form = PostponeForm(postpone_data(target_kind=Kind.DATE, target_date="31-02-2021"))
        assert not form.is_valid()
        assert form.errors["target_date"] == ["Voer een geldige datum in."]
