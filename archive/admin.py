"""The editors' admin: correct article metadata, curate entities, merge duplicate officials and
organisations.

An editor's change marks the corrected fields on the article (kept by re-imports) and reaches the
search index after the transaction commits.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from archive import admin_conflicts
from archive.ingest import mentions
from archive.ingest.merging import merge_officials, merge_organisations, possible_duplicates
from archive.ingest.pipeline import mark_corrected, set_usd_values
from archive.models import (
    Article,
    ArticleOfficial,
    ArticleOrganisation,
    Country,
    Locality,
    MoneyFigure,
    Official,
    Organisation,
)
from archive.search import indexing
from archive.sorting import FoldedName, by_name


class ArticleOfficialInline(admin.TabularInline):
    model = ArticleOfficial
    autocomplete_fields = ["official"]
    extra = 0


class ArticleOrganisationInline(admin.TabularInline):
    model = ArticleOrganisation
    autocomplete_fields = ["organisation"]
    extra = 0


class MoneyFigureInline(admin.TabularInline):
    model = MoneyFigure
    extra = 0
    can_delete = False
    readonly_fields = ["text", "amount", "currency", "measure", "usd", "usd_rate", "usd_year"]

    def has_add_permission(self, request, obj=None):
        return False


class ArticleForm(forms.ModelForm):
    """The change form, with what the article looked like when it was opened (admin_conflicts)."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict: admin_conflicts.Conflict | None = None  # set by ArticleAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = admin_conflicts.version_of(self.instance)

    def clean(self):
        cleaned = super().clean()
        if self.conflict is not None:
            raise forms.ValidationError(self.conflict.message, code="changed_meanwhile")
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "title_origin",
        "published",
        "source",
        "publisher",
        "country_list",
        "is_corrected_mark",
    ]
    # title_origin: editors find the titles the importer made up (from the lede or page metadata).
    list_filter = ["title_origin", "countries", "localities", "source", "published", "corrected_at"]
    search_fields = ["title", "body", "source_file", "url", "publisher", "author"]
    date_hierarchy = "published"
    autocomplete_fields = ["countries", "localities"]
    inlines = [ArticleOfficialInline, ArticleOrganisationInline, MoneyFigureInline]
    readonly_fields = [
        "title_origin",
        "url",
        "crawled",
        "implied_countries_list",
        "source_file",
        "sha256",
        "encoding",
        "original_text",
        "published_origin",
        "imported_at",
        "updated_at",
        "corrected_at",
        "corrected_fields",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "opened_version",
                    "title",
                    "title_origin",
                    "published",
                    "published_origin",
                    "source",
                    "publisher",
                    "author",
                ]
            },
        ),
        ("Original page", {"fields": ["url", "crawled"]}),
        ("Entities", {"fields": ["countries", "implied_countries_list", "localities"]}),
        ("Text", {"fields": ["body"], "classes": ["collapse"]}),
        (
            "As imported",
            {
                "fields": [
                    "source_file",
                    "sha256",
                    "encoding",
                    "imported_at",
                    "updated_at",
                    "corrected_at",
                    "corrected_fields",
                    "original_text",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="countries")
    def country_list(self, article: Article) -> str:
        return ", ".join(c.name for c in article.countries.all())

    @admin.display(description="implied countries")
    def implied_countries_list(self, article: Article) -> str:
        """Countries the text never names but its places imply ("VN, implied by Binh Duong")."""
        entries = [e for e in article.implied_countries or () if isinstance(e, dict)]
        if not entries:
            return "none"
        return "; ".join(
            f"{e.get('code')}, implied by {e.get('place')}"
            if e.get("place")
            else str(e.get("code"))
            for e in entries
        )

    @admin.display(description="corrected", boolean=True)
    def is_corrected_mark(self, article: Article) -> bool:
        return article.is_corrected

    def has_add_permission(self, request):
        # Articles come from files (import_articles), so the original text is never invented here.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A save of a form opened on an older state of the article: the editor's input is
        re-pointed at the article as it is now, and refused if what they see has changed."""
        if request.method != "POST" or object_id is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with transaction.atomic():
            # Locked: a re-import waits for this save (or refusal), never slips in between.
            article = self.get_object(request, unquote(object_id))
            if article is not None:
                article = Article.objects.select_for_update().get(pk=article.pk)
            opened = request.POST.get(admin_conflicts.FIELD)
            if article is not None and admin_conflicts.is_stale(opened, article):
                request.article_conflict = admin_conflicts.conflict(opened, article)
                request.POST = admin_conflicts.kept_input(request.POST, article)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        found = getattr(request, "article_conflict", None)
        return type(form.__name__, (form,), {"conflict": found}) if found else form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        corrected = set(form.changed_data)
        if any(fs.model is ArticleOfficial and fs.has_changed() for fs in formsets):
            corrected.add("officials")
        if any(fs.model is ArticleOrganisation and fs.has_changed() for fs in formsets):
            corrected.add("organisations")
        if "published" in corrected:
            article.published_origin = "editor"
            set_usd_values(article)  # the figures' dollar values follow the article's year
        if "title" in corrected:
            article.title_origin = Article.TitleOrigin.EDITOR
        mark_corrected(article, corrected)
        article.save(
            update_fields=["published_origin", "title_origin", "corrected_fields", "corrected_at"]
        )
        mentions.record_mentions(article)  # the links follow the corrected entities
        indexing.reindex_on_commit([article.pk])

    def delete_model(self, request, obj):
        indexing.remove_on_commit([obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        indexing.remove_on_commit(list(queryset.values_list("pk", flat=True)))
        super().delete_queryset(request, queryset)


class EntityAdmin(admin.ModelAdmin):
    """Renaming an entity changes every article's search document that names it."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            indexing.reindex_on_commit(list(obj.articles.values_list("pk", flat=True)))

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(article_count=Count("articles", distinct=True))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, obj) -> int:
        return obj.article_count


@admin.register(Country)
class CountryAdmin(EntityAdmin):
    list_display = ["name", "code", "article_count"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Locality)
class LocalityAdmin(EntityAdmin):
    list_display = ["name", "name_local", "kind", "country", "became", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "name_local"]
    autocomplete_fields = ["country", "became"]


@admin.register(Official)
class OfficialAdmin(EntityAdmin):
    list_display = ["sorted_name", "kind", "country", "article_count"]
    list_display_links = ["sorted_name"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "appearances__title"]
    autocomplete_fields = ["country"]
    actions = ["merge_selected"]
    # Names in folded order: "Nguyễn" beside "Nguyen" (archive/sorting.py).
    ordering = by_name()

    @admin.display(description="name", ordering=FoldedName("name"))
    def sorted_name(self, official: Official) -> str:
        return official.name

    def get_urls(self):
        duplicates = path(
            "duplicates/",
            self.admin_site.admin_view(self.duplicates_view),
            name="archive_official_duplicates",
        )
        return [duplicates, *super().get_urls()]

    def can_merge(self, request) -> bool:
        """Merging changes officials and deletes one: editors and superusers."""
        return self.has_change_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_merge_duplicates": self.can_merge(request)}
        return super().changelist_view(request, extra_context)

    def duplicates_view(self, request):
        """Possible duplicates, each pair with a one-click merge (either way round)."""
        if not self.can_merge(request):
            raise PermissionDenied
        if request.method == "POST":
            self._merge_pair(request)
            return redirect("admin:archive_official_duplicates")
        context = {
            **self.admin_site.each_context(request),
            "title": "Possible duplicates",
            "opts": self.model._meta,
            "pairs": possible_duplicates(),
        }
        return TemplateResponse(request, "admin/archive/official/duplicates.html", context)

    def _merge_pair(self, request) -> None:
        try:
            keep_pk, other_pk = int(request.POST["keep"]), int(request.POST["other"])
        except (KeyError, ValueError):
            self.message_user(request, "Choose a pair of officials to merge.", messages.ERROR)
            return
        found = Official.objects.in_bulk([keep_pk, other_pk])
        if keep_pk == other_pk or len(found) != 2:
            self.message_user(
                request,
                "One of these officials no longer exists (merged or deleted already); "
                "the list below is up to date.",
                messages.WARNING,
            )
            return
        with transaction.atomic():
            result = merge_officials(list(found.values()), keep=found[keep_pk])
            indexing.reindex_on_commit(result.article_ids)
        self.message_user(
            request,
            f"Merged {found[other_pk].name} into {result.kept.name}; "
            f"{len(result.article_ids)} article(s) re-pointed.",
            messages.SUCCESS,
        )

    @admin.action(description="Merge selected officials into one (the one with most articles)")
    def merge_selected(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, "Select at least two officials to merge.", messages.WARNING)
            return
        with transaction.atomic():
            result = merge_officials(list(queryset))
            indexing.reindex_on_commit(result.article_ids)
        self.message_user(
            request,
            f"Merged {result.merged_count} official(s) into {result.kept.name}; "
            f"{len(result.article_ids)} article(s) re-pointed.",
            messages.SUCCESS,
        )


@admin.register(Organisation)
class OrganisationAdmin(EntityAdmin):
    list_display = ["name", "short_name", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "aliases"]
    autocomplete_fields = ["country"]
    actions = ["merge_selected"]
    ordering = by_name()

    @admin.action(description="Merge selected organisations into one (the one with most articles)")
    def merge_selected(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(
                request, "Select at least two organisations to merge.", messages.WARNING
            )
            return
        with transaction.atomic():
            result = merge_organisations(list(queryset))
            indexing.reindex_on_commit(result.article_ids)
        self.message_user(
            request,
            f"Merged {result.merged_count} organisation(s) into {result.kept.name}; "
            f"{len(result.article_ids)} article(s) re-pointed; their names are its aliases now.",
            messages.SUCCESS,
        )
