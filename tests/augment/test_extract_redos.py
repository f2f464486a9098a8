"""Stage 3 (extract) on adversarial prose: ~100 kB of repeated near-matches for every rule must not hang.

The extraction runs in a child process so a catastrophic regex cannot take the
test runner down with it; the timeout is a hang detector, not a benchmark.
The results are checked too: repeated fragments must not add up to a bogus
constraint.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HANG_GUARD_SECONDS = 60
SIZE = 100_000

# Each fragment is one step short of a rule, or a rule's pieces glued so that a backtracking
# pattern would retry them at every offset.
NEAR_MATCHES = [
    "cannot exceed ", "no more than ", "at least ", "up to ", "max length ", "between 1 and ", "greater than or equal to ",
    "[1,", "(0, ", "[0 .. ", "1,000,", "1-", "-", "1 - ", "1~", "1 ~ ", "9", "1.1.", "0.", "v1-", "16:9:", "1:2.5~",
    "Value range: ", "Value range: 1-", "range 1-1-", "from 1 to ", "between ", "e.g. 1-9 ",
    "Enumeration Values: a, ", "Enumerated values: 16:9 (", "Enum: `a` ", "One of: ", "Enum:\n", "- `a`: x\n", "a: b\n",
    "Possible values: " + "x" * 70 + ", ", '"a" ', "(((", ")))", "``", "a" * 65 + ", ", "`~`, ", "'a', ", "Can be `a`, ",
    "Only a-1, ", "a-1 or ", "Range value: 1-", "0 最严格，", "1 indicates the strictest, and ", "需要 `a`、",
    "Default: ", "defaults to ", "(default ", "默认", "默认值为", "默认为 ",
    "Either a or ", "a and b are mutually ", "Cannot be used together with ", "When using kling-v1-5 and ",
    "Required when mode is ", "if ", "when the image parameter is not empty and ", "this parameter is required when ",
    "当使用", "当使用kling-v1-5且", "image不为空时", "如果type为", "不能与", "二选一", "必填",
    "不超过", "不能超过", "取值范围：[", "取值范围：（0,", "范围 1～", "最多", "至少", "最大长度为", "大于", "小于等于",
    "枚举值：", "枚举值：a、", "可选值：a，", "可选：", "以内", "个字符", "１０", "：", "，", "）", "\u200b", "\ufeff",
]  # fmt: skip

_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from generator.augment.extract import extract_constraints
from generator.vocab.sourcemap import SourceMap
fragments, size = json.loads(sys.stdin.read())
properties = {"model_name": {"type": "string", "enum": ["kling-v1-5"]}}
for index, fragment in enumerate(fragments):
    text = fragment * (size // len(fragment) + 1)
    kind = ("string", "integer", "number", "array")[index % 4]
    properties[f"f{index}"] = {"type": kind, "items": {"type": "string"}, "description": text}
# A positive control: a real rule after 100 kB of noise must still be found.
properties["control"] = {"type": "string", "description": "cannot exceed " * (size // 14) + ". Cannot exceed 10 characters."}
document = {"components": {"schemas": {"S": {"type": "object", "properties": properties}}}}
result = extract_constraints(document, SourceMap())
print(json.dumps({
    "extractions": [[e.pointer, e.keyword, repr(e.value)] for e in result.extractions],
    "findings": len(result.findings),
}))
"""


def test_adversarial_descriptions_finish_without_bogus_constraints() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT)],
        input=json.dumps([NEAR_MATCHES, SIZE]),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    report = json.loads(completed.stdout)
    assert report["extractions"] == [["/components/schemas/S/properties/control", "maxLength", "10"]]
    # Repetition is summarised, not echoed once per fragment.
    assert report["findings"] < 40 * len(NEAR_MATCHES)
