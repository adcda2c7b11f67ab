"""Writers of engine projects to interchange formats (Microsoft Project XML)."""
