"""Every extension key the generator reads or writes, documented once.

Stage: all. Input: none. Output: the key names as constants and ``KEYS``, the
registry a test checks every ``x-codegen-*`` string in the generator against.
Keys marked *internal* never appear in a spec: the generator adds them to a
private copy of the document and removes them again.
"""

from __future__ import annotations

import attrs


@attrs.frozen(kw_only=True)
class ExtensionKey:
    name: str
    where: str  # the kind of OpenAPI object that carries it
    meaning: str
    internal: bool = False


API_KEY_ENV = "x-codegen-api-key-env"
RESOURCE = "x-codegen-resource"
METHOD = "x-codegen-method"
TASK = "x-codegen-task"
TASK_ID_FIELD = "x-codegen-task-id-field"
TASK_STATUS_FIELD = "x-codegen-task-status-field"
UNWRAP = "x-codegen-unwrap"
NAME = "x-codegen-name"
IMAGE = "x-codegen-image"
ENVELOPE = "x-codegen-envelope"
TASK_ENVELOPE = "x-codegen-task-envelope"
POINTER = "x-codegen-pointer"
EVIDENCE = "x-evidence"
DEPENDENCIES = "x-dependencies"

KEYS: tuple[ExtensionKey, ...] = (
    ExtensionKey(
        name=API_KEY_ENV,
        where="document",
        meaning="the environment variable the generated client reads its API key from",
    ),
    ExtensionKey(
        name=RESOURCE,
        where="operation",
        meaning="the client attribute grouping the operation (client.<resource>.<method>)",
    ),
    ExtensionKey(name=METHOD, where="operation", meaning="the Python method name of the operation"),
    ExtensionKey(
        name=TASK,
        where="operation",
        meaning="'create' or 'get': the operation starts or reads an asynchronous task",
    ),
    ExtensionKey(
        name=TASK_ID_FIELD,
        where="operation",
        meaning="the property of the returned task that holds its id (default task_id)",
    ),
    ExtensionKey(
        name=TASK_STATUS_FIELD,
        where="operation",
        meaning="the property of the returned task that holds its status (default task_status)",
    ),
    ExtensionKey(
        name=UNWRAP,
        where="operation",
        meaning="the property of the response envelope the method returns (e.g. data)",
    ),
    ExtensionKey(name=NAME, where="parameter or property", meaning="the Python name of an argument"),
    ExtensionKey(
        name=IMAGE,
        where="property",
        meaning="the field takes an image: the client accepts a URL, a path or bytes and sends base64; a mapping "
        "states limits (formats, max-bytes, min-side, ratio) with their evidence",
    ),
    ExtensionKey(
        name=ENVELOPE,
        where="document",
        meaning="how the API wraps every JSON answer: {code, ok, message, request_id} field names and ok codes",
    ),
    ExtensionKey(
        name=TASK_ENVELOPE,
        where="document",
        meaning="the task envelope of a vendor profile, applied by rule to every task pair whose answers are empty",
    ),
    ExtensionKey(
        name=POINTER,
        where="schema",
        meaning="the schema's own pointer, tagged on the parser's copy to match models back",
        internal=True,
    ),
    ExtensionKey(
        name=EVIDENCE,
        where="schema",
        meaning="keyword -> the sentence a keyword was extracted from (written by the augment stage)",
    ),
    ExtensionKey(
        name=DEPENDENCIES,
        where="object schema",
        meaning="inter-field rules in the IDL of generator.vocab.idl",
    ),
)

BY_NAME = {key.name: key for key in KEYS}
