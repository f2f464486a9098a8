"""Write the hostile corpus.

``python tests/hostile/make_cases.py`` (re)writes the small committed cases in
``tests/hostile/cases/``; ``write_large(folder)`` writes the big ones (alias
bombs, 1000+ deep nesting, files over 10 MB) into a scratch folder at test time,
so no file over 200 kB is committed. ``tests/hostile/expected.yaml`` (hand
written) says what the generator must do with every case, small or large.

Hostile text carries a per-case token so that a canary file, should one ever be
created, names the case that created it: ``touch HOSTILE_CANARY_<tag>`` (a
relative path, so it would land in the case's scratch folder, the working
directory of every subprocess the tests start) and ``/tmp/HOSTILE_PWNED_<tag>``.
Jinja payloads use ``seven-times-seven={{ 7*7 }}`` and a ``{% for %}`` loop
printing ``LOOP``: evaluated, they would read ``seven-times-seven=49`` and
``LOOPLOOPLOOP``.
"""

from __future__ import annotations

import functools
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
ROOT = HERE.parent.parent
SEED = ROOT / "spec" / "kling-image-generation.md"

CANARY_PREFIX = "HOSTILE_CANARY_"
PWNED_PREFIX = "/tmp/HOSTILE_PWNED_"
JINJA_LITERAL = "{{ 7*7 }}"
# A local file and a local port that only a $ref names: the test creates the file (its text must never show up in
# the generator's output or messages) and listens on the port (nothing may connect to it).
SECRET_FILE = "/tmp/HOSTILE_SECRET_ref.txt"
SECRET_TOKEN = "HOSTILE_SECRET_TOKEN_must_not_leak"
LISTEN_PORT = 47913
JINJA_EVALUATED = ("seven-times-seven=49", "LOOPLOOPLOOP")


# --------------------------------------------------------------------------- payloads


def payloads(tag: str) -> dict[str, str]:
    canary = CANARY_PREFIX + tag
    pwned = PWNED_PREFIX + tag
    return {
        "tdq": f'end"""; __import__("os").system("touch {canary}"); """',
        "tsq": f"end'''; __import__('os').system('touch {canary}'); '''",
        "quote_open": f"\"); open('{pwned}', 'w'); print(\"",
        "squote_open": f"'); open('{pwned}', 'w'); print('",
        "bs_end": "a description that ends with a backslash \\",
        "bs_mix": 'C:\\new\\table \\N{BULLET} \\x41 \\u0041 \\U0001F600 \\\' \\" \\\\"""',
        "bs_odd": "\\\\\\",
        "jinja": (
            "seven-times-seven={{ 7*7 }} {% for x in range(3) %}LOOP{% endfor %} {# hidden #} "
            "{{ self.__init__.__globals__ }} {% include '/etc/passwd' %} {{ cycler.__init__.__globals__.os }}"
        ),
        "nl_code": f'x"""\nimport os; os.system("touch {canary}")\n"""\n# ',
        "nl_code2": f"\n\nimport os\nos.system('touch {canary}')\ndef f():\n    pass\n",
        "ctrl": "nul[\x00] bell[\x07] esc[\x1b[31m] cr[\r] crlf[\r\n] vt[\x0b] ff[\x0c] del[\x7f] nel[\x85] c1[\x9b]",
        "seps": "ls[\u2028] ps[\u2029] zwsp[\u200b] bom[\ufeff] rlo[\u202e] lrm[\u200e] nbsp[\xa0] ideo[\u3000]",
        "fstring": f"{{__import__('os').system('touch {canary}')}} {{{{}}}} {{0!r:>{{1}}}}",
        "percent": "%s %(x)s %d {0} {} $HOME ${HOME} `id` $(touch " + canary + ")",
        "html": "<script>alert(1)</script> --> <!-- ]]> |pipe| `tick` ```fence```",
    }


def all_payloads(tag: str) -> str:
    return " | ".join(payloads(tag).values())


# --------------------------------------------------------------------------- a tiny YAML emitter

_ESCAPE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"})


