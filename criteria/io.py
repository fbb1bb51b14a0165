"""Reading and writing decision models: YAML (canonical) and the model workbook.

YAML is the canonical, human-editable form: UTF-8 with Persian left
unescaped, fields in a fixed order, empty optional fields left out.  It is
read with a safe loader that builds plain data only (no Python tags), refuses
anchors/aliases (they make "billion laughs" bombs) and duplicate keys (the
second ``factors:`` silently replacing the first is a classic trap).

A model workbook (.xlsx) is recognised by its content (a zip archive) and
handled by :mod:`criteria.workbook`, imported only when needed so that
``criteria`` never loads Excel machinery.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

from mcda.errors import ModelError, Problem

from .model import DEFAULT_RATING_SCALE, Dependency, Factor, Group, Intensity, Model, Strategy
from .validate import factor_id_list, validate_model, yes_no

__all__ = [
    "ModelCheck",
    "load_model",
    "save_model",
    "check_model_file",
    "check_model_data",
    "model_from_dict",
    "model_to_data",
    "model_from_yaml",
    "model_to_yaml",
    "MAX_MODEL_FILE_BYTES",
]

# A real model is a few tens of KB; anything far larger is a mistake or an attack.
MAX_MODEL_FILE_BYTES = 5 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
_YAML_HEADER = (
    "# rahbord decision model (YAML). Edit labels freely; keep ids stable:\n"
    "# questionnaires and results refer to groups, factors and strategies by id.\n"
)

PathOrFile = str | os.PathLike | IO[bytes] | IO[str] | bytes


@dataclass(frozen=True, slots=True)
class ModelCheck:
    """The outcome of reading a model file: the model (None when it has errors) and every problem."""

    model: Model | None
    problems: tuple[Problem, ...]
    source: str = ""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity != "error")

    @property
    def ok(self) -> bool:
        return self.model is not None and not self.errors

    def __repr__(self) -> str:
        model = self.model.id if self.model is not None else None
        return f"ModelCheck(model={model!r}, errors={len(self.errors)}, warnings={len(self.warnings)})"

    def raise_for_errors(self) -> Model:
        """The model, or :class:`~mcda.errors.ModelError` listing every problem."""
        if self.model is None or self.errors:
            raise ModelError(_summary(self.source, self.problems), list(self.problems))
        return self.model

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "model": self.model.id if self.model is not None else None,
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
        }


# ---- plain data <-> Model ----------------------------------------------------------
def model_from_dict(data: Mapping[str, Any], *, source: str = "") -> Model:
    """Build a :class:`Model` from plain data, or raise :class:`ModelError` with ALL problems.

    Warnings (e.g. a group with a single factor) do not stop the build; use
    :func:`criteria.validate_model` or :func:`check_model_file` to see them.

    >>> m = model_from_dict({
    ...     "id": "demo", "version": "1", "title_en": "Demo", "title_fa": "نمونه",
    ...     "goal_en": "Choose", "goal_fa": "انتخاب",
    ...     "groups": [{"id": "S", "label_en": "Strengths", "label_fa": "قوت‌ها"},
    ...                {"id": "W", "label_en": "Weaknesses", "label_fa": "ضعف‌ها"}],
    ...     "factors": [{"id": "S1", "group": "S", "label_en": "a", "label_fa": "الف"},
    ...                 {"id": "W1", "group": "W", "label_en": "b", "label_fa": "ب"}],
    ...     "strategies": [{"id": "P1", "label_en": "x", "label_fa": "ایکس"},
    ...                    {"id": "P2", "label_en": "y", "label_fa": "ایگرگ"}]})
    >>> [s.id for s in m.comparison_sets()]
    ['groups']
    """
    return check_model_data(data, source).raise_for_errors()


def check_model_data(data: Any, source: str = "", lang: str = "en") -> ModelCheck:
    """Validate plain model data (e.g. from a web form) and build the model when it has no errors.

    Never raises for bad data: the result holds the model (or None) and every problem (the checks
    :mod:`criteria.messages` words, in ``lang``).
    """
    problems = validate_model(data, source=source, lang=lang)
    if any(p.severity == "error" for p in problems):
        return ModelCheck(None, tuple(problems), source)
    return ModelCheck(_build(data), tuple(problems), source)


def _build(data: Mapping[str, Any]) -> Model:
    """Construct a Model from data that passed validation (normalising text and numbers)."""

    def text(mapping: Mapping, key: str) -> str:
        value = mapping.get(key)
        if value is None:
            return ""
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else repr(value)
        # one newline convention: XML (and so .xlsx) reads "\r\n" back as "\n"
        return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()

    def items(key: str) -> list[Mapping]:
        return list(data.get(key) or ())

    scale = data.get("rating_scale")
    rating_scale = (
        DEFAULT_RATING_SCALE
        if scale is None
        else tuple(
            Intensity(text(i, "id"), text(i, "label_en"), text(i, "label_fa"), float(i["value"])) for i in scale
        )
    )
    return Model(
        id=text(data, "id"),
        version=text(data, "version"),
        title_en=text(data, "title_en"),
        title_fa=text(data, "title_fa"),
        goal_en=text(data, "goal_en"),
        goal_fa=text(data, "goal_fa"),
        description_en=text(data, "description_en"),
        description_fa=text(data, "description_fa"),
        groups=tuple(
            Group(text(g, "id"), text(g, "label_en"), text(g, "label_fa"), text(g, "description_en"), text(g, "description_fa"))
            for g in items("groups")
        ),
        factors=tuple(
            Factor(text(f, "id"), text(f, "group"), text(f, "label_en"), text(f, "label_fa"), text(f, "short_en"), text(f, "short_fa"))
            for f in items("factors")
        ),
        strategies=tuple(
            Strategy(
                text(s, "id"), text(s, "label_en"), text(s, "label_fa"), text(s, "short_en"), text(s, "short_fa"),
                tows=text(s, "tows").upper(), tows_factors=factor_id_list(s.get("tows_factors")),
                tows_reason_en=text(s, "tows_reason_en"), tows_reason_fa=text(s, "tows_reason_fa"),
            )
            for s in items("strategies")
        ),
        evaluation=text(data, "evaluation") or "ratings",
        group_weighting=text(data, "group_weighting") or "direct",
        rating_scale=rating_scale,
        dependencies=tuple(Dependency(text(d, "source"), text(d, "target")) for d in items("dependencies")),
        position_ratings=bool(yes_no(data.get("position_ratings"))),
        feedback=bool(yes_no(data.get("feedback"))),
        cluster_weights=text(data, "cluster_weights") or "compared",
    )


def model_to_data(model: Model) -> dict[str, Any]:
    """The canonical plain data of a model, as saved in YAML.

    Fields come in a fixed, readable order; empty optional fields are left
    out; the rating scale is written out for ratings models (so a planner
    sees and can edit it) and omitted for pairwise models that keep the
    default.  ``model_from_dict(model_to_data(m)) == m``.
    """
    data: dict[str, Any] = {"id": model.id, "version": model.version}
    for key in ("title_en", "title_fa", "description_en", "description_fa", "goal_en", "goal_fa"):
        value = getattr(model, key)
        if value or not key.startswith("description"):
            data[key] = value
    data["groups"] = [_compact(g, ("id", "label_en", "label_fa", "description_en", "description_fa"), 3) for g in model.groups]
    data["factors"] = [_compact(f, ("id", "group", "label_en", "label_fa", "short_en", "short_fa"), 4) for f in model.factors]
    data["strategies"] = [
        _compact(s, ("id", "label_en", "label_fa", "short_en", "short_fa", "tows", "tows_factors", "tows_reason_en", "tows_reason_fa"), 3)
        for s in model.strategies
    ]
    for strategy in data["strategies"]:
        if "tows_factors" in strategy:
            strategy["tows_factors"] = _IdList(strategy["tows_factors"])
    data["evaluation"] = model.evaluation
    if model.group_weighting != "direct":
        data["group_weighting"] = model.group_weighting
    if model.evaluation == "ratings" or tuple(model.rating_scale) != DEFAULT_RATING_SCALE:
        data["rating_scale"] = [
            {"id": i.id, "label_en": i.label_en, "label_fa": i.label_fa, "value": float(i.value)} for i in model.rating_scale
        ]
    if model.dependencies:
        data["dependencies"] = [{"source": d.source, "target": d.target} for d in model.dependencies]
    if model.position_ratings:
        data["position_ratings"] = True
    if model.feedback:
        data["feedback"] = True
    if model.cluster_weights != "compared":
        data["cluster_weights"] = model.cluster_weights
    return data


def _compact(item: Any, keys: tuple[str, ...], required: int) -> dict[str, Any]:
    """The item's fields in order; optional ones (after the first ``required``) only when set."""
    out = {}
    for position, key in enumerate(keys):
        value = getattr(item, key)
        if position < required or value:
            out[key] = value
    return out


