"""Sources in the admin: add an article by pasting or uploading it; correct its text."""

from __future__ import annotations

import base64

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from ..models import Passage, Source
from ..store.articles import (
    DuplicateArticle,
    OrphanedCitations,
    check_article,
    status_problem,
    store_article,
)
from ..store.mentions import refresh_mentions
from ..store.proposals import proposed_headline
from ..text.cleaning import read_article
from ..text.dates import DateTextError, parse_date_text
from ..text.decoding import MAX_ARTICLE_BYTES, WINDOWS_1252, ArticleError
from .base import LinesField, SlugFromTitleForm, WritePathAdmin
from .history import LoadedVersionForm, RevisionHistoryAdmin


class SourceForm(LoadedVersionForm, SlugFromTitleForm):
    kind_name = "source"
    authors = LinesField(required=False, help_text="One author a line, in byline order.")
    published_text = forms.CharField(
        label="Published",
        max_length=20,
        help_text="An ISO date at its true precision: 2011-10-24, 2012-06 or 2012.",
    )
    upload = forms.FileField(
        required=False,
        help_text="Or upload the article as a text file, UTF-8 or UTF-16 "
        f"(at most {MAX_ARTICLE_BYTES:,} bytes). An upload replaces the text above.",
    )
    convert = forms.BooleanField(
        required=False,
        label="Convert from Windows-1252",
        help_text="Offered when an upload is not UTF-8 but reads as Windows-1252: tick it once "
        "the text shown in the message reads right, and save again (the file is kept).",
    )
    # The bytes of an upload waiting for that confirmation: browsers never re-send a file.
    kept_upload = forms.CharField(widget=forms.HiddenInput, required=False)
    kept_upload_name = forms.CharField(widget=forms.HiddenInput, required=False)

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
            "status",
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
        self.fields["title"].required = False
        self.fields["title"].help_text = "Left empty, the first line of the text, if a headline."
        self.fields["file_name"].help_text = "The file in seeds/; made from the slug if left empty."
        self.fields["raw_text"].required = False
        self.fields["raw_text"].strip = False  # the file is kept exactly, trailing lines too
        if self.instance.pk and not self.is_bound:
            self.initial["published_text"] = self.instance.published_text

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if title:
            return title
        if headline := proposed_headline(self.data.get(self.add_prefix("raw_text"), "")):
            return headline
        raise forms.ValidationError(
            "Give the article's headline (the text's first line is used when it is one)."
        )

    def clean_published_text(self):
        text = self.cleaned_data["published_text"]
        try:
            value = parse_date_text(text)
        except DateTextError as error:
            raise forms.ValidationError(str(error)) from None
        self.instance.published, self.instance.published_precision = value.earliest, value.precision
        return text

    def article_bytes(self, cleaned) -> tuple[bytes, str, str]:
        """(bytes, name, field) of the article: an upload (or the one kept for the
        conversion the curator confirmed), else the text typed or pasted."""
        if upload := cleaned.get("upload"):
            return upload.read(MAX_ARTICLE_BYTES + 1), upload.name, "upload"
        if cleaned.get("convert") and cleaned.get("kept_upload"):
            try:
                raw = base64.b64decode(cleaned["kept_upload"], validate=True)
            except ValueError:
                raw = b""
            return raw, cleaned.get("kept_upload_name") or "the upload", "upload"
        text = (cleaned.get("raw_text") or "").replace("\r\n", "\n")
        return text.encode("utf-8"), "the article text", "raw_text"

    def keep_upload(self, raw: bytes, name: str) -> None:
        """Carry a refused upload's bytes in the form, for the confirmed conversion."""
        self.data = self.data.copy()
        self.data[self.add_prefix("kept_upload")] = base64.b64encode(raw).decode("ascii")
        self.data[self.add_prefix("kept_upload_name")] = name

    def keep_text(self, name: str) -> None:
        """If the form is refused for another reason, the upload's text stays in the text
        box: a browser never shows a chosen file again."""
        self.data = self.data.copy()
        self.data[self.add_prefix("raw_text")] = self.article.raw
        self.data[self.add_prefix("kept_upload")] = ""
        self.uploaded_name = name

    def clean(self):
        cleaned = super().clean()
        self.check_loaded_version()
        slug = cleaned.get("slug") or ""
        if not cleaned.get("file_name") and slug:
            cleaned["file_name"] = f"{slug}.txt"
        if "upload" in self.errors:  # an empty file: one error is enough
            return cleaned
        raw, name, field = self.article_bytes(cleaned)
        encoding = WINDOWS_1252 if cleaned.get("convert") else ""
        try:
            self.article = read_article(raw, name, encoding)
        except ArticleError as error:
            self.add_error(field, str(error))
            if error.convertible and field == "upload":
                self.keep_upload(raw, name)
            return cleaned
        cleaned["raw_text"] = self.article.raw
        if field == "upload":
            self.keep_text(name)
        try:
            check_article(self.instance, self.article)
        except DuplicateArticle as error:
            existing = error.existing
            url = reverse("admin:relations_source_change", args=[existing.pk])
            self.add_error(
                field,
                format_html(
                    'This text is already a source: <a href="{}">{}</a> ({}). Nothing was '
                    "saved; correct that source instead of pasting it again.",
                    url,
                    existing,
                    existing.get_status_display(),
                ),
            )
        except OrphanedCitations as error:
            self.add_error(
                field,
                forms.ValidationError(
                    ["This text would orphan citations; nothing was saved:", *error.problems]
                ),
            )
        self.instance.status = cleaned.get("status") or self.instance.status
        if problem := status_problem(self.instance):
            self.add_error("status", problem[0].upper() + problem[1:] + ".")
        return cleaned


