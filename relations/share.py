"""How the site's pages are named elsewhere: canonical addresses, share previews,
embed snippets and oEmbed discovery.

Every address here is under SITE_BASE_URL, not the host a request came by, so a
page cached whole (views/cache.py) names the same addresses for every reader.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape

# The site-wide preview image, drawn by `manage.py share_card`.
CARD = "relations/share-card.png"
CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_ALT = (
    "US–Pakistan relations, 2009–2014: a sourced timeline. "
    "Every event cites the article passages it rests on."
)
# The host page's resize script, by its unhashed name: a snippet pasted into
# another site outlives any one version of the file.
HOST_SCRIPT = "relations/js/embed-host.js"
EMBED_WIDTH, EMBED_HEIGHT = 640, 600


def site_url(path: str) -> str:
    """An absolute address of the site from a path ('/events/x/')."""
    return settings.SITE_BASE_URL + path


def site_host() -> tuple[str, str]:
    """(scheme, host) of the site's public address."""
    parts = urlsplit(settings.SITE_BASE_URL)
    return parts.scheme or "https", parts.netloc


def card_url() -> str:
    return site_url(static(CARD))


def host_script_url() -> str:
    return site_url("/" + settings.STATIC_URL.strip("/") + "/" + HOST_SCRIPT)


def oembed_url(page_url: str) -> str:
    return (
        site_url(reverse("relations:oembed")) + "?" + urlencode({"url": page_url, "format": "json"})
    )


def embed_snippet(
    embed_path: str, title: str, width: int = EMBED_WIDTH, height: int = EMBED_HEIGHT
) -> str:
    """The HTML another site pastes (as text: a page shows it escaped): the frame, and the
    script that fits the frame's height to the timeline's (without it, the frame scrolls)."""
    return (
        f'<iframe src="{escape(site_url(embed_path))}" title="{escape(title)}" '
        f'width="{int(width)}" height="{int(height)}" loading="lazy" data-relations-embed></iframe>\n'
        f'<script src="{escape(host_script_url())}" async></script>'
    )
