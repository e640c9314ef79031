"""Questions about a model's fields, for mechanisms that serve whichever models have them."""

from django.core.exceptions import FieldDoesNotExist


def has_field(model, name):
    """Whether `model` declares a field `name` (as `last_verified_on` for "mark verified")."""
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
