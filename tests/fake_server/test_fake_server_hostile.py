"""The fake server under hostile clients: every malformed request gets a JSON error and the server keeps serving.

Covers the server cases of issue 15: malformed requests (Content-Length, nesting, huge ids, bad config
and fault values), the request body cap, a request log bounded in memory (measured in a child
process), a backlog that holds 200 concurrent clients, and media URLs built from the bound address.
"""

from __future__ import annotations

import json
import socket
import threading

import httpx
import pytest

from generator.fake_server import FakeKlingServer
from tests.fake_server.fs_support import memory_kb, raw, request, served
from tests.kling_testkit import API_KEY, CREATE, VALID_BODY, FakeServerPool
from tests.kling_testkit import RUNTIME_FIXTURE_SPEC as FIXTURE_SPEC

AUTH = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
# Parses (under the interpreter's limit) but nests deep enough to break a recursive encoder later.
ALMOST_TOO_DEEP = b'{"model_name": "kling-v1", "prompt": "p", "n": 1, "x": ' + b"[" * 900 + b"]" * 900 + b"}"


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    return fake_server_pool(FIXTURE_SPEC)


def _still_serving(server: FakeKlingServer) -> None:
    answer = raw(server.port, request("GET", "/__fake__/health"))
    assert answer is not None and answer[0] == 200 and json.loads(answer[2]) == {"ok": True}
    created = httpx.post(f"{server.base_url}{CREATE}", json=VALID_BODY, headers=AUTH, timeout=10)
    assert created.json()["code"] == 0


def _json_error(answer: tuple[int, dict[str, str], bytes] | None, statuses: tuple[int, ...]) -> object:
    assert answer is not None, "no HTTP answer"
    status, headers, body = answer
    assert status in statuses, (status, body[:300])
    assert headers.get("content-type", "").startswith("application/json"), headers
    return json.loads(body)


