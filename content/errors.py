"""Domain errors: each maps to one HTTP status at the edge, never to a 500."""


class ContentError(Exception):
    """Base of every refusal the domain can give; carries a message and field details."""

    status = 400
    code = "bad_request"

    def __init__(self, message, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})


class Invalid(ContentError):
    status = 422
    code = "invalid"


class NotFound(ContentError):
    status = 404
    code = "not_found"


class TooLarge(ContentError):
    """A request body past its limit (an upload larger than any file the server keeps)."""

    status = 413
    code = "request_entity_too_large"


class Forbidden(ContentError):
    status = 403
    code = "forbidden"


class Conflict(ContentError):
    status = 409
    code = "conflict"


class PreconditionRequired(ContentError):
    status = 428
    code = "precondition_required"


class StorageFull(ContentError):
    """The disk refused a write; the last good file is untouched."""

    status = 507
    code = "insufficient_storage"


class TooMany(ContentError):
    """A rate limit: the caller should slow down (other callers are not affected)."""

    status = 429
    code = "too_many_requests"