def q(text: str) -> str:
    """A YAML double-quoted scalar whose value is exactly ``text`` (every odd character escaped)."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in _ESCAPE_CATEGORIES or ch in "\xa0\u3000":
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    return q(str(value))


def emit(value: Any, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{q(str(key))}:")
                lines.extend(emit(item, indent + 2))
            else:
                lines.append(f"{pad}{q(str(key))}: {_inline(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}-")
                lines.extend(emit(item, indent + 2))
            else:
                lines.append(f"{pad}- {_inline(item)}")
    return lines


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def to_yaml(doc: dict[str, Any]) -> str:
    return "\n".join(emit(doc)) + "\n"


# --------------------------------------------------------------------------- document builders


def api(
    *,
    title: str = "hostile corpus",
    description: str = "",
    request_props: dict[str, Any] | None = None,
    response_props: dict[str, Any] | None = None,
    schemas: dict[str, Any] | None = None,
    parameters: list[dict[str, Any]] | None = None,
    operation: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    tags: list[str] | None = None,
    servers: list[dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    version: str = "3.0.3",
) -> dict[str, Any]:
    """A small valid OpenAPI 3.0 document with one POST operation, a request and a response model."""
    components: dict[str, Any] = {
        "Request": {
            "type": "object",
            "properties": request_props or {"prompt": {"type": "string", "description": "The prompt."}},
        },
        "Response": {
            "type": "object",
            "properties": response_props or {"task_id": {"type": "string"}},
        },
    }
    components.update(schemas or {})
    op: dict[str, Any] = {
        "operationId": "createItem",
        "summary": "Create an item",
        "tags": tags or ["items"],
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Request"}}},
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Response"}}},
            }
        },
    }
    if parameters:
        op["parameters"] = parameters
    op.update(operation or {})
    doc: dict[str, Any] = {
        "openapi": version,
        "info": {"title": title, "description": description, "version": "1.0.0"},
        "servers": servers or [{"url": "https://api.example.test"}],
        "paths": paths if paths is not None else {"/items": {"post": op}},
        "components": {"schemas": components},
    }
    doc.update(extra or {})
    return doc


def string_props(names: list[str], description: str = "A field.") -> dict[str, Any]:
    return {name: {"type": "string", "description": description} for name in names}


# --------------------------------------------------------------------------- text payload cases


def _text_case(tag: str, key: str) -> dict[str, Any]:
    text = payloads(tag)[key]
    return api(
        title=f"title {text}",
        description=f"info {text}",
        request_props={
            "prompt": {"type": "string", "description": f"{text} Prompt cannot exceed 100 characters."},
            "mode": {"type": "string", "enum": ["std", text], "description": f"mode {text}"},
            "count": {"type": "integer", "description": f"count {text}", "minimum": 1, "maximum": 9},
        },
        response_props={
            "task_id": {"type": "string", "description": f"id {text}", "default": text, "example": text},
            "status": {"type": "string", "enum": ["ok", text], "default": "ok"},
            "note": {"type": "string", "title": f"note title {text}", "description": f"note {text}"},
        },
        schemas={
            "Extra": {
                "type": "object",
                "title": f"Extra {text}",
                "description": f"extra {text}",
                "properties": {"value": {"type": "string", "description": text}},
            }
        },
        parameters=[
            {"name": "q", "in": "query", "description": f"query {text}", "schema": {"type": "string"}, "example": text},
        ],
        operation={
            "summary": f"summary {text}",
            "description": f"description {text}",
            "requestBody": {
                "description": f"body {text}",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Request"},
                        "example": {"prompt": text, "mode": "std", "count": 1},
                    }
                },
            },
        },
        servers=[{"url": f"https://api.example.test/{text}", "description": text}],
        extra={"x-codegen-api-key-env": f"KEY_{text}"},
    )


def all_text_case(tag: str) -> dict[str, Any]:
    text = all_payloads(tag)
    return _text_case(tag, "tdq") | {"info": {"title": text, "description": text, "version": "1.0.0"}}


def cli_case(tag: str) -> dict[str, Any]:
    """Task operations named ``images`` make the generator emit the CLI, whose help comes from descriptions."""
    text = all_payloads(tag)
    doc = api(
        request_props={
            "prompt": {"type": "string", "description": f"The prompt {text}. Cannot exceed 2500 characters."},
            "model_name": {"type": "string", "description": f"Model. Enumeration values: kling-v1, {JINJA_LITERAL}"},
            "style": {"type": "string", "enum": [f"a{text}", "b"], "description": text, "default": "b"},
            "n": {"type": "integer", "description": f"Number. Value range: [1, 9] {text}"},
        },
        response_props={"task_id": {"type": "string"}, "task_status": {"type": "string"}},
        operation={
            "x-codegen-resource": "images",
            "x-codegen-task": "create",
            "x-codegen-method": "generate",
            "summary": text,
        },
    )
    doc["components"]["schemas"]["Request"]["required"] = ["prompt", "model_name"]
    doc["paths"]["/items/{id}"] = {
        "get": {
            "operationId": "getItem",
            "summary": text,
            "tags": ["items"],
            "x-codegen-resource": "images",
            "x-codegen-task": "get",
            "x-codegen-method": "get",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "description": text, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": text,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Response"}}},
                }
            },
        }
    }
    return doc


# --------------------------------------------------------------------------- name cases

KEYWORDS = [
    "class",
    "import",
    "lambda",
    "def",
    "return",
    "None",
    "True",
    "async",
    "await",
    "match",
    "case",
    "type",
    "_",
    "from",
    "global",
    "nonlocal",
    "yield",
    "pass",
    "del",
    "not",
    "is",
]
BUILTINS = [
    "id",
    "print",
    "list",
    "dict",
    "str",
    "int",
    "object",
    "self",
    "Any",
    "exec",
    "eval",
    "open",
    "compile",
    "__import__",
    "float",
    "bool",
    "bytes",
    "super",
    "property",
    "classmethod",
    "Mapping",
]
# Names the generated model code itself uses for members and locals.
GENERATED_MEMBERS = [
    "cls",
    "UNSET",
    "Unset",
    "to_dict",
    "from_dict",
    "additional_properties",
    "field_dict",
    "d",
    "src_dict",
    "T",
    "validate_payload",
    "_RULES",
    "additional_keys",
    "_attrs_define",
    "_attrs_field",
]
DUNDERS = [
    "__init__",
    "__class__",
    "__dict__",
    "__attrs_post_init__",
    "__builtins__",
    "__globals__",
    "__slots__",
    "__annotations__",
    "__module__",
    "__",
]
DIGITS = ["1st", "2nd", "3d_view", "123", "0", "9lives", "1-2"]
COLLIDE = ["a-b", "a_b", "a b", "A_B", "a.b", "aB", "a__b", "A-B"]


def names_case(names: list[str], *, params: bool = False) -> dict[str, Any]:
    if params:
        parameters = [{"name": n, "in": "query", "schema": {"type": "string"}, "description": n} for n in names]
        return api(parameters=parameters)
    props = string_props(names)
    return api(request_props=props, response_props=dict(props))


def long_names() -> dict[str, Any]:
    return names_case(["x" * 500, "y" * 250 + "-" + "z" * 249, "Z" * 500])


def empty_names() -> dict[str, Any]:
    return names_case(["", " ", "-", "___"])


def unicode_names() -> dict[str, Any]:
    names = ["größe", "名前", "ǅungla", "😀", "naïve", "ﬁle", "Ａｂｃ", "zero\u200bwidth", "rtl\u202eevil"]
    return names_case(names)


def long_schema_name() -> dict[str, Any]:
    name = "Model" + "x" * 495
    doc = api(schemas={name: {"type": "object", "properties": {"a": {"type": "string"}}}})
    doc["components"]["schemas"]["Response"]["properties"]["inner"] = {"$ref": f"#/components/schemas/{name}"}
    return doc


def locals_collision() -> dict[str, Any]:
    names = ["request_timeout", "body", "raw", "quote", "envelope", "params", "httpx", "os", "k", "v", "UNSET"]
    return api(parameters=[{"name": n, "in": "query", "schema": {"type": "string"}} for n in names])


def param_body_collision() -> dict[str, Any]:
    return api(parameters=[{"name": "prompt", "in": "query", "schema": {"type": "string"}}])


def operation_id_collision() -> dict[str, Any]:
    doc = api()
    second = json.loads(json.dumps(doc["paths"]["/items"]["post"]))
    second["operationId"] = "create-item"
    doc["paths"]["/items"]["post"]["operationId"] = "create_item"
    doc["paths"]["/other"] = {"post": second}
    return doc


def enum_collisions() -> dict[str, Any]:
    return api(response_props={"status": {"type": "string", "enum": ["a-b", "A_B", "a b", "A.B"]}})


def enum_value_key_clash() -> dict[str, Any]:
    return api(response_props={"status": {"type": "string", "enum": ["!", "value_0", "?"]}})


def unwrap_id() -> dict[str, Any]:
    return api(
        response_props={"id": {"type": "object", "properties": {"task_id": {"type": "string"}}}},
        operation={"x-codegen-unwrap": "id"},
    )


# --------------------------------------------------------------------------- path-like names


UNIQUE_WORDS = [
    "Alpha",
    "Bravo",
    "Charlie",
    "Delta",
    "Echo",
    "Foxtrot",
    "Golf",
    "Hotel",
    "India",
    "Juliett",
    "Kilo",
    "Lima",
    "Mike",
]
TRAVERSAL = [
    "../../etc/passwd",
    "../x",
    "/tmp/x",
    "..\\..\\windows\\system32\\evil",
    "C:\\Windows\\evil",
    "..",
    ".",
    "~/.ssh/authorized_keys",
    "a/../../b",
    "%2e%2e%2f%2e%2e%2fetc",
    "x\x00y",
    "\\\\server\\share",
]


def traversal_tags() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for i, tag in enumerate(TRAVERSAL):
        op = api()["paths"]["/items"]["post"]
        op["tags"] = [tag]
        op["operationId"] = f"op{i}"
        paths[f"/items{i}"] = {"post": op}
    return api(paths=paths, extra={"tags": [{"name": t, "description": t} for t in TRAVERSAL]})


def traversal_titles() -> dict[str, Any]:
    # Distinct words keep the sanitised class names apart (colliding titles are their own case).
    schemas = {
        f"S{i}": {"type": "object", "title": f"{title}{word}", "properties": {"v": {"type": "string", "title": title}}}
        for i, (title, word) in enumerate(zip(TRAVERSAL, UNIQUE_WORDS, strict=False))
    }
    doc = api(title="../../../tmp/pwned", schemas=schemas)
    doc["components"]["schemas"]["Response"]["properties"] = {
        f"p{i}": {"$ref": f"#/components/schemas/{name}"} for i, name in enumerate(schemas)
    }
    doc["components"]["schemas"]["Request"]["title"] = "../../../../tmp/request"
    return doc


def colliding_titles() -> dict[str, Any]:
    schemas = {
        f"S{i}": {"type": "object", "title": title, "properties": {"v": {"type": "string"}}}
        for i, title in enumerate(["../x", "/tmp/x", "X"])
    }
    doc = api(schemas=schemas)
    doc["components"]["schemas"]["Response"]["properties"] = {
        f"p{i}": {"$ref": f"#/components/schemas/{name}"} for i, name in enumerate(schemas)
    }
    return doc


def traversal_schema_keys() -> dict[str, Any]:
    names = ["..", "..\\win", "C:\\evil", "~root"]
    schemas = {name: {"type": "object", "properties": {"v": {"type": "string"}}} for name in names}
    doc = api(schemas=schemas)
    doc["components"]["schemas"]["Response"]["properties"] = {
        f"p{i}": {"$ref": f"#/components/schemas/{name.replace('~', '~0')}"} for i, name in enumerate(names)
    }
    return doc


def slash_schema_keys() -> dict[str, Any]:
    names = ["../../escape", "/tmp/abs", "a/../../b"]
    schemas = {name: {"type": "object", "properties": {"v": {"type": "string"}}} for name in names}
    doc = api(schemas=schemas)
    doc["components"]["schemas"]["Response"]["properties"] = {
        f"p{i}": {"$ref": f"#/components/schemas/{name.replace('/', '~1')}"} for i, name in enumerate(names)
    }
    return doc


def traversal_operation_ids() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for i, op_id in enumerate(TRAVERSAL):
        op = api()["paths"]["/items"]["post"]
        op["operationId"] = op_id + ("" if i == 0 else str(i))
        paths[f"/p{i}"] = {"post": op}
    return api(paths=paths)


def traversal_extensions() -> dict[str, Any]:
    return api(
        operation={"x-codegen-resource": "../../etc", "x-codegen-method": "/tmp/evil"},
        extra={"x-codegen-api-key-env": "../../KEY\"; import os; os.system('touch HOSTILE_CANARY_ext') #"},
    )


def code_in_path_template(tag: str) -> dict[str, Any]:
    name = "__import__('os').system('touch " + CANARY_PREFIX + tag + "')"
    op = api()["paths"]["/items"]["post"]
    op["parameters"] = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}]
    return api(paths={"/f/{" + name + "}": {"post": op}})


def hostile_path_keys(tag: str) -> dict[str, Any]:
    keys = [
        "/a\"b'c",
        "/{id}/x",
        "/back\\slash\\",
        "/nl\nimport os",
    ]
    paths: dict[str, Any] = {}
    for i, key in enumerate(keys):
        op = api()["paths"]["/items"]["post"]
        op["operationId"] = f"op{i}"
        names = re.findall(r"\{([^{}]*)\}", key)
        if names:
            op["parameters"] = [
                {"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names
            ]
        paths[key] = {"post": op}
    return api(paths=paths)


# --------------------------------------------------------------------------- YAML-level and structural cases

MINI = "openapi: 3.0.3\ninfo:\n  title: mini\n  version: 1.0.0\npaths: {}\n"


def cyclic_ref() -> dict[str, Any]:
    return api(
        schemas={
            "A": {
                "type": "object",
                "properties": {"b": {"$ref": "#/components/schemas/B"}, "name": {"type": "string"}},
            },
            "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
        },
        response_props={"a": {"$ref": "#/components/schemas/A"}},
    )


def cyclic_ref_direct() -> dict[str, Any]:
    return api(
        schemas={"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}},
        response_props={"a": {"$ref": "#/components/schemas/A"}},
    )


def unresolved_ref() -> dict[str, Any]:
    return api(response_props={"a": {"$ref": "#/components/schemas/DoesNotExist"}})


def external_ref() -> dict[str, Any]:
    return api(
        response_props={
            "a": {"$ref": "/etc/passwd"},
            "b": {"$ref": "file:///etc/passwd#/x"},
            "c": {"$ref": "../../../../etc/hostname#/"},
            "d": {"$ref": "http://169.254.169.254/latest/meta-data/#/x"},
        }
    )


def ref_to(target: str) -> dict[str, Any]:
    return api(response_props={"a": {"$ref": target}})


def garbage_dependencies(tag: str) -> dict[str, Any]:
    doc = api()
    doc["components"]["schemas"]["Request"]["x-dependencies"] = [
        "))((",
        "IF THEN",
        JINJA_LITERAL,
        f'IF a THEN b"""; __import__("os").system("touch {CANARY_PREFIX}{tag}")',
    ]
    return doc


