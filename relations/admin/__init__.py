"""Curation in the Django admin: events, sources, actors, the work queue."""

from django.contrib import admin

from . import actors, curation, events, places, sources, workqueue  # noqa: F401  (they register the models)

admin.site.site_header = "US–Pakistan relations: curation"
admin.site.site_title = "Timeline curation"
admin.site.index_title = "Curate the timeline"


def lockout_response(request, original_response, credentials):
    """django-axes' answer to a locked-out sign-in (429), framed like the rest of the admin."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit
    from django.shortcuts import render

    context = {
        **admin.site.each_context(request),
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(request, "admin/lockout.html", context, status=429)
