"""Display helpers for money, ratios and statuses on the budget pages."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()

TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")

#: Bootstrap colour of each project status badge.
STATUS_COLOURS = {
    "draft": "secondary",
    "submitted": "info",
    "dept_approved": "primary",
    "returned": "warning",
    "admitted": "success",
    "rejected": "danger",
    "in_progress": "success",
    "completed": "dark",
}


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def yuan(value):
    """1234567.8 → "1,234,567.80"."""
    d = _decimal(value)
    if d is None:
        return "—"
    return f"{d.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


@register.filter
def wan(value):
    """Yuan shown in 万元 with two decimals: 1234567.8 → "123.46"."""
    d = _decimal(value)
    if d is None:
        return "—"
    return f"{(d / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


@register.filter
def pct(value):
    """A percentage already computed (12.34) → "12.34%"; None (no budget) → "—"."""
    d = _decimal(value)
    if d is None:
        return "—"
    return f"{d:.2f}%"


@register.filter
def status_colour(status):
    return STATUS_COLOURS.get(str(status), "secondary")