def bad_pattern() -> dict[str, Any]:
    return api(request_props={"a": {"type": "string", "pattern": "(("}})


def hostile_patterns() -> dict[str, Any]:
    # Valid regexes with quotes, braces and catastrophic backtracking: data for the runtime, never code.
    return api(
        request_props={
            "b": {"type": "string", "pattern": "(a+)+$"},
            "c": {"type": "string", "pattern": "^['\"]{3}\\{{ 7*7 }}$"},
        }
    )


def non_finite_defaults() -> dict[str, Any]:
    return api(
        response_props={
            "nan": {"type": "number", "default": float("nan")},
            "inf": {"type": "number", "default": float("inf")},
            "ninf": {"type": "number", "default": float("-inf")},
        }
    )


def weird_values() -> dict[str, Any]:
    return api(
        response_props={
            "big": {"type": "number", "default": 1e308},
            "neg": {"type": "integer", "default": -(2**63)},
            "arr": {"type": "array", "items": {"type": "string"}, "default": ['"""', "{{ 7*7 }}"]},
            "obj": {"type": "object", "default": {'"""': "{{ 7*7 }}"}},
            "flag": {"type": "boolean", "default": True},
            "ienum": {"type": "integer", "enum": [-1, 0, 1, 2**40]},
        }
    )


def all_fields_required_keywords() -> dict[str, Any]:
    doc = names_case(KEYWORDS)
    doc["components"]["schemas"]["Request"]["required"] = list(KEYWORDS[:5])
    return doc


# --------------------------------------------------------------------------- markdown cases


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def md_vendor_defect() -> str:
    # The defect the vendor's pages are known for: an unquoted ": " inside a plain description.
    return seed_text().replace(
        "description: Positive text prompts cannot exceed 2500 characters.",
        "description: Model name Enumeration value: kling-v1-6",
    )


def md_repair_injection(tag: str) -> str:
    return seed_text().replace(
        "description: Positive text prompts cannot exceed 2500 characters.",
        f'description: Prompt: cannot exceed 2500 characters. He said: """ \\ {JINJA_LITERAL} '
        f"__import__('os').system('touch {CANARY_PREFIX}{tag}') ''' ",
    )


def md_no_code_block() -> str:
    return "# Image generation\n\n## OpenAPI Specification\n\nThe spec was here, but the block is gone.\n"


def md_two_blocks() -> str:
    body = seed_text().split("```yaml\n", 1)[1].split("```", 1)[0]
    return "# Page\n\n## OpenAPI Specification\n\n```yaml\n" + body + "```\n\n```yaml\n" + body + "```\n"


