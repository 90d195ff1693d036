"""Domain errors: a stable code for machines, a translated message for people."""


class DomainError(Exception):
    """A rule said no. The API answers with `status`; pages flash the message."""

    status = 409

    def __init__(self, code: str, message: str, *, fields: dict[str, str] | None = None):
        super().__init__(code)
        self.code = code
        self.message = message
        self.fields = fields or {}

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ValidationError(DomainError):
    """Input that breaks a rule of its fields; `fields` maps a field path to its message."""

    status = 422

    def __init__(self, fields: dict[str, str], message: str | None = None, code="validation"):
        super().__init__(code, message or next(iter(fields.values()), ""), fields=fields)


class NotFound(DomainError):
    status = 404
