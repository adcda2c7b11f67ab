"""REST API of imports and exports."""