# A top-level block scalar indents its content by two spaces, so its ``` lines look like fences to CommonMark.
SHALLOW_FENCE_NOTE = (
    "x-usage: |\n  Call it like this:\n  ```\n  client.images.generate(prompt='x')\n  ```\n  and that is all.\n"
)


def md_shallow_backticks_in_triple_fence() -> str:
    body = seed_text().split("```yaml\n", 1)[1].split("```", 1)[0]
    return "# Page\n\n## OpenAPI Specification\n\n```yaml\n" + body + SHALLOW_FENCE_NOTE + "```\n"


def md_four_backticks() -> str:
    body = seed_text().split("```yaml\n", 1)[1].split("```", 1)[0]
    # The ``` lines of the x-usage block scalar stay content only because the fence is four backticks long.
    return "# Page\n\n## OpenAPI Specification\n\n````yaml\n" + body + SHALLOW_FENCE_NOTE + "````\n"


def md_backticks_in_scalar() -> str:
    return seed_text().replace(
        "                  description: Negative text prompts cannot exceed 2500 characters.\n",
        "                  description: |-\n"
        "                    Negative prompt, for example:\n"
        "                    ```\n"
        "                    import os; os.system('touch HOSTILE_CANARY_md_backticks')\n"
        "                    ```\n"
        "                    Cannot exceed 2500 characters.\n",
    )


def md_unclosed_fence() -> str:
    return seed_text().rsplit("```", 1)[0]


def md_hostile_prose() -> str:
    head = (
        "# Image generation {{ 7*7 }}\n\n"
        "Intro with {% for x in range(3) %}LOOP{% endfor %} and \"\"\" and ''' and \\.\n\n"
        "```python\nimport os\nos.system('touch HOSTILE_CANARY_md_prose')\n```\n\n"
        "```yaml\nnot: [the, spec]\n```\n\n"
    )
    return head + seed_text().split("\n", 1)[1]


def md_tilde_fence() -> str:
    return seed_text().replace("```yaml\n", "~~~yaml\n", 1).replace("\n```", "\n~~~")


def md_colon_not_repairable() -> str:
    return seed_text().replace('  title: ""\n', "  title: Kling: image generation\n", 1)


def md_heading_injection() -> str:
    body = seed_text().split("```yaml\n", 1)[1].split("```", 1)[0]
    return (
        "# Page\n\n## OpenAPI Specification\n\n```yaml\n" + body + "```\n\n"
        '## OpenAPI Specification (shadow)\n\n```json\n{"openapi": "3.0.3"}\n```\n'
    )


# --------------------------------------------------------------------------- the committed cases

Case = tuple[str, Callable[[], str | bytes]]


def _y(doc_fn: Callable[[], dict[str, Any]]) -> Callable[[], str]:
    return lambda: to_yaml(doc_fn())


def _j(doc_fn: Callable[[], dict[str, Any]]) -> Callable[[], str]:
    return lambda: json.dumps(doc_fn(), indent=2, ensure_ascii=True) + "\n"


def _text(tag: str, key: str) -> Callable[[], str]:
    return lambda: to_yaml(_text_case(tag, key))


