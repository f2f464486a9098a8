"""The fake server itself: driven by the spec, control API, validation, x-dependencies, task simulation, entry point."""

from __future__ import annotations

import subprocess
import sys
import threading
import zlib

import httpx
import pytest

from generator.fake_server import FakeKlingServer, Fault, load_api, png_bytes, rate_limited
from generator.fake_server.rules import parse_dependency, violation
from tests.kling_testkit import API_KEY, CREATE, GENERATED_SPEC, ROOT, VALID_BODY, FakeServerPool
from tests.kling_testkit import RUNTIME_FIXTURE_SPEC as FIXTURE_SPEC

AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def server(fake_server_pool: FakeServerPool) -> FakeKlingServer:
    return fake_server_pool(FIXTURE_SPEC)


@pytest.mark.parametrize("spec", [FIXTURE_SPEC, GENERATED_SPEC], ids=["fixture", "generated"])
def test_routes_come_from_the_spec(spec: object) -> None:
    api = load_api(str(spec))
    (route,) = api.routes
    assert route.create_path == CREATE
    assert route.get_pattern.fullmatch(f"{CREATE}/abc123") is not None
    assert (route.media, route.extension, route.count_field) == ("images", "png", "n")
    assert [d.text for d in route.dependencies] == ["IF model_name=='kling-v1-5' AND image THEN image_reference;"]
    assert route.body_required


def test_control_endpoint_queues_faults_and_lists_requests(server: FakeKlingServer) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        faults = [rate_limited(retry_after="3").to_json(), Fault(kind="drop", match="get").to_json()]
        assert http.post("/__fake__/faults", json={"faults": faults}).json() == {"queued": 2}
        assert len(http.get("/__fake__/faults").json()["faults"]) == 2
        first = http.post(CREATE, json=VALID_BODY, headers=AUTH)
        assert first.status_code == 429 and first.headers["Retry-After"] == "3"
        assert http.post(CREATE, json=VALID_BODY, headers=AUTH).json()["code"] == 0
        recorded = http.get("/__fake__/requests").json()["requests"]
        assert [r["fault"] for r in recorded] == ["status", None]
        assert recorded[1]["body"] == VALID_BODY
        assert http.post("/__fake__/faults", json={"faults": [{"kind": "status", "bogus": 1}]}).status_code == 400
        assert http.post("/__fake__/config", json={"polls_to_finish": 1}).json()["polls_to_finish"] == 1
        assert http.post("/__fake__/reset").json() == {"ok": True}
        assert http.get("/__fake__/requests").json() == {"requests": []}
        assert http.get("/__fake__/faults").json() == {"faults": []}


def test_auth_and_validation_answers(server: FakeKlingServer) -> None:
    with httpx.Client(base_url=server.base_url) as http:
        missing = http.post(CREATE, json=VALID_BODY)
        assert (missing.status_code, missing.json()["code"]) == (401, 1001)
        wrong = http.post(CREATE, json=VALID_BODY, headers={"Authorization": "Bearer nope"})
        assert (wrong.status_code, wrong.json()["code"]) == (401, 1002)
        bad = http.post(CREATE, json={"prompt": "x" * 2501, "n": 0}, headers=AUTH)
        assert bad.status_code == 400 and bad.json()["code"] == 1201
        message = bad.json()["message"]
        assert "'model_name' is a required property" in message and "prompt" in message and "n:" in message
        not_json = http.post(CREATE, content=b"{oops", headers={**AUTH, "Content-Type": "application/json"})
        assert not_json.json()["code"] == 1200
        assert http.delete(CREATE, headers=AUTH).json()["code"] == 1203


def test_task_lifecycle_and_images(server: FakeKlingServer) -> None:
    server.configure(polls_to_finish=3, timestamps_as_strings=True)
    with httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        created = http.post(CREATE, json={**VALID_BODY, "n": 4}).json()
        task_id = created["data"]["task_id"]
        assert created["data"]["task_status"] == "submitted"
        assert isinstance(created["data"]["created_at"], str)  # as some relays send it
        statuses = [http.get(f"{CREATE}/{task_id}").json()["data"]["task_status"] for _ in range(4)]
        assert statuses == ["processing", "processing", "succeed", "succeed"]
        images = http.get(f"{CREATE}/{task_id}").json()["data"]["task_result"]["images"]
        assert [img["index"] for img in images] == [0, 1, 2, 3]
        png = httpx.get(images[3]["url"]).content
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
        listing = http.get(CREATE).json()["data"]
        assert [t["task_id"] for t in listing] == [task_id]


