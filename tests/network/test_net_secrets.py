"""A hostile server echoes the API key into every part of its answer: no exception the client raises may show it.

``leaks`` searches the message, ``args``, every attribute (body keys and values, ``request_id``,
``url``, headers if any), ``repr``/``str``, notes, ``__cause__``/``__context__`` and the formatted
traceback, for the key or any 10 characters of it in any letter case (a key cut in half by a length
limit, or lowercased, is still a leak).
"""

from __future__ import annotations

import pytest
from kling_client.errors import (
    APIConnectionError,
    APIError,
    APIResponseError,
    APIStatusError,
    AuthenticationError,
    KlingError,
    TaskFailedError,
    WaitTimeoutError,
)

from tests.network.conftest import MakeCaller
from tests.network.netkit import KEY, leaks


def _raised(call: object) -> BaseException:
    assert callable(call)
    try:
        call()
    except KlingError as exc:
        return exc
    raise AssertionError("the hostile answer was accepted")


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        ("echo-id-body", AuthenticationError),
        ("echo-id-header", AuthenticationError),
        ("echo-id-header-text", AuthenticationError),
        ("echo-dict-key", AuthenticationError),
        ("echo-everywhere", AuthenticationError),
        ("echo-truncated", AuthenticationError),
        ("echo-truncated-code", APIStatusError),
        ("echo-reason", AuthenticationError),
        ("echo-text", AuthenticationError),
        ("echo-200-code", AuthenticationError),
        ("echo-status-line", APIConnectionError),
        ("echo-header-line", APIConnectionError),
        ("echo-encoding", APIResponseError),
    ],
)
@pytest.mark.parametrize("call", ["generate", "get"])
def test_the_key_echoed_back_never_shows_in_the_error(
    caller: MakeCaller, scenario: str, expected: type[APIError], call: str
) -> None:
    client = caller(scenario)
    exc = _raised(client.generate if call == "generate" else client.get)
    assert isinstance(exc, expected), repr(exc)
    assert leaks(exc) == []


def test_request_id_and_dict_keys_are_redacted_not_dropped(caller: MakeCaller) -> None:
    exc = _raised(caller("echo-id-body").get)
    assert isinstance(exc, AuthenticationError)
    assert exc.request_id == "[redacted]"
    exc = _raised(caller("echo-id-header").get)
    assert isinstance(exc, AuthenticationError) and exc.request_id == "[redacted]"
    exc = _raised(caller("echo-dict-key").get)
    assert isinstance(exc, AuthenticationError) and isinstance(exc.body, dict)
    data = exc.body["data"]
    assert set(data) == {"[redacted]", "nested"}
    assert data["nested"][0] == {"[redacted]": {"[redacted]": 1}}
    assert data["nested"][1]["list"] == ["[redacted]", {"Bearer [redacted]": "[redacted]"}]


def test_the_key_in_the_url_is_redacted(caller: MakeCaller) -> None:
    client = caller("echo-id-body")
    exc = _raised(lambda: client.get(KEY, extra_query={"api_key": KEY}))
    assert isinstance(exc, APIError)
    assert "[redacted]" in exc.url
    assert leaks(exc) == []


@pytest.mark.parametrize("key", ["b64+key/with=signs0123456789==", "uu-Key+Plus/Slash=Eq&0123456789?#"])
def test_a_key_with_url_reserved_characters_is_redacted_in_urls(caller: MakeCaller, key: str) -> None:
    client = caller("echo-id-body", api_key=key)
    exc = _raised(lambda: client.get(key, extra_query={"k": key}))
    assert isinstance(exc, APIError)
    assert leaks(exc, key) == [], exc.url


def test_task_failure_and_wait_timeout_do_not_show_the_key(caller: MakeCaller) -> None:
    failed = _raised(lambda: caller("echo-task-failed").wait(wait_timeout=5, poll_interval=0.1))
    assert isinstance(failed, TaskFailedError)
    assert leaks(failed) == []
    waited = _raised(lambda: caller("echo-task-status").wait(wait_timeout=0.5, poll_interval=0.1))
    assert isinstance(waited, WaitTimeoutError)
    assert leaks(waited) == []
