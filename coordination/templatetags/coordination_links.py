"""The extension point by which coordination adds to the contact pages.

contacts may not import coordination (dependencies run core <- contacts <- coordination
<- planning <- portal), yet a person's or an organisation's page names the bodies they
work in. contacts' templates therefore load these tags, which coordination provides:

`{% load coordination_links %}{% bodies_of_person person as bodies %}` on a person's page,
`{% bodies_of_organisation organisation as bodies %}` on an organisation's page.

Each returns a list of `BodyLink` (a public body and what the contact does there), sorted
by German body name (the same order in every language), in two queries whatever the number
of bodies. What is public follows the models' one rule (`published()`): public bodies,
reached on a person's page only through
positions that are public themselves (as the bodies' own pages list them). Pages that
combine apps otherwise are built by views (portal.views.TopicDetailView,
planning.views.OfficeDetailView); add a tag here only where the page's app may not know
coordination.
"""

from dataclasses import dataclass, field

from django import template
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contacts.models import Position
from coordination.models import Body, BodyKind, Membership

register = template.Library()

MEMBER = _("Mitglied")
LEADS = _("Leitung")
COORDINATES = _("Koordination")
HOSTS_OFFICE = _("angesiedelt bei dieser Organisation")
HOSTS_FORUM = _("verankert bei dieser Organisation")
DIRECTORATE = _("zuständige Direktion")
FUNDS = _("gefördert von dieser Organisation")
PARENT = _("übergeordnete Organisation")
PARENT_RELATION = _("%(relation)s dieser Organisation")


@dataclass
class Role:
    label: str
    position: Position | None = None


@dataclass
class BodyLink:
    body: Body
    roles: list[Role] = field(default_factory=list)


class BodyLinks:
    """Collects roles per body, each role once, and hands them out sorted by body name."""

    def __init__(self):
        self.links = {}

    def add(self, body, label, position=None):
        link = self.links.setdefault(body.pk, BodyLink(body))
        role = Role(str(label), position)
        if role not in link.roles:
            link.roles.append(role)

    def sorted(self):
        return sorted(
            self.links.values(), key=lambda link: (link.body.name_de.casefold(), link.body.pk)
        )


@register.simple_tag
def bodies_of_person(person):
    """Published bodies that a public position of `person` is a member of, leads or coordinates."""
    positions = person.positions.published()
    links = BodyLinks()
    memberships = (
        Membership.objects.published()
        .filter(position__in=positions)
        .select_related("body", "position")
    )
    for membership in memberships:
        links.add(membership.body, membership.role or MEMBER, membership.position)
    led_or_coordinated = (
        Body.objects.published()
        .filter(
            Q(committee__led_by__in=positions) | Q(coordinationoffice__coordinator__in=positions)
        )
        .select_related("committee__led_by", "coordinationoffice__coordinator")
    )
    for body in led_or_coordinated:
        if body.kind == BodyKind.COMMITTEE:
            links.add(body, LEADS, body.committee.led_by)
        elif body.kind == BodyKind.OFFICE:
            links.add(body, COORDINATES, body.coordinationoffice.coordinator)
    return links.sorted()


@register.simple_tag
def bodies_of_organisation(organisation):
    """Published bodies that `organisation` is a member of, hosts, directs, funds or heads."""
    links = BodyLinks()
    memberships = (
        Membership.objects.published().filter(organisation=organisation).select_related("body")
    )
    for membership in memberships:
        links.add(membership.body, membership.role or MEMBER)
    related = (
        Body.objects.published()
        .filter(
            Q(coordinationoffice__host_organisation=organisation)
            | Q(coordinationoffice__directorate=organisation)
            | Q(forum__host_organisation=organisation)
            | Q(forum__funder=organisation)
            | Q(conference__parent_organisation=organisation)
        )
        .select_related("coordinationoffice", "forum", "conference")
    )
    for body in related:
        if body.kind == BodyKind.OFFICE:
            office = body.coordinationoffice
            if office.host_organisation_id == organisation.pk:
                links.add(body, HOSTS_OFFICE)
            if office.directorate_id == organisation.pk:
                links.add(body, DIRECTORATE)
        elif body.kind == BodyKind.FORUM:
            forum = body.forum
            if forum.host_organisation_id == organisation.pk:
                links.add(body, HOSTS_FORUM)
            if forum.funder_id == organisation.pk:
                links.add(body, FUNDS)
        elif body.kind == BodyKind.CONFERENCE:
            relation = body.conference.parent_relation
            # "fachtechnische Konferenz dieser Organisation": the body is the relation, not us.
            links.add(body, PARENT_RELATION % {"relation": relation} if relation else PARENT)
    return links.sorted()
