from django.contrib import admin
from django.urls import include, path, re_path

from .views import api, cite, details, embed, exports, feeds, places, sitemaps, threads, timeline

relations_patterns = [
    path("", timeline.timeline, name="timeline"),
    path("events/<slug:slug>/", details.event_detail, name="event"),
    path("sources/<slug:slug>/", details.source_detail, name="source"),
    path("actors/<slug:slug>/", details.actor_detail, name="actor"),
    path("map/", places.map_view, name="map"),
    path("places/<slug:slug>/", places.place_detail, name="place"),
    path("threads/", threads.thread_list, name="threads"),
    path("threads/<slug:slug>/", threads.thread_detail, name="thread"),
    path("about/", details.about, name="about"),
    path("health/", details.health, name="health"),
    path("cite/", cite.cite_search, name="cite"),
    path("cite/sources/<slug:slug>/", cite.cite_source, name="cite-source"),
    re_path(
        r"^cite/sources/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<fmt>bib|ris|json)$",
        cite.cite_source_download,
        name="cite-source-download",
    ),
    path(
        "cite/sources/<slug:slug>/styles.json",
        cite.cite_source_styles,
        name="cite-source-styles",
    ),
    path("cite/events/<slug:slug>/", cite.cite_event, name="cite-event"),
    re_path(
        r"^cite/events/(?P<slug>[-a-zA-Z0-9_]+)\.(?P<fmt>bib|ris|json)$",
        cite.cite_event_download,
        name="cite-event-download",
    ),
    path("export/events.csv", exports.events_csv, name="export-csv"),
    path("export/timelinejs.json", exports.timelinejs_json, name="export-timelinejs"),
    path("export/places.csv", exports.places_csv, name="export-places"),
    path("export/datapackage.zip", exports.datapackage_zip, name="datapackage"),
    path("feeds/events.atom", feeds.events_feed, name="feed"),
    # The only pages another site may frame (views/embed.py), and oEmbed for every page.
    path("embed/", embed.embed, name="embed"),
    path("embed/events/<slug:slug>/", embed.embed_event, name="embed-event"),
    path("oembed/", embed.oembed, name="oembed"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("api/events.json", api.events_json, name="api-events"),
    path("api/sources.json", api.sources_json, name="api-sources"),
    path("api/threads.json", api.threads_json, name="api-threads"),
    path("api/places.json", api.places_json, name="api-places"),
]

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's).
    path("favicon.ico", details.favicon),
    path("admin/", admin.site.urls),
    path("", include((relations_patterns, "relations"))),
]
