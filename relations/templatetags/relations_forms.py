"""The messages beside a form's fields, as tags: a page has a dozen of them, and an
{% include %} each cost the timeline more than the fields themselves."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

OOB = mark_safe(' hx-swap-oob="true"')  # the swap of the results brings it in place

register = template.Library()


@register.simple_tag
def field_error(name: str, message: str = "", oob: bool = False) -> str:
    """Why a field's value was not used, announced; present but hidden when there is
    nothing to say, so that a swap of the results can fill it (hx-swap-oob)."""
    return format_html(
        '<p id="error-{}" class="field-error" role="alert"{}{}>{}</p>',
        name,
        OOB if oob else "",
        "" if message else mark_safe(" hidden"),
        message or "",
    )


@register.simple_tag
def field_hint(name: str, message: str = "", oob: bool = False) -> str:
    """How a field's value was read ('From 1 January 2011.')."""
    return format_html(
        '<p id="hint-{}" class="field-hint"{}>{}</p>',
        name,
        OOB if oob else "",
        message or "",
    )
