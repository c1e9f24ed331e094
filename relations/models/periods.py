"""Named spans of the relationship, drawn as bands on the overview."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from .dating import read_dates
from .sources import PRECISION_CHOICES


class Period(models.Model):
    """A named span of the relationship, drawn as a band on the overview."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    start_text = models.CharField(max_length=100, help_text="As written: 'late November 2011'.")
    end_text = models.CharField(max_length=100)
    first_day = models.DateField(editable=False)
    last_day = models.DateField(editable=False)
    start_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, editable=False)
    end_precision = models.CharField(max_length=5, choices=PRECISION_CHOICES, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["first_day", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="period_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        start, end = read_dates(self.start_text, self.end_text, end_required=True)
        self.start_text, self.end_text = start.label, end.label
        self.first_day, self.last_day = start.earliest, end.latest
        self.start_precision, self.end_precision = start.precision, end.precision
