"""Breaking-change diff between two OpenAPI documents, in the manner of oasdiff.

Stage: diff. Input: two OpenAPI 3.0 documents as plain data (normally the
augmented specs, so limits written only in prose are compared too).
Output: sorted ``Change`` records (rule id, ERR/WARN/INFO, operation, RFC 6901
pointer, message), their rendering (text/json/markdown/github), the next
semantic version and a changelog section.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._changelog import bump_kind, changelog_entry, is_semver, next_version
from ._docs import DocPair
from ._format import FORMATS, NO_CONTEXT, Context, render_changes, summarize
from ._quotes import quote_for
from ._rules import LEVELS, RULES, Change, Level, Rule, make_change, sort_changes
from ._walk import compare_documents

__all__ = [
    "FORMATS",
    "LEVELS",
    "NO_CONTEXT",
    "RULES",
    "Change",
    "Context",
    "Level",
    "Rule",
    "bump_kind",
    "changelog_entry",
    "diff_documents",
    "is_semver",
    "make_change",
    "next_version",
    "quote_for",
    "render_changes",
    "summarize",
]


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``, most severe first, in a deterministic order."""
    docs = DocPair(old=old, new=new)
    compare_documents(docs)
    return sort_changes(docs.changes)