class PassageInline(admin.TabularInline):
    model = Passage
    template = "admin/relations/source/passages_inline.html"
    fields = ["number", "words", "is_heading", "date_mentions"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="text (select words to cite them)")
    def words(self, passage):
        return format_html(
            '<div class="passage-words" data-passage="{}">{}</div>', passage.pk, passage.text
        )

    @admin.display(description="date mentions")
    def date_mentions(self, passage):
        read = format_html_join(
            ", ",
            "“{}” → {}{}",
            (
                (m.text, m.display, " (corrected)" if m.correction_id else "")
                for m in passage.mentions.all()
            ),
        )
        add = reverse("admin:relations_datecorrection_add") + f"?passage={passage.pk}"
        # Buttons of the source's own form, posting (with its CSRF token) elsewhere.
        drafts = format_html_join(
            "",
            '<button type="submit" class="button" formaction="{}" formnovalidate>'
            "Create event from “{}”</button>",
            (
                (reverse("admin:relations_event_from_mention", args=[m.pk]), m.text)
                for m in passage.mentions.all()
            ),
        )
        return format_html('{} {} <a href="{}">Correct a reading…</a>', read or "—", drafts, add)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("mentions")


@admin.register(Source)
class SourceAdmin(WritePathAdmin, RevisionHistoryAdmin, admin.ModelAdmin):
    form = SourceForm
    inlines = [PassageInline]

    class Media:
        js = ["relations/js/admin-cite.js"]

    list_display = [
        "title",
        "publisher",
        "published_display",
        "status",
        "passage_count",
        "cited_by",
    ]
    search_fields = ["title", "publisher", "outlet", "slug"]
    list_filter = ["status", "kind", "publisher"]
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
                    "status",
                ]
            },
        ),
        ("Where it comes from", {"fields": ["url", "original", "file_name", "notes"]}),
        ("Text", {"fields": ["raw_text", "upload", "convert", "byline", "correction"]}),
        (None, {"fields": ["loaded_version", "kept_upload", "kept_upload_name"]}),
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

    def render_change_form(self, request, context, *args, **kwargs):
        # Shown again after a refused save: say where the uploaded file's text went.
        if name := getattr(context["adminform"].form, "uploaded_name", ""):
            messages.info(
                request,
                f"The text of {name} is in the Article text box: you need not choose the "
                "file again.",
            )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        # The form checked the text; the write path stores it with its passages.
        store_article(obj, form.article)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Corrections are applied where the mentions are read.
        refresh_mentions(form.instance)
        self.record_revision(request, form.instance)


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
