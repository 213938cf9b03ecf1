"""The secret values behind ``${ENV_VAR}`` placeholders, and their redaction by value.

A deployment file writes camera and database passwords as ``${ENV_VAR}``. The
loader remembers the value of every such variable that is set (without needing
it), and :func:`redact` replaces each remembered value by its placeholder
wherever it appears: in a URL's password, in its query string
(``?token=...``), percent-encoded, or anywhere else in a message, a log line,
an audit entry or a hash input. Redaction by value needs no knowledge of where
a secret may stand, so a new place cannot leak it.

Values shorter than :data:`MIN_LENGTH` are not searched for: replacing every
``1`` in a report would corrupt it without protecting anything.

A secret written literally into a URL's query string has no placeholder to
redact by; :func:`mask_query_secrets` masks the parameters whose names say they
hold one (``password``, ``token``, ``key``, ``secret``, ``auth``...).

>>> remember("DOCTEST_TOKEN", "tok-3141")
>>> redact("rtsp://admin:tok-3141@10.0.0.2/live?token=tok-3141")
'rtsp://admin:${DOCTEST_TOKEN}@10.0.0.2/live?token=${DOCTEST_TOKEN}'
>>> mask_query_secrets("rtsp://10.0.0.2/live?channel=1&api_key=abc123")
'rtsp://10.0.0.2/live?channel=1&api_key=***'
"""

from __future__ import annotations

import logging
import re
import threading
from urllib.parse import quote, quote_plus, unquote_plus

#: Shorter values are not redacted (see the module docstring).
MIN_LENGTH = 4

_lock = threading.Lock()
#: Every form a value may take in text (as is, percent-encoded) → its placeholder.
_forms: dict[str, str] = {}


def remember(name: str, value: str) -> None:
    """Redact ``value`` (the value of ``${name}``) from everything :func:`redact` sees."""
    if len(value) < MIN_LENGTH:
        return
    placeholder = "${" + name + "}"
    with _lock:
        for form in {value, quote(value, safe=""), quote_plus(value, safe="")}:
            _forms.setdefault(form, placeholder)


def redact(text: str) -> str:
    """``text`` with every remembered secret value replaced by its ``${NAME}``."""
    with _lock:
        # Longest first, so that a secret containing another is replaced whole.
        forms = sorted(_forms.items(), key=lambda item: -len(item[0]))
    for form, placeholder in forms:
        if form in text:
            text = text.replace(form, placeholder)
    return text


#: Words that, anywhere in a query parameter's name, say that it holds a secret.
_SECRET_WORDS = (
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "signature",
)
#: Parts of a name (split at ``_``, ``-``, ``.``) that say so only as a whole part: ``key``
#: but not ``sslkey`` (libpq's path to a key file), ``pass`` but not ``passfile``.
_SECRET_PARTS = frozenset({"key", "pass", "pwd", "pw", "auth", "authorization", "sig"})
_PLACEHOLDER = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")


def is_secret_parameter(name: str) -> bool:
    """Whether a URL query parameter's name says it holds a secret."""
    lowered = name.lower()
    if any(word in lowered for word in _SECRET_WORDS):
        return True
    return any(part in _SECRET_PARTS for part in re.split(r"[^a-z0-9]+", lowered))


def literal_query_secrets(url: str) -> list[str]:
    """Names of the query parameters of ``url`` that hold a secret written literally.

    A value with a ``${ENV_VAR}`` placeholder in it is not literal.
    """
    _, _, query = url.partition("?")
    names = []
    for pair in query.split("#", 1)[0].split("&"):
        name, _, value = pair.partition("=")
        name = unquote_plus(name)
        if value and is_secret_parameter(name) and not _PLACEHOLDER.search(value):
            names.append(name)
    return names


def mask_query_secrets(url: str) -> str:
    """``url`` with every secret-named query parameter's literal value replaced by ``***``."""
    base, mark, query = url.partition("?")
    if not mark:
        return url
    query, hash_mark, fragment = query.partition("#")
    pairs = []
    for pair in query.split("&"):
        name, equals, value = pair.partition("=")
        literal = not _PLACEHOLDER.search(value)
        if equals and value and literal and is_secret_parameter(unquote_plus(name)):
            pair = f"{name}=***"
        pairs.append(pair)
    return f"{base}?{'&'.join(pairs)}{hash_mark}{fragment}"


def _redact_record(record: logging.LogRecord) -> None:
    if not _forms:
        return
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: logging reports it when the record is emitted
        return
    redacted = redact(message)
    if redacted != message:
        record.msg, record.args = redacted, None
    if record.exc_info and record.exc_info[1] is not None:
        # Tracebacks are formatted from the exception itself: keep only its redacted text.
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        record.exc_info = None


class RedactingFilter(logging.Filter):
    """A logging filter that removes every remembered secret value from each record."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


def redact_log_records() -> None:
    """Redact every log record this process creates, whichever logger or handler it meets.

    A filter only guards the handlers it is added to; the record factory sees every
    record. Calling it again changes nothing.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts_secrets", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _redact_record(record)
        return record

    factory.redacts_secrets = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
