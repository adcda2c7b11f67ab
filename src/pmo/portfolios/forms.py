"""Forms of the portfolio pages and of the search across the hierarchy."""

from __future__ import annotations

from django import forms

from pmo.core.forms import HierarchyNodeForm
from pmo.portfolios.models import Portfolio


class PortfolioForm(HierarchyNodeForm):
    """A portfolio's own fields (code, name, description, owner, state, dates) and the version read."""

    class Meta(HierarchyNodeForm.Meta):
        model = Portfolio


class SearchForm(forms.Form):
    """Words to find in the code, name or description of portfolios, programs and projects."""

    q = forms.CharField(label="Search", max_length=100, required=False)

    def query(self) -> str:
        """The stripped search text ("" when invalid or empty)."""
        if not self.is_valid():
            return ""
        return str(self.cleaned_data["q"]).strip()
