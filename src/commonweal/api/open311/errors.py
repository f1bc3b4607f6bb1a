"""The one exception the Open311 layer raises: an HTTP status and the errors to list."""


class Open311Error(Exception):
    """Answered as the specification's error list: one entry per description."""

    def __init__(self, status: int, *descriptions: str, headers: dict | None = None) -> None:
        self.status = status
        self.headers = headers or {}
        self.descriptions = list(descriptions) or ["The request could not be answered."]
        super().__init__("; ".join(self.descriptions))


def bad_request(*descriptions: str) -> Open311Error:
    return Open311Error(400, *descriptions)


def forbidden(description: str) -> Open311Error:
    return Open311Error(403, description)


def not_found(description: str) -> Open311Error:
    return Open311Error(404, description)


def too_many(description: str, *, retry_after: int) -> Open311Error:
    return Open311Error(429, description, headers={"Retry-After": str(retry_after)})
