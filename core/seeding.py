"""Loading facts from the seeds without ever overriding what staff entered.

The rule, the same for every app's seed:

- A record the seed finds by its key is never changed or deleted. Each stored value that
  differs from the source is reported in one line of the `SeedReport` and kept.
- A missing record is created, with all its parts (child rows, many-to-many links). Parts
  are created only together with their record (`create=False` otherwise): a task, member or
  link that staff removed from an existing record does not come back; it is reported.
- A missing record whose key appears in its history (staff deleted it, or changed the key)
  is not created again; it is reported.

The loaders write nothing else, so `load_portal_data --check` runs them in a transaction it
rolls back, and the report says what a real run would do.
"""

# Longer stored or source values are shortened in the report; the record shows them whole.
SHOWN_CHARACTERS = 60


class SeedReport:
    """What one seed created and which differences from the source it kept."""

    def __init__(self, label):
        self.label = label
        self.created = []
        self.kept = []

    def add_created(self, text):
        self.created.append(text)

    def add_kept(self, text):
        # The same difference may be met twice in one run (a record two seeds look at).
        if text not in self.kept:
            self.kept.append(text)

    def lines(self):
        return [f"Neu: {text}" for text in self.created] + [
            f"Beibehalten: {text}" for text in self.kept
        ]

    def summary(self):
        return f"{self.label}: {len(self.created)} neu, {len(self.kept)} abweichend beibehalten."

    def write(self, stdout):
        if stdout is None:
            return
        for line in self.lines():
            stdout.write(line)
        stdout.write(self.summary())


def describe(obj):
    """«…» around the record's own name, with its kind: Funktion «Andrea Ruder, …»."""
    return f"{obj._meta.verbose_name} «{obj}»"


def _shown(value):
    if value is None or value == "":
        return "leer"
    text = str(value).replace("\n", " ")
    if len(text) > SHOWN_CHARACTERS:
        text = text[: SHOWN_CHARACTERS - 1] + "…"
    return f"«{text}»"


def _differs(obj, field, value):
    if field.many_to_one or field.one_to_one:
        # By key: a Body and its CoordinationOffice are the same row but never compare equal.
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    # In the form the database stores: a phone number and its E.164 text compare equal.
    return field.get_prep_value(getattr(obj, field.name)) != field.get_prep_value(value)


def differences(obj, values):
    """[(field, stored, source)] for each of `values` that `obj` holds differently."""
    found = []
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if _differs(obj, field, value):
            found.append((field, getattr(obj, name), value))
    return found


def report_differences(report, obj, values):
    for field, stored, source in differences(obj, values):
        report.add_kept(
            f"{field.verbose_name} von {describe(obj)} weicht von der Quelle ab "
            f"(gespeichert: {_shown(stored)}, Quelle: {_shown(source)})"
        )


def existed_before(model, lookup):
    """Whether the history holds a version with this key: the record was deleted or re-keyed."""
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        return False
    return getattr(model, attribute).filter(**lookup).exists()


def ensure(report, model, lookup, values, *, label, create=True):
    """The record found by `lookup`, created with `values` when missing; (record, created).

    An existing record is left as it is: each of `values` it holds differently is reported.
    `create=False` (a part whose owner existed already) or a record deleted earlier (see
    `existed_before`) is reported as missing instead, and (None, False) returned. `label`
    names the record in the report while it does not exist."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is not None:
        report_differences(report, obj, values)
        return obj, False
    if not create:
        report.add_kept(f"{label} steht in der Quelle, ist aber nicht gespeichert; nicht angelegt")
        return None, False
    if existed_before(model, lookup):
        report.add_kept(
            f"{label} steht in der Quelle, wurde aber gelöscht oder umbenannt; nicht neu angelegt"
        )
        return None, False
    obj = model._default_manager.create(**lookup, **values)
    report.add_created(describe(obj))
    return obj, True


def ensure_related(report, obj, created, name, objects):
    """Give a record created now the links `objects` in its many-to-many field `name`;
    for an existing record, report each link it lacks or has beyond the source."""
    manager = getattr(obj, name)
    wanted = [item for item in objects if item is not None]
    if created:
        if wanted:
            manager.add(*wanted)
        return
    current = set(manager.all())
    field = obj._meta.get_field(name).verbose_name
    for item in wanted:
        if item not in current:
            report.add_kept(
                f"{field} von {describe(obj)}: «{item}» steht in der Quelle, ist aber nicht "
                "gespeichert"
            )
    for item in current - set(wanted):
        report.add_kept(f"{field} von {describe(obj)}: «{item}» steht nicht in der Quelle")


def report_extra_parts(report, owner, queryset, kept):
    """Report the parts in `queryset` beyond those the seed names (`kept`, records or None)."""
    known = [part.pk for part in kept if part is not None]
    for part in queryset.exclude(pk__in=known):
        report.add_kept(f"{describe(part)} bei {describe(owner)} steht nicht in der Quelle")
