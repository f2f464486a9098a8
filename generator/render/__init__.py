"""Stage 6, render: the client package as text, from the intermediate model.

Input: ``build.ClientModel``, the overlay, the augmented YAML and the
changelog. Output: ``{relative path: text}``; nothing is written here.
Modules: ``client`` (which template renders which file), ``models`` and
``resources`` (what each module shows, computed for its template), ``python``
(the Python spelling of types), ``filters`` (the escaping filters every spec
string passes through once), ``yaml_emit`` (our deterministic YAML writer).
"""

from .client import HEADER, RUNTIME, TEMPLATES, Rendered, dump_yaml, release_files, render_client, runtime_files

__all__ = [
    "HEADER",
    "RUNTIME",
    "TEMPLATES",
    "Rendered",
    "dump_yaml",
    "release_files",
    "render_client",
    "runtime_files",
]
