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


@register.filter
def wan_amount(value):
    """An amount already in 万元 as the official form prints it: two decimals, more only when the
    yuan amount needs them (1182.2 → 1,182.20; 123.456789 → 123.456789)."""
    from decimal import Decimal, InvalidOperation

    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).normalize()
    except InvalidOperation:
        return value
    if amount.as_tuple().exponent > -2:
        amount = amount.quantize(Decimal("0.01"))
    return f"{amount:,f}"
