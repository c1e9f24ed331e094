from relations.models import Event, Source
from relations.store.changes import events_changed

PAYLOAD = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2; alert(2)">'


def test_script_and_onerror_payloads_in_stored_text_never_run(page, site):
    Event.objects.filter(slug="salala-border-incident").update(title="Salala " + PAYLOAD)
    source = Source.objects.get(slug="reuters-2012-military-trickles-back")
    passage = source.passages.get(number=4)
    passage.text += " " + PAYLOAD
    passage.save()
    Source.objects.filter(pk=source.pk).update(title=PAYLOAD)
    events_changed(Event.objects.values_list("pk", flat=True))  # after bulk updates
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        "/",
        "/events/salala-border-incident/",
        f"/sources/{source.slug}/",
        "/cite/?q=pwned",
        f"/cite/sources/{source.slug}/",
    ):
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => window.__pwned") is None, path
        assert page.locator("img[src='x']").count() == 0, path
    page.goto(site + "/")
    page.locator("#title-salala-border-incident a").click()
    page.locator("#detail-salala-border-incident .summary").wait_for()
    assert page.evaluate("() => window.__pwned") is None
    assert "<script>" in page.locator("#title-salala-border-incident").inner_text()  # shown as text
    assert dialogs == []
