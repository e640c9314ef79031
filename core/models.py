"""The site search's index: one entry per public record and language (core.search)."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """What the search finds of one record, in the languages whose texts are these.

    Written only by core.search.index, from the apps' SearchDocument declarations; the
    engines add their own structures on top (PostgreSQL: a generated `vector` column with a
    GIN index; SQLite: an FTS5 table kept in step by triggers), see the migration.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=30)
    # "|de|it|en|": the page languages served by these texts (German stands in where a
    # record has no translation); `language` is the one the texts are stemmed in.
    languages = models.CharField(max_length=20)
    language = models.CharField(max_length=5)
    canton = models.CharField(max_length=2, blank=True)
    is_public = models.BooleanField(default=False)
    is_current = models.BooleanField(default=True)
    # Shown in the result list, as the record's page shows them.
    title = models.CharField(max_length=400)
    title_language = models.CharField(max_length=5)
    subtitle = models.CharField(max_length=400, blank=True)
    body = models.TextField(blank=True)
    body_language = models.CharField(max_length=5)  # of subtitle and body: German stand-ins
    url = models.CharField(max_length=400)
    # Normalised words (core.search.text), by weight: names and abbreviations, titles, body.
    name_text = models.TextField(blank=True)
    title_text = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    # "|kkjp|konferenz fur kinder und jugendpolitik|": a query equal to one ranks first.
    exact_keys = models.TextField(blank=True)

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex-Einträge")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="search_entry_object"),
            models.Index(fields=["kind", "object_id"], name="search_entry_kind"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"


class SearchWord(models.Model):
    """Every normalised word in the index, for "Meinten Sie …?" and typo tolerance."""

    word = models.CharField(max_length=100, unique=True)
    display = models.CharField(max_length=100)  # as first seen in a text: "Füllinsdorf"

    class Meta:
        verbose_name = _("Suchwort")
        verbose_name_plural = _("Suchwörter")

    def __str__(self):
        return self.word


class PageGeneration(models.Model):
    """One row whose number grows with every write to the data public pages show.

    Database triggers (core.pagecache) raise it in the transaction of the write itself, so a
    page cached under the old number is never served once the change is committed.
    """

    value = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("Seitenstand")
        verbose_name_plural = _("Seitenstände")

    def __str__(self):
        return str(self.value)
