"""Error mapping over real HTTP: business codes (with 200 and with error statuses), HTTP-only errors, bad bodies."""

from __future__ import annotations

import pytest
from kling_client._runtime import (
    APIResponseError,
    APIStatusError,
    AuthenticationError,
    ContentPolicyError,
    InvalidRequestError,
    KlingError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
)
from kling_client._runtime._errors import error_class_for

from generator.fake_server import FakeKlingServer, Fault, business_error, html_error, non_json_ok, server_error
from tests.runtime._rt_support import API_KEY, VALID_BODY, ClientFactory

CODE_CLASSES: list[tuple[int, type[APIStatusError]]] = [
    *[(code, AuthenticationError) for code in (1000, 1001, 1002, 1003, 1004)],
    *[(code, PermissionDeniedError) for code in (1100, 1101, 1102, 1103)],
    *[(code, InvalidRequestError) for code in (1200, 1201, 1202)],
    (1203, NotFoundError),
    (1300, ContentPolicyError),
    (1301, ContentPolicyError),
    (1302, RateLimitError),
    (1303, RateLimitError),
    (5000, ServerError),
    (5001, ServerError),
    (5002, ServerError),
]


@pytest.mark.parametrize(("code", "expected"), CODE_CLASSES)
@pytest.mark.parametrize("http_status", [200, 400, 500])
def test_business_code_decides_the_class_whatever_the_http_status(
    server: FakeKlingServer,
    client_factory: ClientFactory,
    code: int,
    expected: type[APIStatusError],
    http_status: int,
) -> None:
    client = client_factory(max_retries=0)
    server.add_faults(business_error(code, status_code=http_status, message=f"boom {code}"))
    with pytest.raises(expected) as info:
        client.create()
    err = info.value
    assert type(err) is expected
    assert err.code == code
    assert err.status_code == http_status
    assert err.request_id  # the fake envelope always carries one
    assert f"boom {code}" in str(err)
    assert f"code {code}" in str(err)
    assert isinstance(err.body, dict) and err.body["code"] == code


def test_code_sent_as_string_is_understood(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(max_retries=0)
    server.add_faults(
        Fault(
            kind="status",
            status_code=200,
            json_body={"code": "1101", "message": "account in arrears", "request_id": "r1"},
        )
    )
    with pytest.raises(PermissionDeniedError) as info:
        client.create()
    assert info.value.code == 1101
    assert info.value.request_id == "r1"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, InvalidRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, InvalidRequestError),
        (422, InvalidRequestError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_html_error_pages_are_typed_by_http_status(
    server: FakeKlingServer, client_factory: ClientFactory, status: int, expected: type[APIStatusError]
) -> None:
    client = client_factory(max_retries=0)
    server.add_faults(html_error(status))
    with pytest.raises(expected) as info:
        client.create()
    err = info.value
    assert type(err) is expected
    assert err.code is None
    assert err.status_code == status
    assert isinstance(err.body, str) and "<html>" in err.body
    assert f"HTTP {status}" in str(err)
    assert "\n" not in str(err)


def test_plain_text_5xx_without_code(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory(max_retries=0)
    server.add_faults(server_error(503, code=None))
    with pytest.raises(ServerError) as info:
        client.create()
    assert info.value.code is None
    assert "Internal Server Error" in str(info.value)


def test_200_with_non_json_body_is_an_error(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    server.add_faults(non_json_ok())
    with pytest.raises(APIResponseError) as info:
        client.create()
    assert info.value.status_code == 200
    assert info.value.body == "<html>OK</html>"
    assert not isinstance(info.value, APIStatusError)
    assert len(server.create_requests()) == 1


def test_200_with_json_that_is_not_an_object(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    server.add_faults(Fault(kind="status", status_code=200, json_body=[1, 2, 3]))
    with pytest.raises(APIResponseError):
        client.create()


def test_real_auth_failures(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    wrong = client_factory(api_key="sk-wrong-key-00000000")
    with pytest.raises(AuthenticationError) as info:
        wrong.create()
    assert info.value.code == 1002
    assert info.value.status_code == 401
    assert server.requests[-1].authorization == "Bearer sk-wrong-key-00000000"
    good = client_factory()
    assert good.create()["code"] == 0
    assert server.requests[-1].authorization == f"Bearer {API_KEY}"


def test_server_side_validation_error_names_the_field(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    with pytest.raises(InvalidRequestError) as info:
        client.create({**VALID_BODY, "n": 12})
    assert info.value.code == 1201
    assert info.value.status_code == 400
    assert "n: 12 is greater than the maximum of 9" in str(info.value)
    with pytest.raises(InvalidRequestError) as dep:
        client.create({**VALID_BODY, "model_name": "kling-v1-5", "image": "https://example.invalid/a.png"})
    assert "image_reference required" in str(dep.value)


def test_unknown_task_is_not_found(client_factory: ClientFactory) -> None:
    client = client_factory()
    with pytest.raises(NotFoundError) as info:
        client.get("no-such-task")
    assert info.value.code == 1203
    assert info.value.status_code == 404


def test_all_errors_share_the_base_class() -> None:
    for _, cls in CODE_CLASSES:
        assert issubclass(cls, KlingError)
    assert error_class_for(200, 4242) is APIStatusError  # unknown code on 200: still an error
    assert error_class_for(418, None) is InvalidRequestError
    assert error_class_for(503, 1102) is PermissionDeniedError  # the code wins over the status
    assert error_class_for(200, 1304) is PermissionDeniedError
