"""Stage 4, lint: what the spec's author should fix, with ``file:line``.

Input: an ``augment.Augmented`` spec. Output: sorted ``Finding`` records
(errors, warnings, notes). Module: ``checks``.
"""

from .checks import lint_spec

__all__ = ["lint_spec"]
