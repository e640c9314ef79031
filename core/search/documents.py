"""How an app tells the search what to find: a SearchDocument per model, in its search.py.

    class PlanDocument(SearchDocument):
        model = Plan
        kinds = {"plan": (_("Planung"), _("Planungen"))}
        dependencies = [(DevelopmentArea, lambda area: [area.plan_id])]

        def texts(self, plan):
            return IndexedTexts(title=plan.title, names=[plan.title], body=[plan.introduction])

`texts` is called once per language (under translation.override), so translated fields
give that language's text, or German where there is none. Publication comes from the
model's own rule (`is_public`, core.publishing); `dependencies` list the other models
whose changes alter this model's entries (a person's name in a position's entry, a plan's
publication in its fields' entries), each with a function from the changed record to the
affected records' primary keys.
"""

from dataclasses import dataclass, field


def primary_keys(queryset):
    """For `dependencies`: the keys of the records a change reaches."""
    return queryset.values_list("pk", flat=True)


def name_of(record):
    """A related record's name, or "" where there is none."""
    return record.name if record else ""


@dataclass
class IndexedTexts:
    title: str  # as the result list shows it
    names: list = field(default_factory=list)  # names and abbreviations: ranked first
    titles: list = field(default_factory=list)  # functions, purposes, subtitles
    body: list = field(default_factory=list)  # descriptions, addresses, numbers
    subtitle: str = ""  # the line below the title: function and organisation, plan …
    snippet: str = ""  # the text the snippet comes from (default: the body, joined)
    title_field: str = ""  # the translated field shown as title, to mark a German stand-in


class SearchDocument:
    model = None
    kinds = {}  # {kind: (label, plural label)}; one kind unless `kind_of` says otherwise
    dependencies = []  # [(model, function(instance) -> primary keys of self.model)]

    def get_queryset(self):
        """Every record that has entries, drafts included (staff find them too)."""
        return self.model._default_manager.all()

    def kind_of(self, instance):
        return next(iter(self.kinds))

    def texts(self, instance):
        """IndexedTexts in the current language, or None for a record half deleted (a
        cascade reindexes its parent before removing it)."""
        raise NotImplementedError

    def canton_of(self, instance):
        """The canton's code, or "" for inter-cantonal, national and foreign records."""
        canton = getattr(instance, "canton", None)
        return canton.code if canton else ""

    def is_public(self, instance):
        return instance.is_public

    def is_current(self, instance):
        """False for what no longer exists (dissolved, superseded): ranked after the rest."""
        return True

    def url_of(self, instance):
        return instance.get_absolute_url()
