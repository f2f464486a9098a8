"""The API key never shows up in reprs, logs, exception messages, args or chained causes."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

import httpx
import pytest
from kling_client._runtime import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    KlingError,
    MissingAPIKeyError,
    SyncAPIClient,
)
from kling_client._runtime._redact import redact

from generator.fake_server import (
    FakeKlingServer,
    business_error,
    dropped,
    html_error,
    rate_limited,
    server_error,
    slow,
)
from tests.runtime._rt_support import (
    API_KEY,
    CREATE,
    SLOW_READ_TIMEOUT,
    SLOW_SECONDS,
    VALID_BODY,
    ClientFactory,
    closed_port,
)

SECRET_PART = "SECRET-0123456789"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo.extend([item.__cause__, item.__context__])


def _assert_clean(exc: BaseException) -> None:
    for item in _chain(exc):
        for text in (str(item), repr(item), repr(item.args), repr(vars(item))):
            assert SECRET_PART not in text, f"key leaked through {type(item).__name__}: {text}"
    formatted = "".join(traceback.format_exception(exc))
    assert SECRET_PART not in formatted


def test_repr_of_client_hides_the_key(client_factory: ClientFactory) -> None:
    client = client_factory().client
    assert SECRET_PART not in repr(client)
    assert SECRET_PART not in str(client)
    assert SECRET_PART not in repr(vars(client))
    assert "[redacted]" in repr(client)
    copy = client.with_options(max_retries=5)
    assert copy.max_retries == 5
    assert SECRET_PART not in repr(copy)


@pytest.mark.parametrize(
    "fault",
    [
        business_error(1002, status_code=401, echo_authorization=True),
        business_error(5000, echo_authorization=True),
        html_error(502),
        dropped(),
        rate_limited(),
        server_error(503),
    ],
    ids=["401-echo", "200-echo", "html", "dropped", "rate-limited", "503"],
)
def test_errors_and_logs_never_contain_the_key(
    server: FakeKlingServer, client_factory: ClientFactory, caplog: pytest.LogCaptureFixture, fault: object
) -> None:
    client = client_factory(max_retries=1)
    server.add_faults(fault)  # type: ignore[arg-type]
    with caplog.at_level(logging.DEBUG):
        try:
            client.create()
            client.get("nope")
        except KlingError as exc:
            _assert_clean(exc)
    assert caplog.records, "debug logging should have produced records"
    assert any(r.name == "kling_client" for r in caplog.records)
    for record in caplog.records:
        assert SECRET_PART not in record.getMessage()
    assert SECRET_PART not in caplog.text


def test_echoed_key_is_redacted_in_message_and_body(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    client = client_factory()
    server.add_faults(business_error(1002, status_code=401, echo_authorization=True))
    with pytest.raises(AuthenticationError) as info:
        client.create()
    assert "Bearer [redacted]" in str(info.value)
    assert SECRET_PART not in repr(info.value.body)
    _assert_clean(info.value)


@pytest.mark.parametrize("where", ["refused", "timeout"])
def test_transport_errors_and_their_causes_are_clean(
    server: FakeKlingServer, client_factory: ClientFactory, where: str
) -> None:
    if where == "refused":
        client = client_factory(base_url=f"http://127.0.0.1:{closed_port()}", max_retries=0)
    else:
        client = client_factory(timeout=httpx.Timeout(10.0, read=SLOW_READ_TIMEOUT))
        server.add_faults(slow(SLOW_SECONDS))
    with pytest.raises(KlingError) as info:
        client.create()
    # The transport's exception is not chained (its text and its request are outside our redaction);
    # its words are in the message instead, redacted.
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__
    expected = (APIConnectionError, "could not connect") if where == "refused" else (APITimeoutError, "timed out")
    assert type(info.value) is expected[0]
    assert expected[1] in str(info.value)
    _assert_clean(info.value)


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINHUB_API_KEY", raising=False)
    with pytest.raises(MissingAPIKeyError, match="CHAINHUB_API_KEY"):
        SyncAPIClient()
    monkeypatch.setenv("CHAINHUB_API_KEY", "   ")
    with pytest.raises(MissingAPIKeyError):
        SyncAPIClient()


def test_key_from_environment_is_used(server: FakeKlingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINHUB_API_KEY", f"  {API_KEY}\n")
    with SyncAPIClient(base_url=server.base_url) as client:
        assert client.request(method="GET", path="/kling/v1/images/generations", idempotent=True)["code"] == 0
    assert server.requests[-1].authorization == f"Bearer {API_KEY}"
    assert server.requests[-1].user_agent and server.requests[-1].user_agent.startswith("kling-codegen-client/")


def test_malformed_key_is_refused_without_echoing_it() -> None:
    with pytest.raises(MissingAPIKeyError) as info:
        SyncAPIClient(api_key="sk-SECRET-0123456789 with spaces")
    assert SECRET_PART not in str(info.value)


def test_download_does_not_send_the_key(server: FakeKlingServer, client_factory: ClientFactory) -> None:
    server.configure(polls_to_finish=1)
    driver = client_factory()
    task_id = driver.request(method="POST", path=CREATE, json=VALID_BODY, idempotent=False)["data"]["task_id"]
    done = driver.request(method="GET", path=f"{CREATE}/{task_id}", idempotent=True)["data"]
    data = driver.download(done["task_result"]["images"][0]["url"])
    assert data.startswith(b"\x89PNG")
    # Image requests are not API requests, so the server did not record them: check the transport instead.
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"\x89PNGxx")

    transport = httpx.MockTransport(handler)
    with SyncAPIClient(api_key=API_KEY, http_client=httpx.Client(transport=transport)) as client:
        client.download("https://cdn.example.invalid/a.png")
    assert "authorization" not in seen[0].headers


def test_redact_patterns() -> None:
    assert redact("Authorization: Bearer abc.def-123") == "Authorization: Bearer [redacted]"
    assert redact('{"h": "bearer xyz"}') == '{"h": "bearer [redacted]"}'
    assert redact(f"key={API_KEY}", [API_KEY]) == "key=[redacted]"
