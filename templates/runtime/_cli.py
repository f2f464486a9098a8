"""A generic command-line front end, driven by metadata the generator emits.

The generator describes each command with plain data, and ``main`` builds an
``argparse`` parser from it, so the CLI follows the spec without hand edits::

    COMMANDS = (
        CliCommand(
            name="generate",                      # sub-command; also selects the action
            help="Create an image generation task.",
            positional=(CliOption(flag="PROMPT", dest="prompt", type="string", required=True,
                                  help="Positive prompt."),),
            options=(
                CliOption(flag="--n", dest="n", type="integer", help="Number of images, 1-9.",
                          default_shown="1"),  # sent as 1 when --n is omitted
                CliOption(flag="--aspect-ratio", dest="aspect_ratio", type="string",
                          choices=("16:9", "9:16", "1:1")),
            ),
        ),
        CliCommand(name="get", help="Show a task.",
                   positional=(CliOption(flag="TASK_ID", dest="task_id", required=True),)),
    )
    sys.exit(main(sys.argv[1:], commands=COMMANDS, make_client=Client))

Field meanings:

* ``CliOption.flag``: ``--long-flag`` for an option, or the metavar
  (``PROMPT``) for a positional argument.
* ``CliOption.dest``: the keyword argument passed to ``images.generate``.
* ``CliOption.type``: JSON-schema-like ``string | integer | number | boolean``;
  booleans become ``--flag/--no-flag``.
* ``CliOption.required``, ``help``, ``choices`` (strings, shown and enforced).
* ``CliOption.default_shown``: the value used when the option is omitted
  (converted to ``type``) and shown in help. Use it only for the spec's own
  default or for a value the CLI deliberately picks (e.g. the first model of
  a required enum); options without it that are left out are not sent at
  all, so the server's default applies.
* ``CliCommand.action``: ``"generate"`` or ``"get"``; defaults to ``name``.

Actions. ``generate`` calls ``client.images.generate(**options)``; without
``--wait`` it prints the new task as JSON. With ``--wait`` it reports
progress on stderr, waits with ``client.images.wait(...)`` (bounded by
``--timeout``), downloads every image with ``client.download(url)`` (the
client's own httpx stack, without credentials) into ``--out`` and prints one
path per line. ``get`` prints ``client.images.get(task_id).to_dict()`` as JSON.

Exit codes: 0 success, 1 API or I/O error, 2 bad usage or invalid request,
3 task failed, 4 wait timed out, 130 interrupted. Errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, TextIO

import attrs

from ._errors import KlingError, RequestValidationError, TaskFailedError, WaitTimeoutError
from ._redact import redact

__all__ = ["CliCommand", "CliOption", "main"]

OptionType = Literal["string", "integer", "number", "boolean"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_TASK_FAILED = 3
EXIT_WAIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130

_DEFAULT_WAIT_TIMEOUT = 600.0
_DEFAULT_POLL_INTERVAL = 2.0
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    # A named converter: mypy's attrs plugin types __init__ from it (a bare ``tuple`` loses the item type).
    return tuple(values)


@attrs.frozen(kw_only=True)
class CliOption:
    """One option or positional argument of a command (see module docstring)."""

    flag: str
    dest: str
    type: OptionType = "string"
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    default_shown: str | None = None

    @property
    def is_positional(self) -> bool:
        return not self.flag.startswith("-")


def _options(values: Iterable[CliOption]) -> tuple[CliOption, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class CliCommand:
    """One sub-command; ``action`` picks the behaviour and defaults to ``name``."""

    name: str
    help: str = ""
    options: tuple[CliOption, ...] = attrs.field(default=(), converter=_options)
    positional: tuple[CliOption, ...] = attrs.field(default=(), converter=_options)
    action: Literal["generate", "get"] | None = None

    @property
    def resolved_action(self) -> str:
        return self.action or self.name


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that writes to our streams and reports usage errors as one line."""

    def __init__(self, *args: Any, out: TextIO, err: TextIO, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out = out
        self._err = err

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self._err if file is sys.stderr else self._out).write(message)

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see {self.prog} --help)")


_CONVERTERS: dict[str, Callable[[str], object]] = {"string": str, "integer": int, "number": float}


def _default_of(opt: CliOption) -> object:
    if opt.default_shown is None:
        return None
    if opt.type == "boolean":
        return opt.default_shown.strip().lower() in ("true", "1", "yes")
    try:
        return _CONVERTERS[opt.type](opt.default_shown)
    except (KeyError, ValueError):
        # Metadata mismatch: sending the text lets the client's validator name the problem.
        return opt.default_shown


def _add_argument(parser: argparse.ArgumentParser, opt: CliOption) -> None:
    help_text = opt.help
    if opt.default_shown is not None:
        help_text = f"{help_text} (default: {opt.default_shown})".strip()
    if opt.is_positional:
        parser.add_argument(
            opt.dest, metavar=opt.flag, type=_CONVERTERS.get(opt.type, str), help=help_text,
            choices=list(opt.choices) or None,
        )
        return
    if opt.type == "boolean":
        parser.add_argument(
            opt.flag, dest=opt.dest, action=argparse.BooleanOptionalAction, default=_default_of(opt),
            required=opt.required, help=help_text,
        )
        return
    parser.add_argument(
        opt.flag, dest=opt.dest, type=_CONVERTERS[opt.type], required=opt.required, default=_default_of(opt),
        choices=list(opt.choices) or None, help=help_text,
    )


