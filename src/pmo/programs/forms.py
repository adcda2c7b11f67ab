"""Forms of the programs pages."""

from __future__ import annotations

from pmo.core.forms import HierarchyNodeForm
from pmo.programs.models import Program


class ProgramForm(HierarchyNodeForm):
    """A program's own fields (code, name, description, owner, state, dates) and the version read."""

    class Meta(HierarchyNodeForm.Meta):
        model = Program
