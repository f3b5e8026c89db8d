"""Field validators with French and English messages.

Each validator returns the normalised value, returns None for an empty optional value, or raises
:class:`ValidationError` naming the field. Forms that check several fields use :class:`Validator`
to collect every error and raise them together as :class:`ValidationErrors`::

    v = Validator()
    email = v.check("email", validate_email, data.get("email"))
    siren = v.check("siren", validate_siren, data.get("siren"), required=True)
    v.raise_if_errors()

Messages are English source strings marked with ``N_``; their French translations are in
``resources/locale/fr/LC_MESSAGES/core.po``. Dates, amounts, yes/no and quarters are read by the
parsers of :mod:`prm_desktop.domain.parsing` (shared by forms, imports and the CLI), which raise
:class:`ValidationError` too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from prm_desktop.domain.i18n import N_, _, translate

__all__ = [
    "ValidationError",
    "ValidationErrors",
    "Validator",
    "is_empty",
    "is_france",
    "luhn_valid",
    "require",
    "validate_choice",
    "validate_email",
    "validate_fields",
    "validate_url",
]


class ValidationError(ValueError):
    """A bad value for one field.

    Args:
        field: The field's name (e.g. ``"email"``), used to show the message where it was typed.
        message: The English source message, marked with ``N_`` (it may hold ``{name}`` placeholders).
        **params: Values for the placeholders.

    ``.message`` and ``str(err)`` give the message in the current language; ``.message_en`` and
    ``.message_fr`` in each language.
    """

    def __init__(self, field: str, message: str, **params: Any) -> None:
        super().__init__(field, message)
        self.field = field
        self.msgid = message
        self.params = params

    @property
    def message(self) -> str:
        return _(self.msgid, **self.params)

    @property
    def message_en(self) -> str:
        return translate(self.msgid, "en", **self.params)

    @property
    def message_fr(self) -> str:
        return translate(self.msgid, "fr", **self.params)

    def with_field(self, field: str) -> ValidationError:
        """Return the same error for another field name."""
        return ValidationError(field, self.msgid, **self.params)

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"ValidationError({self.field!r}, {self.msgid!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_error, (self.field, self.msgid, self.params))


def _rebuild_error(field: str, message: str, params: dict[str, Any]) -> ValidationError:
    return ValidationError(field, message, **params)


class ValidationErrors(ValueError):
    """Several field errors raised together.

    Args:
        errors: The errors, in the order found.
    """

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        self.errors: list[ValidationError] = list(errors)
        super().__init__(self.errors)

    def by_field(self) -> dict[str, str]:
        """Return the first message of each field, in the current language."""
        result: dict[str, str] = {}
        for err in self.errors:
            result.setdefault(err.field, err.message)
        return result

    def __iter__(self) -> Iterator[ValidationError]:
        return iter(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def __str__(self) -> str:
        return "\n".join(f"{err.field}: {err.message}" for err in self.errors)


class Validator:
    """Collects the errors of several fields, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def check(
        self,
        field: str,
        func: Callable[..., Any],
        value: Any,
        *args: Any,
        required: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Validate one field and remember its error.

        Args:
            field: The field's name, given to any error raised.
            func: A validator such as :func:`validate_email`, called as ``func(value, *args, **kwargs)``.
            value: The raw value.
            *args: More positional arguments for ``func``.
            required: When true an empty value is an error ("This field is required.").
            **kwargs: More keyword arguments for ``func``.

        Returns:
            The normalised value, or None when empty or invalid.
        """
        try:
            if required:
                require(value, field)
            if is_empty(value):
                return None
            return func(value, *args, **kwargs)
        except ValidationError as err:
            self.errors.append(err.with_field(field))
            return None

    def add(self, field: str, message: str, **params: Any) -> None:
        """Record an error found by other means (message marked with ``N_``)."""
        self.errors.append(ValidationError(field, message, **params))

    def validate(self, data: Mapping[str, Any], rules: Mapping[str, Callable[[Any], Any]]) -> dict[str, Any]:
        """Validate the fields of ``data`` named in ``rules``.

        Args:
            data: Raw values by field (missing fields count as empty).
            rules: Validator by field; use ``functools.partial`` or a lambda for extra arguments.

        Returns:
            Normalised values by field (errors are collected, not raised).
        """
        return {name: self.check(name, rule, data.get(name)) for name, rule in rules.items()}

    @property
    def ok(self) -> bool:
        return not self.errors

    def raise_if_errors(self) -> None:
        """Raise :class:`ValidationErrors` if any error was collected."""
        if self.errors:
            raise ValidationErrors(self.errors)


def validate_fields(data: Mapping[str, Any], rules: Mapping[str, Callable[[Any], Any]]) -> dict[str, Any]:
    """Validate several fields and raise all errors at once.

    Args:
        data: Raw values by field.
        rules: Validator by field.

    Returns:
        Normalised values by field.

    Raises:
        ValidationErrors: If any field is invalid.
    """
    validator = Validator()
    result = validator.validate(data, rules)
    validator.raise_if_errors()
    return result


# --- helpers -----------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")


def is_empty(value: Any) -> bool:
    """Return True for None and for strings that are blank."""
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    return str(value).strip()


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def is_france(country: str | None) -> bool:
    """Return True when ``country`` means France (``"FR"``, ``"France"``, empty or None)."""
    return _strip_accents(country or "").strip().casefold() in ("", "fr", "fra", "france")


def luhn_valid(digits: str) -> bool:
    """Return True when the string of digits passes the Luhn check."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# --- generic ------------------------------------------------------------------------------------


def require(value: Any, field: str) -> Any:
    """Check that a required field is filled.

    Returns:
        The value, stripped if it is a string.

    Raises:
        ValidationError: If the value is None or blank.
    """
    if is_empty(value):
        raise ValidationError(field, N_("This field is required."))
    return value.strip() if isinstance(value, str) else value


def validate_choice(value: Any, choices: Iterable[str], field: str) -> str | None:
    """Check that ``value`` is one of ``choices`` (case- and accent-insensitive).

    Returns:
        The matching choice as spelled in ``choices``.
    """
    if is_empty(value):
        return None
    options = list(choices)
    text = _text(value)
    if text in options:
        return text
    key = _strip_accents(text).casefold()
    for option in options:
        if _strip_accents(option).casefold() == key:
            return option
    raise ValidationError(field, N_("Choose one of: {choices}."), choices=", ".join(options))


_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def validate_email(value: Any, field: str = "email") -> str | None:
    """Check an e-mail address.

    Returns:
        The address, stripped and lower-cased.
    """
    if is_empty(value):
        return None
    text = _text(value)
    local = text.rpartition("@")[0]
    if len(text) > 254 or not _EMAIL.match(text) or local.startswith(".") or ".." in local:
        raise ValidationError(field, N_("Enter a valid e-mail address, like name@example.fr."))
    return text.lower()


#: The longest web address accepted (browsers and Excel cells stay well within it).
MAX_URL_LENGTH = 2_000


_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def _url_error(field: str) -> ValidationError:
    return ValidationError(field, N_("Enter a web address, like https://www.example.fr."))


def validate_url(value: Any, field: str = "website") -> str | None:
    """Check a web address; one without scheme (``www.example.fr``) gets ``https://``.

    Returns:
        The address with a lower-case scheme and host.
    """
    if is_empty(value):
        return None
    text = _text(value)
    if len(text) > MAX_URL_LENGTH:  # a cell or field of any length would otherwise be accepted
        raise ValidationError(field, N_("At most {max} characters."), max=MAX_URL_LENGTH)
    if not _URL_SCHEME.match(text):
        text = "https://" + text
    if _SPACES.search(text):
        raise _url_error(field)
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise _url_error(field) from None
    labels = host.split(".")
    if (
        parts.scheme.lower() not in ("http", "https")
        or (len(labels) < 2 and host != "localhost")
        or not all(map(_HOST_LABEL.fullmatch, labels))
        or parts.username is not None
    ):
        raise _url_error(field)
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


# --- French identifiers, phone numbers, postcodes ----------------------------------------------------

#: Country prefixes of EU VAT numbers (Greece is EL; XI is Northern Ireland).


_MOVED = frozenset(
    {"EU_VAT_COUNTRIES", "validate_phone", "validate_postcode", "validate_siren", "validate_siret", "validate_vat_fr"}
)


def __getattr__(name: str) -> Any:
    """The identifier validators live in `prm_desktop.domain.identifiers`; they stay importable here."""
    if name in _MOVED:
        from prm_desktop.domain import identifiers

        return getattr(identifiers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
