"""Curation in the Django admin: events, sources, actors, the work queue."""

from django.contrib import admin

from . import actors, events, sources, workqueue  # noqa: F401  (they register the models)

admin.site.site_header = "US–Pakistan relations: curation"
admin.site.site_title = "Timeline curation"
admin.site.index_title = "Curate the timeline"
