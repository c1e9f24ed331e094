from django.contrib.auth.models import User
from playwright.sync_api import expect

from relations.models import DateMention, Event, NotAnEvent

from ..conftest import curators_group

PASSWORD = "a-long-curator-passphrase"


def pick(page, container, term, choice):
    """Choose an option in one of the admin's autocomplete (select2) widgets."""
    container.locator(".select2-selection").click()
    page.locator(".select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=choice).first.click()


def test_curator_turns_a_mention_into_a_published_event(page, site):
    user = User.objects.create_user("carol", password=PASSWORD, is_staff=True)
    user.groups.add(curators_group())
    NotAnEvent.objects.filter(quote="if it hopes to withdraw its forces by 2014").delete()
    mention = DateMention.objects.get(
        text="2014", passage__source__slug="stratfor-2012-uneasy-interdependence"
    )

    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("carol")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Work queue").first.click()

    page.locator(f"#mention-{mention.pk}").get_by_role(
        "button", name="Create event from this mention"
    ).click()
    # 2014 holds events with the same actors: the record may have this one already.
    expect(page.locator("#content")).to_contain_text("Is this an event already in the record?")
    page.get_by_role("button", name="It is another event: create a new draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft created from “2014”")
    page.get_by_label("Title:").fill(
        "US plans to withdraw its combat forces from Afghanistan by 2014"
    )
    page.get_by_label("Kind:").select_option("policy decision")

    # The actors the sentence names are proposed, in name order: Pakistan, United States.
    expect(page.locator("#event_actors-0")).to_contain_text("Pakistan")
    expect(page.locator("#event_actors-1")).to_contain_text("United States")
    page.locator("#id_event_actors-1-role").fill("plans the withdrawal")

    pick(page, page.locator("#citations-1"), "Stratfor expected fallout", "Stratfor, June 2012 ¶1")
    page.locator("#id_citations-1-key").fill("stratfor-fallout")
    page.locator("#id_citations-1-quote").fill(
        "the expected fallout from a U.S. withdrawal from Afghanistan"
    )
    # Every citation backs something: this one, the draft's claim.
    evidence = page.locator("#id_claims-0-evidence")
    evidence.fill(evidence.input_value() + ", stratfor-fallout (partly)")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    draft = Event.objects.get(title__startswith="US plans to withdraw")
    assert not draft.published and draft.citations.count() == 2

    page.goto(site + draft.get_absolute_url())
    expect(page.locator(".draft-banner")).to_contain_text("Draft preview.")
    expect(page.locator("mark", has_text="withdraw its forces by 2014")).to_be_visible()

    page.go_back()
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(site + "/?q=withdraw+combat")
    expect(page.locator("#result-count")).to_contain_text("1 event match")
    page.locator(f"#title-{draft.slug} a").click()
    expect(
        page.locator(f"#detail-{draft.slug} mark", has_text="withdraw its forces by 2014")
    ).to_be_visible()
    expect(page.locator(f"#detail-{draft.slug}")).to_contain_text(
        "the expected fallout from a U.S. withdrawal"
    )
