"""Numbers as people read them: thousands grouped, the metric's decimals."""

from decimal import Decimal


def number(value, decimals=1):
    """1234.5 -> '1,234.5'; None -> '—'."""
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:,.{int(decimals)}f}"


def signed(value, decimals=1):
    if value is None:
        return "—"
    text = number(value, decimals)
    return text if Decimal(value) < 0 else "+" + text
