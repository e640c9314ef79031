from django import template

from core.dates import format_precise_date

register = template.Library()


@register.filter
def precise_date(value, precision):
    """{{ body.founded_on|precise_date:body.founded_precision }}"""
    return format_precise_date(value, precision)
