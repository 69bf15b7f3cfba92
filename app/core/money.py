"""Exact money: integer units of 1/10,000 of a currency, never binary floats.

>>> to_units(Decimal("0.10")) + to_units(Decimal("0.20")) == to_units(Decimal("0.30"))
True
>>> format_amount(Decimal("679538"), "USD")
'679538.00'
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

UNITS_PER_CURRENCY_UNIT = 10_000

# ISO 4217 currencies whose minor unit is not two decimals.
_MINOR_UNITS = {
    "BHD": 3, "BIF": 0, "CLF": 4, "CLP": 0, "DJF": 0, "GNF": 0, "IQD": 3,
    "ISK": 0, "JOD": 3, "JPY": 0, "KMF": 0, "KRW": 0, "KWD": 3, "LYD": 3,
    "OMR": 3, "PYG": 0, "RWF": 0, "TND": 3, "UGX": 0, "UYI": 0, "UYW": 4,
    "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
}  # fmt: skip

_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")


def normalize_currency(code: str) -> str:
    """Return an upper-case ISO 4217 code, or raise ValueError naming the value."""
    normalized = code.strip().upper()
    if not _CURRENCY_CODE.match(normalized):
        raise ValueError(
            f"invalid currency {code!r}: expected a three-letter ISO 4217 code "
            "such as USD or EUR"
        )
    return normalized


def minor_unit(currency: str) -> int:
    """Return the number of decimals of a currency's minor unit (2 unless listed)."""
    return _MINOR_UNITS.get(currency, 2)


def to_units(amount: Decimal) -> int:
    """Convert an exact decimal amount to integer units of 1/10,000.

    Raises ValueError when the amount has more than four decimals, because
    storing it would lose money silently.
    """
    scaled = amount * UNITS_PER_CURRENCY_UNIT
    if scaled != scaled.to_integral_value():
        raise ValueError(
            f"amount {amount} has more than 4 decimals; round it in the source file"
        )
    return int(scaled)


def from_units(units: int) -> Decimal:
    """Return the exact decimal amount of integer units of 1/10,000."""
    return Decimal(units) / UNITS_PER_CURRENCY_UNIT


def parse_rate(text: str | Decimal) -> Decimal:
    """Parse an exchange rate as an exact positive decimal."""
    try:
        rate = Decimal(str(text).strip())
    except InvalidOperation:
        raise ValueError(
            f"invalid exchange rate {text!r}: expected a positive decimal such as 1.08"
        ) from None
    if not rate.is_finite() or rate <= 0:
        raise ValueError(
            f"invalid exchange rate {text!r}: expected a positive decimal such as 1.08"
        )
    return rate


def round_to_minor_unit(amount: Decimal, currency: str) -> Decimal:
    """Round once, half to even, to the currency's minor unit."""
    exponent = Decimal(1).scaleb(-minor_unit(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_EVEN)


def format_amount(amount: Decimal, currency: str) -> str:
    """Return the amount rounded to the minor unit, with exactly that many decimals."""
    return f"{round_to_minor_unit(amount, currency):f}"