def _build_parser(prog: str, commands: Sequence[CliCommand], out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(prog=prog, description="Kling image generation client.", out=out, err=err)
    sub = parser.add_subparsers(dest="_command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for command in commands:
        cmd = sub.add_parser(command.name, help=command.help, description=command.help, out=out, err=err)
        for opt in (*command.positional, *command.options):
            _add_argument(cmd, opt)
        if command.resolved_action == "generate":
            cmd.add_argument("--wait", action="store_true", help="Wait for the task and download its images.")
            cmd.add_argument("--out", default=".", metavar="DIR", help="Directory for downloaded images (--wait).")
            cmd.add_argument(
                "--timeout", type=float, default=_DEFAULT_WAIT_TIMEOUT, metavar="S",
                help=f"Give up waiting after S seconds (default {_DEFAULT_WAIT_TIMEOUT:g}).",
            )
            cmd.add_argument(
                "--poll-interval", type=float, default=_DEFAULT_POLL_INTERVAL, metavar="S",
                help=f"Seconds between status checks (default {_DEFAULT_POLL_INTERVAL:g}).",
            )
    return parser


def _get(obj: object, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def _to_jsonable(task: object) -> object:
    to_dict = getattr(task, "to_dict", None)
    return to_dict() if callable(to_dict) else task


def _images_of(task: object) -> list[tuple[int, str]]:
    result = _get(task, "task_result")
    images = _get(result, "images") if result is not None else None
    found: list[tuple[int, str]] = []
    for position, image in enumerate(images or ()):
        url = _get(image, "url")
        index = _get(image, "index")
        if isinstance(url, str) and url:
            found.append((index if isinstance(index, int) else position, url))
    return found


def _extension(data: bytes, url: str) -> str:
    if data.startswith(b"\x89PNG"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    suffix = Path(url.split("?", 1)[0]).suffix.lstrip(".").lower()
    return suffix if suffix in ("png", "jpg", "jpeg", "webp") else "bin"


class _Progress:
    """Prints one stderr line per status change, not per poll, to keep logs readable."""

    def __init__(self, err: TextIO, clock: Callable[[], float]) -> None:
        self._err = err
        self._clock = clock
        self._start = clock()
        self._last: str | None = None

    def __call__(self, task: object) -> None:
        status = str(_get(task, "task_status") or "unknown")
        if status != self._last:
            self._last = status
            elapsed = self._clock() - self._start
            self._err.write(f"task {_get(task, 'task_id')}: {status} ({elapsed:.0f}s)\n")
            self._err.flush()


def _run_generate(args: argparse.Namespace, command: CliCommand, client: Any, out: TextIO, err: TextIO,
                  clock: Callable[[], float]) -> int:
    kwargs: dict[str, object] = {}
    for opt in (*command.positional, *command.options):
        value = getattr(args, opt.dest, None)
        if value is not None:
            kwargs[opt.dest] = value
    task = client.images.generate(**kwargs)
    if not args.wait:
        out.write(json.dumps(_to_jsonable(task), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    progress = _Progress(err, clock)
    progress(task)
    task_id = str(_get(task, "task_id"))
    task = client.images.wait(task_id, timeout=args.timeout, poll_interval=args.poll_interval, on_progress=progress)
    images = _images_of(task)
    if not images:
        err.write(f"error: task {task_id} succeeded but returned no images\n")
        return EXIT_ERROR
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    # The task id comes from the server; never let it steer the path outside --out.
    stem = _SAFE_NAME.sub("_", task_id).strip("._") or "task"
    download = getattr(client, "download", None)
    if not callable(download):
        raise KlingError("this client cannot download images (no download() method)")
    for index, url in images:
        data = download(url)
        path = out_dir / f"{stem}-{index}.{_extension(data, url)}"
        path.write_bytes(data)
        out.write(f"{path}\n")
    return EXIT_OK


def _run_get(args: argparse.Namespace, client: Any, out: TextIO) -> int:
    task = client.images.get(args.task_id)
    out.write(json.dumps(_to_jsonable(task), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _one_line(text: str, secrets: Sequence[str | None]) -> str:
    return redact(" ".join(str(text).split()), secrets)


def main(
    argv: Sequence[str] | None = None,
    *,
    commands: Sequence[CliCommand],
    make_client: Callable[[], Any],
    prog: str = "kling",
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    api_key_env: str = "CHAINHUB_API_KEY",
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Run the CLI and return the exit code (see module docstring); never raises for user errors."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    secrets = (os.environ.get(api_key_env),)
    by_name = {command.name: command for command in commands}
    parser = _build_parser(prog, commands, out, err)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except _UsageError as exc:
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help exits through argparse
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    command = by_name[args._command]
    client: Any = None
    try:
        client = make_client()
        if command.resolved_action == "generate":
            return _run_generate(args, command, client, out, err, clock)
        if command.resolved_action == "get":
            return _run_get(args, client, out)
        err.write(f"{prog}: error: command {command.name!r} has unknown action {command.resolved_action!r}\n")
        return EXIT_USAGE
    except RequestValidationError as exc:
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}\n")
        return EXIT_USAGE
    except TaskFailedError as exc:
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}\n")
        return EXIT_TASK_FAILED
    except WaitTimeoutError as exc:
        hint = f"; check later with: {prog} get {exc.task_id}" if exc.task_id else ""
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}{hint}\n")
        return EXIT_WAIT_TIMEOUT
    except KeyboardInterrupt:
        err.write(f"{prog}: interrupted\n")
        return EXIT_INTERRUPTED
    except (KlingError, OSError) as exc:
        err.write(f"{prog}: error: {_one_line(str(exc) or type(exc).__name__, secrets)}\n")
        return EXIT_ERROR
    except Exception as exc:
        # A bug in the client or unexpected input: still one line, but name the type to aid reports.
        err.write(f"{prog}: error: unexpected {type(exc).__name__}: {_one_line(str(exc), secrets)}\n")
        return EXIT_ERROR
    finally:
        close = getattr(client, "close", None)
        if callable(close):
            close()
