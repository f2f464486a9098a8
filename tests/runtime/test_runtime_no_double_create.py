"""The money invariant: under every injected fault, a create never starts a second paid task by retrying.

For each fault the test records every create request the server received and
every task it created. Without opt-in:

* a fault that proves rejection (rate limit) may be retried, and the retry
  is the only request that creates a task;
* any other fault leaves exactly one create request on the server.

With ``retry_ambiguous_creates=True`` the ambiguous faults are retried, which
is the point of the opt-in (and, for faults that struck after the task was
made, costs a second task: that is why it is off by default).
"""

from __future__ import annotations

import httpx
import pytest
from kling_client._runtime import KlingError

from generator.fake_server import (
    FakeKlingServer,
    Fault,
    business_error,
    dropped,
    failed_task,
    html_error,
    non_json_ok,
    rate_limited,
    server_error,
    slow,
)
from tests.runtime._rt_support import SLOW_READ_TIMEOUT, SLOW_SECONDS, ClientFactory

# (id, fault, kind): "rejected" faults are safe to retry, "ambiguous" ones are not, "fatal" never help.
FAULTS: list[tuple[str, Fault, str]] = [
    ("429+1302+retry-after", rate_limited(retry_after="2"), "rejected"),
    ("429-no-code", rate_limited(code=None), "rejected"),
    ("429+1303", rate_limited(code=1303), "rejected"),
    ("200+1302", business_error(1302), "rejected"),
    ("200+1303", business_error(1303), "rejected"),
    ("500+5000", server_error(500, code=5000), "ambiguous"),
    ("502+5001", server_error(502, code=5001), "ambiguous"),
    ("503+5002", server_error(503, code=5002), "ambiguous"),
    ("500-text", server_error(500, code=None), "ambiguous"),
    ("200+5000", business_error(5000), "ambiguous"),
    ("502-html", html_error(502), "ambiguous"),
    ("504-html-after-create", html_error(504, process_first=True), "ambiguous"),
    ("500-after-create", server_error(500, process_first=True), "ambiguous"),
    ("dropped", dropped(), "ambiguous"),
    ("dropped-after-create", dropped(process_first=True), "ambiguous"),
    ("slow", slow(SLOW_SECONDS), "ambiguous"),
    ("200+1000", business_error(1000), "fatal"),
    ("200+1100", business_error(1100), "fatal"),
    ("200+1200", business_error(1200), "fatal"),
    ("200+1300", business_error(1300), "fatal"),
    ("200+1301", business_error(1301), "fatal"),
    ("401+1004", business_error(1004, status_code=401), "fatal"),
    ("200-non-json", non_json_ok(), "fatal"),
    ("task-fails", failed_task("risk control"), "fatal"),
]


@pytest.mark.parametrize("opt_in", [False, True], ids=["default", "opt-in"])
@pytest.mark.parametrize(("fault", "kind"), [(f, k) for _, f, k in FAULTS], ids=[i for i, _, _ in FAULTS])
def test_no_create_reaches_the_server_twice(
    server: FakeKlingServer, client_factory: ClientFactory, fault: Fault, kind: str, opt_in: bool
) -> None:
    client = client_factory(
        retry_ambiguous_creates=opt_in, max_retries=2, timeout=httpx.Timeout(10.0, read=SLOW_READ_TIMEOUT)
    )
    server.add_faults(fault)
    outcome: object
    try:
        outcome = client.create()
    except KlingError as exc:
        outcome = exc
    creates = server.create_requests()
    tasks = server.created_task_ids()
    if kind == "rejected":
        # The rejection proved nothing was created, so the retry is allowed and needed.
        assert len(creates) == 2
        assert creates[0].fault == "status"
        assert len(tasks) == 1
        assert isinstance(outcome, dict) and outcome["data"]["task_id"] == tasks[0]
    elif kind == "ambiguous" and opt_in:
        assert len(creates) == 2
        assert isinstance(outcome, dict)
        assert outcome["data"]["task_id"] == tasks[-1]
        # A fault that struck after processing shows the cost the caller accepted: two tasks.
        assert len(tasks) == (2 if fault.process_first else 1)
    else:
        assert len(creates) == 1
        assert len(tasks) <= 1
        if fault.kind != "fail_task":
            assert isinstance(outcome, KlingError)
    # Whatever happened, the client never sent more than one create per attempt budget.
    assert len(creates) <= 1 + 2
