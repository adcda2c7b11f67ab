"""Fixtures of the import/export tests: a PMO administrator and an empty portfolio to import into
(cheaper than the persona world, for tests that import a hundred files)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from pmo.accounts.services import user_create
from pmo.portfolios.models import Portfolio
from pmo.portfolios.services import portfolio_create


@dataclass
class Desk:
    """Who imports, and where."""

    admin: Any
    portfolio: Portfolio


@pytest.fixture
def desk(db: None) -> Desk:
    """A PMO administrator and a portfolio ``IMP``."""
    admin = user_create(actor=None, username="importer", password=None, is_pmo_admin=True)
    portfolio = portfolio_create(actor=admin, parent=None, code="IMP", name="Imports")
    return Desk(admin=admin, portfolio=portfolio)