# ---- YAML ---------------------------------------------------------------------------
class _ModelLoader(yaml.SafeLoader):
    """Safe loader that also refuses aliases and duplicate keys."""

    def compose_node(self, parent, index):  # noqa: ANN001 — PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name / *name) are not allowed in model files; write the value out", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001
        seen: set = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key; the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"the key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _ModelDumper(yaml.SafeDumper):
    """Readable YAML: list items indented under their key, no aliases, long lines kept whole."""

    def increase_indent(self, flow=False, indentless=False):  # noqa: ANN001
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data):  # noqa: ANN001
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


class _IdList(list):
    """A short list of ids, written on one line: ``tows_factors: [S3, O8]``."""


def _represent_id_list(dumper: yaml.SafeDumper, value: _IdList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", list(value), flow_style=True)


_ModelDumper.add_representer(str, _represent_str)
_ModelDumper.add_representer(_IdList, _represent_id_list)


def model_to_yaml(model: Model) -> str:
    """The model as canonical YAML text (UTF-8, Persian unescaped, stable order)."""
    body = yaml.dump(
        model_to_data(model),
        Dumper=_ModelDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
        indent=2,
    )
    return _YAML_HEADER + body


def model_from_yaml(text: str, *, source: str = "<string>") -> Model:
    """Parse YAML text into a validated :class:`Model` (raises :class:`ModelError`)."""
    return _check_yaml_text(text, source).raise_for_errors()


def _check_yaml_text(text: str, source: str, lang: str = "en") -> ModelCheck:
    try:
        data = yaml.load(text, Loader=_ModelLoader)  # noqa: S506 — a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "quoted scalar" in (exc.context or "") and exc.context_mark is not None:
            mark = exc.context_mark  # where the unclosed quote opened, not the end of the file
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        return ModelCheck(None, (Problem(source, "", where, _yaml_message(exc), _yaml_hint(exc, text)),), source)
    except yaml.YAMLError as exc:
        return ModelCheck(None, (Problem(source, "", "", f"not valid YAML: {exc}", "a YAML model file"),), source)
    if data is None:
        return ModelCheck(None, (Problem(source, "", "", "the file is empty", "a YAML model with id, version, title_en, … or an .xlsx model workbook"),), source)
    if not isinstance(data, Mapping):
        kind = "a list" if isinstance(data, list) else "plain text" if isinstance(data, str) else type(data).__name__
        return ModelCheck(
            None,
            (Problem(source, "", "", f"not a decision model: the file holds {kind}, not a YAML mapping of model fields", "a YAML model (id, version, title_en, …) or an .xlsx model workbook"),),
            source,
        )
    return check_model_data(data, source, lang)


def _yaml_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """What to do about the commonest slips in a hand-written model file, read from the parser's complaint."""
    said = f"{exc.context or ''} {exc.problem or ''}"
    mark = exc.problem_mark or exc.context_mark
    line = text.splitlines()[mark.line] if mark is not None and mark.line < len(text.splitlines()) else ""
    if "\t" in said or "\t" in line[: len(line) - len(line.lstrip())]:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in said or "could not find expected ':'" in said:
        return ('a text that holds ": " (a colon and a space) must be quoted, e.g. label_en: '
                '"Tehran: a global city"')
    if "flow sequence" in said or "flow mapping" in said:
        return ('inside [ … ] or { … }, a text that holds a comma, a colon or a bracket must be quoted, e.g. '
                '[S3, "O8, revised"]')
    if "quoted scalar" in said:
        return "close the quote this text opens (\" or \'), on the same line"
    if "expected <block end>" in said or "did not find expected" in said or "block mapping" in said:
        return "line this field up with the fields around it (the same number of spaces as its siblings)"
    return "plain YAML: mappings, lists, text and numbers"


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    if "could not determine a constructor for the tag" in problem:
        tag = problem.rsplit("tag", 1)[-1].strip(" '")
        return f"the YAML tag {tag!r} is not allowed: model files hold plain data only (tags like !!python/object are never executed)"
    return f"not valid YAML: {problem}"


# ---- files ---------------------------------------------------------------------------
def check_model_file(path_or_file: PathOrFile, lang: str = "en") -> ModelCheck:
    """Read a model file (YAML or .xlsx, told apart by content) and report every problem.

    Never raises for a bad file: the result carries the model (or None) and all
    problems, errors and warnings, each naming the file, sheet and cell/field
    (the model's checks worded in ``lang``, see :mod:`criteria.messages`).
    """
    try:
        raw, source = _read_bytes(path_or_file)
    except ModelError as exc:
        return ModelCheck(None, tuple(exc.problems), exc.problems[0].file)
    return _check_raw(raw, source, lang)


def _check_raw(raw: bytes | None, source: str, lang: str = "en") -> ModelCheck:
    if raw is None:
        return ModelCheck(None, (Problem(source, "", "", f"the model file is larger than {MAX_MODEL_FILE_BYTES // (1024 * 1024)} MB", "a model file of a few KB"),), source)
    if raw.startswith(_ZIP_MAGIC):
        from .workbook import check_model_workbook  # here, not at the top: the two modules import each other

        return check_model_workbook(raw, source=source, lang=lang)
    refusal = _refuse_binary(raw)
    if refusal:
        return ModelCheck(None, (Problem(source, "", "", refusal, "a YAML model file (.yaml) or an .xlsx model workbook"),), source)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"neither a YAML model nor an .xlsx model workbook: byte {exc.start} is not UTF-8 text"
        return ModelCheck(None, (Problem(source, "", "", message, "a UTF-8 YAML model file or an .xlsx model workbook"),), source)
    return _check_yaml_text(text, source, lang)


def load_model(path_or_file: PathOrFile) -> Model:
    """Load a model from YAML or a model workbook; raise :class:`ModelError` listing all problems.

    ``path_or_file`` is a path, a binary or text file object, or the bytes of
    a file.  The format is told by content, not by name: a zip archive is a
    model workbook, anything else must be UTF-8 YAML.

    >>> from criteria.library import library_model_path
    >>> load_model(library_model_path("generic-swot")).group_ids
    ('S', 'W', 'O', 'T')
    """
    return check_model_file(path_or_file).raise_for_errors()


def save_model(model: Model, path: str | os.PathLike) -> Path:
    """Save a model as YAML (``.yaml``/``.yml``) or a model workbook (``.xlsx``); returns the path.

    The file is written next to its destination and moved into place, so a
    failure never leaves a half-written model behind.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        payload = model_to_yaml(model).encode("utf-8")
    elif suffix == ".xlsx":
        from .workbook import write_model_workbook

        buffer = io.BytesIO()
        write_model_workbook(model, buffer)
        payload = buffer.getvalue()
    else:
        raise ModelError(
            f"{path}: cannot save a model as {suffix or 'a file without suffix'!r}",
            [Problem(str(path), "", "", f"unknown model file type {suffix or '(none)'!r}", ".yaml, .yml or .xlsx")],
        )
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(payload)
        os.replace(temporary, path)
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ModelError(f"{path}: cannot write the model ({reason})", [Problem(str(path), "", "", f"cannot write the file: {reason}", "a writable folder")]) from exc
    finally:
        if temporary.exists():
            temporary.unlink()
    return path


def _read_bytes(path_or_file: PathOrFile) -> tuple[bytes | None, str]:
    """The file's bytes (None when over the size limit) and a name for messages."""
    if isinstance(path_or_file, (bytes, bytearray)):
        raw, source = bytes(path_or_file), "<bytes>"
    elif isinstance(path_or_file, (str, os.PathLike)):
        source = os.fspath(path_or_file)
        try:
            with open(source, "rb") as handle:
                raw = handle.read(MAX_MODEL_FILE_BYTES + 1)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise ModelError(f"{source}: cannot read the model file ({reason})", [Problem(source, "", "", f"cannot read the file: {reason}", "an existing, readable model file")]) from exc
    else:
        source = str(getattr(path_or_file, "name", "") or "<stream>")
        raw = path_or_file.read(MAX_MODEL_FILE_BYTES + 1)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
    if len(raw) > MAX_MODEL_FILE_BYTES:
        return None, source
    return raw, source


def _refuse_binary(raw: bytes) -> str:
    if raw.startswith(_OLE_MAGIC):
        return "a legacy Excel 97–2003 file (.xls) or another OLE document: save the workbook as .xlsx"
    if raw.startswith(b"%PDF"):
        return "a PDF document, not a model: give the YAML model or the .xlsx model workbook"
    if b"\x00" in raw[:8192]:
        return "a binary file, neither a YAML model nor an .xlsx model workbook"
    return ""


def _summary(source: str, problems: tuple[Problem, ...] | list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    where = source or "model"
    counts = f"{errors} error{'s' if errors != 1 else ''}" + (f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else "")
    return f"{where}: the model cannot be used ({counts})"
