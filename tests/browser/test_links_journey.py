"""Why it happened, by keyboard alone: from Salala to what followed it, and a thread (issue 18)."""

import re

from playwright.sync_api import expect

SALALA = "/events/salala-border-incident/"
CLOSURE = "/events/nato-supply-routes-closed/"


def tab_to(page, locator, most: int = 200) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError("Tab never reached it")


def test_from_salala_to_what_followed_and_back_then_a_thread(page, site):
    page.goto(site + SALALA)
    followed = page.locator("h2", has_text="What followed").locator(
        "xpath=following-sibling::ul[1]"
    )
    expect(followed).to_contain_text("In retaliation for the border deaths")  # Reuters ¶7
    closure = followed.locator(f'a[href="{CLOSURE}"]')
    item = followed.locator("> li").filter(has=page.locator(f'a[href="{CLOSURE}"]'))
    expect(item).to_contain_text("a response to this")
    tab_to(page, closure)
    page.keyboard.press("Enter")
    expect(page).to_have_url(site + CLOSURE)
    led = page.locator("h2", has_text="What led to this").locator("xpath=following-sibling::ul[1]")
    expect(led.locator(f'a[href="{SALALA}"]')).to_be_visible()
    page.go_back()  # the browser's Back
    expect(page).to_have_url(site + SALALA)

    page.goto(site + "/threads/")
    thread = page.get_by_role("link", name=re.compile("supply-route crisis", re.I)).first
    tab_to(page, thread)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/threads/supply-route-crisis/$"))
    cards = page.locator(".timeline-item")
    expect(cards.first).to_be_visible()
    shown = cards.locator("h3 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert CLOSURE in shown and "/events/osama-bin-laden-killed-in-abbottabad/" not in shown