STATIC: list[Case] = [
    # Hostile text in every place a string can reach generated code.
    ("text_triple_double_quotes.yaml", _text("tdq", "tdq")),
    ("text_triple_single_quotes.yaml", _text("tsq", "tsq")),
    ("text_quote_breakout.yaml", _text("quote", "quote_open")),
    ("text_single_quote_breakout.yaml", _text("squote", "squote_open")),
    ("text_trailing_backslash.yaml", _text("bs_end", "bs_end")),
    ("text_backslash_escapes.yaml", _text("bs_mix", "bs_mix")),
    ("text_odd_backslashes.yaml", _text("bs_odd", "bs_odd")),
    ("text_jinja_syntax.yaml", _text("jinja", "jinja")),
    ("text_newline_then_code.yaml", _text("nl", "nl_code")),
    ("text_newline_then_def.yaml", _text("nl2", "nl_code2")),
    ("text_control_characters.yaml", _text("ctrl", "ctrl")),
    ("text_line_separators_zero_width_bom.yaml", _text("seps", "seps")),
    ("text_fstring_braces.yaml", _text("fstr", "fstring")),
    ("text_shell_and_format_specs.yaml", _text("pct", "percent")),
    ("text_markup.yaml", _text("html", "html")),
    ("text_everything_at_once.yaml", _y(lambda: all_text_case("all"))),
    ("text_everything_at_once.json", _j(lambda: all_text_case("alljson"))),
    ("text_cli_help_and_prose_rules.yaml", _y(lambda: cli_case("cli"))),
    (
        "text_raw_unicode_in_plain_scalars.yaml",
        lambda: (
            MINI.replace("paths: {}\n", "")
            + "  description: raw ls[\u2028] ps[\u2029] zwsp[\u200b] bom[\ufeff] rlo[\u202e] nel[\x85]\n"
            + "paths: {}\n"
        ).encode("utf-8"),
    ),
    ("text_bom_at_start.yaml", lambda: b"\xef\xbb\xbf" + to_yaml(api()).encode()),
    ("text_crlf_line_endings.yaml", lambda: to_yaml(_text_case("crlf", "jinja")).replace("\n", "\r\n").encode()),
    (
        "text_lone_surrogate_escape.yaml",
        lambda: to_yaml(api()).replace('"The prompt."', '"lone surrogate \\ud800 here"'),
    ),
    ("values_defaults_containers_and_extremes.yaml", _y(weird_values)),
    ("values_defaults_nan_and_inf.yaml", _y(non_finite_defaults)),
    # Names.
    ("names_python_keywords.yaml", _y(lambda: names_case(KEYWORDS))),
    ("names_required_keywords.yaml", _y(all_fields_required_keywords)),
    ("names_builtins.yaml", _y(lambda: names_case(BUILTINS))),
    ("names_generated_member_names.yaml", _y(lambda: names_case(GENERATED_MEMBERS))),
    ("names_dunders.yaml", _y(lambda: names_case(DUNDERS))),
    ("names_leading_digits.yaml", _y(lambda: names_case(DIGITS))),
    ("names_collide_after_sanitising.yaml", _y(lambda: names_case(COLLIDE))),
    (
        "names_params_keywords_builtins.yaml",
        _y(lambda: names_case(["class", "type", "id", "self", "1st", "__init__", "a-b", "a_b"], params=True)),
    ),
    ("names_500_chars.yaml", _y(long_names)),
    ("names_empty_and_blank.yaml", _y(empty_names)),
    ("names_unicode.yaml", _y(unicode_names)),
    ("names_schema_name_500_chars.yaml", _y(long_schema_name)),
    ("names_params_shadow_generated_locals.yaml", _y(locals_collision)),
    ("names_param_and_body_field_same_name.yaml", _y(param_body_collision)),
    ("names_operation_ids_collide.yaml", _y(operation_id_collision)),
    ("names_enum_values_collide_after_sanitising.yaml", _y(enum_collisions)),
    ("names_enum_value_clashes_with_generated_key.yaml", _y(enum_value_key_clash)),
    ("names_unwrap_property_id.yaml", _y(unwrap_id)),
    # Path traversal through anything that could become a file or folder name.
    ("paths_traversal_in_tags.yaml", _y(traversal_tags)),
    ("paths_traversal_in_titles.yaml", _y(traversal_titles)),
    ("paths_traversal_in_schema_names.yaml", _y(traversal_schema_keys)),
    ("names_schema_titles_collide_after_sanitising.yaml", _y(colliding_titles)),
    ("paths_slashes_in_schema_names.yaml", _y(slash_schema_keys)),
    ("paths_traversal_in_operation_ids.yaml", _y(traversal_operation_ids)),
    ("paths_traversal_in_codegen_extensions.yaml", _y(traversal_extensions)),
    ("paths_hostile_path_keys.yaml", _y(lambda: hostile_path_keys("pathkeys"))),
    ("paths_nul_in_path_key.yaml", lambda: to_yaml(api()).replace('"/items":', '"/items\\0nul":')),
    (
        "paths_line_separator_in_path_key.yaml",
        lambda: to_yaml(api()).replace('"/items":', '"/items\\u2028ls\\u2029ps":'),
    ),
    ("paths_vertical_tab_in_path_key.yaml", lambda: to_yaml(api()).replace('"/items":', '"/items\\vvt\\fff\\x1cfs":')),
    ("paths_code_in_path_template_name.yaml", _y(lambda: code_in_path_template("pathtpl"))),
    ("paths_unbalanced_brace_in_path_key.yaml", lambda: to_yaml(api()).replace('"/items":', '"/items{":')),
    # YAML and structure.
    (
        "yaml_python_object_apply_tag.yaml",
        lambda: MINI + ('x-hook: !!python/object/apply:os.system ["touch HOSTILE_CANARY_pytag"]\n'),
    ),
    ("yaml_python_name_tag.yaml", lambda: MINI + "x-hook: !!python/name:os.system\n"),
    ("yaml_custom_local_tag.yaml", lambda: MINI + "x-include: !include /etc/passwd\n"),
    ("yaml_tag_on_mapping_key.yaml", lambda: MINI + "!!python/name:os.system x-key: 1\n"),
    ("yaml_binary_tag.yaml", lambda: MINI + "x-blob: !!binary aGVsbG8=\n"),
    ("yaml_recursive_alias.yaml", lambda: MINI + "x-loop: &loop\n  - *loop\n"),
    ("yaml_duplicate_keys.yaml", lambda: MINI.replace("  version: 1.0.0\n", "  version: 1.0.0\n  title: again\n")),
    (
        "yaml_duplicate_keys_nested.yaml",
        lambda: to_yaml(api()).replace(
            '"operationId": "createItem"', '"operationId": "createItem"\n      "operationId": "createItemAgain"'
        ),
    ),
    ("yaml_invalid_utf8.yaml", lambda: MINI.encode() + b'x-bad: "caf\xc3\x28 \xff\xfe"\n'),
    ("yaml_raw_nul_byte.yaml", lambda: MINI.encode() + b"x-nul: a\x00b\n"),
    ("yaml_integer_5000_digits.yaml", lambda: MINI + "x-big: " + "7" * 5000 + "\n"),
    (
        "json_integer_5000_digits.json",
        lambda: (
            '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-big": ' + "7" * 5000 + "}\n"
        ),
    ),
    ("yaml_multiple_documents.yaml", lambda: MINI + "---\n" + MINI),
    ("yaml_top_level_list.yaml", lambda: "- openapi: 3.0.3\n- info: {}\n"),
    ("yaml_empty_file.yaml", lambda: ""),
    ("yaml_merge_keys.yaml", lambda: MINI + "x-base: &base {a: 1}\nx-derived:\n  <<: *base\n  b: 2\n"),
    ("yaml_broken_indentation.yaml", lambda: MINI.replace("  version: 1.0.0\n", "   version: 1.0.0\n")),
    ("json_with_tabs.json", lambda: json.dumps(api(), indent="\t") + "\n"),
    ("json_syntax_error.json", lambda: json.dumps(api(), indent=2).replace('"paths": {', '"paths": {,', 1)),
    ("refs_cyclic_via_properties.yaml", _y(cyclic_ref)),
    ("refs_cyclic_direct.yaml", _y(cyclic_ref_direct)),
    ("refs_unresolved.yaml", _y(unresolved_ref)),
    ("refs_external_files_and_urls.yaml", _y(external_ref)),
    ("refs_file_url_reads_local_file.yaml", _y(lambda: ref_to(f"file://{SECRET_FILE}"))),
    ("refs_file_url_etc_passwd.yaml", _y(lambda: ref_to("file:///etc/passwd"))),
    ("refs_http_url_is_fetched.yaml", _y(lambda: ref_to(f"http://127.0.0.1:{LISTEN_PORT}/schema.yaml#/X"))),
    ("schema_garbage_x_dependencies.yaml", _y(lambda: garbage_dependencies("deps"))),
    ("schema_invalid_regex_pattern.yaml", _y(bad_pattern)),
    ("schema_hostile_regex_patterns.yaml", _y(hostile_patterns)),
    # OpenAPI versions.
    ("version_swagger_2_0.yaml", lambda: 'swagger: "2.0"\ninfo:\n  title: t\n  version: "1"\npaths: {}\n'),
    ("version_3_1_0.yaml", lambda: MINI.replace("openapi: 3.0.3", "openapi: 3.1.0")),
    ("version_missing.yaml", lambda: MINI.replace("openapi: 3.0.3\n", "")),
    ("version_unquoted_float.yaml", lambda: MINI.replace("openapi: 3.0.3", "openapi: 3.0")),
    ("version_4_0_0.json", lambda: '{"openapi": "4.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}\n'),
    # Markdown pages.
    ("md_vendor_page_unquoted_colon.md", md_vendor_defect),
    ("md_repaired_line_with_payloads.md", lambda: md_repair_injection("mdrepair")),
    ("md_no_code_block.md", md_no_code_block),
    ("md_two_blocks_under_heading.md", md_two_blocks),
    ("md_four_backtick_fence.md", md_four_backticks),
    ("md_shallow_backtick_lines_in_triple_fence.md", md_shallow_backticks_in_triple_fence),
    ("md_backtick_lines_in_block_scalar.md", md_backticks_in_scalar),
    ("md_unclosed_fence.md", md_unclosed_fence),
    ("md_hostile_prose_and_other_blocks.md", md_hostile_prose),
    ("md_tilde_fence.md", md_tilde_fence),
    ("md_unquoted_colon_in_title.md", md_colon_not_repairable),
    ("md_second_spec_heading.md", md_heading_injection),
    ("md_seed_page.md", seed_text),
]


# --------------------------------------------------------------------------- issue 12: correct code for any names


def _response_refs(doc: dict[str, Any], names: list[str]) -> dict[str, Any]:
    """Every schema in ``names`` referenced from the response model, so each becomes a class."""
    doc["components"]["schemas"]["Response"]["properties"].update(
        {f"p{i}": {"$ref": "#/components/schemas/" + n} for i, n in enumerate(names)}
    )
    return doc


def schemas_case(names: list[str]) -> dict[str, Any]:
    schemas = {n: {"type": "object", "properties": {"v": {"type": "string"}, n: {"type": "string"}}} for n in names}
    doc = _response_refs(api(schemas=schemas), names)
    doc["components"]["schemas"]["Request"]["properties"]["inner"] = {"$ref": "#/components/schemas/" + names[0]}
    return doc


