"""Two curators edit one source at once, each in a browser of their own."""

from playwright.sync_api import expect

from relations.models import Source

from .conftest import signed_in


def test_the_second_save_is_refused_and_shows_the_first_curators_change(browser, site):
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    url = f"{site}/admin/relations/source/{source.pk}/change/"
    carol_context, carol = signed_in(browser, site, "carol")
    dana_context, dana = signed_in(browser, site, "dana")
    try:
        carol.goto(url)
        dana.goto(url)
        carol.get_by_label("Title:", exact=True).fill(
            "U.S. military quietly returns to Western Pakistan"
        )
        carol.get_by_role("button", name="Save and continue editing").click()
        expect(carol.locator(".messagelist")).to_contain_text("was changed successfully")

        dana.get_by_label("Notes:").fill("Dana's note on the byline.")
        dana.get_by_role("button", name="Save and continue editing").click()
        errors = dana.locator(".errornote, .errorlist")
        expect(errors.first).to_be_visible()
        expect(dana.locator("#source_form")).to_contain_text("Someone else saved this source")
        expect(dana.locator("#source_form")).to_contain_text("carol")
        expect(dana.locator("#source_form")).to_contain_text("quietly returns")
        # What Dana typed is still there; nothing of it was saved over Carol's change.
        expect(dana.get_by_label("Notes:")).to_have_value("Dana's note on the byline.")
        source.refresh_from_db()
        assert source.title == "U.S. military quietly returns to Western Pakistan"
        assert source.notes != "Dana's note on the byline."
        assert carol.problems == [] and dana.problems == []
    finally:
        carol_context.close()
        dana_context.close()
