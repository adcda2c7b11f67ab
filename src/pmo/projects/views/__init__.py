"""Pages of the projects app: the project itself (``nodes``) and its workspace sections."""

from pmo.projects.views.nodes import (
    ProjectCreateView,
    ProjectDeleteView,
    ProjectDetailView,
    ProjectEditView,
    ProjectHistoryView,
    ProjectListView,
    ProjectMemberEditView,
    ProjectMemberRevokeView,
    ProjectMembersView,
    ProjectMoveView,
    project_parent,
)

__all__ = [
    "ProjectCreateView",
    "ProjectDeleteView",
    "ProjectDetailView",
    "ProjectEditView",
    "ProjectHistoryView",
    "ProjectListView",
    "ProjectMemberEditView",
    "ProjectMemberRevokeView",
    "ProjectMembersView",
    "ProjectMoveView",
    "project_parent",
]