def enum_case(values: list[Any], varnames: list[Any] | None = None, *, kind: str = "string") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind, "enum": values, "description": "An enum."}
    if varnames is not None:
        schema["x-enum-varnames"] = varnames
    return api(request_props={"choice": dict(schema)}, response_props={"task_id": {"type": "string"}, "choice": schema})


def tags_case(tags: list[str]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for i, tag in enumerate(tags):
        op = api()["paths"]["/items"]["post"]
        op["tags"], op["operationId"] = [tag], f"op{i}"
        paths[f"/{tag or 'empty'}/{i}"] = {"post": op}
    return api(paths=paths, extra={"tags": [{"name": t} for t in tags]})


def rule_constant_case(labels: list[str]) -> dict[str, Any]:
    """Operations whose labels sanitise alike, each with a checked query parameter (a module-level rules constant)."""
    paths: dict[str, Any] = {}
    for i, label in enumerate(labels):
        op = api()["paths"]["/items"]["post"]
        op["operationId"] = label
        op["parameters"] = [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 5 + i}}]
        paths["/" + label.replace(".", "/")] = {"post": op}
        paths["/x/" + label] = {"post": {**op, "operationId": label + "x"}}
    return api(paths=paths)


def task_case(
    body_props: dict[str, Any],
    *,
    required: list[str] | None = None,
    extra_paths: dict[str, Any] | None = None,
    task_props: dict[str, Any] | None = None,
    id_in: str = "path",
    method: str = "generate",
    resource: str = "images",
) -> dict[str, Any]:
    """A task pair the generator infers or is told of: ``create_and_wait`` takes every body field as an argument."""
    task = (
        task_props
        if task_props is not None
        else {
            "task_id": {"type": "string"},
            "task_status": {"type": "string", "enum": ["submitted", "processing", "succeed", "failed"]},
        }
    )
    doc = api(request_props=body_props, response_props=task)
    if required:
        doc["components"]["schemas"]["Request"]["required"] = required
    post = doc["paths"]["/items"]["post"]
    post.update({"x-codegen-resource": resource, "x-codegen-method": method})
    answer = post["responses"]
    doc["paths"]["/items/{id}"] = {
        "get": {
            "operationId": "getItem",
            "tags": ["items"],
            "x-codegen-resource": resource,
            "parameters": [{"name": "id", "in": id_in, "required": True, "schema": {"type": "string"}}],
            "responses": answer,
        }
    }
    doc["paths"].update(extra_paths or {})
    return doc


TASK_SHAPE = {
    "task_id": {"type": "string"},
    "task_status": {"type": "string", "enum": ["submitted", "processing", "succeed", "failed"]},
}


def one_field_task(name: str, *, required: bool = True) -> dict[str, Any]:
    props = {
        "prompt": {"type": "string", "description": "The prompt."},
        name: {"type": "string", "description": f"A field named {name}."},
    }
    return task_case(props, required=[name] if required else None)


def op_with(**fields: Any) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": "op",
        "tags": ["items"],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Response"}}},
            }
        },
    }
    op.update(fields)
    return op


def params_case(params: list[dict[str, Any]]) -> dict[str, Any]:
    return api(paths={"/items": {"get": op_with(parameters=params)}})


