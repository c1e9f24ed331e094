"""Each event's and source's history in the admin, field by field, and the message a
curator gets when someone saved the same object after they opened it."""

from __future__ import annotations

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join

from ..seeds.history import Change, changes_since, history, record_revision


class RevisionHistoryAdmin:
    """The History page lists every saved state with what changed from the one before."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "entries": history(obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/relations/revision_history.html", context)

    def record_revision(self, request, obj) -> None:
        # An approval is the approver's save of what another curator proposed.
        proposal = getattr(request, "approving", None)
        record_revision(
            obj, user=request.user, proposed_by=proposal.proposed_by if proposal else None
        )


class LoadedVersionForm(forms.ModelForm):
    """A form that refuses to save over a change made after it was opened, and says
    who changed what since (so that nobody retypes everything)."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    kind_name = "object"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated.isoformat()

    def check_loaded_version(self) -> None:
        if not self.instance.pk:
            return
        model = type(self.instance)
        current = (
            model.objects.filter(pk=self.instance.pk).values_list("updated", flat=True).first()
        )
        loaded = self.cleaned_data.get("loaded_version") or ""
        if current is None or loaded == current.isoformat():
            return
        opened = parse_datetime(loaded)
        since = changes_since(self.instance, opened) if opened else []
        raise forms.ValidationError(conflict_message(self.kind_name, since))


def conflict_message(kind_name: str, since) -> str:
    intro = (
        f"Someone else saved this {kind_name} after you opened it, so your changes were not "
        "saved. What you typed is still in the form below."
    )
    if not since:
        return format_html("{} Open the {} again to see their changes.", intro, kind_name)
    entries = format_html_join(
        "",
        "<li>{} at {}: {}</li>",
        (
            (rev.author, f"{rev.time:%-d %B %Y, %H:%M:%S}", changes_html(found))
            for rev, found in since
        ),
    )
    return format_html(
        "{} Their changes since you opened it:<ul>{}</ul>Copy what you need, open the {} "
        "again, and make your changes there.",
        intro,
        entries,
        kind_name,
    )


def changes_html(changes: list[Change]):
    return format_html_join("; ", "{}", ((str(change),) for change in changes))
