"""Generate the deployment-file reference (docs/deployment.md) from the pydantic models.

``python -m privacam.policy.reference > docs/deployment.md`` (run by ``make docs``)
rewrites it; a test fails when the committed file differs, and another when a field has
no description, so the reference says what :mod:`privacam.policy.spec` says. Each
section is a model, each row a field: its type and limits, its default and the docstring
written under it. Value kinds used in many places (``Name``, ``Duration`` …) are the
annotated types of the spec, explained once from their ``Doc``; privacam's retention
defaults and ceilings come from :data:`privacam.policy.retention.RETENTION`.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from enum import Enum
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

import annotated_types
from pydantic import BaseModel, RootModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from typing_extensions import Doc

from privacam.policy import durations, spec
from privacam.policy.durations import format_duration
from privacam.policy.retention import RETENTION

_HEADER = """# privacam deployment file reference

Generated from the code by `make docs` (`python -m privacam.policy.reference`); do not edit.
`privacam.yaml` is one `Deployment`; each section below is one of its parts, with every
field it accepts (an unknown field is an error). Write `${ENV_VAR}` where a secret goes:
privacam substitutes it at run time and never writes it anywhere. `privacam init --case
CASE` writes a complete example.
"""

#: Fields whose period privacam caps: the retention key whose ceiling applies.
_CEILINGS = {
    (spec.CrowdSettings, "overwrite_interval"): "icon_map",
    (spec.StreetSettings, "quarantine_dir"): "quarantine",
}


def _kinds() -> dict[int, tuple[str, str]]:
    """The named value kinds (annotated types with a ``Doc``), by identity."""
    found: dict[int, tuple[str, str]] = {}
    for module in (spec, durations):
        for name, value in vars(module).items():
            if get_origin(value) is Annotated:
                doc = next((m for m in value.__metadata__ if isinstance(m, Doc)), None)
                if doc is not None:
                    found[id(value)] = (name, doc.documentation)
    return found


_KINDS = _kinds()


#: Each annotated_types limit, the attribute holding its value, and how it reads.
_LIMIT_WORDS: tuple[tuple[type, str, str], ...] = (
    (annotated_types.Gt, "gt", "> {:g}"),
    (annotated_types.Ge, "ge", "≥ {:g}"),
    (annotated_types.Lt, "lt", "< {:g}"),
    (annotated_types.Le, "le", "≤ {:g}"),
    (annotated_types.MinLen, "min_length", "at least {}"),
    (annotated_types.MaxLen, "max_length", "at most {}"),
)


def _constraints(metadata: list[Any]) -> list[str]:
    """Limits a value must keep, in words."""
    words = []
    for item in metadata:
        if isinstance(item, FieldInfo):
            words += _constraints(item.metadata)
        elif (word := _limit_in_words(item)) is not None:
            words.append(word)
    return words


def _limit_in_words(item: Any) -> str | None:
    for limit_type, attribute, template in _LIMIT_WORDS:
        if isinstance(item, limit_type):
            return template.format(getattr(item, attribute))
    if getattr(item, "pattern", None):
        return f"matching `{item.pattern}`"
    return None


def _type(hint: Any) -> str:
    """A type as the person writing YAML thinks of it."""
    if id(hint) in _KINDS:
        name = _KINDS[id(hint)][0]
        return f"[{name}](#{name.lower()})"
    origin, args = get_origin(hint), get_args(hint)
    if origin is Annotated:
        limits = _constraints(list(hint.__metadata__))
        return _type(args[0]) + (f" ({', '.join(limits)})" if limits else "")
    if origin in (Union, types.UnionType):
        return " or ".join(_type(a) for a in args if a is not type(None)) + (
            " or null" if type(None) in args else ""
        )
    if origin is list:
        return f"list of {_type(args[0])}"
    if origin is tuple:
        return "[" + ", ".join(_type(a) for a in args) + "]"
    if origin is Literal:
        return " | ".join(f"`{a}`" for a in args)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return " | ".join(f"`{member.value}`" for member in hint)
    if isinstance(hint, type) and issubclass(hint, RootModel):
        return "text: a mapping of language to text, ja and en required"
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        return f"[{hint.__name__}](#{hint.__name__.lower()})"
    return _SCALARS.get(hint, getattr(hint, "__name__", str(hint)))


_SCALARS = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    dt.date: "date (YYYY-MM-DD)",
    dt.timedelta: "duration",
}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.timedelta):
        return durations.to_text(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value = field.default_factory()  # type: ignore[call-arg]  # no validated-data factories
        if isinstance(value, BaseModel):
            return "its section's defaults"
    elif field.default is PydanticUndefined:
        return "**required**"
    else:
        value = field.default
    return f"`{json.dumps(_plain(value), ensure_ascii=False)}`"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _ceiling(key: str) -> str:
    limit = RETENTION[key]
    ceiling = format_duration(limit.ceiling, "en") if limit.ceiling is not None else "none"
    return (
        f" privacam's ceiling (`{key}` in policy/retention.py): {ceiling}; "
        f"default {format_duration(limit.default, 'en')}."
    )


def _sections() -> list[tuple[type[BaseModel], list[str]]]:
    """Every model reachable from ``Deployment``, in field order, with the paths it sits at."""
    found: dict[type[BaseModel], list[str]] = {}

    def visit(model: type[BaseModel], path: str) -> None:
        first = model not in found
        found.setdefault(model, []).append(path or "(the file)")
        if not first:
            return
        for name, hint in get_type_hints(model, include_extras=True).items():
            for inner in _models_in(hint):
                suffix = "[]" if _is_list(hint) else ""
                visit(inner, f"{path}.{name}{suffix}".lstrip("."))

    visit(spec.Deployment, "")
    return list(found.items())


def _models_in(hint: Any) -> list[type[BaseModel]]:
    if isinstance(hint, type) and issubclass(hint, BaseModel) and not issubclass(hint, RootModel):
        return [hint]
    return [m for arg in get_args(hint) for m in _models_in(arg)]


def _is_list(hint: Any) -> bool:
    """A list, perhaps inside ``| None``: its items sit at ``path[]``."""
    return get_origin(hint) is list or any(_is_list(arg) for arg in get_args(hint))


def _section(model: type[BaseModel], paths: list[str]) -> list[str]:
    hints = get_type_hints(model, include_extras=True)
    lines = [f"## {model.__name__}", ""]
    lines += [f"At: {', '.join(f'`{p}`' for p in paths)}", ""]
    lines += [" ".join((model.__doc__ or "").split()), ""]
    lines += ["| field | type | default | description |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        own = [m for m in field.metadata if not isinstance(m, Doc)]
        declared = _constraints(
            list(hints[name].__metadata__) if get_origin(hints[name]) is Annotated else []
        )
        limits = [word for word in _constraints(own) if word not in declared]
        kind = _type(hints[name]) + (f" ({', '.join(limits)})" if limits else "")
        text = field.description or ""
        if (model, name) in _CEILINGS:
            text += _ceiling(_CEILINGS[(model, name)])
        lines.append(f"| `{name}` | {_cell(kind)} | {_default(field)} | {_cell(text)} |")
    lines.append("")
    if model is spec.DataItem:
        lines += _retention_table()
    return lines


def _retention_table() -> list[str]:
    lines = [
        "privacam's defaults and ceilings per retention key (GUIDEBOOK §6,",
        "`policy/retention.py`); a data item above its key's ceiling is an error in",
        "`privacam check`, and the store never keeps it longer.",
        "",
        "| key | data class | default | ceiling | warning above | data |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for limit in RETENTION.values():
        ceiling = format_duration(limit.ceiling, "en") if limit.ceiling is not None else "—"
        warn = format_duration(limit.warn_above, "en") if limit.warn_above is not None else "—"
        lines.append(
            f"| `{limit.key}` | {limit.data_class.value} | "
            f"{format_duration(limit.default, 'en')} | {ceiling} | {warn} | "
            f"{_cell(limit.description.en)} |"
        )
    return [*lines, ""]


def _kinds_section() -> list[str]:
    lines = ["## Value kinds", "", "| kind | meaning |", "| --- | --- |"]
    for name, doc in sorted(_KINDS.values()):
        lines.append(f'| <a id="{name.lower()}"></a>`{name}` | {_cell(doc)} |')
    return [*lines, ""]


def undescribed_fields() -> list[str]:
    """``Model.field`` for every field without a description (a test keeps this empty)."""
    return [
        f"{model.__name__}.{name}"
        for model, _ in _sections()
        for name, field in model.model_fields.items()
        if not (field.description or "").strip()
    ]


def generate() -> str:
    """The Markdown reference of every section and field of the deployment file."""
    lines = [_HEADER]
    for model, paths in _sections():
        lines += _section(model, paths)
    lines += _kinds_section()
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(generate(), end="")
