"""Imports of the official registers: BFS municipalities and swisstopo postcodes.

Both validate every row first and write nothing when any row is bad; then they update in
place in one transaction with bulk operations. A municipality missing from a newer register
is marked inactive, never deleted (organisations may point to it). They write register rows
only, never an organisation's own data, and list each register row they changed.
"""

import csv
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import Canton, District, Municipality, Organisation, Postcode
from contacts.validators import BFS_NUMBER, is_swiss_postcode
from core.search.index import records_changed
from core.text import fold

logger = logging.getLogger(__name__)

MUNICIPALITY_COLUMNS = ["bfs_number", "name", "canton", "district"]
POSTCODE_COLUMNS = ["postcode", "locality", "bfs_number", "canton"]
REFERENCE_CACHE_KEY = "portal:reference_data_loaded"


class RegisterError(Exception):
    """The file has bad rows; `errors` lists them with their line numbers."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    deactivated: int = 0
    deleted: int = 0
    unchanged: int = 0
    # One line per changed, deactivated or removed row (new rows are only counted).
    changes: list = field(default_factory=list)

    def summary(self):
        return (
            _(
                "%(created)s neu, %(updated)s aktualisiert, %(unchanged)s unverändert, "
                "%(deactivated)s als inaktiv markiert, %(deleted)s entfernt"
            )
            % self.__dict__
        )


def _read_rows(path, columns):
    """Yields (line number, row dict); raises RegisterError for a wrong header."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or [name.strip() for name in reader.fieldnames] != columns:
            raise RegisterError(
                [
                    _("Zeile 1: erwartete Spalten %(expected)s, gefunden %(found)s.")
                    % {"expected": ",".join(columns), "found": ",".join(reader.fieldnames or [])}
                ]
            )
        rows = []
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                rows.append((reader.line_num, None))
                continue
            rows.append(
                (reader.line_num, {key.strip(): value.strip() for key, value in row.items()})
            )
        return rows


def forget_reference_flag():
    """The footer's "registers loaded" flag is cached; without the cache it expires alone."""
    try:
        cache.delete(REFERENCE_CACHE_KEY)
    except Exception:
        logger.warning("Cache nicht erreichbar: Registerstand im Cache bleibt bis zum Ablauf")


