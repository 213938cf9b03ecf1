"""Read ``privacam.yaml``: parse, substitute ``${ENV_VAR}`` secrets, validate, hash.

Secrets never leave this module in anything privacam writes. A load gives two
validated copies of the deployment: ``spec``, with secrets substituted, for the
code that connects to cameras and databases; and ``public``, with the
``${ENV_VAR}`` placeholders left in, from which notices, reports, logs and the
file's hash are made. So a secret cannot reach a written file by accident.

>>> import os
>>> from privacam.policy.deployment_template import render_template
>>> os.environ["DOCTEST_CAM_PASSWORD"] = "s3cret"
>>> text = render_template("counting").replace(
...     "source: media/street.mp4", "source: rtsp://admin:${DOCTEST_CAM_PASSWORD}@10.0.0.2/live")
>>> loaded = load_spec_text(text)
>>> loaded.spec.cameras[0].source
'rtsp://admin:s3cret@10.0.0.2/live'
>>> loaded.public.cameras[0].source
'rtsp://admin:${DOCTEST_CAM_PASSWORD}@10.0.0.2/live'
>>> loaded.redact("connecting to rtsp://admin:s3cret@10.0.0.2/live")
'connecting to rtsp://admin:${DOCTEST_CAM_PASSWORD}@10.0.0.2/live'
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from privacam.errors import InputError
from privacam.policy.spec import Deployment

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class LoadedSpec:
    """A validated deployment file, with and without its secrets."""

    spec: Deployment
    public: Deployment
    sha256: str
    path: Path | None = None
    secrets: dict[str, str] = field(default_factory=dict, repr=False)

    def redact(self, text: str) -> str:
        """Replace every secret value in ``text`` by its ``${NAME}`` placeholder."""
        # Longest first, so a secret that contains another is replaced whole.
        for name, value in sorted(self.secrets.items(), key=lambda kv: -len(kv[1])):
            if value:
                text = text.replace(value, "${" + name + "}")
        return text

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class SecretRedactingFilter(logging.Filter):
    """A logging filter that removes secret values from every record's message."""

    def __init__(self, loaded: LoadedSpec) -> None:
        super().__init__()
        self._loaded = loaded

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._loaded.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def _format_location(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in ("root",):  # RootModel internals carry no meaning for the user
            continue
        else:
            path += f".{part}" if path else str(part)
    return path or "(top level)"


def _describe(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field (check its spelling and indentation)"
    if kind == "missing":
        return "missing field"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def format_validation_error(error: ValidationError, source: str) -> str:
    """One line: ``<file>: <field path>: <what is wrong>`` (and how many more)."""
    errors = error.errors()
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{source}: {_format_location(first['loc'])}: {_describe(first)}{more}"


def _substitute(node: Any, path: str, secrets: dict[str, str], source: str) -> Any:
    """Return a copy of ``node`` with placeholders replaced from the environment."""
    if isinstance(node, dict):
        return {
            key: _substitute(value, f"{path}.{key}" if path else str(key), secrets, source)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_substitute(v, f"{path}[{i}]", secrets, source) for i, v in enumerate(node)]
    if isinstance(node, str):

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise InputError(
                    f"{source}: {path}: environment variable {name} is not set; "
                    f"export {name}=... before running privacam"
                )
            secrets[name] = os.environ[name]
            return os.environ[name]

        return _PLACEHOLDER.sub(replace, node)
    return node


def _validate(data: Any, source: str) -> Deployment:
    if not isinstance(data, dict):
        raise InputError(f"{source}: (top level): expected a mapping of fields, got {data!r:.40}")
    try:
        return Deployment.model_validate(data)
    except ValidationError as error:
        raise InputError(format_validation_error(error, source)) from None


def spec_hash(public: Deployment) -> str:
    """SHA-256 of the deployment's canonical JSON, secrets left as placeholders.

    Comments and formatting do not change it; any change of meaning does, so a
    changed purpose needs a new notice before capture goes on.
    """
    canonical = json.dumps(
        public.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_spec_text(text: str, *, source: str = "privacam.yaml") -> LoadedSpec:
    """Parse and validate the text of a deployment file."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{source}: invalid YAML at {where}: {problem}") from None
    public = _validate(data, source)
    secrets: dict[str, str] = {}
    substituted = _substitute(data, "", secrets, source)
    spec = _validate(substituted, source) if secrets else public
    return LoadedSpec(spec=spec, public=public, sha256=spec_hash(public), secrets=secrets)


def load_spec(path: str | os.PathLike[str]) -> LoadedSpec:
    """Read a deployment file from disk; a missing or unreadable file is an InputError."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"{file}: no such file; create one with `privacam init --case CASE -o {file}`"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{file}: cannot read the file ({error})") from None
    loaded = load_spec_text(text, source=str(file))
    return LoadedSpec(
        spec=loaded.spec,
        public=loaded.public,
        sha256=loaded.sha256,
        path=file,
        secrets=loaded.secrets,
    )
