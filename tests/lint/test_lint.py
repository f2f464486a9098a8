"""Stage 4, lint: each check on a small document, with ``file:line`` of the offending key."""

from __future__ import annotations

from generator.lint import lint_spec
from generator.load import load_texts
from generator.pipeline import augment_sources
from generator.vocab.findings import Finding

DOC = b"""openapi: 3.0.1
info: {title: t, version: '1'}
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /things:
    post:
      parameters:
        - {name: Authorization, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              x-dependencies: ["IF mode=='x' THEN ghost;"]
              properties:
                n: {type: integer, description: "Value range: [1, 9]"}
                mode: {type: string}
            example: {n: "two"}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def _findings() -> dict[str, Finding]:
    findings = lint_spec(augment_sources(load_texts([("t.yaml", DOC)])))
    return {f.code: f for f in findings}


def test_each_check_reports_at_its_line() -> None:
    found = _findings()
    assert found["missing-operation-id"].location is not None and found["missing-operation-id"].location.line == 8
    redundant = found["redundant-header-parameter"]
    assert redundant.level == "warning" and redundant.location is not None and redundant.location.line == 10
    mismatch = found["example-mismatch"]
    assert "n" in mismatch.message and mismatch.location is not None and mismatch.location.line == 20
    unknown = found["dependency-unknown-field"]
    assert unknown.level == "error" and "ghost" in unknown.message
    assert found["empty-response-schema"].location is not None


def test_findings_are_sorted_by_place() -> None:
    findings = lint_spec(augment_sources(load_texts([("t.yaml", DOC)])))
    keys = [(f.location.line if f.location else 0) for f in findings]
    assert keys == sorted(keys)


WEBHOOKS = b"""openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
webhooks:
  newPet:
    post:
      responses: {'200': {description: ok}}
"""


def test_webhooks_are_skipped_with_a_note_at_their_key() -> None:
    findings = lint_spec(augment_sources(load_texts([("w.yaml", WEBHOOKS)])))
    [note] = [f for f in findings if f.code == "webhooks-skipped"]
    assert note.level == "note" and "newPet" in note.message
    assert note.location is not None and note.location.line == 4


TEXT_ANSWER = b"""openapi: 3.0.1
info: {title: t, version: '1'}
paths:
  /text:
    get:
      operationId: text
      responses:
        '200': {description: ok, content: {text/plain: {schema: {type: string}}}}
  /nothing:
    get:
      operationId: nothing
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
"""


def test_a_text_answer_is_typed_and_an_empty_object_is_not() -> None:
    findings = lint_spec(augment_sources(load_texts([("t.yaml", TEXT_ANSWER)])))
    empty = [f for f in findings if f.code == "empty-response-schema"]
    assert [f.location.line for f in empty if f.location] == [13]
