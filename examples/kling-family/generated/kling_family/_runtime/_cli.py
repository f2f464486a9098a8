# DO NOT EDIT: kling-codegen runtime, copied byte for byte from templates/runtime/; regenerate with `python -m generator generate`.
"""A generic command line for task APIs, driven by metadata the generator emits.

The generator describes each task resource with plain data, and ``main``
builds an ``argparse`` parser from it, so the CLI follows the spec without
hand edits::

    TASKS = (
        TaskCli(
            words=(),                  # command words before the action; () puts the actions at the top
            resource="images",         # client.images
            create="generate",         # client.images.generate(...); also the create command's name
            get="get",
            summary="Image generation",
            model=ImageGenerationRequest,  # help and choices come from its _codegen_help / _codegen_rules
            options=(
                CliOption(flag="PROMPT", dest="prompt", wire="prompt", required=True),
                CliOption(flag="--n", dest="n", wire="n", type="integer", required=True),
                CliOption(flag="--aspect-ratio", dest="aspect_ratio", wire="aspect_ratio"),
            ),
        ),
    )
    sys.exit(main(sys.argv[1:], tasks=TASKS, make_client=Client, prog="python -m kling_client"))

Commands, for each task resource (``WORDS`` are its ``words``)::

    WORDS CREATE [options] [--wait [--out DIR] [--wait-timeout S] [--poll-interval S]]
    WORDS get TASK_ID
    WORDS wait TASK_ID [--out DIR] [--wait-timeout S] [--poll-interval S]

``CREATE`` is ``create`` when there are words, else the create method's own
name. Without ``--wait`` a create prints the new task as JSON; with it,
progress goes to stderr, the task is awaited and every media file of its
result (images, videos, audio: any list of objects with a ``url``) is
downloaded with the client's own ``download`` (no credentials are sent) into
``--out``, one path per line on stdout. ``wait`` resumes waiting on a task
created earlier: after a timeout, or after Ctrl-C, which prints the command.

Global options ``--api-key`` and ``--base-url`` override the environment.

Exit codes: 0 success, 1 API or I/O error, 2 bad usage or invalid request,
3 task failed, 4 wait timed out, 130 interrupted. Errors are one line on
stderr, never a traceback, and name the CLI flag at fault.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn, TextIO

import attrs

from ._errors import KlingError, RequestValidationError, TaskFailedError, WaitTimeoutError
from ._redact import redact

__all__ = ["EXIT_CODES", "CliOption", "TaskCli", "main"]

OptionType = Literal["string", "integer", "number", "boolean"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_TASK_FAILED = 3
EXIT_WAIT_TIMEOUT = 4
EXIT_INTERRUPTED = 130
EXIT_CODES = (
    (EXIT_OK, "success"),
    (EXIT_ERROR, "API or I/O error"),
    (EXIT_USAGE, "bad usage or a request the spec's rules reject (nothing was sent)"),
    (EXIT_TASK_FAILED, "the task failed"),
    (EXIT_WAIT_TIMEOUT, "waiting timed out (the task may still finish: use the wait command)"),
    (EXIT_INTERRUPTED, "interrupted"),
)

_DEFAULT_WAIT_TIMEOUT = 600.0
_DEFAULT_POLL_INTERVAL = 2.0
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_SNIFF = (
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF8", "gif"),
    (b"RIFF", "wav"),
    (b"ID3", "mp3"),
    (b"\xff\xfb", "mp3"),
    (b"\xff\xf3", "mp3"),
    (b"fLaC", "flac"),
    (b"OggS", "ogg"),
)
_KNOWN_SUFFIXES = ("png", "jpg", "jpeg", "webp", "gif", "mp4", "mov", "webm", "mp3", "wav", "m4a", "flac", "ogg")


@attrs.frozen(kw_only=True)
class CliOption:
    """One option (``--aspect-ratio``) or the positional argument (``PROMPT``) of a create command."""

    flag: str
    dest: str  # keyword argument of the create method
    wire: str = ""  # body field whose help and rules the model holds
    type: OptionType = "string"
    required: bool = False

    @property
    def is_positional(self) -> bool:
        return not self.flag.startswith("-")


def _options(values: Iterable[CliOption]) -> tuple[CliOption, ...]:
    # A named converter: mypy's attrs plugin types __init__ from it (a bare ``tuple`` loses the item type).
    return tuple(values)


def _words(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class TaskCli:
    """The commands of one task resource (see the module docstring)."""

    words: tuple[str, ...] = attrs.field(default=(), converter=_words)
    resource: str
    create: str
    get: str
    wait: str = "wait"
    summary: str = ""
    model: Any = None
    options: tuple[CliOption, ...] = attrs.field(default=(), converter=_options)
    task_id_field: str = "task_id"
    task_status_field: str = "task_status"

    @property
    def create_command(self) -> str:
        return "create" if self.words else self.create


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


def _choices(task: TaskCli, opt: CliOption) -> list[str]:
    for rule in getattr(task.model, "_codegen_rules", ()):
        if rule.field == opt.wire and rule.keyword == "enum" and not rule.items:
            return [str(v) for v in rule.value]
    return []


def _add_option(parser: argparse.ArgumentParser, task: TaskCli, opt: CliOption) -> None:
    helps: Mapping[str, str] = getattr(task.model, "_codegen_help", {})
    help_text = helps.get(opt.wire, "").replace("%", "%%")
    choices = _choices(task, opt)
    required = opt.required
    default: object = None
    if required and choices and not opt.is_positional:
        # A required choice gets the spec's first listed value, so the command stays short to type.
        required, default = False, _CONVERTERS.get(opt.type, str)(choices[0])
        help_text += f" (default here: {choices[0]})"
    typed = [str(_CONVERTERS.get(opt.type, str)(c)) for c in choices] if choices else None
    if opt.is_positional:
        parser.add_argument(opt.dest, metavar=opt.flag, type=_CONVERTERS.get(opt.type, str), help=help_text)
        return
    if opt.type == "boolean":
        parser.add_argument(
            opt.flag, dest=opt.dest, action=argparse.BooleanOptionalAction, required=required, help=help_text
        )
        return
    parser.add_argument(
        opt.flag,
        dest=opt.dest,
        type=_CONVERTERS[opt.type],
        required=required,
        default=default,
        choices=[_CONVERTERS[opt.type](c) for c in typed] if typed else None,
        help=help_text,
    )


def _add_wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", default=".", metavar="DIR", help="Folder for the downloaded results (default: .).")
    parser.add_argument(
        "--wait-timeout",
        "--timeout",
        dest="wait_timeout",
        type=float,
        default=_DEFAULT_WAIT_TIMEOUT,
        metavar="S",
        help=f"Give up waiting after S seconds (default {_DEFAULT_WAIT_TIMEOUT:g}).",
    )
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=_DEFAULT_POLL_INTERVAL,
        metavar="S",
        help=f"Seconds between status checks at first (default {_DEFAULT_POLL_INTERVAL:g}).",
    )


def _epilog(api_key_env: str, base_url_env: str) -> str:
    lines = ["environment:", f"  {api_key_env}  the API key (or --api-key)"]
    if base_url_env:
        lines.append(f"  {base_url_env}  the API's base URL (or --base-url), e.g. a local fake server")
    lines.append("  KLING_LOG  debug or info: log requests to stderr (the key is never logged)")
    lines.append("")
    lines.append("exit codes:")
    lines.extend(f"  {code:<3} {meaning}" for code, meaning in EXIT_CODES)
    return "\n".join(lines)


def _build_parser(
    prog: str, tasks: Sequence[TaskCli], out: TextIO, err: TextIO, epilog: str, description: str
) -> _Parser:
    parser = _Parser(
        prog=prog,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        out=out,
        err=err,
    )
    parser.add_argument("--api-key", help="the API key (default: from the environment, see below)")
    parser.add_argument("--base-url", help="the API's base URL (default: from the environment or the spec)")
    groups: dict[tuple[str, ...], Any] = {(): parser.add_subparsers(dest="_cmd0", metavar="COMMAND", required=True)}
    parsers: dict[tuple[str, ...], _Parser] = {(): parser}
    for task in tasks:
        for depth in range(1, len(task.words) + 1):
            key = task.words[:depth]
            if key in parsers:
                continue
            sub = groups[key[:-1]].add_parser(key[-1], help=f"{' '.join(key)} commands", out=out, err=err)
            parsers[key] = sub
            groups[key] = sub.add_subparsers(dest=f"_cmd{depth}", metavar="COMMAND", required=True)
        actions = groups[task.words]
        create = actions.add_parser(
            task.create_command,
            help=task.summary or "create a task",
            description=task.summary,
            out=out,
            err=err,
            epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        create.set_defaults(_task=task, _action="create")
        for opt in task.options:
            _add_option(create, task, opt)
        create.add_argument("--wait", action="store_true", help="Wait for the task and download its results.")
        _add_wait_options(create)
        get = actions.add_parser("get", help="show a task as JSON", out=out, err=err)
        get.set_defaults(_task=task, _action="get")
        get.add_argument("task_id", metavar="TASK_ID")
        wait = actions.add_parser("wait", help="wait for a task created earlier and download its results", out=out,
                                  err=err)  # fmt: skip
        wait.set_defaults(_task=task, _action="wait")
        wait.add_argument("task_id", metavar="TASK_ID")
        _add_wait_options(wait)
    return parser


def _get(obj: object, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _to_jsonable(task: object) -> object:
    to_dict = getattr(task, "to_dict", None)
    return to_dict() if callable(to_dict) else task


def results_of(task: object) -> list[tuple[str, int, str]]:
    """``(label, index, url)`` for every media file in the task's result: lists of objects whose ``url`` (or
    ``url_<format>``, as Kling's audio has ``url_mp3`` and ``url_wav``) names a file."""
    result = _to_jsonable(_get(task, "task_result"))
    found: list[tuple[str, int, str]] = []
    if not isinstance(result, Mapping):
        return found
    for kind, items in result.items():
        if not isinstance(items, list):
            continue
        for position, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            index = item.get("index")
            number = index if isinstance(index, int) and not isinstance(index, bool) else position
            for key, url in item.items():
                if isinstance(url, str) and url and (key == "url" or str(key).startswith("url_")):
                    label = str(kind) if key == "url" else f"{kind}-{str(key)[4:]}"
                    found.append((label, number, url))
    return found


