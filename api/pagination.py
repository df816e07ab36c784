from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`: 25 rows by default, at most 100."""

    page_size = 25
    page_size_query_param = "page_size"
    page_size_query_description = "Rows per page (default 25, at most 100)."
    page_query_description = "Page number, from 1."
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "Rows matching the filters, over all pages.",
            "next": "URL of the next page, or null on the last page.",
            "previous": "URL of the previous page, or null on the first page.",
            "results": "The rows of this page.",
        }
        for name, description in descriptions.items():
            response["properties"][name]["description"] = description
        return response
