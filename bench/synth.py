"""Synthetic OpenAPI specs whose constraints live in prose, like the vendor's pages.

``synth_spec(n)`` returns a document with ``n`` operations. Most are ``POST``s
with a JSON body of several described properties ("cannot exceed 500
characters", "Value range: [1, 9]", "Enumeration values: a, b, c", ...); every
fifth is a ``GET`` of a task by id with a described query parameter. Bodies of
different operations differ (limits, enum members, property names) so that no
cache or de-duplication can make a large spec cheaper than it really is.
Operations are grouped ten to a tag, as resources.

Command line: ``python -m bench.synth N OUT.yaml`` (or ``OUT.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

OPS_PER_GROUP = 10


def _envelope(data_props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "Business code, 0 on success."},
            "message": {"type": "string", "description": "Human-readable message."},
            "request_id": {"type": "string"},
            "data": {"type": "object", "properties": data_props},
        },
    }


def _body(i: int) -> dict[str, Any]:
    limit = 100 + (i * 37) % 4900
    top = 2 + i % 8
    letters = [f"{chr(97 + (i + k) % 26)}{k}" for k in range(3 + i % 3)]
    styles = ["natural", "vivid", "mono", "sketch", "anime", "photo"][: 2 + i % 5]
    return {
        "type": "object",
        "required": ["prompt", "count"],
        "properties": {
            "model": {
                "type": "string",
                "description": f"Model Name Enumeration Values: m{i}-v1, m{i}-v1-5, m{i}-v2",
            },
            "prompt": {
                "type": "string",
                "description": f"Positive text prompt for operation {i}; cannot exceed {limit} characters.",
            },
            "negative_prompt": {
                "type": "string",
                "description": f"Negative text prompt. Maximum length: {limit // 2} characters.",
            },
            "count": {"type": "integer", "description": f"Number of results\nValue range: [1, {top}]"},
            "strength": {
                "type": "number",
                "description": "Reference strength\nValue range: [0,1], the larger the value, the stronger the reference.",
            },
            "mode": {"type": "string", "description": f"Processing mode. Enumeration values: {', '.join(letters)}"},
            "style": {
                "type": "string",
                "description": "Output style\nEnumerated values: " + ", ".join(styles),
            },
            f"seed_{i % 7}": {"type": "integer", "description": "Random seed, between 0 and 2147483647."},
            "tags": {
                "type": "array",
                "items": {"type": "string"},
                "description": f"Labels for the result; at most {1 + i % 9} items.",
            },
            "callback_url": {"type": "string", "description": "Callback address for task status notifications."},
        },
    }


def _post(i: int, group: int) -> dict[str, Any]:
    return {
        "post": {
            "summary": f"Create item {i}",
            "operationId": f"create_item_{i}",
            "tags": [f"Synthetic / Group {group}"],
            "description": f"Creates a task of kind {i}.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _body(i)}},
            },
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "schema": _envelope(
                                {
                                    "task_id": {"type": "string", "description": "Task ID"},
                                    "task_status": {
                                        "type": "string",
                                        "description": "Task status. Enumeration values: submitted, processing, succeed, failed",
                                    },
                                }
                            )
                        }
                    },
                }
            },
        }
    }


def _get(i: int, group: int) -> dict[str, Any]:
    return {
        "get": {
            "summary": f"Query task {i}",
            "operationId": f"get_task_{i}",
            "tags": [f"Synthetic / Group {group}"],
            "parameters": [
                {"name": "id", "in": "path", "required": True, "description": "Task ID", "schema": {"type": "string"}},
                {
                    "name": "page_size",
                    "in": "query",
                    "required": False,
                    "description": f"Page size. Value range: [1, {50 + i}]",
                    "schema": {"type": "integer"},
                },
            ],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {
                        "application/json": {
                            "schema": _envelope(
                                {
                                    "task_id": {"type": "string", "description": "Task ID"},
                                    "progress": {
                                        "type": "integer",
                                        "description": "Progress in percent, Value range: [0, 100]",
                                    },
                                }
                            )
                        }
                    },
                }
            },
        }
    }


def synth_spec(operations: int) -> dict[str, Any]:
    """An OpenAPI 3.0 document with ``operations`` operations carrying prose constraints."""
    paths: dict[str, Any] = {}
    for i in range(operations):
        group = i // OPS_PER_GROUP
        if i % 5 == 4:
            paths[f"/synth/v1/group{group}/tasks{i}/{{id}}"] = _get(i, group)
        else:
            paths[f"/synth/v1/group{group}/items{i}"] = _post(i, group)
    return {
        "openapi": "3.0.1",
        "info": {"title": "Synthetic prose-constrained API", "description": "", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": {}},
        "servers": [{"url": "https://api.example.invalid"}],
    }


def count_descriptions(node: Any) -> int:
    if isinstance(node, dict):
        own = 1 if isinstance(node.get("description"), str) and node["description"] else 0
        return own + sum(count_descriptions(v) for v in node.values())
    if isinstance(node, list):
        return sum(count_descriptions(v) for v in node)
    return 0


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # a double-quoted JSON string is a valid YAML scalar


def _emit(node: Any, indent: int, out: list[str]) -> None:
    pad = "  " * indent
    if isinstance(node, dict):
        for key, value in node.items():
            head = f"{pad}{_scalar(key) if not str(key).isidentifier() else key}:"
            if isinstance(value, (dict, list)) and value:
                out.append(head)
                _emit(value, indent + 1, out)
            elif isinstance(value, str) and "\n" in value and value == value.strip():
                out.append(f"{head} |-")  # block scalars, as the vendor's pages have them
                out.extend(f"{pad}  {line}" if line else "" for line in value.split("\n"))
            else:
                out.append(f"{head} {_scalar(value) if not isinstance(value, (dict, list)) else json.dumps(value)}")
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item:
                lines: list[str] = []
                _emit(item, indent + 1, lines)
                out.append(f"{pad}- {lines[0].lstrip()}")
                out.extend(lines[1:])
            else:
                out.append(f"{pad}- {_scalar(item) if not isinstance(item, (dict, list)) else json.dumps(item)}")


def to_yaml(document: dict[str, Any]) -> str:
    """Block-style YAML in the document's own key order (fast; no YAML library needed)."""
    out: list[str] = []
    _emit(document, 0, out)
    return "\n".join(out) + "\n"


def dump(document: dict[str, Any], path: Path) -> Path:
    """Write as YAML (block style, as vendors publish) or JSON, by the file's suffix."""
    if path.suffix == ".json":
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        path.write_text(to_yaml(document), encoding="utf-8")
    return path


def write_spec(operations: int, path: Path) -> Path:
    return dump(synth_spec(operations), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.splitlines()[0])
    parser.add_argument("operations", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    write_spec(args.operations, args.out)
    sys.stderr.write(f"wrote {args.operations} operations to {args.out}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
