"""Find the OpenAPI code block inside an Apifox markdown page.

Stage 1: load. Input: the page's text. Output: the blocks holding OpenAPI
documents (several when the page has one per endpoint; the loader merges
them), each with the page line number of its first line, so later errors point
at the page itself.
Fences follow CommonMark: a block closes only on a fence of the same character
at least as long as the opener, so a ``` line inside a ```` block is content.
"""

from __future__ import annotations

import re

import attrs

from ..vocab.findings import Location, SpecError

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([A-Za-z0-9_+-]*)[^`]*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t#]*$")
_SPEC_HEADING = re.compile(r"openapi\s+specification|openapi\s*规范|接口定义", re.IGNORECASE)
_SPEC_LANGS = {"yaml", "yml", "json", ""}


@attrs.frozen(kw_only=True)
class CodeBlock:
    lang: str
    text: str
    first_line: int  # 1-based page line of the block's first content line
    heading: str


def find_code_blocks(text: str) -> list[CodeBlock]:
    """Every fenced block of the page, with the nearest heading above it."""
    blocks: list[CodeBlock] = []
    lines = text.split("\n")
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        head = _HEADING.match(line)
        if head:
            heading = head.group(1)
        fence = _FENCE.match(line)
        if fence is None:
            i += 1
            continue
        marker, lang = fence.group(1), fence.group(2).lower()
        closer = re.compile(r"^ {0,3}" + re.escape(marker[0]) + "{" + str(len(marker)) + r",}[ \t]*$")
        j = i + 1
        while j < len(lines) and not closer.match(lines[j]):
            j += 1
        if j >= len(lines):
            raise SpecError(f"code block opened here is never closed (expected a closing {marker})", None)
        if j + 1 < len(lines) and lines[j + 1][:1] in (" ", "\t") and lines[j + 1].strip():
            # The "closing" fence is followed by indented content: it was a line of a YAML block scalar.
            raise SpecError(
                f"the code block is closed by the {marker} on this line, but the next line is indented like the "
                f"YAML around it; a {marker} line inside the spec needs a longer fence ({marker[0] * (len(marker) + 1)})",
                Location(file="", line=j + 1),
            )
        blocks.append(CodeBlock(lang=lang, text="\n".join(lines[i + 1 : j]) + "\n", first_line=i + 2, heading=heading))
        i = j + 1
    return blocks


def select_spec_blocks(text: str, file: str) -> list[CodeBlock]:
    """The YAML/JSON blocks holding OpenAPI documents (a page may have one per endpoint), or a clear error."""
    try:
        blocks = find_code_blocks(text)
    except SpecError as exc:
        line = exc.location.line if exc.location is not None else _unclosed_line(text)
        raise SpecError(exc.message, Location(file=file, line=line)) from None
    candidates = [b for b in blocks if b.lang in _SPEC_LANGS]
    under_heading = [b for b in candidates if _SPEC_HEADING.search(b.heading) and _looks_like_openapi(b.text)]
    chosen = under_heading or [b for b in candidates if _looks_like_openapi(b.text)]
    if not chosen:
        # A block under the spec heading that does not start like OpenAPI: still the author's intent.
        chosen = [b for b in candidates if _SPEC_HEADING.search(b.heading)][:1]
    if not chosen:
        raise SpecError(
            "no ```yaml or ```json code block with an OpenAPI document found in this markdown page",
            Location(file=file, line=1),
        )
    return chosen


def _looks_like_openapi(block: str) -> bool:
    return re.search(r"^\s*[\"']?(openapi|swagger)[\"']?\s*:", block, re.MULTILINE) is not None


def _unclosed_line(text: str) -> int:
    # Re-scan to name the opener of the unclosed block.
    lines = text.split("\n")
    open_at = 0
    marker = ""
    for n, line in enumerate(lines, start=1):
        fence = _FENCE.match(line)
        if not marker and fence:
            marker, open_at = fence.group(1), n
        elif marker and line.strip().startswith(marker[0] * len(marker)) and set(line.strip()) == {marker[0]}:
            marker = ""
    return open_at or 1
