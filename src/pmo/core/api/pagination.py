"""Pagination of every API list."""

from rest_framework.pagination import PageNumberPagination


class PmoPagination(PageNumberPagination):
    """Page-number pagination with a client-chosen page size up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