def test_png_bytes_are_valid() -> None:
    data = png_bytes(3, 2, (1, 2, 3))
    # IDAT decompresses to height rows of (filter byte + 3 bytes per pixel).
    idat_len = int.from_bytes(data[33:37], "big")
    assert data[37:41] == b"IDAT"
    assert zlib.decompress(data[41 : 41 + idat_len]) == (b"\x00" + b"\x01\x02\x03" * 3) * 2


def test_refuses_non_loopback_hosts() -> None:
    with pytest.raises(ValueError, match="loopback"):
        FakeKlingServer(spec_path=FIXTURE_SPEC, host="0.0.0.0")


@pytest.mark.parametrize(
    ("rule", "body", "broken"),
    [
        (
            "IF model_name=='kling-v1-5' AND image THEN image_reference;",
            {"model_name": "kling-v1-5", "image": "u"},
            True,
        ),
        (
            "IF model_name=='kling-v1-5' AND image THEN image_reference;",
            {"model_name": "kling-v1-5", "image": ""},
            False,
        ),
        (
            "IF model_name=='kling-v1-5' AND image THEN image_reference;",
            {"model_name": "kling-v1", "image": "u"},
            False,
        ),
        ("IF NOT image THEN prompt AND n;", {"prompt": "p"}, True),
        ("IF model_name!='kling-v1' THEN resolution;", {}, True),
        ("IF model_name!='kling-v1' THEN resolution;", {"model_name": "kling-v1"}, False),
        ("IF n==2 THEN aspect_ratio;", {"n": 2}, True),
        ("IF n==2 THEN aspect_ratio;", {"n": 3}, False),
        # Literals are typed: the string '2' is not the integer 2, nor 'true' the boolean true.
        ("IF n=='2' THEN aspect_ratio;", {"n": 2}, False),
        ("IF multi_shot==true THEN shot_type;", {"multi_shot": True}, True),
        ("IF multi_shot=='true' THEN shot_type;", {"multi_shot": True}, False),
        ("IF mode IN ('custom', 'select') THEN mask;", {"mode": "select"}, True),
        ("IF mode IN ('custom', 'select') THEN mask;", {"mode": "auto"}, False),
        ("Or(image, prompt);", {"image": None, "prompt": ""}, True),
        ("Or(image, prompt);", {"prompt": "p"}, False),
        ("OnlyOne(image, prompt);", {"image": "i", "prompt": "p"}, True),
        ("OnlyOne(image, prompt);", {"image": "i"}, False),
        ("AllOrNone(image, image_reference);", {"image": "i"}, True),
        ("AllOrNone(image, image_reference);", {}, False),
        ("ZeroOrOne(image_fidelity, human_fidelity);", {"image_fidelity": 0.5, "human_fidelity": 0.1}, True),
        ("ZeroOrOne(image_fidelity, human_fidelity);", {"image_fidelity": 0}, False),
    ],
)
def test_dependency_rules(rule: str, body: dict[str, object], broken: bool) -> None:
    assert (violation(body, parse_dependency(rule)) is not None) is broken


@pytest.mark.parametrize("text", ["IF THEN x;", "Or(a);", "WHEN a THEN b;", "IF a=='x THEN b;"])
def test_bad_rules_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_dependency(text)


def test_the_cli_serve_command_serves() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--spec", str(FIXTURE_SPEC), "--port", "0", "--api-key", API_KEY],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    guard = threading.Timer(30, proc.kill)  # hang guard for the blocking readline below
    guard.start()
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("fake Kling server listening on http://127.0.0.1:"), line
        base_url = line.rsplit(" ", 1)[1].strip()
        answer = httpx.post(f"{base_url}{CREATE}", json=VALID_BODY, headers=AUTH, timeout=10)
        assert answer.json()["code"] == 0
    finally:
        guard.cancel()
        proc.terminate()
        proc.wait(timeout=10)
