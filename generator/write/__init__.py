"""Stage 7, write: format, stamp and swap the output folder into place; read what was there.

Input: rendered files and the output folder. Output: the folder on disk.
Modules: ``format`` (ruff, in scratch space), ``stamp`` (what the folder was
made from), ``tree`` (atomic swap, lock, recovery after a kill), ``disk``
(safe paths, reading a tree), ``previous`` (the earlier output, for the
release planner). With the load stage, this package is the only one that
touches the disk.
"""

from .disk import read_tree, safe_relative
from .format import GateFailure, GateProblem, formatted_files
from .previous import PreviousOutput, read_previous
from .stamp import Stamp, generator_fingerprint, inputs_fingerprint, is_current, stamp_files
from .tree import out_problem, write_tree

__all__ = [
    "GateFailure",
    "GateProblem",
    "PreviousOutput",
    "Stamp",
    "formatted_files",
    "generator_fingerprint",
    "inputs_fingerprint",
    "is_current",
    "out_problem",
    "read_previous",
    "read_tree",
    "safe_relative",
    "stamp_files",
    "write_tree",
]
