"""Pages of imports and exports: upload, preview and apply an import; download a project."""

from pmo.transfers.views.export import ProjectExportView
from pmo.transfers.views.imports import ImportApplyView, ImportDetailView, ImportDiscardView, ImportRemapView
from pmo.transfers.views.upload import NewProjectImportView, ProjectImportView

__all__ = [
    "ImportApplyView",
    "ImportDetailView",
    "ImportDiscardView",
    "ImportRemapView",
    "NewProjectImportView",
    "ProjectExportView",
    "ProjectImportView",
]
