"""The one exception hierarchy of novex.

Every exception novex raises derives from :class:`NovexError` and from the builtin
it resembles, so callers can catch either::

    try:
        grid = GridSpec.national(resolution=30)
    except ValueError:  # or NovexError
        ...
"""

from __future__ import annotations

__all__ = [
    "CLIUsageError",
    "ConflictError",
    "DossierError",
    "DossierInputError",
    "DossierNotFoundError",
    "GridError",
    "InfeasibleClaimsError",
    "LanguageError",
    "LayerError",
    "NovexError",
    "NovexWarning",
    "PermissionDeniedError",
    "PuzzleError",
    "ReferenceDataError",
    "ReferenceLookupError",
    "ReportError",
    "ResultsError",
    "SettingsError",
    "SpecError",
    "StackError",
    "TextError",
    "WorkspaceError",
]


class NovexError(Exception):
    """Root of every error novex raises."""


class NovexWarning(UserWarning):
    """Root of every warning novex emits."""


class ReferenceDataError(NovexError, ValueError):
    """The shipped NOVI reference data is inconsistent (a packaging bug)."""


class ReferenceLookupError(NovexError, KeyError):
    """An unknown reference kind or item id was asked for."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


class GridError(NovexError, ValueError):
    """A raster or vector does not fit the national grid (CRS, resolution, alignment)."""


class LayerError(NovexError, ValueError):
    """A layer is malformed, unreadable or inconsistent with its registry entry."""


class WorkspaceError(NovexError, ValueError):
    """A workspace folder is missing, incomplete or inconsistent."""


class SpecError(NovexError, ValueError):
    """A user-written spec (TOML, JSON) is malformed or names unknown things."""


class PuzzleError(NovexError, ValueError):
    """A puzzle's arrays or spec are invalid (shapes, NaN, negative demand, ...)."""


class InfeasibleClaimsError(PuzzleError):
    """The claims cannot all be met; the message names the conflicting claims."""

    def __init__(self, message: str, conflicts: object = None) -> None:
        super().__init__(message)
        self.conflicts = conflicts


class ResultsError(NovexError, ValueError):
    """A run or stapelkaart folder is missing, incomplete, of another kind or format version."""


class StackError(NovexError, ValueError):
    """The stapelkaart cannot be computed from the given layers."""


class CLIUsageError(NovexError, ValueError):
    """A command-line option has a bad value."""


class TextError(NovexError, ValueError):
    """A value cannot be written as user-facing text (a bad date, number of decimals)."""


class LanguageError(TextError):
    """A language code novex has no text for (novex speaks ``nl`` and ``en``)."""


class SettingsError(NovexError, ValueError):
    """An environment variable (``NOVEX_*``) has a value novex cannot use."""


class DossierError(NovexError, RuntimeError):
    """A dossier database operation failed (connection, schema, migration)."""


class DossierInputError(DossierError, ValueError):
    """A dossier record has a bad value (unknown province, negative amount, ...); nothing written."""


class DossierNotFoundError(DossierError, LookupError):
    """A dossier record, user or version does not exist."""


class PermissionDeniedError(DossierError, PermissionError):
    """The acting user's role does not allow this read or write."""


class ConflictError(DossierError):
    """An edit was based on an old version of a record; the message says who changed what since.

    ``changes`` holds the audit entries written after the version the edit was based on.
    """

    def __init__(self, message: str, changes: object = None) -> None:
        super().__init__(message)
        self.changes = changes


class ReportError(NovexError, ValueError):
    """A report cannot be made: an unknown province, area or version, or missing inputs."""
