"""Read ``privacam.yaml``: parse, validate, hash; resolve ``${ENV_VAR}`` secrets only to connect.

A load needs no secret. It gives the validated deployment with its ``${ENV_VAR}``
placeholders left in, from which checks, notices, reports, logs and the file's
hash are made, so a secret cannot reach a written file by accident. A
placeholder is resolved from the environment only where privacam connects: a
camera's ``source`` (:meth:`LoadedSpec.camera_source`) and the store's ``url``
(:attr:`LoadedSpec.store_url`). So ``check``, ``notice`` or ``assess`` never
need the camera password, and an unset variable is an error only for the
command that opens that camera or store. The value of every referenced
variable that is set is remembered for redaction by value
(:mod:`privacam.secret_values`).

>>> import os
>>> from privacam.policy.deployment_template import render_template
>>> os.environ["DOCTEST_CAM_PASSWORD"] = "s3cret"
>>> text = render_template("counting").replace(
...     "source: media/street.mp4", "source: rtsp://admin:${DOCTEST_CAM_PASSWORD}@10.0.0.2/live")
>>> loaded = load_spec_text(text)
>>> loaded.public.cameras[0].source
'rtsp://admin:${DOCTEST_CAM_PASSWORD}@10.0.0.2/live'
>>> loaded.camera_source(0)
'rtsp://admin:s3cret@10.0.0.2/live'
>>> loaded.redact("connecting to rtsp://admin:s3cret@10.0.0.2/live")
'connecting to rtsp://admin:${DOCTEST_CAM_PASSWORD}@10.0.0.2/live'
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from privacam import secret_values
from privacam.errors import InputError
from privacam.policy.spec import Deployment

_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: The fields naming something privacam connects to: the only ones whose placeholders it
#: resolves. A placeholder anywhere else would be used or printed as it is (rule SEC-004).
CONNECTION_FIELDS = ("cameras[].source", "store.url")
#: A deployment file is a few kilobytes; a larger one is refused before it is parsed, so
#: that no field can make the notice or the checks hang.
MAX_FILE_BYTES = 1024 * 1024


def placeholders(text: str) -> list[str]:
    """The names of the ``${ENV_VAR}`` placeholders in ``text``, in order."""
    return _PLACEHOLDER.findall(text)


def resolve_placeholders(text: str, where: str) -> str:
    """``text`` with each ``${NAME}`` replaced by the environment's value.

    ``where`` names the field for the error: an unset variable is an InputError that
    says which variable and how to set it.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        value = os.environ.get(name)
        if value is None:
            raise InputError(
                f"{where}: 環境変数 {name} が設定されていません。export {name}=... を実行してください"
                f" / environment variable {name} is not set; export {name}=... before running "
                "privacam"
            )
        secret_values.remember(name, value)
        return value

    return _PLACEHOLDER.sub(replace, text)


@dataclass(frozen=True)
class LoadedSpec:
    """A validated deployment file; its secrets are resolved only to connect."""

    #: The deployment with its ``${ENV_VAR}`` placeholders left in.
    public: Deployment
    sha256: str
    path: Path | None = None
    #: Name → value of every referenced variable that is set, for redaction by value.
    secrets: dict[str, str] = field(default_factory=dict, repr=False)
    #: How errors name the file.
    source: str = "privacam.yaml"

    @property
    def spec(self) -> Deployment:
        """The deployment, as the runtime reads it: the same object as :attr:`public`.

        It holds no secret; what connects asks :meth:`camera_source` or :attr:`store_url`.
        """
        return self.public

    def camera_source(self, index: int) -> str:
        """Camera ``index``'s source with its secrets; InputError when a variable is unset."""
        where = f"{self.source}: cameras[{index}].source"
        return resolve_placeholders(self.public.cameras[index].source, where)

    @property
    def store_url(self) -> str:
        """The store's URL with its secrets; InputError when a variable is unset."""
        return resolve_placeholders(self.public.store.url, f"{self.source}: store.url")

    def redact(self, text: str) -> str:
        """Replace every secret value in ``text`` by its ``${NAME}`` placeholder."""
        return secret_values.redact(text)

    @property
    def short_hash(self) -> str:
        return self.sha256[:12]


