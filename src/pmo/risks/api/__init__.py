"""REST API of the risk register."""