def _extension(data: bytes, url: str) -> str:
    for magic, ext in _SNIFF:
        if data.startswith(magic):
            return "wav" if ext == "wav" and data[8:12] != b"WAVE" else ext
    if data[4:8] == b"ftyp":
        return "mp4"
    suffix = Path(url.split("?", 1)[0]).suffix.lstrip(".").lower()
    return suffix if suffix in _KNOWN_SUFFIXES else "bin"


class _Progress:
    """One stderr line per status change, not per poll, to keep logs readable."""

    def __init__(self, err: TextIO, clock: Callable[[], float], task: TaskCli) -> None:
        self._err = err
        self._clock = clock
        self._start = clock()
        self._last: str | None = None
        self._task = task

    def __call__(self, current: object) -> None:
        status = str(_get(current, self._task.task_status_field) or "unknown")
        if status != self._last:
            self._last = status
            elapsed = self._clock() - self._start
            self._err.write(f"task {_get(current, self._task.task_id_field)}: {status} ({elapsed:.0f}s)\n")
            self._err.flush()


def _resource(client: Any, task: TaskCli) -> Any:
    node = client
    for part in task.resource.split("."):
        node = getattr(node, part)
    return node


class _Interrupted(Exception):
    def __init__(self, task_id: str) -> None:
        super().__init__(task_id)
        self.task_id = task_id


