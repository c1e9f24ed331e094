"""From a pasted page to a reviewed, published event, counting the curator's actions."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from relations.models import Event

from .conftest import signed_in

PAGE = Path(__file__).parents[1] / "data/articles/globalpost-2012-07-03-nato-supply-line.txt"
TITLE = "Pakistan reopens NATO supply routes after Clinton's apology"


@pytest.mark.review
def test_a_pasted_page_becomes_a_reviewed_event_in_ten_actions(browser, site):
    actions = []

    def act(step):  # a click, a selection, or typing into one field
        actions.append(step)

    carol_context, carol = signed_in(browser, site, "carol")
    dana_context, dana = signed_in(browser, site, "dana")
    try:
        carol.goto(site + "/admin/relations/source/add/")
        act(carol.get_by_label("Article text:").fill(PAGE.read_text()))
        act(carol.get_by_label("Publisher:").fill("GlobalPost"))
        act(carol.get_by_label("Published:").fill("2012-07-03"))
        act(carol.get_by_label("Status:").select_option("public"))
        act(carol.get_by_role("button", name="Save and continue editing").click())
        passages = carol.locator(".passage-words")
        expect(passages.first).to_contain_text("Pakistan told the US on Tuesday")
        expect(carol.locator("#passages-group")).not_to_contain_text("More on GlobalPost")

        act(carol.get_by_role("button", name="Create event from “Tuesday”").click())
        # The record holds the closure this reopening ends: the curator is asked first.
        expect(carol.locator("#content")).to_contain_text("Is this an event already in the record?")
        act(carol.get_by_role("button", name="It is another event: create a new draft").click())
        expect(carol.locator(".messagelist")).to_contain_text("Draft created")
        actors = carol.locator("#event_actors-group")
        expect(actors).to_contain_text("Pakistan")
        expect(actors).to_contain_text("NATO")
        expect(carol.locator("#id_start_text")).to_have_value("3 July 2012")
        act(carol.get_by_label("Title:", exact=True).fill(TITLE))
        act(carol.get_by_label("Published").check())
        act(carol.get_by_role("button", name="Save and continue editing").click())
        expect(carol.locator(".messagelist")).to_contain_text("awaits a second curator")
        assert len(actions) <= 10, f"{len(actions)} actions from paste to submitted"

        event = Event.objects.get(title=TITLE)
        assert not event.published
        dana.goto(site + "/admin/")
        dana.get_by_role("link", name="Awaiting review").first.click()
        proposal = dana.locator(".proposal", has_text=TITLE)
        proposal.get_by_role("button", name="Approve").click()
        expect(dana.locator(".messagelist")).to_contain_text("Approved")

        dana.goto(site + event.get_absolute_url())
        expect(dana.locator("h1")).to_contain_text(TITLE)
        expect(dana.locator("mark").first).to_contain_text("Pakistan told the US on Tuesday")
        dana.goto(site + "/?q=reopens")
        expect(dana.locator("article.event", has_text=TITLE)).to_be_visible()
        assert carol.problems == [] and dana.problems == []
    finally:
        carol_context.close()
        dana_context.close()