MALFORMED = {
    "non-numeric Content-Length": (request("POST", CREATE, {**AUTH, "Content-Length": "abc"}), (400,)),
    "negative Content-Length": (request("POST", CREATE, {**AUTH, "Content-Length": "-1"}), (400,)),
    "superscript-digit Content-Length": (request("POST", CREATE, {**AUTH, "Content-Length": "\u00b2"}), (400,)),
    "Content-Length 10^12": (request("POST", CREATE, {**AUTH, "Content-Length": str(10**12)}), (413,)),
    "Content-Length of 5,000 digits": (request("POST", CREATE, {**AUTH, "Content-Length": "9" * 5000}), (400, 431)),
    "chunked body": (request("POST", CREATE, {**AUTH, "Transfer-Encoding": "chunked"}) + b"0\r\n\r\n", (411,)),
    "create body nested 100k deep": (request("POST", CREATE, AUTH, DEEP), (400,)),
    "create body object nested 100k deep": (request("POST", CREATE, AUTH, DEEP_OBJECT), (400,)),
    "fault body nested 100k deep": (request("POST", "/__fake__/faults", AUTH, DEEP), (400,)),
    "config body nested 100k deep": (request("POST", "/__fake__/config", AUTH, DEEP_OBJECT), (400,)),
    "invalid UTF-8 body": (request("POST", CREATE, AUTH, b'{"prompt": "\xff\xfe"}'), (400,)),
    "5,000-digit task id": (request("GET", f"{CREATE}/{'7' * 5000}", AUTH), (404,)),
    "5,000-digit image id": (request("GET", f"/__fake__/media/{'7' * 20}/{'7' * 5000}.png"), (404,)),
    "5,000-digit image index on a real-looking path": (request("GET", f"/__fake__/media/x/{'1' * 5000}.png"), (404,)),
    "garbage request line": (b"GARBAGE\r\n\r\n", (400,)),
    "unknown method": (request("BREW", "/"), (400, 405, 501)),
    "request line of 70 KB": (request("GET", "/" + "a" * 70_000), (400, 414)),
    "200 headers": (request("GET", "/", {f"X-{i}": "v" for i in range(200)}), (400, 431)),
    "header of 70 KB": (request("GET", "/", {"X-Big": "v" * 70_000}), (400, 431)),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_requests_get_a_json_error_and_the_server_keeps_serving(server: FakeKlingServer, case: str) -> None:
    data, statuses = MALFORMED[case]
    _json_error(raw(server.port, data), statuses)
    _still_serving(server)


BAD_CONFIG = [
    b'{"polls_to_finish": "x"}',
    b'{"polls_to_finish": -1}',
    b'{"polls_to_finish": 0}',
    b'{"polls_to_finish": 1.5}',
    b'{"polls_to_finish": true}',
    b'{"polls_to_finish": ' + b"9" * 5000 + b"}",
    b'{"polls_to_finish": 1e400}',
    b'{"polls_to_finish": NaN}',
    b'{"timestamps_as_strings": "yes"}',
    b'{"bogus": 1}',
    b"[1, 2]",
    b'"text"',
    b"{oops",
]


@pytest.mark.parametrize("body", BAD_CONFIG, ids=lambda b: b.decode()[:40])
def test_bad_config_values_are_refused(server: FakeKlingServer, body: bytes) -> None:
    _json_error(raw(server.port, request("POST", "/__fake__/config", AUTH, body)), (400,))
    assert server.state.polls_to_finish == 2 and server.state.timestamps_as_strings is False
    _still_serving(server)


BAD_FAULTS = [
    {"kind": "bogus"},
    {"kind": "status", "status_code": 99},
    {"kind": "status", "status_code": 600},
    {"kind": "status", "status_code": 100},
    {"kind": "status", "status_code": "500"},
    {"kind": "status", "status_code": True},
    {"kind": "status", "status_code": 10**30},
    {"kind": "delay", "seconds": -1},
    {"kind": "delay", "seconds": 1e9},
    {"kind": "delay", "seconds": "5"},
    {"kind": "status", "match": "everything"},
    {"kind": "status", "headers": [["X-A", "b\r\nX-Injected: 1"]]},
    {"kind": "status", "headers": [["X-A"]]},
    {"kind": "status", "headers": 5},
    {"kind": "status", "content_type": "text/plain\r\nX-Injected: 1"},
    {"kind": "status", "content_type": 5},
    {"kind": "status", "text": 5},
    {"kind": "status", "text": "\ud800"},
    {"kind": "status", "process_first": "yes"},
    {"kind": "status", "unknown": 1},
    "not an object",
]


@pytest.mark.parametrize("fault", BAD_FAULTS, ids=lambda f: json.dumps(f)[:50])
def test_bad_faults_are_refused(server: FakeKlingServer, fault: object) -> None:
    body = json.dumps({"faults": [fault]}).encode()
    _json_error(raw(server.port, request("POST", "/__fake__/faults", AUTH, body)), (400,))
    assert server.pending_faults() == []
    _still_serving(server)


def test_a_fault_of_nan_seconds_is_refused(server: FakeKlingServer) -> None:
    body = b'{"faults": [{"kind": "delay", "seconds": NaN}]}'  # Python's json reads NaN
    _json_error(raw(server.port, request("POST", "/__fake__/faults", AUTH, body)), (400,))
    assert server.pending_faults() == []


def test_the_fault_queue_is_bounded(server: FakeKlingServer) -> None:
    body = json.dumps({"faults": [{"kind": "drop"}] * 20_000}).encode()
    _json_error(raw(server.port, request("POST", "/__fake__/faults", AUTH, body)), (400,))
    assert len(server.pending_faults()) == 0
    _still_serving(server)


def test_deep_bodies_do_not_break_the_request_log_or_the_fault_list(server: FakeKlingServer) -> None:
    answer = raw(server.port, request("POST", CREATE, AUTH, ALMOST_TOO_DEEP))
    assert answer is not None and answer[0] in (200, 400)
    deep_fault = b'{"faults": [{"kind": "status", "json_body": ' + b"[" * 900 + b"]" * 900 + b"}]}"
    answer = raw(server.port, request("POST", "/__fake__/faults", AUTH, deep_fault))
    assert answer is not None and answer[0] in (200, 400)
    for path in ("/__fake__/requests", "/__fake__/faults"):
        listed = raw(server.port, request("GET", path))
        assert listed is not None and listed[0] == 200, listed
        json.loads(listed[2])
    _still_serving(server)


def test_the_request_body_cap(fake_server_pool: FakeServerPool) -> None:
    with FakeKlingServer(spec_path=FIXTURE_SPEC, api_keys=[API_KEY], max_body=1024 * 1024) as small:
        big = json.dumps({**VALID_BODY, "prompt": "x" * (2 * 1024 * 1024)}).encode()
        head = request("POST", CREATE, {**AUTH, "Content-Length": str(len(big))})
        error = _json_error(raw(small.port, head, body_after=big), (413,))
        assert isinstance(error, dict) and "over the limit of 1048576" in str(error["message"])
        _still_serving(small)
    with pytest.raises(ValueError, match="max_body"):
        FakeKlingServer(spec_path=FIXTURE_SPEC, max_body=0)


def test_a_200_mb_body_is_refused_unread_by_default(server: FakeKlingServer) -> None:
    head = request("POST", CREATE, {**AUTH, "Content-Length": str(200 * 1024 * 1024)})
    error = _json_error(raw(server.port, head), (413,))
    assert isinstance(error, dict) and "over the limit" in str(error["message"])
    _still_serving(server)


def test_media_urls_come_from_the_bound_address_not_the_host_header(server: FakeKlingServer) -> None:
    server.configure(polls_to_finish=1)
    headers = {**AUTH, "Host": "evil.example:666", "X-Forwarded-Host": "evil.example"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as http:
        task_id = http.post(CREATE, json=VALID_BODY).json()["data"]["task_id"]
        images = http.get(f"{CREATE}/{task_id}").json()["data"]["task_result"]["images"]
    assert images and all(i["url"].startswith(f"{server.base_url}/__fake__/media/") for i in images), images
    assert not any("evil" in i["url"] for i in images)
    assert httpx.get(images[0]["url"], timeout=10).content.startswith(b"\x89PNG")


def test_the_backlog_holds_200_concurrent_clients(server: FakeKlingServer) -> None:
    # Every client connects before any is served, then all send at once: none may be refused or reset.
    count = 200
    sockets = [socket.create_connection(("127.0.0.1", server.port), timeout=30) for _ in range(count)]
    errors: list[str] = []
    start = threading.Barrier(count)

    def client(sock: socket.socket) -> None:
        try:
            start.wait(timeout=30)
            sock.sendall(request("GET", "/__fake__/health", {"Connection": "close"}))
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
            if not data.startswith(b"HTTP/1.1 200"):
                errors.append(repr(data[:80]))
        except OSError as exc:
            errors.append(repr(exc))
        finally:
            sock.close()

    threads = [threading.Thread(target=client, args=(s,)) for s in sockets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert not any(t.is_alive() for t in threads)


def test_the_request_log_is_bounded_in_memory() -> None:
    """40 creates of 5 MB used to take the server from 47 to 457 MB; a log of 1,000 small but dense
    bodies (``[{}, {}, ...]``, 64 KB each) must not hold their parsed form either."""
    with served(FIXTURE_SPEC) as (base_url, pid), httpx.Client(base_url=base_url, headers=AUTH, timeout=30) as http:
        http.get("/__fake__/health")
        start = memory_kb(pid)
        big = json.dumps({**VALID_BODY, "prompt": "x" * (5 * 1024 * 1024)}).encode()
        for _ in range(40):
            assert http.post(CREATE, content=big).status_code == 400  # the prompt is too long
        after_big = memory_kb(pid)
        dense = b"[" + b"{}," * (64 * 1024 // 3 - 1) + b"{}]"
        for _ in range(1000):
            http.post(CREATE, content=dense)
        after_dense = memory_kb(pid)
        peak = memory_kb(pid, "VmHWM")
        assert len(http.get("/__fake__/requests").json()["requests"]) == 1000
    print(f"\nfake server RSS: {start / 1024:.0f} MB at start, {after_big / 1024:.0f} MB after 40 x 5 MB, "
          f"{after_dense / 1024:.0f} MB after 1000 x 64 KB dense bodies, peak {peak / 1024:.0f} MB")  # fmt: skip
    assert after_big - start < 100 * 1024
    assert after_dense - start < 200 * 1024