def _wait_and_download(
    args: argparse.Namespace, task: TaskCli, client: Any, task_id: str, out: TextIO, err: TextIO, clock: Any
) -> int:
    progress = _Progress(err, clock, task)
    try:
        done = getattr(_resource(client, task), task.wait)(
            task_id, wait_timeout=args.wait_timeout, poll_interval=args.poll_interval, on_progress=progress
        )
    except KeyboardInterrupt:
        raise _Interrupted(task_id) from None
    results = results_of(done)
    if not results:
        err.write(f"error: task {task_id} succeeded but its result holds no files\n")
        return EXIT_ERROR
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    # The task id comes from the server; never let it steer the path outside --out.
    stem = _SAFE_NAME.sub("_", task_id).strip("._") or "task"
    several_kinds = len({kind for kind, _, _ in results}) > 1
    download = getattr(client, "download", None)
    if not callable(download):
        raise KlingError("this client cannot download results (no download() method)")
    for number, (kind, index, url) in enumerate(results, start=1):
        label = f"-{_SAFE_NAME.sub('_', kind)}" if several_kinds else ""
        partial = out_dir / f"{stem}{label}-{index}.download"
        meter = _DownloadMeter(err, f"{number}/{len(results)}", clock)
        size = _fetch(download, url, partial, meter)
        with partial.open("rb") as handle:
            head = handle.read(16)
        path = partial.with_name(f"{stem}{label}-{index}.{_extension(head, url)}")
        partial.replace(path)
        err.write(f"downloaded {number}/{len(results)}: {path.name} ({size} bytes)\n")
        out.write(f"{path}\n")
    return EXIT_OK


