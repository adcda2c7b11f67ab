"""REST API of portfolios."""
