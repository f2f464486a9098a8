"""The rule catalogue: every change the diff can report, with its level and wording.

Stage: diff. Input: a rule id and the values that describe one change.
Output: ``Change`` records whose level and message come from the catalogue below.

Ids are oasdiff's (github.com/oasdiff/oasdiff, ``checker/``) wherever oasdiff has
the rule, with oasdiff's level. Rows marked ``*`` are ours: oasdiff has no such
rule (``x-dependencies`` is our keyword; several ``-unset`` and ``max-items``
variants exist there only for parameters or only in one direction). Rows
marked ``+`` are features for semver: something was added or a constraint was
relaxed, so a release that contains one is at least a minor bump.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

Level = Literal["ERR", "WARN", "INFO"]
LEVELS: tuple[Level, ...] = ("ERR", "WARN", "INFO")


@attrs.frozen(kw_only=True)
class Rule:
    """One catalogue row."""

    id: str
    level: Level
    feature: bool
    oasdiff: bool


@attrs.frozen(kw_only=True, order=True)
class Change:
    """One difference between two documents that a client author may care about.

    ``pointer`` is an RFC 6901 pointer into the new document, or into the old
    one when the thing was removed. ``operation`` is ``"POST /path"`` or ``""``.
    """

    id: str
    level: Level
    operation: str
    pointer: str
    message: str


# id  level  flags (+ feature, * not an oasdiff rule)
_CATALOGUE = """
endpoint-added                                       INFO  +
endpoint-deprecated                                  INFO
endpoint-reactivated                                 INFO
api-path-removed-without-deprecation                 ERR
api-path-removed-with-deprecation                    INFO
api-removed-without-deprecation                      ERR
api-removed-with-deprecation                         INFO
api-security-added                                   INFO
api-security-removed                                 INFO
api-global-security-added                            INFO
api-global-security-removed                          INFO
api-security-component-added                         INFO
api-security-component-removed                       INFO
new-required-request-parameter                       ERR
new-optional-request-parameter                       INFO  +
request-parameter-removed                            WARN
request-body-added-required                          ERR
request-body-added-optional                          INFO  +
request-body-removed                                 ERR
request-body-became-required                         ERR
request-body-became-optional                         INFO  +
request-body-media-type-added                        INFO  +
request-body-media-type-removed                      ERR
new-required-request-property                        ERR
new-optional-request-property                        INFO  +
request-property-removed                             WARN
response-success-status-added                        INFO  +
response-success-status-removed                      ERR
response-non-success-status-added                    INFO  +
response-non-success-status-removed                  INFO
response-media-type-added                            INFO  +
response-media-type-removed                          ERR
response-header-added                                INFO  +
required-response-header-removed                     ERR
optional-response-header-removed                     WARN
response-required-property-added                     INFO  +
response-optional-property-added                     INFO  +
response-required-property-removed                   ERR
response-optional-property-removed                   WARN
request-property-type-changed                        ERR
request-parameter-type-changed                       ERR
request-body-type-changed                            ERR
response-property-type-changed                       ERR
response-body-type-changed                           ERR
request-property-type-generalized                    INFO  +
request-parameter-type-generalized                   INFO  +
request-body-type-generalized                        INFO  +
response-property-type-generalized                   ERR
response-body-type-generalized                       ERR
response-property-type-specialized                   INFO
response-body-type-specialized                       INFO
request-property-became-nullable                     INFO  +
request-parameter-became-nullable                    INFO  +
request-body-became-nullable                         INFO  +
response-property-became-nullable                    ERR
response-body-became-nullable                        ERR
request-property-became-not-nullable                 ERR
request-parameter-became-not-nullable                ERR
request-body-became-not-nullable                     ERR
response-property-became-not-nullable                INFO
response-body-became-not-nullable                    INFO
request-property-became-enum                         ERR
request-parameter-became-enum                        ERR
request-body-became-enum                             ERR
request-property-enum-unset                          INFO  +*
request-parameter-enum-unset                         INFO  +*
response-property-enum-unset                         WARN  *
request-property-enum-value-added                    INFO  +
request-parameter-enum-value-added                   INFO  +
response-property-enum-value-added                   WARN  +
request-property-enum-value-removed                  ERR
request-parameter-enum-value-removed                 ERR
request-body-enum-value-removed                      ERR
response-property-enum-value-removed                 INFO
request-property-max-length-decreased                ERR
request-parameter-max-length-decreased               ERR
request-body-max-length-decreased                    ERR
request-property-max-length-increased                INFO  +
request-parameter-max-length-increased               INFO  +
request-body-max-length-increased                    INFO  +
response-property-max-length-increased               ERR
response-body-max-length-increased                   ERR
request-property-max-length-set                      WARN
request-parameter-max-length-set                     WARN
request-body-max-length-set                          WARN
request-property-max-length-unset                    INFO  +*
request-parameter-max-length-unset                   INFO  +*
response-property-max-length-unset                   ERR
response-body-max-length-unset                       ERR
request-property-min-length-increased                ERR
request-parameter-min-length-increased               ERR
request-body-min-length-increased                    ERR
request-property-min-length-decreased                INFO  +
request-parameter-min-length-decreased               INFO  +
request-body-min-length-decreased                    INFO  +
response-property-min-length-decreased               ERR
response-body-min-length-decreased                   ERR
request-property-max-items-decreased                 ERR   *
request-parameter-max-items-decreased                ERR
request-property-max-items-increased                 INFO  +*
request-parameter-max-items-increased                INFO  +
response-property-max-items-increased                ERR   *
request-property-max-items-set                       WARN  *
request-parameter-max-items-set                      WARN  *
request-property-max-items-unset                     INFO  +*
request-parameter-max-items-unset                    INFO  +*
response-property-max-items-unset                    ERR   *
request-property-min-items-increased                 ERR
request-parameter-min-items-increased                ERR
request-body-min-items-increased                     ERR
request-property-min-items-decreased                 INFO  +*
request-parameter-min-items-decreased                INFO  +
response-property-min-items-decreased                ERR
response-body-min-items-decreased                    ERR
request-property-min-items-set                       WARN
request-parameter-min-items-set                      WARN
request-body-min-items-set                           WARN
request-property-min-items-unset                     INFO  +*
request-parameter-min-items-unset                    INFO  +*
response-property-min-items-unset                    ERR
response-body-min-items-unset                        ERR
request-property-max-decreased                       ERR
request-parameter-max-decreased                      ERR
request-body-max-decreased                           ERR
request-property-max-increased                       INFO  +
request-parameter-max-increased                      INFO  +
request-body-max-increased                           INFO  +
response-property-max-increased                      ERR
response-body-max-increased                          ERR
request-property-max-set                             WARN
request-parameter-max-set                            WARN
request-body-max-set                                 WARN
request-property-max-unset                           INFO  +*
request-parameter-max-unset                          INFO  +*
response-property-max-unset                          ERR   *
request-property-min-increased                       ERR
request-parameter-min-increased                      ERR
request-body-min-increased                           ERR
request-property-min-decreased                       INFO  +
request-parameter-min-decreased                      INFO  +
request-body-min-decreased                           INFO  +
response-property-min-decreased                      ERR
response-body-min-decreased                          ERR
request-property-min-set                             WARN
request-parameter-min-set                            WARN
request-body-min-set                                 WARN
request-property-min-unset                           INFO  +*
request-parameter-min-unset                          INFO  +*
response-property-min-unset                          ERR   *
request-property-exclusive-max-decreased             ERR
request-parameter-exclusive-max-decreased            ERR
request-body-exclusive-max-decreased                 ERR
request-property-exclusive-max-increased             INFO  +
request-parameter-exclusive-max-increased            INFO  +
request-body-exclusive-max-increased                 INFO  +
response-property-exclusive-max-increased            ERR
response-body-exclusive-max-increased                ERR
request-property-exclusive-max-set                   WARN
request-parameter-exclusive-max-set                  WARN
request-body-exclusive-max-set                       WARN
request-property-exclusive-min-increased             ERR
request-parameter-exclusive-min-increased            ERR
request-body-exclusive-min-increased                 ERR
request-property-exclusive-min-decreased             INFO  +
request-parameter-exclusive-min-decreased            INFO  +
request-body-exclusive-min-decreased                 INFO  +
response-property-exclusive-min-decreased            ERR
response-body-exclusive-min-decreased                ERR
request-property-exclusive-min-set                   WARN
request-parameter-exclusive-min-set                  WARN
request-body-exclusive-min-set                       WARN
request-property-pattern-added                       ERR
request-parameter-pattern-added                      ERR
response-property-pattern-added                      INFO
request-property-pattern-changed                     WARN
request-parameter-pattern-changed                    WARN
response-property-pattern-changed                    INFO
request-property-pattern-generalized                 INFO  +
request-parameter-pattern-generalized                INFO  +
request-property-pattern-removed                     INFO  +
request-parameter-pattern-removed                    INFO  +
response-property-pattern-removed                    INFO
request-property-default-value-added                 INFO
request-parameter-default-value-added                ERR
request-body-default-value-added                     INFO
response-property-default-value-added                INFO
response-body-default-value-added                    INFO
request-property-default-value-changed               INFO
request-parameter-default-value-changed              ERR
request-body-default-value-changed                   INFO
response-property-default-value-changed              INFO
response-body-default-value-changed                  INFO
request-property-default-value-removed               INFO
request-parameter-default-value-removed              ERR
request-body-default-value-removed                   INFO
response-property-default-value-removed              INFO
response-body-default-value-removed                  INFO
request-property-dependency-added                    ERR   *
response-property-dependency-added                   INFO  *
request-property-dependency-removed                  INFO  +*
response-property-dependency-removed                 ERR   *
request-property-multiple-of-set                     WARN  *
request-parameter-multiple-of-set                    WARN  *
request-property-multiple-of-changed                 ERR   *
request-parameter-multiple-of-changed                ERR   *
response-property-multiple-of-changed                ERR   *
request-property-multiple-of-generalized             INFO  +*
request-parameter-multiple-of-generalized            INFO  +*
request-property-multiple-of-unset                   INFO  +*
request-parameter-multiple-of-unset                  INFO  +*
response-property-multiple-of-unset                  ERR   *
request-property-became-required                     ERR
request-parameter-became-required                    ERR
response-property-became-required                    INFO
request-property-became-optional                     INFO  +
request-parameter-became-optional                    INFO  +
response-property-became-optional                    ERR
python-api-removed                                   ERR   *
python-api-changed                                   ERR   *
python-api-added                                     INFO  +*
python-api-relaxed                                   INFO  +*
"""


def _parse_catalogue(text: str) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for line in text.strip().splitlines():
        rule_id, level, *flags = line.split()
        assert level in LEVELS, line
        flag = flags[0] if flags else ""
        rules[rule_id] = Rule(id=rule_id, level=level, feature="+" in flag, oasdiff="*" not in flag)
    return rules


RULES: dict[str, Rule] = _parse_catalogue(_CATALOGUE)

# Message templates: an exact id wins; otherwise the id minus its area prefix.
_PREFIXES = ("request-body-", "request-property-", "request-parameter-", "response-body-", "response-property-")
_BOUND = {
    "decreased": "{subject} {keyword} was decreased from {old} to {new}",
    "increased": "{subject} {keyword} was increased from {old} to {new}",
    "set": "{subject} {keyword} was set to {new}",
    "unset": "{subject} {keyword} was removed (was {old})",
}
_TEMPLATES: dict[str, str] = {
    "python-api-removed": "{name} was removed from the generated Python API",
    "python-api-changed": "{name} changed in the generated Python API: {what}",
    "python-api-added": "{name} was added to the generated Python API",
    "python-api-relaxed": "{name} is no longer required",
    "endpoint-added": "endpoint added",
    "endpoint-deprecated": "endpoint deprecated",
    "endpoint-reactivated": "endpoint reactivated (no longer deprecated)",
    "api-path-removed-without-deprecation": "api path removed without deprecation",
    "api-path-removed-with-deprecation": "api path removed with deprecation",
    "api-removed-without-deprecation": "api removed without deprecation",
    "api-removed-with-deprecation": "api removed with deprecation",
    "api-security-added": "added the security requirement {value}",
    "api-security-removed": "removed the security requirement {value}",
    "api-global-security-added": "added the global security requirement {value}",
    "api-global-security-removed": "removed the global security requirement {value}",
    "api-security-component-added": "added the security scheme {value} to components",
    "api-security-component-removed": "removed the security scheme {value} from components",
    "new-required-request-parameter": "added the new required {subject}",
    "new-optional-request-parameter": "added the new optional {subject}",
    "request-parameter-removed": "removed the {subject}",
    "request-body-added-required": "added a required request body",
    "request-body-added-optional": "added an optional request body",
    "request-body-removed": "removed the request body",
    "request-body-became-required": "request body became required",
    "request-body-became-optional": "request body became optional",
    "request-body-media-type-added": "added the media type {value} to the request body",
    "request-body-media-type-removed": "removed the media type {value} from the request body",
    "new-required-request-property": "added the new required {subject}",
    "new-optional-request-property": "added the new optional {subject}",
    "request-property-removed": "removed the {subject}",
    "response-success-status-added": "added the success response with status {value}",
    "response-success-status-removed": "removed the success response with status {value}",
    "response-non-success-status-added": "added the non-success response with status {value}",
    "response-non-success-status-removed": "removed the non-success response with status {value}",
    "response-media-type-added": "added the media type {value} to the response with status {status}",
    "response-media-type-removed": "removed the media type {value} from the response with status {status}",
    "response-header-added": "added the {subject}",
    "required-response-header-removed": "removed the required {subject}",
    "optional-response-header-removed": "removed the optional {subject}",
    "response-required-property-added": "added the required {subject}",
    "response-optional-property-added": "added the optional {subject}",
    "response-required-property-removed": "removed the required {subject}",
    "response-optional-property-removed": "removed the optional {subject}",
    # Suffixes shared by body, property and parameter rules.
    "type-changed": "{subject} type changed from {old} to {new}",
    "type-generalized": "{subject} type was generalized from {old} to {new}",
    "type-specialized": "{subject} type was specialized from {old} to {new}",
    "became-nullable": "{subject} became nullable",
    "became-not-nullable": "{subject} became not nullable",
    "became-required": "{subject} became required",
    "became-optional": "{subject} became optional",
    "became-enum": "{subject} was restricted to the enum values {new}",
    "enum-unset": "{subject} is no longer restricted to the enum values {old}",
    "enum-value-added": "added the enum value {value} to {subject}",
    "enum-value-removed": "removed the enum value {value} from {subject}",
    "pattern-added": "{subject} pattern {new} was added",
    "pattern-changed": "{subject} pattern changed from {old} to {new}",
    "pattern-generalized": "{subject} pattern was generalized from {old} to {new}",
    "pattern-removed": "{subject} pattern {old} was removed",
    "default-value-added": "{subject} default value {new} was added",
    "default-value-changed": "{subject} default value changed from {old} to {new}",
    "default-value-removed": "{subject} default value {old} was removed",
    "multiple-of-set": "{subject} multipleOf was set to {new}",
    "multiple-of-changed": "{subject} multipleOf changed from {old} to {new}",
    "multiple-of-generalized": "{subject} multipleOf was generalized from {old} to {new}",
    "multiple-of-unset": "{subject} multipleOf was removed (was {old})",
    "dependency-added": "{subject} gained the dependency rule {value}",
    "dependency-removed": "{subject} lost the dependency rule {value}",
}
for _bound in ("max-length", "min-length", "max-items", "min-items", "max", "min", "exclusive-max", "exclusive-min"):
    for _action, _text in _BOUND.items():
        _TEMPLATES[f"{_bound}-{_action}"] = _text


def template_for(rule_id: str) -> str:
    """The message template of a rule: its own, or the one of its suffix."""
    if rule_id in _TEMPLATES:
        return _TEMPLATES[rule_id]
    for prefix in _PREFIXES:
        if rule_id.startswith(prefix):
            return _TEMPLATES[rule_id.removeprefix(prefix)]
    raise KeyError(rule_id)


def make_change(rule_id: str, *, operation: str, pointer: str, **values: object) -> Change:
    """Build the ``Change`` for one catalogue rule; unknown ids are a programming error."""
    rule = RULES[rule_id]
    message = template_for(rule_id).format(**{key: str(value) for key, value in values.items()})
    return Change(id=rule_id, level=rule.level, operation=operation, pointer=pointer, message=message)


def sort_changes(changes: Iterable[Change]) -> list[Change]:
    """Most severe first, then by operation, pointer, id and message; duplicates dropped."""
    return sorted(set(changes), key=lambda c: (LEVELS.index(c.level), c.operation, c.pointer, c.id, c.message))


def is_feature(change: Change) -> bool:
    """True when the change adds something or relaxes a constraint (a minor bump)."""
    rule = RULES.get(change.id)
    return rule is not None and rule.feature
