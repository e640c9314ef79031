"""{% fragment "app/includes/_piece.html" name=value ... %}: an include kept per process.

Like `{% include ... with name=value only %}`: the piece sees the values it is given and
nothing else (not the request), so that what it shows is what its key holds
(core.fragments).
"""

from django import template
from django.template.base import token_kwargs

from core import fragments

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, template_name, values):
        self.template_name = template_name
        self.values = values

    def render(self, context):
        name = self.template_name.resolve(context)
        piece = context.template.engine.get_template(name)
        values = {key: value.resolve(context) for key, value in self.values.items()}
        # The page's context with only `values` in it: its flags (autoescape, localisation,
        # time zones) stay, which the key holds; the request and the page's variables do not.
        return fragments.render(
            piece,
            values,
            lambda: piece.render(context.new(values)),
            (context.autoescape, context.use_l10n, context.use_tz),
        )


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs the template's name")
    values = token_kwargs(bits[2:], parser, support_legacy=False)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes only name=value pairs")
    return FragmentNode(parser.compile_filter(bits[1]), values)
