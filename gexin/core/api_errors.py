"""The API's errors: how they are answered, and how the OpenAPI schema declares them.

A model's own checks (`full_clean`, `save`) raise Django's ValidationError, and a
deletion that other rows refer to raises ProtectedError; the API answers them as 400
and 409 like its serializers' errors, never as a server error.

drf-spectacular describes what an operation answers when it succeeds. A client also
needs to know how it fails, and the schema fuzz test (core/tests/test_api_fuzz.py)
holds every answer to the schema, so each operation declares the errors it can give:
401 and 403 wherever credentials are needed, 404 where the path or the query names an
object (or a page), 400 where the request carries a body or query parameters and for
every change, 409 for changes that the stored records refuse, and 415 for a body in a
media type not read.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status, views


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the record.")
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's exception handler, also answering the model layer's refusals."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_("Other records refer to this one; it cannot be deleted."))
    return views.exception_handler(exc, context)


METHODS = ("get", "post", "put", "patch", "delete")
WRITES = ("post", "put", "patch", "delete")

DESCRIPTIONS = {
    "400": _("The request is invalid; the body names the fields at fault and why."),
    "401": _("No valid credentials: send the header `Authorization: Token <your token>`."),
    "403": _("Your roles do not allow this here."),
    "404": _("No such object among the units you may see, or no such page."),
    "409": _("The stored records do not allow this change now; the detail says why."),
    "415": _("The body is in a media type this operation does not read."),
}

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A field's errors, a list of errors not tied to one field, or a detail; nested
# serializers nest their errors the same way.
VALIDATION_ERROR = {
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {}},
    ],
}


def error_codes(path, method, operation):
    """The error status codes `operation` (at `path`, by `method`) can answer."""
    codes = []
    queried = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
    # A change the model's own checks refuse is a 400 too, even with no body to blame.
    if queried or "requestBody" in operation or method in WRITES:
        codes.append("400")
    if operation.get("security"):
        codes += ["401", "403"]
    # A unit or object named in the query may not exist, nor a page of a list.
    if "{" in path or queried:
        codes.append("404")
    if method in WRITES:
        codes.append("409")
    if "requestBody" in operation:
        codes.append("415")
    return codes


def declare_error_answers(result, generator, **kwargs):
    """Schema hook: add each operation's error answers, unless it declares its own."""
    for path, item in result.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for code in error_codes(path, method, operation):
                name = "ValidationErrors" if code == "400" else "ErrorDetail"
                responses.setdefault(
                    code,
                    {
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                        "description": str(DESCRIPTIONS[code]),
                    },
                )
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorDetail", ERROR)
    schemas.setdefault("ValidationErrors", VALIDATION_ERROR)
    return result
