"""Keyset (cursor) pagination for every REST v1 list: no counts, no offsets into the table.

Each list orders by a key and then the id, so the order is total. A cursor holds the key
of the last row shown (and, for the rare rows that share it, how many of those were
shown), so the next page starts right after it: rows are neither skipped nor repeated,
however deep the page. Cases page through
`cases.queries.queue`'s own keyset cursor, with the same `cursor` and `page_size`
parameters and the same response shape.
"""

from rest_framework import exceptions, serializers
from rest_framework.pagination import CursorPagination

# The largest whole number the databases store (a signed 64-bit integer): ids, versions
# and other numbers given to the API above it are refused as bad input, not sent to SQL.
LARGEST_INTEGER = 2**63 - 1
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
BAD_CURSOR = "This cursor is not valid for this list. Start again without one."


class KeysetPagination(CursorPagination):
    """DRF's cursor pagination; a bad cursor is a 400 naming the `cursor` parameter."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = f"Results per page, up to {MAX_PAGE_SIZE}."
    cursor_query_description = (
        "Where the page starts: the `next` or `previous` link of another page gives it."
    )
    ordering = ("id",)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError({"cursor": [BAD_CURSOR]}) from None


def keyset(*ordering: str) -> type[KeysetPagination]:
    """A pagination class ordered by `ordering` (the last key must be unique, like `id`)."""
    return type("KeysetPagination", (KeysetPagination,), {"ordering": ordering})


class PageQuerySerializer(serializers.Serializer):
    """The paging parameters every list takes (cases check them through this)."""

    cursor = serializers.CharField(
        required=False, help_text=KeysetPagination.cursor_query_description
    )
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=DEFAULT_PAGE_SIZE,
        help_text=KeysetPagination.page_size_query_description,
    )


def page_envelope(name: str, results: serializers.Serializer) -> type[serializers.Serializer]:
    """The `{next, previous, results}` shape of a page, for lists paged by hand."""
    return type(
        name,
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True, help_text="The next page, if any."),
            "previous": serializers.URLField(
                allow_null=True, help_text="The previous page, if any."
            ),
            "results": results,
            "__doc__": "A page of results, with links to the pages either side.",
        },
    )
