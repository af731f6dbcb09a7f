"""``{% fragment name vary... %}…{% endfragment %}``: a part of the page kept until
content changes or a scheduled item comes due (``portal.pagecache.fragments``).

    {% load fragments %}
    {% fragment "home-content" a11y_mode %}…{% endfragment %}

Use it only around markup that depends on published content and on the values
named after the fragment's name, never on the request (the path, the query, a
cookie) unless that value is named too. The one exception is the page's own
address for a link back to it: ``{% page_address %}`` inside a fragment leaves a
slot that is filled in on every page (URL-encoded, as ``|urlencode`` does).
"""

from urllib.parse import quote

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
        request = context.get("request")

        def compute():
            with context.push({SLOTS_FLAG: True}):
                return self.nodelist.render(context)

        html = cached_fragment(request, name, vary, compute)
        if ADDRESS_SLOT in html:
            html = html.replace(ADDRESS_SLOT, _page_address(request))
        return mark_safe(html)


# Stands for the page's own address in a kept fragment. NUL never occurs in
# stored text (PostgreSQL refuses it) nor in a rendered address.
ADDRESS_SLOT = "\x00page-address\x00"
SLOTS_FLAG = "_fragment_slots"


def _page_address(request):
    if request is None:
        return "/"
    return escape(quote(request.get_full_path(), safe="/"))


@register.simple_tag(takes_context=True)
def page_address(context):
    """The page's address with its query, URL-encoded for a ``next=`` parameter:
    a slot inside ``{% fragment %}``, filled in on every page."""
    if context.get(SLOTS_FLAG):
        return mark_safe(ADDRESS_SLOT)
    return mark_safe(_page_address(context.get("request")))


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
