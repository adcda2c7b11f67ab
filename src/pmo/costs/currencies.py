"""ISO 4217 currency codes pmo accepts, and the project currency (setting ``PMO_CURRENCY``).

The set is frozen in the code on purpose: a typo ("EUE") is refused by name instead of creating a
currency nobody can convert. Funds codes and precious metals (XAU, XDR...) are left out.
"""

from __future__ import annotations

from django.conf import settings

from pmo.core.errors import DomainRuleError

#: Active ISO 4217 currency codes (2024 list, without funds codes, metals and test codes).
ISO_4217: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN
    BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS
    GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW
    KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD
    NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
    SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES
    VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 - 160 codes read better as a block of text
)


def project_currency() -> str:
    """The currency every project amount is kept in (``PMO_CURRENCY``, default ``"EUR"``)."""
    return str(getattr(settings, "PMO_CURRENCY", "EUR"))


def require_currency(code: str, *, field: str = "currency") -> str:
    """Return ``code`` in capitals if it is a known ISO 4217 code; refuse it by name otherwise.

    >>> require_currency("usd")
    'USD'
    """
    normalised = (code or "").strip().upper()
    if normalised not in ISO_4217:
        raise DomainRuleError(
            f"{code!r} is not a known ISO 4217 currency code; use a three-letter code such as "
            f"{project_currency()} or USD.",
            field=field,
        )
    return normalised
