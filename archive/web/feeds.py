"""Atom feeds: the latest articles, each country, locality and official, and any search."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from archive.models import Article, Country, Locality, Official, Organisation
from archive.search.base import SearchUnavailable
from archive.web.downloads import articles_in_order
from archive.web.facets import describe
from archive.web.links import url_of
from archive.web.params import cleaned_params
from archive.web.search import search_state
from archive.web.walk import query_from, walk

FEED_SIZE = 30
SUMMARY_WORDS = 60


class LatestArticlesFeed(Feed):
    """The newest articles in the archive."""

    feed_type = Atom1Feed
    title = "Vietnam investment archive: latest articles"
    subtitle = "News about foreign investment and cooperation with Vietnam."

    def link(self, obj=None) -> str:
        return reverse("home")

    def articles(self, obj) -> QuerySet:
        return Article.objects.all()

    def items(self, obj=None):
        return list(self.articles(obj).with_entities().newest_first()[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return Truncator(item.body).words(SUMMARY_WORDS)

    def item_link(self, item: Article) -> str:
        return url_of(item) or reverse("home")  # a slug no URL can hold: the archive itself

    def item_pubdate(self, item: Article) -> datetime | None:
        """The publication date; None (no <published>) for an undated article, never the
        import time, which would pass an import for a publication."""
        if item.published:
            return timezone.make_aware(datetime.combine(item.published, time.min), UTC)
        return None

    def item_updateddate(self, item: Article) -> datetime:
        """Atom's required <updated>: when the archive's record last changed."""
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        return item.source or None

    def item_categories(self, item: Article) -> list[str]:
        return [c.name for c in item.countries.all()] + [loc.name for loc in item.localities.all()]


class _EntityFeed(LatestArticlesFeed):
    model: type = Country
    noun = "country"

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj) -> str:
        return f"Vietnam investment archive: {obj.name}"

    def subtitle(self, obj) -> str:
        return f"The latest articles naming {obj.name}."

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def articles(self, obj) -> QuerySet:
        return obj.articles.all()


class CountryFeed(_EntityFeed):
    model = Country


class LocalityFeed(_EntityFeed):
    model = Locality


class OfficialFeed(_EntityFeed):
    model = Official


class OrganisationFeed(_EntityFeed):
    model = Organisation


class SearchFeed(LatestArticlesFeed):
    """The first results of a search, with the same parameters as /search/, in its order."""

    def get_object(self, request):
        return request.GET

    def title(self, obj) -> str:
        query = query_from(obj)
        try:
            total, _ = walk(replace(query, per_page=1))
        except SearchUnavailable:
            return "Vietnam investment archive: search unavailable"
        return f"Vietnam investment archive: {describe(total, query)}"

    def link(self, obj) -> str:
        return reverse("search") + "?" + search_state(cleaned_params(obj)[0])

    def feed_url(self, obj) -> str:
        return reverse("search-feed") + "?" + search_state(cleaned_params(obj)[0])

    def items(self, obj):
        try:
            _, ids = walk(query_from(obj, per_page=FEED_SIZE), limit=FEED_SIZE)
        except SearchUnavailable:
            return []
        return list(articles_in_order(ids))
