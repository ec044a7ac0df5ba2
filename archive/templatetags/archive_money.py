"""``{{ figure|usd_words }}``: an approximate US dollar value in words ("US$115 million")."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()

_SCALES = ((Decimal(10**12), "trillion"), (Decimal(10**9), "billion"), (Decimal(10**6), "million"))


@register.filter
def usd_words(value) -> str:
    """US$2.48 billion, US$115 million, US$950,000: three significant figures at most."""
    if value is None:
        return ""
    amount = Decimal(value)
    for scale, word in _SCALES:
        if abs(amount) >= scale:
            scaled = amount / scale
            # Through float: a Decimal keeps its trailing zeros ("5.00" from a sum PostgreSQL
            # gives with two decimal places), and .3g of 999.6 would read "1e+03".
            number = f"{float(scaled):.3g}"
            if "e" in number or abs(scaled) >= 1000:
                number = f"{scaled:,.0f}"
            return f"US${number} {word}"
    return f"US${amount:,.0f}"


@register.filter
def rate_words(value) -> str:
    """A rate as written on the page: 24,165 or 121.08 or 0.925053."""
    if value is None:
        return ""
    rate = Decimal(value).normalize()
    if abs(rate) >= 1000:
        return f"{rate:,.0f}"
    return f"{rate:,f}".rstrip("0").rstrip(".") if "." in f"{rate:f}" else f"{rate:,f}"