def body_case(content_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return api(
        paths={
            "/upload": {"post": op_with(requestBody={"required": True, "content": {content_type: {"schema": schema}}})}
        }
    )


def answer_case(content_type: str, schema: dict[str, Any]) -> dict[str, Any]:
    return api(
        paths={
            "/download": {
                "get": op_with(responses={"200": {"description": "ok", "content": {content_type: {"schema": schema}}}})
            }
        }
    )


def typed_fields_case() -> dict[str, Any]:
    """UUID, binary (File), date and date-time typed fields in a body, its task wrapper, parameters and answers."""
    props = {
        "uid": {"type": "string", "format": "uuid"},
        "day": {"type": "string", "format": "date"},
        "at": {"type": "string", "format": "date-time"},
        "blob": {"type": "string", "format": "binary"},
    }
    doc = task_case(
        {"prompt": {"type": "string"}, **props}, required=["uid", "day"], task_props={**TASK_SHAPE, **props}
    )
    doc["paths"]["/items"]["post"]["parameters"] = [
        {"name": n, "in": "query", "schema": s} for n, s in props.items() if n != "blob"
    ]
    return doc


def dropped_model_case(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema the builder cannot make a class of, referenced from a body, an answer and a parameter."""
    doc = api(schemas={"Odd": schema})
    doc["components"]["schemas"]["Request"]["properties"]["odd"] = {"$ref": "#/components/schemas/Odd"}
    doc["components"]["schemas"]["Response"]["properties"]["odd"] = {"$ref": "#/components/schemas/Odd"}
    doc["paths"]["/items"]["post"]["parameters"] = [
        {"name": "odd", "in": "query", "schema": {"$ref": "#/components/schemas/Odd"}}
    ]
    return doc


def enum_field_of(doc: dict[str, Any]) -> dict[str, Any]:
    """An enum property in every component schema: its class is named after the schema's."""
    for schema in doc["components"]["schemas"].values():
        schema["properties"]["kind"] = {"type": "string", "enum": ["x", "y"]}
    return doc


def marked(doc: dict[str, Any]) -> dict[str, Any]:
    """The task pair of ``task_case`` marked by hand, so a pair that does not fit is a lint error."""
    doc["paths"]["/items"]["post"]["x-codegen-task"] = "create"
    doc["paths"]["/items/{id}"]["get"]["x-codegen-task"] = "get"
    return doc


def two_path_parameter_task() -> dict[str, Any]:
    doc = marked(task_case(string_props(["prompt"])))
    get = doc["paths"].pop("/items/{id}")
    get["get"]["parameters"].append({"name": "class", "in": "path", "required": True, "schema": {"type": "string"}})
    doc["paths"]["/items/{id}/{class}"] = get
    return doc


SHADOWING_SCHEMAS = [
    "Client",
    "Rule",
    "Callable",
    "ClassVar",
    "SyncAPIClient",
    "Unset",
    "UNSET",
    "T",
    "Mapping",
    "TypeVar",
]


def generate_and_wait_beside_task() -> dict[str, Any]:
    post = op_with(
        operationId="generate_and_wait", **{"x-codegen-resource": "images", "x-codegen-method": "generate_and_wait"}
    )
    return task_case(string_props(["prompt"]), extra_paths={"/items/batch": {"post": post}})


def resource_named_like_model(name: str, tag: str) -> dict[str, Any]:
    doc = schemas_case([name])
    doc["paths"]["/items"]["post"]["tags"] = [tag]
    doc["paths"][f"/{tag}/all"] = {"get": op_with(operationId="listThem", tags=[tag])}
    doc["paths"]["/items"]["post"]["x-codegen-resource"] = tag
    return doc


ISSUE12_STATIC: list[Case] = [
    # names colliding after sanitising or NFKC
    ("names_collide_name_and_na_me.yaml", _y(lambda: names_case(["name", "na-me", "na_me", "na.me"]))),
    ("names_collide_file_and_fi_ligature.yaml", _y(lambda: names_case(["file", "\ufb01le", "FILE"]))),
    ("names_collide_enum_fullwidth_a.yaml", _y(lambda: enum_case(["\uff21", "a", "A", "\uff41"]))),
    ("names_collide_schemas_abtest_case.yaml", _y(lambda: schemas_case(["ABTest", "AbTest", "Abtest", "ab_test"]))),
    ("names_collide_tags_foo1bar.yaml", _y(lambda: tags_case(["foo1bar", "foo_1bar", "Foo1Bar", "foo-1bar"]))),
    ("names_collide_param_rule_constants.yaml", _y(lambda: rule_constant_case(["c.a_b", "b_c.a", "c_a.b", "c_a_b"]))),
    ("names_collide_param_rule_constants_strasse.yaml", _y(lambda: rule_constant_case(["stra\u00dfe", "strasse"]))),
    (
        "names_collide_schemas_fullwidth_kling.yaml",
        _y(lambda: schemas_case(["\uff4b\uff4c\uff49\uff4e\uff47", "kling", "Kling"])),
    ),
    ("names_collide_schema_modules_by_case.yaml", _y(lambda: schemas_case(["Foo", "FOO", "foo", "F_oo"]))),
    ("names_collide_properties_strasse.yaml", _y(lambda: names_case(["stra\u00dfe", "strasse", "STRASSE"]))),
    (
        "names_collide_params_after_sanitising.yaml",
        _y(lambda: names_case(["name", "na-me", "NAME", "n\u0430me"], params=True)),
    ),
    ("names_collide_enum_values_strasse.yaml", _y(lambda: enum_case(["stra\u00dfe", "strasse", "STRASSE"]))),
    (
        "names_collide_header_query_path_same_name.yaml",
        _y(
            lambda: api(
                paths={
                    "/items/{x}": {
                        "post": op_with(
                            parameters=[
                                {"name": "x", "in": loc, "required": True, "schema": {"type": "string"}}
                                for loc in ("path", "query", "header", "cookie")
                            ]
                        )
                    }
                }
            )
        ),
    ),
    (
        "names_collide_operation_ids_nfkc.yaml",
        _y(
            lambda: api(
                paths={"/a": {"post": op_with(operationId="\ufb01le")}, "/b": {"post": op_with(operationId="file")}}
            )
        ),
    ),
    # spec names shadowing the generated modules' names
    *(
        (
            f"names_schema_shadows_{n.lower() if n != 'UNSET' else 'unset_constant'}.yaml",
            _y(functools.partial(schemas_case, [n])),
        )
        for n in SHADOWING_SCHEMAS
    ),
    ("names_schema_starts_with_classvar.yaml", _y(lambda: enum_field_of(schemas_case(["ClassVarHolder", "ClassVar"])))),
    (
        "names_schema_shadows_runtime_and_errors.yaml",
        _y(
            lambda: schemas_case(
                [
                    "AsyncClient",
                    "KlingError",
                    "Field",
                    "Endpoint",
                    "RequestModel",
                    "ResponseModel",
                    "OpenStrEnum",
                    "Any",
                    "Literal",
                ]
            )
        ),
    ),
    ("names_operation_generate_and_wait_beside_task.yaml", _y(generate_and_wait_beside_task)),
    ("names_resource_class_equals_model_class.yaml", _y(lambda: resource_named_like_model("ImagesResource", "images"))),
    ("names_resource_attr_equals_model_class.yaml", _y(lambda: resource_named_like_model("Items", "items"))),
    # task body fields named like create_and_wait's own arguments and locals
    *(
        (f"names_task_body_field_{n}.yaml", _y(functools.partial(one_field_task, n)))
        for n in ("body", "task", "raw", "self", "request_timeout")
    ),
    (
        "names_task_body_fields_wait_arguments.yaml",
        _y(
            lambda: task_case(
                string_props(
                    [
                        "prompt",
                        "wait_timeout",
                        "poll_interval",
                        "on_progress",
                        "timeout",
                        "extra_body",
                        "extra_query",
                        "extra_headers",
                        "cls",
                        "client",
                        "response",
                    ]
                ),
                required=["prompt", "wait_timeout", "timeout"],
            )
        ),
    ),
    # CLI flags made of body fields
    *(
        (f"names_cli_flag_{n.replace('-', '_')}.yaml", _y(functools.partial(one_field_task, n)))
        for n in ("help", "wait", "out", "timeout", "poll-interval")
    ),
    (
        "names_cli_flags_all_at_once.yaml",
        _y(
            lambda: task_case(
                string_props(
                    [
                        "prompt",
                        "h",
                        "api-key",
                        "api_key",
                        "base-url",
                        "wait-timeout",
                        "wait_timeout",
                        "Help",
                        "-",
                        "--out",
                        "poll interval",
                    ]
                ),
                required=["prompt", "h", "--out"],
            )
        ),
    ),
    # x-enum-varnames
    ("names_enum_varnames_empty.yaml", _y(lambda: enum_case(["a", "b", "c"], ["", "", " "]))),
    ("names_enum_varnames_leading_digits.yaml", _y(lambda: enum_case(["a", "b", "c"], ["1st", "2nd", "3"]))),
    (
        "names_enum_varnames_keywords_and_duplicates.yaml",
        _y(lambda: enum_case(["a", "b", "c", "d"], ["class", "class", "None", "_"])),
    ),
    ("names_enum_varnames_wrong_length.yaml", _y(lambda: enum_case(["a", "b", "c"], ["ONE"]))),
    ("names_enum_varnames_not_strings.yaml", _y(lambda: enum_case([1, 2, 3], [1, None, ["x"]], kind="integer"))),
    # task roles that do not fit: lint error or no task pair, never broken code
    (
        "tasks_create_answer_without_task_id.yaml",
        _y(lambda: task_case(string_props(["prompt"]), task_props={"task_status": {"type": "string"}})),
    ),
    (
        "tasks_create_answer_without_task_status.yaml",
        _y(lambda: task_case(string_props(["prompt"]), task_props={"task_id": {"type": "string"}})),
    ),
    (
        "tasks_marked_pair_without_task_id.yaml",
        _y(lambda: marked(task_case(string_props(["prompt"]), task_props={"task_status": {"type": "string"}}))),
    ),
    (
        "tasks_marked_pair_without_task_status.yaml",
        _y(lambda: marked(task_case(string_props(["prompt"]), task_props={"task_id": {"type": "string"}}))),
    ),
    ("tasks_marked_get_with_two_path_parameters.yaml", _y(two_path_parameter_task)),
    ("tasks_id_not_a_path_parameter.yaml", _y(lambda: task_case(string_props(["prompt"]), id_in="query"))),
    (
        "tasks_marked_create_without_get.yaml",
        _y(lambda: api(operation={"x-codegen-task": "create"}, response_props=dict(TASK_SHAPE))),
    ),
    (
        "tasks_marked_get_without_create.yaml",
        _y(
            lambda: api(
                paths={
                    "/items/{id}": {
                        "get": op_with(
                            **{"x-codegen-task": "get"},
                            parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        )
                    }
                }
            )
        ),
    ),
    (
        "tasks_answer_is_not_an_object.yaml",
        _y(
            lambda: api(
                paths={
                    "/items": {
                        "post": op_with(
                            responses={
                                "200": {
                                    "description": "ok",
                                    "content": {"application/json": {"schema": {"type": "string"}}},
                                }
                            }
                        )
                    },
                    "/items/{id}": {
                        "get": op_with(
                            operationId="g",
                            parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        )
                    },
                }
            )
        ),
    ),
    (
        "tasks_status_of_wrong_type.yaml",
        _y(
            lambda: task_case(
                string_props(["prompt"]),
                task_props={
                    "task_id": {"type": "integer"},
                    "task_status": {"type": "object", "properties": {"x": {"type": "string"}}},
                },
            )
        ),
    ),
    # parameters and bodies beyond JSON
    (
        "params_required_header.yaml",
        _y(
            lambda: params_case(
                [
                    {"name": "X-Trace-Id", "in": "header", "required": True, "schema": {"type": "string"}},
                    {"name": "x-trace-id", "in": "query", "schema": {"type": "string"}},
                ]
            )
        ),
    ),
    (
        "params_required_cookie.yaml",
        _y(
            lambda: params_case(
                [
                    {"name": "session", "in": "cookie", "required": True, "schema": {"type": "string"}},
                    {"name": "class", "in": "cookie", "schema": {"type": "integer"}},
                ]
            )
        ),
    ),
    (
        "params_header_names_hostile.yaml",
        _y(
            lambda: params_case(
                [
                    {"name": n, "in": "header", "required": i % 2 == 0, "schema": {"type": "string"}}
                    for i, n in enumerate(["Content-Type", "Authorization", "class", "timeout", "extra_headers"])
                ]
            )
        ),
    ),
    (
        "body_multipart_form_data.yaml",
        _y(
            lambda: body_case(
                "multipart/form-data",
                {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "class": {"type": "string"},
                        "na-me": {"type": "integer"},
                    },
                },
            )
        ),
    ),
    (
        "body_urlencoded_form.yaml",
        _y(
            lambda: body_case(
                "application/x-www-form-urlencoded",
                {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {"type": "string"},
                        "self": {"type": "string"},
                        "body": {"type": "boolean"},
                    },
                },
            )
        ),
    ),
    ("body_text_plain.yaml", _y(lambda: body_case("text/plain", {"type": "string"}))),
    (
        "body_octet_stream.yaml",
        _y(lambda: body_case("application/octet-stream", {"type": "string", "format": "binary"})),
    ),
    ("answer_text_plain.yaml", _y(lambda: answer_case("text/plain", {"type": "string"}))),
    (
        "answer_octet_stream.yaml",
        _y(lambda: answer_case("application/octet-stream", {"type": "string", "format": "binary"})),
    ),
    # models dropped or unusual, still referenced; typed fields in signatures
    ("models_dropped_not_schema_referenced.yaml", _y(lambda: dropped_model_case({"not": {"type": "string"}}))),
    ("models_dropped_empty_schema_referenced.yaml", _y(lambda: dropped_model_case({}))),
    (
        "models_dropped_conflicting_allof_referenced.yaml",
        _y(lambda: dropped_model_case({"allOf": [{"type": "string"}, {"type": "integer"}]})),
    ),
    ("models_typed_fields_in_signatures.yaml", _y(typed_fields_case)),
]


