"""Review: under REVIEW_REQUIRED, a curator's change to a published event, or the
publishing of a draft, waits as a Proposal until a second curator approves it.

Approving submits the proposal's form again to the event's admin page, as the
approving curator: the same checks (evidence, stale copies) and the same write
path as any save. The queue shows each proposal's changes field by field; a
change's are found by applying it and rolling it back.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.test import RequestFactory
from django.urls import path, reverse
from django.utils.datastructures import MultiValueDict
from django.views.decorators.http import require_GET, require_POST

from ..models import Event, Proposal, Revision
from ..seeds.history import changes, event_record
from .history import changes_html


class Proposed(Exception):
    """Raised in the save of a change that is to wait for review (nothing is written)."""


def review_required(request, event: Event, was_published: bool) -> bool:
    """Whether this save is to wait for a second curator: it changes a published event
    or publishes a draft, review is on, and it is not an approval being applied."""
    if not settings.REVIEW_REQUIRED or getattr(request, "approving", None):
        return False
    return was_published or event.published


def propose(request, event: Event, kind: str) -> Proposal:
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    Proposal.objects.filter(event=event, kind=kind, proposed_by=request.user).delete()
    return Proposal.objects.create(event=event, kind=kind, data=data, proposed_by=request.user)


def submitted(proposal: Proposal, approver) -> tuple[bool, object]:
    """Submit the proposal's form to the event's admin page as `approver`: (saved, response)."""
    event_admin = admin.site._registry[Event]
    data = proposal.data
    if proposal.kind == Proposal.Kind.PUBLISH:  # the draft as it is now, published
        data = form_data(proposal.event, approver) | {"published": ["on"]}
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    request = RequestFactory().post(reverse("admin:relations_event_change", args=[0]))
    # Both set, or reading FILES would parse the (empty) body over the POST set here.
    request.POST, request._files = query, MultiValueDict()
    request.user, request.approving = approver, proposal
    request._dont_enforce_csrf_checks = True  # the approval itself was a checked POST
    request._messages = CookieStorage(request)
    response = event_admin.changeform_view(request, str(proposal.event_id))
    return response.status_code == 302, response


def form_data(event: Event, user) -> dict[str, list[str]]:
    """What the event's admin page would post back unchanged."""
    request = RequestFactory().get(reverse("admin:relations_event_change", args=[event.pk]))
    request.user = user
    request._messages = CookieStorage(request)
    response = admin.site._registry[Event].changeform_view(request, str(event.pk))
    forms = [response.context_data["adminform"].form]
    data = {}
    for inline in response.context_data["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = [str(value)]
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            values = value if isinstance(value, list) else [value]
            data[form.add_prefix(name)] = ["on" if v is True else str(v) for v in values]
    return data


def preview(proposal: Proposal, approver) -> list:
    """What approving the proposal would change, field by field."""
    event = proposal.event
    if proposal.kind == Proposal.Kind.PUBLISH:
        last_public = (
            Revision.objects.filter(
                kind=Revision.Kind.EVENT, object_id=event.pk, record__published=True
            )
            .order_by("-time", "-id")
            .first()
        )
        return changes(last_public.record if last_public else None, event_record(event))
    before = event_record(event)
    try:
        with transaction.atomic():
            saved, _ = submitted(proposal, approver)
            after = event_record(event) if saved else None
            raise _RolledBack
    except _RolledBack:
        pass
    return changes(before, after) if after else []


class _RolledBack(Exception):
    pass


def may_review(request) -> None:
    if not request.user.has_perm("relations.review_event"):
        raise PermissionDenied


@staff_member_required
@require_GET
def review_queue(request):
    may_review(request)
    proposals = Proposal.objects.select_related("event", "proposed_by")
    entries = [
        (p, changes_html(preview(p, request.user)), p.proposed_by_id == request.user.pk)
        for p in proposals
    ]
    context = {**admin.site.each_context(request), "title": "Awaiting review", "entries": entries}
    return render(request, "admin/relations/review_queue.html", context)


@staff_member_required
@require_POST
def decide(request, proposal_id: int):
    may_review(request)
    proposal = get_object_or_404(Proposal.objects.select_related("event"), pk=proposal_id)
    if proposal.proposed_by_id == request.user.pk:
        messages.error(request, "A second curator approves: you cannot approve your own change.")
        return redirect("admin:relations_review_queue")
    if request.POST.get("decision") == "approve":
        saved, response = submitted(proposal, request.user)
        if not saved:
            messages.error(
                request,
                f"“{proposal.event}” could not be saved as proposed (it has changed since, or "
                "no longer meets the evidence rules): nothing was written. Turn the proposal "
                "down with a note, and its author can make it again.",
            )
            return redirect("admin:relations_review_queue")
        proposal.delete()
        messages.success(request, f"Approved: “{proposal.event}” is saved and public.")
    else:
        proposal.delete()
        messages.info(request, f"Turned down: {proposal}. The event is as it was.")
    return redirect("admin:relations_review_queue")


def urls():
    return [
        path("review/", admin.site.admin_view(review_queue), name="relations_review_queue"),
        path(
            "review/<int:proposal_id>/decide/",
            admin.site.admin_view(decide),
            name="relations_review_decide",
        ),
    ]
