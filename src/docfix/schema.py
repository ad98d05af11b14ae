"""JSON Schemas of ``docfix --format json/jsonl`` and ``docfix normalize --format json``.

The schemas are plain dicts (JSON Schema draft 2020-12) so that they ship
with the code; :func:`validate` is a small validator for the subset of the
keywords they use (no third-party package needed). ``jsonschema``, where
installed, accepts the same schemas.

>>> validate({"offset": 3, "insert": "0", "confidence": 0.9, "applied": True,
...           "alternatives": [["1", 0.05]], "reason": "lm"}, EDIT_SCHEMA)
[]
>>> validate({"offset": -1}, EDIT_SCHEMA)[:2]
['$.offset: -1 is less than the minimum 0', "$: missing required property 'insert'"]
"""
from __future__ import annotations

from typing import Any, Dict, List

__all__ = [
    "EDIT_SCHEMA",
    "REPAIR_SCHEMA",
    "NORMALIZE_SCHEMA",
    "ERROR_SCHEMA",
    "JSONL_SCHEMA",
    "validate",
]

_PROB = {"type": "number", "minimum": 0, "maximum": 1}

#: One proposed insertion (the repair contract's ``Edit``).
EDIT_SCHEMA: Dict[str, Any] = {
    "type": "object",
    "required": ["offset", "insert", "confidence", "applied", "alternatives", "reason"],
    "additionalProperties": False,
    "properties": {
        "offset": {
            "type": "integer",
            "minimum": 0,
            "description": "code-point index in the INPUT text where `insert` goes (before that character, "
            "or in place of `replaces`)",
        },
        "insert": {"type": "string", "minLength": 1, "description": "the restored glyph(s)"},
        "confidence": dict(_PROB, description="calibrated probability that the edit is right"),
        "applied": {"type": "boolean", "description": "whether the edit is in `text` (confidence >= threshold)"},
        "alternatives": {
            "type": "array",
            "description": "other candidates at this offset, best first; \"\" means insert nothing",
            "items": {
                "type": "array",
                "prefixItems": [{"type": "string"}, _PROB],
                "minItems": 2,
                "maxItems": 2,
            },
        },
        "reason": {"type": "string", "description": "short human-readable evidence"},
        "replaces": {
            "type": "string",
            "description": "input text the edit replaces from `offset` on (an extractor's trace such as (cid:12)); "
            "\"\" for an insertion",
        },
        "kind": {
            "enum": ["restore", "missing-digit"],
            "description": "restore: a glyph restored or proposed; missing-digit: a digit was lost here but the text "
            "does not say which (confidence: that a digit is missing; insert: the likeliest; never applied)",
        },
    },
}

_CHANGE_SCHEMA: Dict[str, Any] = {
    "type": "object",
    "required": ["start", "end", "before", "after", "rule"],
    "properties": {
        "start": {"type": "integer", "minimum": 0, "description": "input offset where the change starts"},
        "end": {"type": "integer", "minimum": 0, "description": "input offset just after the changed span"},
        "before": {"type": "string"},
        "after": {"type": "string"},
        "rule": {"type": "string"},
    },
}

_SUMMARY_SCHEMA: Dict[str, Any] = {
    "type": "object",
    "required": ["chars", "edits", "applied", "reported", "blocks", "seconds"],
    "properties": {
        "chars": {"type": "integer", "minimum": 0, "description": "characters of input"},
        "edits": {"type": "integer", "minimum": 0},
        "applied": {"type": "integer", "minimum": 0},
        "reported": {"type": "integer", "minimum": 0},
        "changes": {"type": "integer", "minimum": 0, "description": "normalisation changes"},
        "blocks": {"type": "integer", "minimum": 0, "description": "blocks the input was repaired in"},
        "threshold": {"type": ["number", "null"]},
        "normalized": {"type": "boolean"},
        "seconds": {"type": "number", "minimum": 0},
    },
}

_HEAD = {
    "version": {"type": "string", "description": "docfix version that wrote the report"},
    "file": {"type": "string", "description": "input path as given (\"<stdin>\" for standard input)"},
    "encoding": {"type": "string", "description": "encoding the input was decoded with"},
    "text": {"type": "string", "description": "the output text (line endings as in the input)"},
}