def _fetch(download: Callable[..., bytes], url: str, target: Path, meter: _DownloadMeter) -> int:
    """Stream ``url`` to ``target`` with progress when the client can (the runtime's ``download`` does)."""
    try:
        streams = "destination" in inspect.signature(download).parameters
    except (TypeError, ValueError):
        streams = False
    if streams:
        download(url, destination=target, on_progress=meter)
    else:  # a download() that only returns bytes (a stand-in): fetch it whole
        target.write_bytes(download(url))
    return target.stat().st_size


class _DownloadMeter:
    """At most one progress line a second while a large file downloads."""

    def __init__(self, err: TextIO, label: str, clock: Callable[[], float]) -> None:
        self._err = err
        self._label = label
        self._clock = clock
        self._next = clock() + 1.0

    def __call__(self, received: int) -> None:
        now = self._clock()
        if now >= self._next:
            self._next = now + 1.0
            self._err.write(f"downloading {self._label}: {received / 1048576:.1f} MB\n")
            self._err.flush()


def _run(args: argparse.Namespace, client: Any, out: TextIO, err: TextIO, clock: Any) -> int:
    task: TaskCli = args._task
    resource = _resource(client, task)
    if args._action == "get":
        out.write(json.dumps(_to_jsonable(getattr(resource, task.get)(args.task_id)), indent=2, ensure_ascii=False))
        out.write("\n")
        return EXIT_OK
    if args._action == "wait":
        return _wait_and_download(args, task, client, args.task_id, out, err, clock)
    kwargs = {o.dest: getattr(args, o.dest) for o in task.options if getattr(args, o.dest, None) is not None}
    created = getattr(resource, task.create)(**kwargs)
    if not args.wait:
        out.write(json.dumps(_to_jsonable(created), indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    task_id = str(_get(created, task.task_id_field))
    _Progress(err, clock, task)(created)
    return _wait_and_download(args, task, client, task_id, out, err, clock)


def _one_line(text: str, secrets: Sequence[str | None]) -> str:
    return redact(" ".join(str(text).split()), secrets)


def _flag_message(exc: RequestValidationError, task: TaskCli | None) -> str:
    """The validation error with the CLI flag in place of the model attribute."""
    text = str(exc)
    if task is None:
        return text
    flag = next((o.flag for o in task.options if o.wire == exc.field), None)
    if flag is None:
        return text
    head, sep, rest = text.partition(": ")
    return f"{flag}: {rest}" if sep and head.endswith("." + exc.field) else f"{flag}: {text}"


def _resume_command(prog: str, task: TaskCli, task_id: str, out_dir: str) -> str:
    words = " ".join(shlex.quote(w) for w in task.words)
    parts = [prog, words, "wait", shlex.quote(task_id), "--out", shlex.quote(out_dir)]
    return " ".join(p for p in parts if p)


def main(
    argv: Sequence[str] | None = None,
    *,
    tasks: Sequence[TaskCli],
    make_client: Callable[..., Any],
    prog: str = "kling",
    description: str = "",
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    api_key_env: str = "CHAINHUB_API_KEY",
    base_url_env: str = "",
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Run the CLI and return the exit code (see module docstring); never raises for user errors."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    secrets: list[str | None] = [os.environ.get(api_key_env)]
    parser = _build_parser(prog, tasks, out, err, _epilog(api_key_env, base_url_env), description)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except _UsageError as exc:
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}\n")
        return EXIT_USAGE
    except SystemExit as exc:  # --help exits through argparse
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    secrets.append(args.api_key)
    task: TaskCli | None = getattr(args, "_task", None)
    client: Any = None
    try:
        options = {k: v for k, v in (("api_key", args.api_key), ("base_url", args.base_url)) if v is not None}
        client = make_client(**options)
        return _run(args, client, out, err, clock)
    except RequestValidationError as exc:
        err.write(f"{prog}: error: {_one_line(_flag_message(exc, task), secrets)}\n")
        return EXIT_USAGE
    except TaskFailedError as exc:
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}\n")
        return EXIT_TASK_FAILED
    except WaitTimeoutError as exc:
        hint = ""
        if exc.task_id and task is not None:
            hint = f"; it may still finish: {_resume_command(prog, task, exc.task_id, args.out)}"
        err.write(f"{prog}: error: {_one_line(str(exc), secrets)}{hint}\n")
        return EXIT_WAIT_TIMEOUT
    except _Interrupted as exc:
        assert task is not None
        err.write(
            f"{prog}: interrupted; task {exc.task_id} was created and may still finish. "
            f"Resume with: {_resume_command(prog, task, exc.task_id, args.out)}\n"
        )
        return EXIT_INTERRUPTED
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
