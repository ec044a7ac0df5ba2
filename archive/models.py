"""The archive's data: articles and the countries, localities and officials they name."""

from __future__ import annotations

import secrets

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from archive.extraction.money import MEASURES
from archive.extraction.rates import UsdValue, to_usd
from archive.extraction.text import fold_diacritics
from archive.rows import insert_rows


class Country(models.Model):
    """An ISO 3166-1 country; names and codes from pycountry (see archive.extraction.gazetteer)."""

    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("country", args=[self.slug])


# The archive's subject: Vietnam's localities are its provinces (the "Province (Vietnam)" facet);
# every other country's are foreign places.
VIETNAM = "VN"


class Locality(models.Model):
    """A province, city, prefecture or state that articles name.

    Vietnam merged 63 provinces into 34 on 1 July 2025; an article keeps the province it names and
    ``became`` records what that province is part of now.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", "province"
        CENTRAL_CITY = "centrally-run city", "centrally-run city"
        CITY = "city", "city"
        PREFECTURE = "prefecture", "prefecture"
        STATE = "state", "state"
        REGION = "region", "region"
        OTHER = "other", "other"

    name = models.CharField("English name", max_length=120)
    name_local = models.CharField("local name", max_length=120, blank=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.PROVINCE)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="localities")
    became = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text="What this province became in Vietnam's reform of 1 July 2025.",
    )
    slug = models.SlugField(max_length=140, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "localities"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"], name="one_locality_name_per_country"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("locality", args=[self.slug])


class Official(models.Model):
    """A named person. Titles belong to appearances (ArticleOfficial), not to the person."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", "government"
        BUSINESS = "business", "business"
        OTHER = "other", "other"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=170, unique=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="officials"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("official", args=[self.slug])


