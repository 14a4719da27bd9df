"""Amounts in pence, written the ways councils write them."""


def pounds(pence: int) -> str:
    """Pence as a plain decimal string: 123456 -> '1234.56', -25000 -> '-250.00'."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100}.{abs(pence) % 100:02d}"


def pounds_with_commas(pence: int) -> str:
    """Pence with thousands separators: 123456 -> '1,234.56'."""
    sign = "-" if pence < 0 else ""
    return f"{sign}{abs(pence) // 100:,}.{abs(pence) % 100:02d}"


def vat_on(net: int) -> int:
    """Standard-rate (20%) VAT on a net amount in pence, rounded half away from zero."""
    sign = -1 if net < 0 else 1
    return sign * ((abs(net) * 20 + 50) // 100)
