"""Staff endpoints: the case queue, a case, and the changes staff make to it.

Every change goes through `cases.lifecycle` with the version the client read. The answer
is the case as it is afterwards (200); a refusal is 403 with the reason; a stale version
is 409 with the current version and what changed; bad input is 400 in DRF's format.
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.request import Request
from rest_framework.response import Response

from commonweal.api.v1.errors import VALIDATION_ERRORS, ErrorSerializer, Refused, V1ErrorsMixin
from commonweal.api.v1.pagination import BAD_CURSOR
from commonweal.api.v1.staff import display
from commonweal.api.v1.staff import serializers as s
from commonweal.api.v1.staff.permissions import CaseStaff, WorksCases
from commonweal.cases import lifecycle, queries
from commonweal.cases.models import Case

# Input problems the workflow finds that belong to one field of the request.
FIELD_OF_REFUSAL = {"unknown-transition": "transition", "public-note-required": "public_note"}

BAD_INPUT = OpenApiResponse(VALIDATION_ERRORS, description="Input refused, field by field.")
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="No valid token or session.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Refused, with the reason.")
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="No such case that you may see (another organisation's too)."
)
STALE = OpenApiResponse(
    s.StaleSerializer, description="The case changed since expected_version; nothing saved."
)
READ_ERRORS = {401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}
CHANGE_ERRORS = {400: BAD_INPUT, **READ_ERRORS, 409: STALE}


class CaseView(V1ErrorsMixin, generics.GenericAPIView):
    permission_classes = [CaseStaff]
    lookup_field = "reference"
    pagination_class = None

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user).select_related(
            "organisation", "offering", "definition", "team", "assignee", "duplicate_of",
            "reporter",
        ).defer("definition__document", "definition__source_text")  # fmt: skip

    def get_object(self) -> Case:
        reference = queries.normalise_reference(self.kwargs["reference"])
        self.kwargs["reference"] = reference or self.kwargs["reference"]
        try:
            return super().get_object()
        except Http404:
            raise exceptions.NotFound(
                f"There is no case {self.kwargs['reference']} that you can see."
            ) from None

    def case_response(self, case: Case) -> Response:
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(
            s.CaseDetailSerializer(display.case_values(fresh, user=self.request.user)).data
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="staff_cases_list",
        tags=["staff"],
        parameters=[s.CaseQuerySerializer],
        responses={200: s.CasePageSerializer, 400: BAD_INPUT, 401: UNAUTHENTICATED, 403: FORBIDDEN},
    )
)
class CaseList(CaseView):
    """The cases you may see, filtered, newest first by default; paged by keyset cursor."""

    def get(self, request: Request) -> Response:
        query = s.CaseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        cursor = query.validated_data.get("cursor")
        try:
            page = queries.queue(
                user=request.user,
                filters=query.filters(),
                after=cursor,
                limit=query.validated_data["page_size"],
            )
        except queries.BadCursor:
            raise exceptions.ValidationError({"cursor": [BAD_CURSOR]}) from None
        return Response(
            {
                "next": self._link(page.next_cursor),
                "previous": self._link(page.previous_cursor),
                "results": s.CaseSummarySerializer(display.queue_page(page.cases), many=True).data,
            }
        )

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        params = self.request.query_params.copy()
        params["cursor"] = cursor
        return self.request.build_absolute_uri(f"{self.request.path}?{params.urlencode()}")


@extend_schema_view(
    get=extend_schema(
        operation_id="staff_case",
        tags=["staff"],
        responses={200: s.CaseDetailSerializer, **READ_ERRORS},
    )
)
class CaseDetail(CaseView):
    """A case with its answers, its whole timeline (internal events too) and your actions.

    The reporter's contact details appear only to those who may work the case.
    """

    def get(self, request: Request, reference: str) -> Response:
        return self.case_response(self.get_object())


class CaseChange(CaseView):
    """A POST that changes the case through `cases.lifecycle`."""

    permission_classes = [CaseStaff, WorksCases]

    def change(self, request: Request, perform: Callable[[Case, dict], Case]) -> Response:
        case = self.get_object()
        body = self.get_serializer_class()(data=request.data, context={"case": case})
        body.is_valid(raise_exception=True)
        try:
            perform(case, body.validated_data)
        except lifecycle.StaleCase as stale:
            return Response(s.StaleSerializer(display.stale_values(stale)).data, status=409)
        except lifecycle.TransitionNotAllowed as refusal:
            if field := FIELD_OF_REFUSAL.get(refusal.code):
                raise exceptions.ValidationError({field: [refusal.reason]}) from None
            raise Refused(refusal.reason, code=refusal.code or None) from None
        except lifecycle.PermissionRefused as refusal:
            raise Refused(refusal.reason) from None
        except lifecycle.ChangeRefused as refusal:
            raise exceptions.ValidationError({"non_field_errors": [str(refusal)]}) from None
        return self.case_response(case)


@extend_schema_view(
    post=extend_schema(
        operation_id="staff_case_transition",
        tags=["staff"],
        request=s.TransitionRequestSerializer,
        responses={200: s.CaseDetailSerializer, **CHANGE_ERRORS},
    )
)
class CaseTransition(CaseChange):
    """Make a workflow transition (one of the case's `transitions`)."""

    serializer_class = s.TransitionRequestSerializer

    def post(self, request: Request, reference: str) -> Response:
        def perform(case: Case, data: dict) -> Case:
            return lifecycle.transition(
                case=case,
                transition=data["transition"],
                actor=request.user,
                expected_version=data["expected_version"],
                public_note=data["public_note"],
                internal_note=data["internal_note"],
            )

        return self.change(request, perform)


@extend_schema_view(
    post=extend_schema(
        operation_id="staff_case_note",
        tags=["staff"],
        request=s.NoteRequestSerializer,
        responses={200: s.CaseDetailSerializer, **CHANGE_ERRORS},
    )
)
class CaseNote(CaseChange):
    """Add a note: internal (the default) or public, for the resident to see."""

    serializer_class = s.NoteRequestSerializer

    def post(self, request: Request, reference: str) -> Response:
        def perform(case: Case, data: dict) -> Case:
            return lifecycle.add_note(
                case=case,
                actor=request.user,
                text=data["text"],
                public=data["public"],
                expected_version=data["expected_version"],
            )

        return self.change(request, perform)


@extend_schema_view(
    post=extend_schema(
        operation_id="staff_case_assign",
        tags=["staff"],
        request=s.AssignRequestSerializer,
        responses={200: s.CaseDetailSerializer, **CHANGE_ERRORS},
    )
)
class CaseAssign(CaseChange):
    """Give the case to a team of its organisation and to a person who works its cases."""

    serializer_class = s.AssignRequestSerializer

    def post(self, request: Request, reference: str) -> Response:
        def perform(case: Case, data: dict) -> Case:
            return lifecycle.assign(
                case=case,
                actor=request.user,
                team=data.get("team", case.team),
                assignee=data.get("assignee", case.assignee),
                expected_version=data["expected_version"],
            )

        return self.change(request, perform)