class Organisation(models.Model):
    """A company, business association, agency, bank, international body or party (the kinds
    extraction/organisations.py gives). Its appearances in articles are ArticleOrganisation."""

    class Kind(models.TextChoices):
        COMPANY = "company", "company"
        BUSINESS_ASSOCIATION = "business_association", "business association"
        GOVERNMENT = "government", "government agency or ministry"
        DEVELOPMENT = "development", "development agency or bank"
        INTERNATIONAL = "international", "international body"
        PARTY = "party", "political party"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    short_name = models.CharField("short name or acronym", max_length=60, blank=True)
    slug = models.SlugField(max_length=220, unique=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.OTHER)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations"
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names it goes by; search matches them too."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def with_entities(self) -> ArticleQuerySet:
        return self.prefetch_related(
            "countries",
            "localities",
            "appearances__official",
            "money_figures",
            "organisation_links__organisation__country",
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by(models.F("published").desc(nulls_last=True), "-id")


class Article(models.Model):
    """One imported file: its clean text, its untouched original and what was extracted from it."""

    class TitleOrigin(models.TextChoices):
        HEADLINE = "headline", "the article's headline"
        PAGE_METADATA = "page metadata", "the page's metadata"
        LEDE = "lede", "the lede (no headline found)"
        EDITOR = "editor", "an editor"

    # Metadata an editor can correct; a correction is kept when the file is imported again.
    CORRECTABLE_FIELDS = (
        "title",
        "published",
        "source",
        "publisher",
        "author",
        "countries",
        "localities",
        "officials",
        "organisations",
    )

    title = models.CharField(max_length=300)
    title_origin = models.CharField(
        "title from",
        max_length=20,
        choices=TitleOrigin.choices,
        default=TitleOrigin.HEADLINE,
        help_text="Where the title came from; a title made from the lede may need an editor.",
    )
    slug = models.SlugField(max_length=320, unique=True)
    body = models.TextField(help_text="The article's text without the site's boilerplate.")
    original_text = models.TextField(help_text="The file's text exactly as decoded at import.")
    source_file = models.CharField(max_length=255, unique=True)
    sha256 = models.CharField("SHA-256 of the file", max_length=64, db_index=True)
    encoding = models.CharField(max_length=20, blank=True)
    source = models.CharField(
        "source / agency", max_length=80, blank=True, db_index=True, help_text="VNA, VNS, ..."
    )
    published = models.DateField(null=True, blank=True, db_index=True)
    published_origin = models.CharField(
        "date from",
        max_length=40,
        blank=True,
        help_text="Where the date came from: crawl prefix, page date, editor.",
    )
    url = models.CharField(
        "original URL",
        max_length=2000,
        blank=True,
        help_text="Where the page was published: its canonical link, else the crawled URL. "
        "A web article's identity: the same URL imported again updates this article.",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="The site or publisher of a web page."
    )
    author = models.CharField("author / byline", max_length=300, blank=True)
    crawled = models.DateTimeField(
        "crawl date", null=True, blank=True, help_text="When the page was fetched (WARC-Date)."
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="articles")
    mention_spans = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Where the body first names each entity: [kind, pk, start, end], recorded "
        "whenever the entities are saved (archive.ingest.mentions); the page links from them.",
    )
    implied_countries = models.JSONField(
        default=list,
        blank=True,
        help_text="Countries the article never names but its places imply: "
        '[{"code": "VN", "place": "Binh Duong"}]; they are also in countries.',
    )
    localities = models.ManyToManyField(Locality, blank=True, related_name="articles")
    officials = models.ManyToManyField(
        Official, through="ArticleOfficial", blank=True, related_name="articles"
    )
    organisations = models.ManyToManyField(
        Organisation, through="ArticleOrganisation", blank=True, related_name="articles"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    corrected_at = models.DateTimeField(null=True, blank=True)
    corrected_fields = models.JSONField(
        default=list, blank=True, help_text="Metadata an editor corrected; re-imports keep it."
    )
    # Near-duplicates (archive.ingest.stories): the same wire story run by several outlets.
    story = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="story_versions",
        help_text="The first article of this article's story (itself for that one); empty when "
        "no other article in the archive is a version of the same story.",
    )
    story_signature = models.BinaryField(
        null=True,
        blank=True,
        editable=False,
        help_text="The body's MinHash signature, so grouping never re-reads old articles.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~models.Q(url=""), name="one_article_per_url"
            )
        ]
        indexes = [
            # The few articles not yet signed for story grouping, found without a table scan.
            models.Index(
                fields=["id"], condition=models.Q(story_signature=None), name="article_unsigned"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("article", args=[self.slug])

    @property
    def is_corrected(self) -> bool:
        return bool(self.corrected_fields)

    @property
    def story_key(self) -> int:
        """What search collapses on: the story's first article, or the article itself."""
        return self.story_id or self.pk

    def other_versions(self) -> list[Article]:
        """The other outlets' versions of this article's story, oldest first (undated last)."""
        if self.story_id is None:
            return []
        return list(
            Article.objects.filter(story_id=self.story_id)
            .exclude(pk=self.pk)
            .only("id", "title", "slug", "published", "source", "publisher", "story_id")
            .order_by(models.F("published").asc(nulls_last=True), "pk")
        )


class ArticleOfficial(models.Model):
    """An official's appearance in an article, with the title that article gives them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances")
    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="appearances")
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "official"], name="one_appearance_per_article"
            )
        ]
        verbose_name = "official in article"
        verbose_name_plural = "officials in article"

    def __str__(self) -> str:
        return f"{self.official} ({self.title})" if self.title else str(self.official)


class ArticleOrganisation(models.Model):
    """An organisation named in an article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="organisation_links"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="appearances"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organisation"], name="one_organisation_link_per_article"
            )
        ]
        verbose_name = "organisation in article"
        verbose_name_plural = "organisations in article"

    def __str__(self) -> str:
        return str(self.organisation)


