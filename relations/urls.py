from django.contrib import admin
from django.urls import include, path

from .views import api, pages

relations_patterns = [
    path("", pages.timeline, name="timeline"),
    path("events/<slug:slug>/", pages.event_detail, name="event"),
    path("sources/<slug:slug>/", pages.source_detail, name="source"),
    path("actors/<slug:slug>/", pages.actor_detail, name="actor"),
    path("about/", pages.about, name="about"),
    path("api/events.json", api.events_json, name="api-events"),
    path("api/sources.json", api.sources_json, name="api-sources"),
]

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", pages.favicon),
    path("admin/", admin.site.urls),
    path("", include((relations_patterns, "relations"))),
]
