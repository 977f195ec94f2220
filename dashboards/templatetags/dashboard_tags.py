"""Small helpers of the dashboard templates: look up a key, colour a heat-table cell."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def heat(share):
    """Background of a heat-table cell: white at 0 %, deep green at 100 % (None: grey)."""
    if share is None:
        return "background:#f1f3f5"
    value = max(Decimal("0"), min(Decimal("100"), Decimal(share))) / 100
    # Light to dark: from #fdecea (red-ish, nothing done) through #fff7d6 to #2e9d57 (all done).
    if value < Decimal("0.5"):
        t = value * 2
        r, g, b = 253 + (255 - 253) * t, 236 + (247 - 236) * t, 234 + (214 - 234) * t
    else:
        t = (value - Decimal("0.5")) * 2
        r, g, b = 255 + (46 - 255) * t, 247 + (157 - 247) * t, 214 + (87 - 214) * t
    colour = f"rgb({int(r)},{int(g)},{int(b)})"
    text = "#fff" if value > Decimal("0.75") else "#212529"
    return f"background:{colour};color:{text}"
