"""Not just the seed: four specs of other shapes generate clients that lint, type-check and validate.

petstore: path + query parameters, $ref components, allOf, several tags.
orders: nested objects and arrays, Chinese prose constraints, nullable, pattern.
search: a JSON document, apiKey header security (not exposed as an argument), int enum.
apifox_pages: two vendor-style Apifox pages merged into one client.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "tests" / "client" / "specs"
CASES = ("petstore", "orders", "search", "apifox_pages")


@pytest.fixture(scope="module")
def clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("clients")
    for case in CASES:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "generate",
                str(SPECS / case),
                "--out",
                str(base / case),
                "--package-name",
                f"{case}_client",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return base


def _run(code: str, base: Path, case: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(base / case)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, check=False
    )


def test_generated_clients_pass_ruff_and_mypy_strict(clients: Path) -> None:
    ruff = [sys.executable, "-m", "ruff", "check", "--no-cache"]
    for case in CASES:
        result = subprocess.run([*ruff, "."], cwd=clients / case, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{case}: {result.stdout}"
    env = {**os.environ, "MYPYPATH": os.pathsep.join(str(clients / c) for c in CASES)}
    packages = [arg for case in CASES for arg in ("-p", f"{case}_client")]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages],
        cwd=clients,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_petstore(clients: Path) -> None:
    result = _run(
        """
        import inspect
        from petstore_client import Client, RequestValidationError
        from petstore_client.models import NewPet, Order, PetStatus
        c = Client(api_key="k", base_url="http://127.0.0.1:9")
        assert {n for n in dir(c) if not n.startswith("_")} >= {"pets", "store"}
        extras = {"timeout", "extra_headers", "extra_query", "extra_body"}
        assert set(inspect.signature(c.pets.list).parameters) == {"limit", "status"} | extras
        assert list(inspect.signature(c.pets.get).parameters)[0] == "pet_id"
        assert callable(c.pets.create) and callable(c.store.orders.create)
        NewPet(name="x" * 64, tag="t" * 32)
        for bad in (dict(name="x" * 65), dict(name="a", tag="t" * 33), dict(name="a", status="gone")):
            try:
                NewPet(**bad)
            except RequestValidationError as exc:
                print("rejected", exc.field, exc.rule)
            else:
                raise SystemExit(f"accepted {bad}")
        try:
            c.pets.list(limit=101)
        except RequestValidationError as exc:
            print("param", exc.field, exc.rule)
        Order(pet_id=1, quantity=10)
        try:
            Order(pet_id=1, quantity=11)
        except RequestValidationError as exc:
            print("rejected", exc.field, exc.rule)
        assert PetStatus("sold") is PetStatus.SOLD
    """,
        clients,
        "petstore",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:5] == [
        "rejected name maxLength",
        "rejected tag maxLength",
        "rejected status enum",
        "param limit maximum",
        "rejected quantity maximum",
    ]


def test_orders_nested(clients: Path) -> None:
    result = _run(
        """
        from orders_client import Client, RequestValidationError
        from orders_client.models import CreateOrderRequest, CreateOrderRequestCustomer, CreateOrderRequestItemsItem
        ok = CreateOrderRequest.from_dict({"customer": {"name": "张三"}, "items": [{"sku": "ABC-1234", "quantity": 99}],
                                           "priority": "high", "note": None})
        assert ok.to_dict()["items"][0]["quantity"] == 99
        bad = [
            {"customer": {"name": "x" * 51}, "items": [{"sku": "ABC-1234", "quantity": 1}]},
            {"customer": {"name": "a"}, "items": []},
            {"customer": {"name": "a"}, "items": [{"sku": "ABC-1234", "quantity": 1}] * 21},
            {"customer": {"name": "a"}, "items": [{"sku": "abc", "quantity": 1}]},
            {"customer": {"name": "a"}, "items": [{"sku": "ABC-1234", "quantity": 100}]},
            {"customer": {"name": "a"}, "items": [{"sku": "ABC-1234", "quantity": 1}], "priority": "urgent"},
            {"customer": {"name": "a"}},
        ]
        for payload in bad:
            try:
                CreateOrderRequest.from_dict(payload)
            except RequestValidationError as exc:
                print(exc.field, exc.rule)
            else:
                raise SystemExit(f"accepted {payload}")
        c = Client(api_key="k", base_url="http://127.0.0.1:9")
        try:
            c.orders.cancel("o1", reason="r" * 201)
        except RequestValidationError as exc:
            print(exc.field, exc.rule)
    """,
        clients,
        "orders",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[:8] == [
        "name maxLength",
        "items minItems",
        "items maxItems",
        "sku pattern",
        "quantity maximum",
        "priority enum",
        "items required",
        "reason maxLength",
    ]


def test_search_json_and_header_security(clients: Path) -> None:
    result = _run(
        """
        import inspect
        from search_client import Client, RequestValidationError
        from search_client.models import HitKind
        c = Client(api_key="k", base_url="http://127.0.0.1:9")
        params = set(inspect.signature(c.search.list).parameters)
        assert params == {"q", "page_size", "timeout", "extra_headers", "extra_query", "extra_body"}, params
        assert hasattr(c, "documents") and hasattr(c.documents, "delete")
        for kwargs in ({"q": "x" * 257}, {"q": "x", "page_size": 51}, {"q": "x", "page_size": 0}):
            try:
                c.search.list(**kwargs)
            except RequestValidationError as exc:
                print(exc.field, exc.rule)
        assert HitKind(2) == 2 and HitKind(7).value == 7  # unknown server values do not crash
    """,
        clients,
        "search",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["q maxLength", "page_size maximum", "page_size minimum"]


def test_two_apifox_pages_merge_into_one_client(clients: Path) -> None:
    readme = (clients / "apifox_pages" / "README.md").read_text()
    assert "/kling/v1/videos/text2video" in readme and "/kling/v1/videos/text2video/{id}" in readme
    augmented = (clients / "apifox_pages" / "openapi.augmented.yaml").read_text()
    assert "kling-v2-master" in augmented
    result = _run(
        """
        from apifox_pages_client import Client, RequestValidationError
        import inspect
        c = Client(api_key="k", base_url="http://127.0.0.1:9")
        videos = c.videos.text2video
        methods = sorted(m for m in dir(videos) if not m.startswith("_") and m != "with_raw_response")
        print(",".join(methods))
        assert "authorization" not in {p.lower() for p in inspect.signature(videos.create).parameters}
        try:
            videos.create(prompt="p", cfg_scale=1.5)
        except RequestValidationError as exc:
            print(exc.field, exc.rule)
    """,
        clients,
        "apifox_pages",
    )
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.split("\n")[:2]
    # Names from the paths (/kling/v1/videos/text2video, .../{id}); the pages describe no task answers,
    # so without the vendor profile there is no task pair to wait on.
    assert first == "create,get"
    assert second == "cfg_scale maximum"
