"""The timeline on another site, and quotes that copy with their citation, in Chromium."""

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from relations.models import Event

from .conftest import open_page

READ_CLIPBOARD = """async () => {
  const [item] = await navigator.clipboard.read();
  const html = await (await item.getType("text/html")).text();
  const text = await (await item.getType("text/plain")).text();
  return { types: item.types, html: html, text: text };
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def other_site(tmp_path):
    """Another origin: a throwaway HTTP server on another port, serving tmp_path."""
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_embed_the_timeline_in_another_sites_page_and_click_through(
    browser, site, settings, other_site
):
    settings.SITE_BASE_URL = site  # the snippet names the live server
    folder, origin = other_site
    assert urlsplit(origin).netloc != urlsplit(site).netloc  # another origin
    context, page = open_page(browser)
    page.goto(site + "/?kind=raid")
    page.locator("summary", has_text="Embed").click()
    snippet = page.get_by_label("Paste this into your page").input_value()
    assert snippet.startswith(f'<iframe src="{site}/embed/?kind=raid"')
    # A newsroom's article embeds it, and tries to frame an ordinary page too.
    (folder / "article.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>An article</title>'
        '<link rel="icon" href="data:,">'
        f"</head><body><h1>Raids</h1><p>Before the timeline.</p>{snippet}"
        f'<iframe id="not-embeddable" src="{site}/about/" title="About"></iframe>'
        "<p>After it.</p></body></html>"
    )
    page.goto(origin + "/article.html")
    frame = page.frame_locator("iframe[data-relations-embed]")
    raid = Event.objects.published().filter(kind="raid").first()
    link = frame.get_by_role("link", name=raid.title)
    expect(link).to_be_visible()

    # The host's script fits the frame to the height the timeline reports.
    element = page.locator("iframe[data-relations-embed]")
    page.wait_for_function(
        "() => document.querySelector('iframe[data-relations-embed]').style.height !== ''"
    )
    inner = frame.locator("body").evaluate("body => body.getBoundingClientRect().height")
    outer = element.evaluate("frame => frame.getBoundingClientRect().height")
    assert abs(inner - outer) <= 2 and outer != 600
    width = element.evaluate("frame => frame.getBoundingClientRect().width")
    assert width == page.evaluate("() => document.body.getBoundingClientRect().width")

    # Only /embed/ may be framed: Chromium refuses to show the About page in the frame.
    expect(page.frame_locator("#not-embeddable").get_by_text("About this timeline")).to_have_count(
        0
    )
    assert not any(frame.url.endswith("/about/") for frame in page.frames)
    refused = [p for p in page.problems if "frame-ancestors 'none'" in p]
    assert len(refused) == 1 and f"Framing '{site}/'" in refused[0]

    link.click()  # opens in the reader's window, on the timeline
    expect(page).to_have_url(site + raid.get_absolute_url())
    expect(page.locator("h1")).to_have_text(raid.title)
    problems = [p for p in page.problems if "frame-ancestors" not in p and "X-Frame" not in p]
    context.close()
    assert problems == []


def test_copy_a_quote_with_its_citation_as_html_and_plain_text(browser, site, settings):
    settings.SITE_BASE_URL = site
    context, page = open_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    event = Event.objects.get(slug="salala-border-incident")
    citation = next(c for c in event.citations.all() if c.passage.source.publisher == "Reuters")
    page.goto(site + event.get_absolute_url())
    page.get_by_label("Copy quotes with their citation in").select_option("apa")
    # The note of that quotation; its button is found by its place, as its name changes.
    note = page.locator(
        "ol.evidence > li", has=page.locator(f'[data-cite$="?p={citation.passage.number}"]')
    )
    expect(note).to_have_count(1)
    button = note.locator("button.copy-quote")
    expect(button).to_have_accessible_name("Copy quote with citation")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate(READ_CLIPBOARD)
    assert {"text/html", "text/plain"} <= set(copied["types"])
    permalink = f"{site}{citation.get_absolute_url()}"
    number = citation.passage.number
    text = copied["text"].splitlines()
    assert text[0] == f"“{citation.quote}” (Ryan & Hosenball, 2012, para. {number})"
    assert text[1].startswith("Ryan, M., & Hosenball, M. (2012, May 31).")
    assert text[2] == permalink
    assert "<i>Reuters</i>" in copied["html"]  # italics kept
    assert f'href="{permalink}"' in copied["html"].replace("&amp;", "&")

    # On the article's page, the words selected in a paragraph; the style is remembered.
    page.goto(site + "/sources/washington-post-2011-after-setbacks/")
    expect(page.get_by_label("Copy quotes with their citation in")).to_have_value("apa")
    page.evaluate(
        """() => {
      const text = document.querySelector("#p-6 .ptext");
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const at = node.data.indexOf("routine daily communication");
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + "routine daily communication".length);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          return;
        }
      }
      throw new Error("phrase not found");
    }"""
    )
    page.get_by_role("button", name="Copy quote with citation, paragraph 6").click()
    expect(page.locator("#p-6 button.pcopy")).to_have_text("Copied")
    copied = page.evaluate(READ_CLIPBOARD)
    assert copied["text"].startswith("“routine daily communication” (Partlow, 2011, para. 6)")
    assert copied["text"].endswith("/sources/washington-post-2011-after-setbacks/#p-6")
    assert "<i>The Washington Post</i>" in copied["html"]
    problems = list(page.problems)
    context.close()
    assert problems == []