class StoryBand(models.Model):
    """One LSH band of an article's story signature: articles sharing a key are candidates."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="story_bands")
    key = models.BigIntegerField()

    class Meta:
        # Candidates are counted from (key, article) pairs alone: with both in the index the
        # database never visits the table's rows, scattered across it as the archive grows.
        indexes = [models.Index(fields=["key", "article"], name="archive_storyband_key_article")]

    def __str__(self) -> str:
        return f"{self.article_id}: {self.key}"


class MoneyFigure(models.Model):
    """An amount an article reports, as written and parsed, what it measures and its approximate
    US dollar value (archive.extraction.rates: the average rate of the article's year)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="money_figures")
    text = models.CharField(max_length=120)
    amount = models.DecimalField(max_digits=24, decimal_places=2)
    currency = models.CharField(max_length=3)
    measure = models.CharField(
        max_length=20,
        choices=list(MEASURES.items()),
        default="other",
        help_text="What the figure measures, as its sentence says; 'other' when it does not.",
    )
    usd = models.DecimalField(
        "approximate USD",
        max_digits=24,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The amount in US dollars at the average rate of the article's year; empty "
        "when the year or the currency has no rate.",
    )
    usd_rate = models.DecimalField(
        "units per USD", max_digits=20, decimal_places=6, null=True, blank=True
    )
    usd_year = models.PositiveSmallIntegerField("rate of year", null=True, blank=True)

    def conversion(self) -> UsdValue:
        """The figure's USD value at its article's year (what ``usd`` stores), with a note when
        it has none."""
        year = self.article.published.year if self.article.published else None
        return to_usd(self.amount, self.currency, year)

    def set_usd(self, year: int | None) -> None:
        value = to_usd(self.amount, self.currency, year)
        self.usd, self.usd_rate, self.usd_year = value.usd, value.rate, value.year

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text


class IndexOutbox(models.Model):
    """A change the search index has still to take: written in the transaction that makes it.

    The database is the truth: every save or delete of an article leaves a row here (the signals
    below; code that changes articles with ``update()`` calls ``indexing.reindex_on_commit``), and
    whoever holds the index writer drains the rows (archive/search/indexing.py). ``article_id`` is
    a plain integer, not a foreign key, so that deletes are recorded too.
    """

    class Action(models.TextChoices):
        INDEX = "index"
        DELETE = "delete"

    article_id = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=6, choices=Action.choices, default=Action.INDEX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.action} {self.article_id}"

    @classmethod
    def record(cls, ids, action: str = Action.INDEX) -> None:
        """Queue ``ids`` for the index, in the caller's transaction (an import queues every
        article it saves: rows.insert_rows, without a model instance per row)."""
        now = timezone.now()
        rows = [(pk, action, now) for pk in dict.fromkeys(ids)]
        insert_rows(cls, ("article_id", "action", "created_at"), rows)


