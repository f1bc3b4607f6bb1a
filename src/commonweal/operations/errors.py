"""The one error backup and restore raise: its message says what to do."""


class OperationFailed(Exception):
    """A backup or restore was refused or failed; nothing was changed unless it says so."""
