"""Template tags of lessons learned."""