@receiver(post_save, sender=Article, dispatch_uid="archive-index-outbox-save")
def _article_saved(sender, instance: Article, **kwargs) -> None:
    # The importer writes a batch's rows in one statement, in the same transaction
    # (ingest/pipeline.BatchRows), and marks the instances it saves for that.
    if not getattr(instance, "index_outbox_by_caller", False):
        IndexOutbox.record([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="archive-index-outbox-delete")
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    IndexOutbox.record([instance.pk], IndexOutbox.Action.DELETE)


class SearchEntry(models.Model):
    """One article as the PostgreSQL search backend indexes it (archive/search/postgres_backend.py).

    A copy of the article's SearchDocument: its text, its facet values as arrays, its story key, the
    document's fingerprint, and ``vector``, the weighted tsvector (title A, entity names B, body C)
    of the archive analyzer's terms, with a GIN index on PostgreSQL. The table exists on SQLite
    too, unused: the Whoosh backend keeps its index in files. ``id`` is the article's id, a plain
    integer like IndexOutbox's, so the index never cascades from an article delete on its own.
    """

    id = models.BigIntegerField(primary_key=True)
    title = models.TextField()
    body = models.TextField()
    entity_names = ArrayField(models.TextField(), default=list)
    published = models.DateField(null=True)
    source = models.TextField(default="")  # "" for an article without a source
    countries = ArrayField(models.TextField(), default=list)
    localities = ArrayField(models.TextField(), default=list)
    provinces = ArrayField(models.TextField(), default=list)
    provinces_2025 = ArrayField(models.TextField(), default=list)
    foreign_places = ArrayField(models.TextField(), default=list)
    officials = ArrayField(models.TextField(), default=list)
    organisations = ArrayField(models.TextField(), default=list)
    # The money figures, one entry per figure in both arrays (SearchDocument.money): what each
    # measures and its approximate USD value (NULL when unconverted); the largest of those values.
    money_measures = ArrayField(models.TextField(), default=list)
    money_usd = ArrayField(models.FloatField(null=True), default=list)
    largest_usd = models.FloatField(null=True)
    story = models.BigIntegerField()  # the story key: the story's first article, else own id
    fingerprint = models.CharField(max_length=32, default="")
    vector = SearchVectorField()

    def __str__(self) -> str:
        return self.title


class SearchIndexState(models.Model):
    """That the PostgreSQL search index has been built (a row per backend name): before that,
    search is unavailable and says to run ``rebuild_index``, as with a missing Whoosh index."""

    name = models.CharField(max_length=40, primary_key=True)
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name


class EntityGeneration(models.Model):
    """A token replaced in the transaction of every change to a country, place, official or
    organisation (the signals below). Each process keeps the entities it has looked up in memory
    (archive/web/entity_cache.py) for as long as the token it read is still the database's, so an
    editor's rename shows on every worker's next request, on any application server. A random
    token rather than a counter: a rolled-back change leaves a number a later change would reuse.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.token)

    @classmethod
    def current(cls) -> int:
        """The token now (0 when no entity has changed since the table was made)."""
        return cls.objects.filter(id=1).values_list("token", flat=True).first() or 0

    @classmethod
    def bump(cls) -> None:
        """A new token, in the caller's transaction."""
        token = secrets.randbits(62) + 1
        if not cls.objects.filter(id=1).update(token=token):
            cls.objects.bulk_create([cls(id=1, token=token)], ignore_conflicts=True)
            cls.objects.filter(id=1).update(token=token)


def _entity_changed(sender, instance, created: bool = False, **kwargs) -> None:
    # A new entity changes nothing a process has looked up (nothing is remembered as missing), and
    # the importer creates many: only a change to or the removal of an existing one counts.
    if not created:
        EntityGeneration.bump()


# The entities an article links to, by the name pages and URLs use for each kind.
ENTITY_MODELS: dict[str, type[models.Model]] = {
    "country": Country,
    "locality": Locality,
    "official": Official,
    "organisation": Organisation,
}


for _model in ENTITY_MODELS.values():
    post_save.connect(
        _entity_changed, sender=_model, dispatch_uid=f"archive-entity-save-{_model.__name__}"
    )
    post_delete.connect(
        _entity_changed, sender=_model, dispatch_uid=f"archive-entity-delete-{_model.__name__}"
    )


def slug_candidates(text: str, *, max_length: int = 100, tiebreak: str = "") -> tuple[str, ...]:
    """The slugs ``unique_slug`` tries first for ``text``: its slug, then with the tiebreak."""
    base = slugify(fold_diacritics(text), allow_unicode=False)[:max_length].strip("-") or "item"
    if not tiebreak:
        return (base,)
    return base, f"{base[: max_length - len(tiebreak) - 1]}-{tiebreak}"


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    max_length: int = 100,
    tiebreak: str = "",
    known: dict[str, bool] | None = None,
) -> str:
    """A slug for ``text`` not yet used by ``model`` ("bac-ninh", then "bac-ninh-<tiebreak>").

    News repeats headlines ("Ha Tinh leader receives Japanese delegation"), so counting up
    ("-2", "-3", ...) would cost one query per earlier namesake; a tiebreak such as the file's
    SHA-256 prefix settles it in one more query and stays the same on every machine.

    ``known``: slug -> whether ``model`` has it, as the caller read it in this transaction (the
    importer asks for a whole batch's ``slug_candidates`` at once); other slugs are queried.
    """
    known = {} if known is None else known

    def taken(slug: str) -> bool:
        found = known.get(slug)
        return model.objects.filter(slug=slug).exists() if found is None else found

    candidates = slug_candidates(text, max_length=max_length, tiebreak=tiebreak)
    for slug in candidates:
        if not taken(slug):
            return slug
    base = candidates[0]
    slug, n = base, 1
    while taken(slug):
        n += 1
        slug = f"{base[: max_length - 4]}-{n}"
    return slug