class SecretRedactingFilter(secret_values.RedactingFilter):
    """A logging filter that removes secret values from every record's message."""

    def __init__(self, loaded: LoadedSpec | None = None) -> None:
        super().__init__()


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
    message = f"{source}: {_format_location(first['loc'])}: {_describe(first)}{more}"
    return " ".join(message.split())  # pydantic's messages may hold line breaks


class _DeploymentYamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader (LibYAML's parser where present), made strict: a key written twice
    or an impossible date is an error.

    PyYAML keeps the last of two equal keys silently, so a second ``retention:`` would
    quietly win over the first; and it raises a bare ValueError for ``2026-02-30``.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_lines: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # keys merged in with << may be overridden: that is what << is for
            key = self.construct_object(key_node, deep=True)
            try:
                earlier = first_lines.get(key)
            except TypeError:
                continue  # an unhashable key: the base constructor says so
            line = key_node.start_mark.line + 1
            if earlier is not None:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"キー {key!r} が重複しています（{earlier} 行目にもあります） / "
                    f"duplicate key {key!r} (also at line {earlier})",
                    key_node.start_mark,
                )
            first_lines[key] = line
        return super().construct_mapping(node, deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"{node.value!r} は存在しない日付です / {node.value!r} is not a real date "
                "(write YYYY-MM-DD)",
                node.start_mark,
            ) from None


_DeploymentYamlLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", _DeploymentYamlLoader.construct_yaml_timestamp
)


def _parse(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_DeploymentYamlLoader)  # a SafeLoader: no tags run code
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"{source}: invalid YAML at {where}: {problem}") from None
    except RecursionError:
        raise InputError(f"{source}: invalid YAML: nested too deeply") from None


def _validate(data: Any, source: str) -> Deployment:
    if not isinstance(data, dict):
        raise InputError(f"{source}: (top level): expected a mapping of fields, got {data!r:.40}")
    try:
        return Deployment.model_validate(data)
    except ValidationError as error:
        raise InputError(format_validation_error(error, source)) from None


def _referenced_secrets(public: Deployment) -> dict[str, str]:
    """Name → value of each variable the connection fields name and the environment sets."""
    texts = [camera.source for camera in public.cameras] + [public.store.url]
    found: dict[str, str] = {}
    for text in texts:
        for name in placeholders(text):
            value = os.environ.get(name)
            if value is not None:
                found[name] = value
                secret_values.remember(name, value)
    return found


def spec_hash(public: Deployment) -> str:
    """SHA-256 of the deployment's canonical JSON, secrets left as placeholders.

    Comments and formatting do not change it; any change of meaning does, so a
    changed purpose needs a new notice before capture goes on.
    """
    canonical = json.dumps(
        public.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _too_large(size: int, source: str) -> InputError:
    return InputError(
        f"{source}: ファイルが大きすぎます（{size} バイト、上限 {MAX_FILE_BYTES} バイト） / "
        f"the file is too large ({size} bytes; a deployment file has at most {MAX_FILE_BYTES})"
    )


def load_spec_text(
    text: str, *, source: str = "privacam.yaml", path: Path | None = None
) -> LoadedSpec:
    """Parse and validate the text of a deployment file; no secret is needed."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_FILE_BYTES:
        raise _too_large(size, source)
    public = _validate(_parse(text, source), source)
    return LoadedSpec(
        public=public,
        sha256=spec_hash(public),
        path=path,
        secrets=_referenced_secrets(public),
        source=source,
    )


def load_spec(path: str | os.PathLike[str]) -> LoadedSpec:
    """Read a deployment file from disk; a missing or unreadable file is an InputError."""
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError(f"{file}: is a folder; give the deployment file (privacam.yaml)")
        if file.exists() and not file.is_file():  # a FIFO or a device would block the read
            raise InputError(f"{file}: is not a regular file; give the deployment file")
        if file.exists() and file.stat().st_size > MAX_FILE_BYTES:
            raise _too_large(file.stat().st_size, str(file))
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"{file}: no such file; create one with `privacam init --case CASE -o {file}`"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{file}: cannot read the file ({error})") from None
    return load_spec_text(text, source=str(file), path=file)
