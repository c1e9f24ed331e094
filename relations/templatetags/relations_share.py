"""Share previews (canonical address, Open Graph, Twitter card, oEmbed discovery) and embed snippets."""

from django import template
from django.conf import settings
from django.urls import reverse

from .. import share

register = template.Library()


@register.inclusion_tag("relations/_share.html", takes_context=True)
def share_meta(context, title="", description="", kind="website", query="", revised=None):
    """The <head> tags that name the page elsewhere. `query` is the timeline's filters
    ('?actor=isi'): a filtered timeline is its own page, and is shared as such."""
    request = context["request"]
    url = share.site_url(request.path + (query if query.strip("?") else ""))
    return {
        "site_name": settings.SITE_NAME,
        "url": url,
        "title": title or settings.SITE_NAME,
        "description": description or settings.SITE_DESCRIPTION,
        "kind": kind,
        "revised": revised,
        "image": share.card_url(),
        "image_width": share.CARD_WIDTH,
        "image_height": share.CARD_HEIGHT,
        "image_alt": share.CARD_ALT,
        "oembed": share.oembed_url(url),
    }


@register.simple_tag
def embed_code(query: str = "", title: str = "") -> str:
    """The iframe snippet for the timeline's selection (`query`: '?kind=raid')."""
    path = reverse("relations:embed") + (query if query.strip("?") else "")
    return share.embed_snippet(path, title or settings.SITE_NAME)


@register.simple_tag
def selection_title(chips, total) -> str:
    """A filtered timeline as a shared link names it: '4 events · Actor: CIA; Kind: raid'."""
    if not chips:
        return "US–Pakistan relations, event by event"
    labels = "; ".join(chip["label"] for chip in chips)
    return f"{total} event{'' if total == 1 else 's'} · {labels}"


@register.filter
def absolute(path: str) -> str:
    """A path of the site as its public address: `{{ item.get_absolute_url|absolute }}`."""
    return share.site_url(path)
