"""Stage 5, build: the intermediate model (views), in process, without rendering anything."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.build import ClientModel, build_client_model, docstrings
from generator.build.rules import ConditionSpec, DependencySpec, RuleSpec, dependency_sentence
from generator.load import load_texts
from generator.pipeline import augment_sources
from tests.kling_testkit import ROOT


def _model(document: dict[str, Any], package: str = "demo_client") -> ClientModel:
    spec = augment_sources(load_texts([("demo.json", json.dumps(document).encode())]))
    return build_client_model(spec.document, package_name=package, version="1.2.3", source_map=spec.source_map)


TASK_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Jobs", "version": "1"},
    "servers": [{"url": "https://jobs.example"}],
    "paths": {
        "/v1/jobs": {
            "post": {
                "operationId": "start_job",
                "x-codegen-task": "create",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["text"],
                                "properties": {
                                    "text": {"type": "string", "description": "At most 10 characters."},
                                    "size": {"type": "integer", "description": "Value range: [1, 4]"},
                                },
                            }
                        }
                    },
                },
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Job"}}}}},
            }
        },
        "/v1/jobs/{id}": {
            "get": {
                "operationId": "read_job",
                "x-codegen-task": "get",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Job"}}}}},
            }
        },
    },
    "components": {
        "schemas": {
            "Job": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "state": {"type": "string"}},
            }
        }
    },
}  # fmt: skip


def test_task_fields_come_from_the_model_not_from_kling() -> None:
    model = _model(TASK_SPEC)
    (resource,) = model.resources
    assert resource.path == ("jobs",)
    assert [o.name for o in resource.operations] == ["create", "get"]  # REST names, not the operationIds
    assert resource.task is not None
    assert (resource.task.id_attr, resource.task.status_attr) == ("id", "state")
    assert resource.task.create_and_wait == "create_and_wait"
    assert resource.task.wait_docstring.startswith("Poll ``get`` until the task succeeds")
    (cli,) = model.cli
    assert cli.words == ()  # a single task pair: its commands sit at the top
    assert [(o.flag, o.required) for o in cli.options] == [("TEXT", True), ("--size", False)]


def test_a_task_pair_without_id_or_status_is_a_lint_error_not_broken_code() -> None:
    spec = json.loads(json.dumps(TASK_SPEC))
    spec["components"]["schemas"]["Job"]["properties"] = {"ticket": {"type": "string"}}
    model = _model(spec)
    (resource,) = model.resources
    assert resource.task is None
    (finding,) = [f for f in model.findings if f.code == "task-pair-mismatch"]
    assert finding.level == "error" and "has no id field" in finding.message
    assert "x-codegen-task-id-field" in finding.message
    assert finding.location is not None and finding.location.line > 0


def test_explicit_task_fields_win() -> None:
    spec = json.loads(json.dumps(TASK_SPEC))
    spec["components"]["schemas"]["Job"]["properties"]["ticket"] = {"type": "string"}
    spec["paths"]["/v1/jobs"]["post"]["x-codegen-task-id-field"] = "ticket"
    (resource,) = _model(spec).resources
    assert resource.task is not None and resource.task.id_attr == "ticket"


def test_operation_docstring_sections_and_rules_in_words() -> None:
    (resource,) = _model(TASK_SPEC).resources
    create = next(o for o in resource.operations if o.name == "create")
    lines = create.docstring.splitlines()
    assert lines[0] == "``POST /v1/jobs``"  # no summary: the method and path stand in, said once
    assert sum("POST /v1/jobs" in line for line in lines) == 1
    assert "Args:" in lines and "Returns:" in lines and "Raises:" in lines
    assert "    text: At most 10 characters. Required. At most 10 characters." in lines
    assert "    size: Value range: [1, 4]. From 1 to 4." in lines
    assert all(len(line) <= docstrings.WIDTH for line in lines)


def test_model_docstring_lists_attributes() -> None:
    model = _model(TASK_SPEC)
    body = next(m for m in model.models if m.request)
    assert "\nAttributes:\n    text: " in body.docstring
    assert {f.attr: f.docline for f in body.fields}["size"] == "Value range: [1, 4]. From 1 to 4."


def test_rest_names_from_the_paths() -> None:
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "paths": {
            "/api/v2/orders": {
                "get": {"operationId": "listAllOrders", "responses": {"200": {"description": "ok"}}},
                "post": {"operationId": "makeOrder", "responses": {"200": {"description": "ok"}}},
            },
            "/api/v2/orders/{order_id}": {
                "get": {"operationId": "x1", "parameters": [{"name": "order_id", "in": "path", "required": True,
                        "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}},
                "delete": {"operationId": "x2", "parameters": [{"name": "order_id", "in": "path", "required": True,
                           "schema": {"type": "string"}}], "responses": {"204": {"description": "gone"}}},
            },
            "/api/v2/orders/{order_id}/cancel": {
                "post": {"operationId": "x3", "parameters": [{"name": "order_id", "in": "path", "required": True,
                         "schema": {"type": "string"}}], "responses": {"200": {"description": "ok"}}},
            },
            "/api/v2/videos/text2video": {"post": {"responses": {"200": {"description": "ok"}}}},
        },
    }  # fmt: skip
    model = _model(spec)
    calls = sorted(".".join((*r.path, o.name)) for r in model.root.walk() for o in r.operations)
    assert calls == [
        "orders.cancel",
        "orders.create",
        "orders.delete",
        "orders.get",
        "orders.list",
        "videos.text2video.create",
    ]


def test_a_rename_on_the_operation_still_wins() -> None:
    spec = json.loads(json.dumps(TASK_SPEC))
    spec["paths"]["/v1/jobs"]["post"]["x-codegen-method"] = "submit"
    spec["paths"]["/v1/jobs"]["post"]["x-codegen-resource"] = "work.jobs"
    spec["paths"]["/v1/jobs/{id}"]["get"]["x-codegen-resource"] = "work.jobs"
    model = _model(spec)
    (resource,) = [r for r in model.resources if r.operations]
    assert resource.path == ("work", "jobs") and [o.name for o in resource.operations] == ["submit", "get"]
    assert resource.task is not None and resource.task.create_and_wait == "submit_and_wait"


def test_the_version_is_an_argument() -> None:
    assert _model(TASK_SPEC).version == "1.2.3"


@pytest.mark.parametrize(
    ("rules", "phrases"),
    [
        ({"enum": ["a", "b"]}, ['One of "a", "b".']),
        ({"enum": ["only"]}, ['Must be "only".']),
        ({"minLength": 1, "maxLength": 9}, ["1 to 9 characters."]),
        ({"minimum": 0, "maximum": 1.0}, ["From 0 to 1."]),
        ({"exclusiveMinimum": 0}, ["Greater than 0."]),
        ({"minimum": 2, "exclusiveMaximum": 5}, ["At least 2, less than 5."]),
        ({"maxItems": 4}, ["At most 4 items."]),
        ({"pattern": "^a+$"}, ["Matches the pattern ``^a+$``."]),
        ({"multipleOf": 5}, ["A multiple of 5."]),
    ],
)
def test_rule_phrases(rules: dict[str, Any], phrases: list[str]) -> None:
    specs = [RuleSpec(field="f", keyword=k, value=v, evidence="") for k, v in rules.items()]
    assert docstrings.rule_phrases(specs) == phrases


def test_dependency_sentences_read_as_sentences() -> None:
    dep = DependencySpec(
        rule="IF model_name=='kling-v1-5' AND image THEN image_reference;",
        kind="if",
        fields=("image_reference",),
        conditions=(ConditionSpec(field="model_name", op="==", value="kling-v1-5"),
                    ConditionSpec(field="image", op="set", value=None)),
        evidence="",
    )  # fmt: skip
    assert dependency_sentence(dep) == ('image_reference is required when model_name is "kling-v1-5" and image is set')
    assert docstrings.field_dependency_phrase(dep, "image_reference") == (
        'Required when model_name is "kling-v1-5" and image is set.'
    )
    group = DependencySpec(rule="Or(a, b);", kind="or", fields=("a", "b"), conditions=(), evidence="")
    assert docstrings.field_dependency_phrase(group, "a") == "At least one of a, b is required."


def test_the_seed_builds_the_images_resource() -> None:
    spec = augment_sources(load_texts([(p.name, p.read_bytes()) for p in sorted((ROOT / "spec").iterdir())]))
    model = build_client_model(spec.document, package_name="kling_client", version="0.1.0")
    (images,) = model.resources
    assert images.attr == "images" and [o.name for o in images.operations] == ["generate", "get"]
    assert images.task is not None
    assert (images.task.id_attr, images.task.status_attr) == ("task_id", "task_status")
    assert images.task.succeeded == ("succeed",) and images.task.failed == ("failed",)