STATIC += ISSUE12_STATIC


# --------------------------------------------------------------------------- the large cases (test time only)


def alias_bomb() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return MINI + "x-bomb:\n" + "".join(f"  {line}\n" for line in lines)


def alias_bomb_merge_keys() -> str:
    lines = ["m0: &m0 {k0: lol, k1: lol, k2: lol, k3: lol, k4: lol, k5: lol, k6: lol, k7: lol, k8: lol, k9: lol}"]
    for i in range(1, 10):
        refs = ", ".join(f"c{j}: *m{i - 1}" for j in range(10))
        lines.append(f"m{i}: &m{i} {{{refs}}}")
    return MINI + "x-bomb:\n" + "".join(f"  {line}\n" for line in lines)


def deep_flow(depth: int) -> str:
    return MINI + "x-deep: " + "[" * depth + "]" * depth + "\n"


def deep_block(depth: int) -> str:
    lines = ["x-deep:"]
    for i in range(1, depth + 1):
        lines.append("  " * i + f"k{i}:")
    lines.append("  " * (depth + 1) + "leaf: 1")
    return MINI + "\n".join(lines) + "\n"


def deep_schema_json(depth: int) -> str:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"child": schema}}
    doc = api(response_props={"root": schema})
    # Raised for the dump only: a higher limit left behind would change what later tests in the process see
    # (tests/network expects 990-deep JSON to exceed the default limit).
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, depth * 4 + 1000))
    try:
        return json.dumps(doc)
    finally:
        sys.setrecursionlimit(old_limit)


def deep_schema_moderate() -> str:
    # 60 nested object schemas: 240 YAML levels, under the loader's depth limit.
    schema: dict[str, Any] = {"type": "string", "description": "leaf {{ 7*7 }}"}
    for i in range(60):
        schema = {"type": "object", "description": f"level {i}", "properties": {f"c{i}": schema}}
    return to_yaml(api(response_props={"root": schema}))


def over_10_mb() -> str:
    filler = "# " + "x" * 98 + "\n"
    return MINI + filler * (10 * 1024 * 1024 // len(filler) + 2)


def just_under_10_mb_comment() -> str:
    filler = "# " + "x" * 98 + "\n"
    text = to_yaml(api())
    return text + filler * ((10 * 1024 * 1024 - len(text) - 1000) // len(filler))


def huge_description() -> str:
    return to_yaml(api(request_props={"prompt": {"type": "string", "description": "word " * 400_000}}))


def many_operations() -> str:
    paths: dict[str, Any] = {}
    for i in range(300):
        op = api()["paths"]["/items"]["post"]
        op["operationId"] = f"op{i}"
        paths[f"/items/{i}"] = {"post": op}
    return to_yaml(api(paths=paths))


def wide_anchor_reuse() -> str:
    # Many aliases of one modest node: well under the node budget, must simply work.
    base = "x-shared: &shared {a: 1, b: [1, 2, 3], c: {d: e}}\n"
    return MINI + base + "x-uses:\n" + "".join("  - *shared\n" for _ in range(2000))


LARGE: list[tuple[str, Callable[[], str]]] = [
    ("large_alias_bomb.yaml", alias_bomb),
    ("large_alias_bomb_merge_keys.yaml", alias_bomb_merge_keys),
    ("large_nesting_flow_5000.yaml", lambda: deep_flow(5000)),
    ("large_nesting_block_1200.yaml", lambda: deep_block(1200)),
    ("large_nesting_schema_1500.json", lambda: deep_schema_json(1500)),
    ("large_nesting_schema_60.yaml", deep_schema_moderate),
    ("large_over_10_mb.yaml", over_10_mb),
    ("large_just_under_10_mb_of_comments.yaml", just_under_10_mb_comment),
    ("large_2_mb_description.yaml", huge_description),
    ("large_300_operations.yaml", many_operations),
    ("large_2000_aliases_of_one_node.yaml", wide_anchor_reuse),
]


def write_static(folder: Path = CASES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in STATIC:
        data = make()
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        assert len(raw) < 200_000, name
        path = folder / name
        path.write_bytes(raw)
        written.append(path)
    return written


def write_large(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, make in LARGE:
        path = folder / name
        path.write_bytes(make().encode("utf-8"))
        written[name] = path
    return written


if __name__ == "__main__":
    for path in write_static():
        print(path.relative_to(ROOT))
