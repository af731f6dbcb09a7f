"""``{% fragment name vary... %}…{% endfragment %}``: a part of the page kept until
content changes or a scheduled item comes due (``portal.pagecache.fragments``).

    {% load fragments %}
    {% fragment "home-content" a11y_mode %}…{% endfragment %}

Use it only around markup that depends on published content and on the values
named after the fragment's name, never on the request (the path, the query, a
cookie) unless that value is named too.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from portal.pagecache.fragments import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context):
        name = self.name.resolve(context)
        vary = [value.resolve(context) for value in self.vary]
        html = cached_fragment(
            context.get("request"), name, vary, lambda: self.nodelist.render(context)
        )
        return mark_safe(html)


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
    )


class CurrentLinkNode(template.Node):
    """Renders its content once for every page (through ``{% fragment %}``
    inside it) and marks the link to the current page afterwards: each
    ``<a href="PATH">`` becomes ``<a href="PATH" aria-current="page">``."""

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        html = self.nodelist.render(context)
        request = context.get("request")
        if request is None:
            return html
        link = f'<a href="{escape(request.path)}">'
        marked = f'<a href="{escape(request.path)}" aria-current="page">'
        return mark_safe(html.replace(link, marked))


@register.tag
def mark_current_link(parser, token):
    nodelist = parser.parse(("endmark_current_link",))
    parser.delete_first_token()
    return CurrentLinkNode(nodelist)
