"""A minimal keep-alive HTTP server with fixed answers: the far end of the per-request overhead benchmark.

``python -m bench._echo_server`` prints ``listening on http://127.0.0.1:PORT`` and answers every POST with a
fixed "task submitted" envelope and every GET with a fixed "task succeeded" one, pre-encoded, without
parsing or validating anything. The fake server (``generator.fake_server``) validates and simulates; that
work would dilute the client's share of each request, so the benchmark does not use it.
"""

from __future__ import annotations

import asyncio
import json
import sys

_TASK = {"task_id": "bench-task", "created_at": 1, "updated_at": 1, "task_status_msg": ""}
CREATE = {"code": 0, "message": "SUCCEED", "request_id": "r", "data": {**_TASK, "task_status": "submitted"}}
GET = {
    "code": 0,
    "message": "SUCCEED",
    "request_id": "r",
    "data": {
        **_TASK,
        "task_status": "succeed",
        "task_result": {"images": [{"index": 0, "url": "http://127.0.0.1/x.png"}]},
    },
}


def _response(payload: object) -> bytes:
    body = json.dumps(payload).encode()
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


ANSWERS = {b"POST": _response(CREATE), b"GET": _response(GET)}


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:].strip())
            if length:
                await reader.readexactly(length)
            writer.write(ANSWERS.get(head.split(b" ", 1)[0], ANSWERS[b"GET"]))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(_serve, "127.0.0.1", 0, backlog=256)
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write(f"listening on http://127.0.0.1:{port}\n")
    sys.stdout.flush()
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
