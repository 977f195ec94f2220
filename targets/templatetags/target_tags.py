"""Display helpers of the target pages."""

from django import template

register = template.Library()

#: Bootstrap colour of each target status badge.
STATUS_COLOURS = {
    "draft": "secondary",
    "submitted": "info",
    "dept_approved": "primary",
    "fixes_required": "warning",
    "returned": "warning",
    "blocked": "danger",
    "approved": "success",
    "published": "dark",
}


@register.filter
def target_status_colour(status):
    return STATUS_COLOURS.get(str(status), "secondary")


@register.filter
def num(value):
    """A stored decimal without trailing zeros: Decimal("95.0000") → "95"; None → ""."""
    if value is None or value == "":
        return ""
    try:
        return format(value.normalize(), "f")
    except AttributeError:
        return str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
