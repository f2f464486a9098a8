"""The shared vocabulary of every stage: what an OpenAPI document is made of, and what we add to it.

Stage: all (imported by every stage, imports none). Modules:

* ``findings``: ``Location``, ``Finding``, ``Extraction``, ``SpecError``: the records stages pass on.
* ``sourcemap``: RFC 6901 pointers and the pointer -> ``file:line`` map built by the loader.
* ``openapi``: HTTP methods, walking operations, resolving local ``$ref``s, security headers.
* ``keys``: every ``x-codegen-*`` (and ``x-evidence``/``x-dependencies``) key, documented once.
* ``idl``: the grammar of ``x-dependencies`` rules.
* ``packages``: which names ``--package-name`` may take.

Nothing here touches the disk or prints.
"""
