"""Template filters for dates at their precision."""

from django import template

from ..text.dates import html_datetime as html_datetime_at

register = template.Library()


@register.filter
def html_datetime(day, precision: str) -> str:
    """`{{ source.published|html_datetime:source.published_precision }}` → '2012-06'."""
    return html_datetime_at(day, precision) if day else ""