def import_municipalities(path):
    cantons = {canton.code: canton for canton in Canton.objects.all()}
    errors = []
    parsed = {}
    for line, row in _read_rows(path, MUNICIPALITY_COLUMNS):
        if row is None:
            errors.append(_("Zeile %(line)s: falsche Anzahl Spalten.") % {"line": line})
            continue
        problems = []
        if not BFS_NUMBER.match(row["bfs_number"]):
            problems.append(
                _("BFS-Nummer «%(value)s» ist keine Zahl") % {"value": row["bfs_number"]}
            )
        if not row["name"]:
            problems.append(_("Name fehlt"))
        if row["canton"] not in cantons:
            problems.append(_("unbekannter Kanton «%(value)s»") % {"value": row["canton"]})
        if not row["district"]:
            problems.append(_("Bezirk fehlt"))
        if not problems and int(row["bfs_number"]) in parsed:
            problems.append(_("BFS-Nummer %(value)s doppelt") % {"value": row["bfs_number"]})
        if problems:
            errors.append(
                _("Zeile %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
            continue
        parsed[int(row["bfs_number"])] = row
    if errors:
        raise RegisterError(errors)
    if not parsed:
        raise RegisterError([_("Die Datei enthält keine Gemeinden.")])

    result = ImportResult()
    with transaction.atomic():
        districts = {(d.canton_id, d.name): d for d in District.objects.all()}
        new_districts = {
            (cantons[row["canton"]].pk, row["district"])
            for row in parsed.values()
            if (cantons[row["canton"]].pk, row["district"]) not in districts
        }
        District.objects.bulk_create(
            [District(canton_id=canton_id, name=name) for canton_id, name in sorted(new_districts)]
        )
        districts = {(d.canton_id, d.name): d for d in District.objects.all()}

        existing = {m.bfs_number: m for m in Municipality.objects.all()}
        district_names = {d.pk: d.name for d in districts.values()}
        canton_codes = {canton.pk: code for code, canton in cantons.items()}
        shown = {
            "name": (_("Name"), str),
            "canton_id": (_("Kanton"), canton_codes.get),
            "district_id": (_("Bezirk"), district_names.get),
        }
        to_create, to_update = [], []
        for bfs_number, row in parsed.items():
            canton = cantons[row["canton"]]
            values = {
                "name": row["name"],
                "name_folded": fold(row["name"]),
                "canton_id": canton.pk,
                "district_id": districts[(canton.pk, row["district"])].pk,
                "is_active": True,
            }
            municipality = existing.get(bfs_number)
            if municipality is None:
                to_create.append(Municipality(bfs_number=bfs_number, **values))
                continue
            if any(getattr(municipality, key) != value for key, value in values.items()):
                changed = [
                    f"{label} «{show(getattr(municipality, key))}» → «{show(values[key])}»"
                    for key, (label, show) in shown.items()
                    if getattr(municipality, key) != values[key]
                ]
                if not municipality.is_active:
                    changed.append(_("wieder aktiv"))
                if not changed:
                    changed.append(_("Suchform des Namens"))
                result.changes.append(
                    _("Gemeinde %(bfs)s %(name)s: %(changes)s")
                    % {"bfs": bfs_number, "name": municipality.name, "changes": ", ".join(changed)}
                )
                for key, value in values.items():
                    setattr(municipality, key, value)
                to_update.append(municipality)
            else:
                result.unchanged += 1
        Municipality.objects.bulk_create(to_create, batch_size=500)
        Municipality.objects.bulk_update(
            to_update,
            ["name", "name_folded", "canton", "district", "is_active"],
            batch_size=500,
        )
        result.created, result.updated = len(to_create), len(to_update)
        # Bulk writes send no signals: organisations in a renamed municipality are found
        # by its new name.
        records_changed(
            Organisation,
            Organisation.objects.filter(municipality__in=to_update).values_list("pk", flat=True),
        )
        gone = Municipality.objects.filter(is_active=True).exclude(bfs_number__in=list(parsed))
        for bfs_number, name in gone.order_by("bfs_number").values_list("bfs_number", "name"):
            result.changes.append(
                _("Gemeinde %(bfs)s %(name)s: als inaktiv markiert (nicht mehr im Verzeichnis)")
                % {"bfs": bfs_number, "name": name}
            )
        result.deactivated = gone.update(is_active=False)
    forget_reference_flag()
    return result


def import_postcodes(path):
    municipalities = {
        m.bfs_number: m
        for m in Municipality.objects.select_related("canton").only(
            "pk", "bfs_number", "canton__code"
        )
    }
    if not municipalities:
        raise RegisterError(
            [_("Erst das Gemeindeverzeichnis importieren: die Postleitzahlen verweisen darauf.")]
        )
    errors = []
    parsed = {}
    ranks = {}
    for line, row in _read_rows(path, POSTCODE_COLUMNS):
        if row is None:
            errors.append(_("Zeile %(line)s: falsche Anzahl Spalten.") % {"line": line})
            continue
        problems = []
        if not is_swiss_postcode(row["postcode"]):
            problems.append(
                _("Postleitzahl «%(value)s» hat nicht vier Ziffern") % {"value": row["postcode"]}
            )
        if not row["locality"]:
            problems.append(_("Ortschaft fehlt"))
        municipality = None
        if not BFS_NUMBER.match(row["bfs_number"]):
            problems.append(
                _("BFS-Nummer «%(value)s» ist keine Zahl") % {"value": row["bfs_number"]}
            )
        else:
            municipality = municipalities.get(int(row["bfs_number"]))
            if municipality is None:
                problems.append(
                    _("keine Gemeinde mit der BFS-Nummer %(value)s") % {"value": row["bfs_number"]}
                )
            elif municipality.canton.code != row["canton"]:
                problems.append(
                    _("Kanton «%(value)s» passt nicht zur Gemeinde (%(expected)s)")
                    % {"value": row["canton"], "expected": municipality.canton.code}
                )
        if not problems:
            key = (row["postcode"], row["locality"], municipality.pk)
            if key in parsed:
                problems.append(_("Zeile doppelt"))
        if problems:
            errors.append(
                _("Zeile %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
            continue
        # Rows come sorted by share of addresses: the first municipality of a locality ranks 0.
        place = (row["postcode"], row["locality"])
        parsed[key] = ranks.get(place, 0)
        ranks[place] = parsed[key] + 1
    if errors:
        raise RegisterError(errors)

    result = ImportResult()
    bfs_numbers = {m.pk: m.bfs_number for m in municipalities.values()}
    with transaction.atomic():
        existing = {(p.code, p.locality, p.municipality_id): p for p in Postcode.objects.all()}
        to_create, to_update = [], []
        for key, rank in parsed.items():
            postcode = existing.get(key)
            if postcode is None:
                code, locality, municipality_id = key
                to_create.append(
                    Postcode(
                        code=code, locality=locality, municipality_id=municipality_id, rank=rank
                    )
                )
            elif postcode.rank != rank:
                result.changes.append(
                    _("PLZ %(code)s %(locality)s (Gemeinde %(bfs)s): Rang %(old)s → %(new)s")
                    % {
                        "code": postcode.code,
                        "locality": postcode.locality,
                        "bfs": bfs_numbers[postcode.municipality_id],
                        "old": postcode.rank,
                        "new": rank,
                    }
                )
                postcode.rank = rank
                to_update.append(postcode)
            else:
                result.unchanged += 1
        Postcode.objects.bulk_create(to_create, batch_size=1000)
        Postcode.objects.bulk_update(to_update, ["rank"], batch_size=1000)
        stale = [p.pk for key, p in existing.items() if key not in parsed]
        for key, postcode in existing.items():
            if key not in parsed:
                result.changes.append(
                    _("PLZ %(code)s %(locality)s (Gemeinde %(bfs)s): entfernt")
                    % {
                        "code": postcode.code,
                        "locality": postcode.locality,
                        "bfs": bfs_numbers[postcode.municipality_id],
                    }
                )
        for start in range(0, len(stale), 500):
            Postcode.objects.filter(pk__in=stale[start : start + 500]).delete()
        result.created, result.updated, result.deleted = len(to_create), len(to_update), len(stale)
    return result
