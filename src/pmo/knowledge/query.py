"""Turn what a user typed into safe search terms (never raw search syntax).

A term is a bare word or a phrase in double quotes; everything but letters and digits is dropped,
so operators (``OR``, ``-``, ``*``, ``NEAR``, column filters) cannot reach the search engine.
Both back ends (PostgreSQL ``websearch_to_tsquery``, SQLite FTS5 ``MATCH``) get every term
quoted, and all terms must match.
"""

from __future__ import annotations

import re

#: Most terms taken from one query (the rest is ignored).
MAX_TERMS = 12
_TOKEN = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


def search_terms(text: str) -> list[str]:
    """The words and quoted phrases of ``text``, lower-cased, punctuation removed.

    >>> search_terms('vendor "go live" -delay OR *')
    ['vendor', 'go live', 'delay', 'or']
    >>> search_terms('"unterminated phrase')
    ['unterminated phrase']
    >>> search_terms('* - ""')
    []
    """
    terms: list[str] = []
    for match in _TOKEN.finditer(text or ""):
        phrase, bare = match.groups()
        words = _WORD.findall(phrase if phrase is not None else bare)
        if words:
            terms.append(" ".join(words).lower())
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def quoted(terms: list[str]) -> str:
    """Every term in double quotes, space-separated (all must match): FTS5 and websearch syntax.

    >>> quoted(["vendor", "go live"])
    '"vendor" "go live"'
    """
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)
