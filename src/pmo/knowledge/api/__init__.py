"""REST API of lessons learned."""
