"""Change control: change requests on a project, their impact on the plan, approval and application."""
