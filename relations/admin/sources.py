"""Sources in the admin: add an article by pasting or uploading it; correct its text."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from simple_history.admin import SimpleHistoryAdmin

from ..models import Passage, Source
from ..store.articles import OrphanedCitations, check_article, store_article
from ..text.cleaning import MAX_ARTICLE_BYTES, ArticleError, read_article
from ..text.dates import DateTextError, parse_date_text
from .base import LinesField, WritePathAdmin


class SourceForm(forms.ModelForm):
    authors = LinesField(required=False, help_text="One author a line, in byline order.")
    published_text = forms.CharField(
        label="Published",
        max_length=20,
        help_text="An ISO date at its true precision: 2011-10-24, 2012-06 or 2012.",
    )
    upload = forms.FileField(
        required=False,
        help_text=f"Or upload the article as a UTF-8 text file (at most {MAX_ARTICLE_BYTES:,} bytes). "
        "An upload replaces the text above.",
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "sentence_title",
            "slug",
            "publisher",
            "outlet",
            "authors",
            "published_text",
            "kind",
            "url",
            "file_name",
            "notes",
            "raw_text",
        ]
        widgets = {
            "raw_text": forms.Textarea(attrs={"rows": 16}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"raw_text": "Article text"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file_name"].required = False
        self.fields["file_name"].help_text = "The file in seeds/; made from the slug if left empty."
        self.fields["raw_text"].required = False
        self.fields["raw_text"].strip = False  # the file is kept exactly, trailing lines too
        if self.instance.pk and not self.is_bound:
            self.initial["published_text"] = self.instance.published_text

    def clean_published_text(self):
        text = self.cleaned_data["published_text"]
        try:
            value = parse_date_text(text)
        except DateTextError as error:
            raise forms.ValidationError(str(error)) from None
        self.instance.published, self.instance.published_precision = value.earliest, value.precision
        return text

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug") or ""
        if not cleaned.get("file_name") and slug:
            cleaned["file_name"] = f"{slug}.txt"
        upload = cleaned.get("upload")
        field = "upload" if upload else "raw_text"
        if upload:
            raw = upload.read(MAX_ARTICLE_BYTES + 1)
        else:
            raw = (cleaned.get("raw_text") or "").replace("\r\n", "\n").encode("utf-8")
        name = upload.name if upload else "the article text"
        try:
            self.article = read_article(raw, name)
        except ArticleError as error:
            self.add_error(field, str(error))
            return cleaned
        cleaned["raw_text"] = self.article.raw
        try:
            check_article(self.instance, self.article)
        except OrphanedCitations as error:
            self.add_error(
                field,
                forms.ValidationError(
                    ["This text would orphan citations; nothing was saved:", *error.problems]
                ),
            )
        return cleaned


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["number", "text", "is_heading", "date_mentions"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="date mentions")
    def date_mentions(self, passage):
        return (
            format_html_join(
                ", ", "“{}” → {}", ((m.text, m.display) for m in passage.mentions.all())
            )
            or "—"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mentions")


@admin.register(Source)
class SourceAdmin(WritePathAdmin, SimpleHistoryAdmin):
    form = SourceForm
    inlines = [PassageInline]
    list_display = ["title", "publisher", "published_display", "passage_count", "cited_by"]
    search_fields = ["title", "publisher", "outlet", "slug"]
    list_filter = ["kind", "publisher"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["byline", "correction", "original"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "sentence_title",
                    "slug",
                    "publisher",
                    "outlet",
                    "authors",
                    "published_text",
                    "kind",
                ]
            },
        ),
        ("Where it comes from", {"fields": ["url", "original", "file_name", "notes"]}),
        ("Text", {"fields": ["raw_text", "upload", "byline", "correction"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                passage_total=Count("passages", distinct=True),
                citation_total=Count("passages__citations", distinct=True),
            )
        )

    @admin.display(description="published", ordering="published")
    def published_display(self, source):
        return source.published_display

    @admin.display(description="passages", ordering="passage_total")
    def passage_count(self, source):
        return source.passage_total

    @admin.display(description="citations", ordering="citation_total")
    def cited_by(self, source):
        return source.citation_total

    @admin.display(description="original")
    def original(self, source):
        return (
            format_html('<a href="{0}" rel="noopener noreferrer">{0}</a>', source.url)
            if source.url
            else "—"
        )

    def save_model(self, request, obj, form, change):
        # The form checked the text; the write path stores it with its passages.
        if not obj.slug:
            obj.slug = slugify(obj.title)[:50]
        store_article(obj, form.article)


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    """Passages come from the articles: searchable and readable, never edited by hand."""

    search_fields = ["source__publisher", "source__title", "source__slug", "text"]
    list_display = ["__str__", "source", "number", "is_heading"]
    list_filter = ["source"]
    fields = ["source", "number", "text", "is_heading", "start", "end"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
