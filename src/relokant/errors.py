"""Errors a user can cause and fix: bad files, bad keys, bad values.

The CLI prints an ``InputError`` as one line (``relokant: <message>``) and exits with code 2; every other exception is
a bug. Messages name where the problem is (file, key path or field) and what it is.
"""


class InputError(ValueError):
    """Bad input from the user: one line saying where and what.

    A ValueError, so that pydantic validators can raise it and the loader reports it with the key path.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # keep it one line whatever the caller passed
        return " ".join(self.message.split())