#: ``docfix --format json`` (and each successful line of ``--format jsonl``).
REPAIR_SCHEMA: Dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "docfix repair report",
    "type": "object",
    "required": ["version", "file", "encoding", "text", "edits", "dropped", "summary"],
    "additionalProperties": False,
    "properties": dict(
        _HEAD,
        edits={"type": "array", "items": EDIT_SCHEMA, "description": "sorted by offset"},
        dropped={
            "type": "object",
            "additionalProperties": _PROB,
            "description": "posterior that each glyph belongs to the document's dropped set",
        },
        changes={
            "type": "array",
            "items": _CHANGE_SCHEMA,
            "description": "with --normalize: normalisation changes (input offsets)",
        },
        summary=_SUMMARY_SCHEMA,
    ),
}

#: ``docfix normalize --format json``.
NORMALIZE_SCHEMA: Dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "docfix normalisation report",
    "type": "object",
    "required": ["version", "file", "encoding", "text", "changes", "summary"],
    "additionalProperties": False,
    "properties": dict(_HEAD, changes={"type": "array", "items": _CHANGE_SCHEMA}, summary=_SUMMARY_SCHEMA),
}

#: A line of ``--format jsonl`` for an input that failed.
ERROR_SCHEMA: Dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "docfix error record",
    "type": "object",
    "required": ["version", "file", "error"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "string"},
        "file": {"type": "string"},
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "integer", "description": "the exit code this failure alone would give"},
                "message": {"type": "string"},
            },
        },
    },
}

#: One line of ``--format jsonl``.
JSONL_SCHEMA: Dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "oneOf": [REPAIR_SCHEMA, NORMALIZE_SCHEMA, ERROR_SCHEMA],
}

_TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, _TYPES[name])


def validate(instance: Any, schema: Dict[str, Any], path: str = "$") -> List[str]:
    """Errors of ``instance`` against ``schema`` (empty list: valid).

    Supports the keywords these schemas use: type, required, properties,
    additionalProperties, items, prefixItems, minItems, maxItems, minimum,
    maximum, minLength, enum, oneOf.
    """
    errs: List[str] = []
    if "oneOf" in schema:
        ok = [s for s in schema["oneOf"] if not validate(instance, s, path)]
        if len(ok) != 1:
            errs.append(f"{path}: matches {len(ok)} of the oneOf schemas, not exactly one")
    t = schema.get("type")
    if t is not None:
        names = t if isinstance(t, list) else [t]
        if not any(_is_type(instance, n) for n in names):
            return errs + [f"{path}: {instance!r:.40} is not of type {t}"]
    if "enum" in schema and instance not in schema["enum"]:
        errs.append(f"{path}: {instance!r} not in {schema['enum']}")
    if isinstance(instance, (int, float)) and not isinstance(instance, bool):
        if "minimum" in schema and instance < schema["minimum"]:
            errs.append(f"{path}: {instance} is less than the minimum {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errs.append(f"{path}: {instance} is more than the maximum {schema['maximum']}")
    if isinstance(instance, str) and len(instance) < schema.get("minLength", 0):
        errs.append(f"{path}: string shorter than {schema['minLength']}")
    if isinstance(instance, dict):
        props = schema.get("properties", {})
        for key, sub in props.items():
            if key in instance:
                errs += validate(instance[key], sub, f"{path}.{key}")
        for key in schema.get("required", []):
            if key not in instance:
                errs.append(f"{path}: missing required property {key!r}")
        extra = schema.get("additionalProperties", True)
        for key in instance:
            if key in props:
                continue
            if extra is False:
                errs.append(f"{path}: unexpected property {key!r}")
            elif isinstance(extra, dict):
                errs += validate(instance[key], extra, f"{path}[{key!r}]")
    if isinstance(instance, list):
        if len(instance) < schema.get("minItems", 0):
            errs.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(instance) > schema["maxItems"]:
            errs.append(f"{path}: more than {schema['maxItems']} items")
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(instance):
            if i < len(prefix):
                errs += validate(item, prefix[i], f"{path}[{i}]")
            elif "items" in schema:
                errs += validate(item, schema["items"], f"{path}[{i}]")
    return errs
