#!/usr/bin/env python3
"""Generate a deterministic synthetic Python monorepo for benchmarking ssot-migrate.

    python3 Benchmarks/generate_monorepo.py --out Benchmarks/out/monorepo --files 8000 --seed 1 --check

The tree looks like the real backend: packages under ``netra_backend/app/...``, tests under
``tests/...`` and ``netra_backend/tests/...``. The canonical WebSocket modules are copied from
``golden-files/sample-repo`` (``websocket_core/`` and ``core/interfaces_websocket.py``); then
``--files`` modules are generated (package ``__init__.py`` files and ``tests/conftest.py`` come
on top). Most modules never mention a WebSocket name; about 15% import from ``websocket_core``,
and a few percent use the deprecated forms that the ``websocket-ssot`` codemod migrates
(awaited factory calls, aliases, module aliases, multi-line calls, function-local imports,
``mock.patch`` strings, split import lists, ``TYPE_CHECKING`` imports, string annotations...).

The output depends only on ``--files``, ``--seed`` and the sample repo. ``MANIFEST.json`` in the
output directory lists how many files hold each WebSocket form. ``--check [N]`` parses N
generated files (all with ``--check 0``) with ``ast.parse``.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import random
import shutil
import sys
import time
from collections import Counter, OrderedDict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_REPO = REPO_ROOT / "golden-files" / "sample-repo"

WSC = "netra_backend.app.websocket_core"
FACTORY = f"{WSC}.websocket_manager_factory"
CANONICAL = f"{WSC}.websocket_manager"
UNIFIED = f"{WSC}.unified_manager"
PROTOCOLS = f"{WSC}.protocols"
INTERFACES = "netra_backend.app.core.interfaces_websocket"

# --------------------------------------------------------------------------------------------
# Vocabulary

NOUNS = [
    "user", "thread", "message", "agent", "run", "tool", "invoice", "account", "session", "token",
    "workspace", "project", "report", "metric", "event", "job", "task", "queue", "cache", "policy",
    "quota", "plan", "subscription", "audit", "tenant", "document", "chunk", "embedding", "prompt",
    "completion", "model", "provider", "credential", "webhook", "notification", "schedule",
    "pipeline", "dataset", "artifact", "trace", "span", "budget", "usage", "corpus", "feedback",
]
VERBS = [
    "get", "create", "update", "delete", "load", "save", "sync", "validate", "parse", "render",
    "compute", "resolve", "fetch", "build", "merge", "normalize", "dispatch", "refresh", "archive",
    "export", "ingest", "score", "rank", "filter", "collect", "apply", "check", "format",
]
ADJECTIVES = [
    "active", "pending", "cached", "remote", "local", "primary", "default", "legacy", "batch",
    "raw", "clean", "stale", "shared", "scoped", "hourly", "daily",
]
SUFFIXES = [
    "service", "manager", "handler", "repository", "client", "utils", "models", "schemas",
    "router", "tasks", "validators", "adapter", "helpers", "builder", "registry", "store",
    "serializers", "policies", "workflow", "events",
]
AREAS = [
    "agents", "services", "routes", "models", "schemas", "db", "clients", "tools", "workers",
    "middleware", "auth", "billing", "analytics", "llm", "monitoring", "utils", "config",
    "integrations", "pipelines", "storage", "tasks", "admin", "api", "handlers", "core",
]
SUBPACKAGES = [
    "base", "v1", "v2", "internal", "providers", "adapters", "repositories", "handlers", "helpers",
    "validators", "serializers", "jobs", "metrics", "cache", "client", "domain", "supervisor",
    "execution", "streaming", "state",
]
FIELD_TYPES = [
    ("str", '""'), ("int", "0"), ("float", "0.0"), ("bool", "False"), ("Optional[str]", "None"),
    ("list[str]", "field(default_factory=list)"), ("dict[str, Any]", "field(default_factory=dict)"),
    ("Optional[int]", "None"), ("datetime", "field(default_factory=_utcnow)"),
]
STATUS = ["pending", "running", "succeeded", "failed", "cancelled", "retrying", "skipped", "queued"]
STDLIB_HEADER_ORDER = [
    "__future__", "asyncio", "dataclasses", "datetime", "enum", "functools", "hashlib", "itertools",
    "json", "logging", "os", "re", "time", "typing", "uuid", "contextlib", "collections", "importlib",
    "unittest", "pytest",
]


def camel(*parts: str) -> str:
    return "".join(p[:1].upper() + p[1:] for part in parts for p in part.split("_") if p)


# --------------------------------------------------------------------------------------------
# Per-file context


class FileCtx:
    def __init__(self, rng: random.Random, module: str, is_test: bool):
        self.rng = rng
        self.module = module
        self.is_test = is_test
        self.modules: OrderedDict[str, str | None] = OrderedDict()  # import X [as Y]
        self.froms: OrderedDict[str, OrderedDict[str, str | None]] = OrderedDict()
        self.type_checking: OrderedDict[str, list[str]] = OrderedDict()
        self.bindings: dict[str, tuple] = {}
        self.names: set[str] = set()
        self.public: list[str] = []
        self.forms: set[str] = set()
        self.need_utcnow = False
        self.need_logger = False

    # names ------------------------------------------------------------------------------
    def unique(self, name: str) -> str:
        base, n = name, 2
        while name in self.names:
            name = f"{base}_{n}"
            n += 1
        self.names.add(name)
        return name

    def noun(self) -> str:
        return self.rng.choice(NOUNS)

    def func_name(self, prefix: str = "") -> str:
        r = self.rng
        name = f"{prefix}{r.choice(VERBS)}_{r.choice(NOUNS)}"
        if r.random() < 0.3:
            name = f"{prefix}{r.choice(VERBS)}_{r.choice(ADJECTIVES)}_{r.choice(NOUNS)}"
        return self.unique(name)

    def class_name(self, suffix: str) -> str:
        r = self.rng
        parts = [r.choice(NOUNS), suffix]
        if r.random() < 0.35:
            parts.insert(0, r.choice(ADJECTIVES))
        return self.unique(camel(*parts))

    # imports ----------------------------------------------------------------------------
    def can_bind(self, name: str, source: tuple) -> bool:
        return self.bindings.get(name, source) == source

    def frm_all(self, *imports: tuple[str, str]) -> bool:
        """Imports all (module, name) pairs, or none of them if one would clash."""
        if not all(self.can_bind(name, ("from", module, name)) for module, name in imports):
            return False
        for module, name in imports:
            self.frm(module, name)
        return True

    def imp(self, module: str, alias: str | None = None) -> bool:
        bound = alias or module.split(".")[0]
        if not self.can_bind(bound, ("module", module, alias)):
            return False
        self.bindings[bound] = ("module", module, alias)
        self.modules[module] = alias
        return True

    def frm(self, module: str, name: str, alias: str | None = None) -> bool:
        bound = alias or name
        if not self.can_bind(bound, ("from", module, name)):
            return False
        self.bindings[bound] = ("from", module, name)
        self.froms.setdefault(module, OrderedDict())[name] = alias
        return True

    def tc(self, module: str, name: str) -> bool:
        if not self.can_bind(name, ("tc", module, name)):
            return False
        self.bindings[name] = ("tc", module, name)
        self.frm("typing", "TYPE_CHECKING")
        self.type_checking.setdefault(module, [])
        if name not in self.type_checking[module]:
            self.type_checking[module].append(name)
        return True

    def typing(self, *names: str) -> None:
        for name in names:
            self.frm("typing", name)

    def header_imports(self) -> list[str]:
        rng = self.rng

        def rank(module: str) -> tuple:
            top = module.split(".")[0]
            if top in STDLIB_HEADER_ORDER:
                return (0 if top == "__future__" else 2 if top == "pytest" else 1, module)
            return (3, module)

        entries = []
        for module, alias in self.modules.items():
            entries.append((rank(module), f"import {module}" + (f" as {alias}" if alias else "")))
        for module, names in self.froms.items():
            parts = [n + (f" as {a}" if a else "") for n, a in names.items()]
            if len(parts) > 3 or (len(parts) > 1 and rng.random() < 0.25):
                text = f"from {module} import (\n" + "".join(f"    {p},\n" for p in parts) + ")"
            else:
                text = f"from {module} import {', '.join(parts)}"
            entries.append((rank(module), text))
        entries.sort(key=lambda e: e[0])
        lines: list[str] = []
        group = None
        for (g, _), text in entries:
            if group is not None and g != group:
                lines.append("")
            group = g
            lines.extend(text.split("\n"))
        if self.type_checking:
            lines += ["", "if TYPE_CHECKING:"]
            for module, names in self.type_checking.items():
                lines.append(f"    from {module} import {', '.join(names)}")
        return lines


# --------------------------------------------------------------------------------------------
# Ordinary code blocks (no WebSocket names)


def docstring(ctx: FileCtx, indent: str, subject: str) -> list[str]:
    r = ctx.rng
    first = r.choice([
        f"{r.choice(VERBS).capitalize()} the {subject} for the current tenant.",
        f"Return the {r.choice(ADJECTIVES)} {subject} records.",
        f"Helper around {subject} handling; keeps callers free of retries.",
        f"{subject.capitalize()} logic shared by the API and the workers.",
    ])
    if r.random() < 0.55:
        return [f'{indent}"""{first}"""']
    body = [f'{indent}"""{first}', ""]
    body.append(f"{indent}Args:")
    for _ in range(r.randint(1, 3)):
        body.append(f"{indent}    {r.choice(NOUNS)}_id: identifier of the {r.choice(NOUNS)}.")
    body += ["", f"{indent}Returns:", f"{indent}    The {r.choice(ADJECTIVES)} {subject}.", f'{indent}"""']
    return body


def block_dataclass(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.frm("dataclasses", "dataclass")
    ctx.frm("dataclasses", "field")
    ctx.typing("Any", "Optional")
    name = ctx.class_name(r.choice(["Record", "Snapshot", "Config", "Payload", "Entry", "State"]))
    frozen = r.random() < 0.3
    lines = ["@dataclass(frozen=True)" if frozen else "@dataclass", f"class {name}:"]
    lines += docstring(ctx, "    ", name.lower())
    lines.append("")
    nfields = r.randint(2, 9)
    fields = []
    required = r.randint(1, min(3, nfields))
    for i in range(nfields):
        fname = f"{r.choice(NOUNS)}_{r.choice(['id', 'name', 'count', 'ratio', 'tags', 'meta', 'at', 'enabled', 'limit'])}"
        if fname in fields:
            continue
        fields.append(fname)
        ftype, default = r.choice(FIELD_TYPES)
        if "datetime" in ftype:
            ctx.frm("datetime", "datetime")
            ctx.frm("datetime", "timezone")
            ctx.need_utcnow = True
        lines.append(f"    {fname}: {ftype}" + ("" if i < required else f" = {default}"))
    if r.random() < 0.7:
        lines += ["", "    def to_dict(self) -> dict[str, Any]:"]
        lines.append("        return {" + ", ".join(f'"{f}": self.{f}' for f in fields[:5]) + "}")
    if r.random() < 0.5:
        f0 = fields[0]
        lines += ["", "    def __str__(self) -> str:", f'        return f"{name}({f0}={{self.{f0}!r}})"']
    if r.random() < 0.3 and not frozen:
        lines += ["", "    def __post_init__(self) -> None:", f"        if self.{fields[0]} is None:",
                  f'            raise ValueError("{fields[0]} is required")']
    ctx.public.append(name)
    return lines


def block_enum(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.frm("enum", "Enum")
    name = ctx.class_name(r.choice(["Status", "Kind", "Level", "Phase", "Tier"]))
    base = "str, Enum" if r.random() < 0.6 else "Enum"
    lines = [f"class {name}({base}):"]
    if r.random() < 0.4:
        lines.append(f'    """Allowed {name.lower()} values."""')
        lines.append("")
    for value in r.sample(STATUS, r.randint(3, 7)):
        lines.append(f'    {value.upper()} = "{value}"')
    if r.random() < 0.5:
        lines += ["", "    @property", "    def is_terminal(self) -> bool:",
                  '        return self.value in {"succeeded", "failed", "cancelled"}']
    ctx.public.append(name)
    return lines


def method_lines(ctx: FileCtx, cls: str, is_async: bool) -> list[str]:
    r = ctx.rng
    name = ctx.func_name()
    noun = r.choice(NOUNS)
    ctx.typing("Any", "Optional")
    returns = r.choice(["dict[str, Any]", "list[dict[str, Any]]", "Optional[str]", "int", "bool"])
    head = f"    {'async ' if is_async else ''}def {name}(self, {noun}_id: str, *, limit: int = {r.choice([10, 50, 100, 500])}, **options: Any) -> {returns}:"
    lines = [head]
    if r.random() < 0.5:
        lines += docstring(ctx, "        ", noun)
    style = r.randrange(6)
    if style == 0:
        lines += [
            f"        items = [item for item in self._items.values() if item.get(\"{noun}_id\") == {noun}_id]",
            "        if not items:",
            f"            self._log.debug(\"no {noun} for %s\", {noun}_id)",
            "            return " + {"dict[str, Any]": "{}", "list[dict[str, Any]]": "[]", "Optional[str]": "None",
                                 "int": "0", "bool": "False"}[returns],
            "        return " + {"dict[str, Any]": "items[0]", "list[dict[str, Any]]": "items[:limit]",
                                 "Optional[str]": f"str(items[0].get(\"{noun}_id\"))", "int": "len(items)",
                                 "bool": "bool(items)"}[returns],
        ]
    elif style == 1:
        lines += [
            "        try:",
            f"            value = self._items[{noun}_id]",
            "        except KeyError:",
            f"            raise LookupError(f\"unknown {noun}: {{{noun}_id}}\") from None",
            "        else:",
            "            self._hits += 1",
            "        finally:",
            "            self._calls += 1",
            "        return value  # type: ignore[return-value]",
        ]
    elif style == 2:
        lines += [
            f"        key = f\"{cls.lower()}:{{{noun}_id}}:{{limit}}\"",
            "        if (cached := self._cache.get(key)) is not None:",
            "            return cached",
            "        result = {",
            f"            \"{noun}_id\": {noun}_id,",
            "            \"limit\": limit,",
            "            \"options\": dict(sorted(options.items())),",
            "        }",
            "        self._cache[key] = result",
            "        return result  # type: ignore[return-value]",
        ]
    elif style == 3:
        if is_async:
            ctx.imp("asyncio")
            lines += ["        await asyncio.sleep(0)"]
        lines += [
            f"        batch = self._batch({noun}_id, limit)",
            "        total = 0",
            "        for index, entry in enumerate(batch):",
            "            if index >= limit:",
            "                break",
            "            total += entry.get(\"weight\", 1) * (index + 1)",
            "        return total  # type: ignore[return-value]",
        ]
    elif style == 4:
        lines += [
            f"        match options.get(\"mode\", \"{r.choice(ADJECTIVES)}\"):",
            "            case \"strict\":",
            f"                return self._strict({noun}_id)  # type: ignore[return-value]",
            "            case \"fast\" | \"cached\":",
            f"                return self._cache.get({noun}_id)  # type: ignore[return-value]",
            "            case {\"nested\": inner}:",
            "                return inner  # type: ignore[return-value]",
            "            case _:",
            "                return None  # type: ignore[return-value]",
        ]
    else:
        lines += [
            "        pairs = sorted(",
            "            ((k, v) for k, v in self._items.items() if k.startswith(" + f"{noun}_id" + ")),",
            "            key=lambda kv: (kv[1].get(\"rank\", 0), kv[0]),",
            "            reverse=True,",
            "        )",
            "        return {k: v for k, v in pairs[:limit]}  # type: ignore[return-value]",
        ]
    return lines


def block_service_class(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.typing("Any", "Optional")
    name = ctx.class_name(r.choice(["Service", "Manager", "Repository", "Client", "Handler", "Registry"]))
    bases = r.choice(["", "", "", "(Generic[T])", "(BaseService)"])
    lines: list[str] = []
    if bases == "(Generic[T])":
        ctx.typing("Generic", "TypeVar")
        if "T" not in ctx.names:
            ctx.names.add("T")
            lines += ['T = TypeVar("T")', "", ""]
    if bases == "(BaseService)":
        if "BaseService" not in ctx.names:
            ctx.names.add("BaseService")
            lines += ["class BaseService:", "    name: str = \"base\"", "", "    def close(self) -> None:",
                      "        pass", "", ""]
    lines.append(f"class {name}{bases}:")
    lines += docstring(ctx, "    ", name.lower())
    if r.random() < 0.4:
        lines += ["", f"    default_limit: int = {r.choice([25, 100, 1_000, 10_000])}",
                  f"    timeout_seconds: float = {r.choice(['0.5', '2.0', '30.0', '1e-3'])}"]
    ctx.need_logger = True
    store = f"{r.choice(NOUNS)}_store"
    lines += [
        "",
        f"    def __init__(self, {store}: Optional[dict[str, Any]] = None, *, debug: bool = False) -> None:",
        f"        self._items: dict[str, Any] = dict({store} or {{}})",
        "        self._cache: dict[str, Any] = {}",
        "        self._hits = 0",
        "        self._calls = 0",
        "        self._debug = debug",
        "        self._log = logger.getChild(type(self).__name__)",
    ]
    for _ in range(r.randint(1, 6)):
        lines.append("")
        kind = r.random()
        if kind < 0.12:
            lines += ["    @property", f"    def {ctx.unique(r.choice(NOUNS) + '_count')}(self) -> int:",
                      "        return len(self._items)"]
        elif kind < 0.2:
            lines += ["    @classmethod", f"    def from_{ctx.unique(r.choice(NOUNS))}(cls, data: dict[str, Any]) -> \"{name}\":",
                      "        instance = cls()", "        instance._items.update(data)", "        return instance"]
        elif kind < 0.27:
            lines += ["    @staticmethod", f"    def {ctx.func_name('_')}(value: str) -> str:",
                      "        return value.strip().lower().replace(\" \", \"_\")"]
        else:
            lines += method_lines(ctx, name, is_async=r.random() < 0.4)
    if r.random() < 0.3:
        lines += ["", "    def __repr__(self) -> str:",
                  f"        return f\"<{name} items={{len(self._items)}} hits={{self._hits}}>\""]
    ctx.public.append(name)
    return lines


def block_function(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.typing("Any", "Iterable")
    name = ctx.func_name()
    noun = r.choice(NOUNS)
    is_async = r.random() < 0.3
    lines = [f"{'async ' if is_async else ''}def {name}({noun}s: Iterable[dict[str, Any]], threshold: float = {r.choice(['0.5', '0.75', '1.0', '.25'])}) -> dict[str, list[str]]:"]
    if r.random() < 0.6:
        lines += docstring(ctx, "    ", noun)
    lines += [
        f"    grouped: dict[str, list[str]] = {{}}",
        f"    for {noun} in {noun}s:",
        f"        score = float({noun}.get(\"score\", 0)) * {r.choice(['1.0', '0.9', '100', '2 ** -1'])}",
        f"        if score < threshold:",
        f"            continue",
        f"        bucket = {noun}.get(\"{r.choice(['kind', 'status', 'owner', 'region'])}\") or \"other\"",
        f"        grouped.setdefault(bucket, []).append(str({noun}[\"id\"]))",
    ]
    if r.random() < 0.5:
        lines += [f"    return {{key: sorted(set(values)) for key, values in grouped.items() if values}}"]
    else:
        lines += [
            "    ordered = {",
            "        key: values",
            "        for key, values in sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))",
            "    }",
            "    return ordered",
        ]
    ctx.public.append(name)
    return lines


def block_constants(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    name = ctx.unique(f"{r.choice(ADJECTIVES).upper()}_{r.choice(NOUNS).upper()}_{r.choice(['LIMITS', 'DEFAULTS', 'MAP', 'SETTINGS'])}")
    lines = [f"{name} = {{"]
    for _ in range(r.randint(3, 12)):
        key = f"{r.choice(NOUNS)}_{r.choice(['timeout', 'retries', 'ttl', 'size', 'mask', 'ratio', 'label', 'pattern'])}"
        value = r.choice([
            str(r.randint(1, 10_000)), f"{r.randint(1, 999)}_000", hex(r.randint(0, 0xFFFF)), f"0b{r.randint(0, 255):b}",
            f"{r.random():.3f}", f"{r.randint(1, 9)}e-{r.randint(1, 6)}", f"{r.randint(1, 5)}j",
            f'"{r.choice(ADJECTIVES)}-{r.choice(NOUNS)}"', f"r\"^{r.choice(NOUNS)}-\\d+$\"", f"b\"{r.choice(NOUNS)}\"",
            "None", "True", f"({r.randint(1, 9)}, {r.randint(10, 99)})", f"[\"{r.choice(NOUNS)}\", \"{r.choice(NOUNS)}\"]",
            f"'{r.choice(NOUNS)}' '{r.choice(NOUNS)}'",
        ])
        lines.append(f"    \"{key}\": {value},")
    lines.append("}")
    if r.random() < 0.4:
        tname = ctx.unique(f"{r.choice(NOUNS).upper()}_{r.choice(['KINDS', 'STATES', 'FIELDS'])}")
        words = ", ".join(f'"{w}"' for w in r.sample(STATUS, r.randint(2, 6)))
        lines += [f"{tname}: tuple[str, ...] = ({words},)"]
    if r.random() < 0.3:
        lines += [f"{ctx.unique('MAX_' + r.choice(NOUNS).upper() + 'S')} = {r.choice(['1 << 10', '2**16', '60 * 60 * 24', '1_000_000'])}"]
    return lines


def block_decorator(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.imp("functools")
    ctx.imp("time")
    ctx.typing("Any", "Callable", "TypeVar")
    if "F" not in ctx.names:
        ctx.names.add("F")
        pre = ['F = TypeVar("F", bound=Callable[..., Any])', "", ""]
    else:
        pre = []
    deco = ctx.unique(r.choice(["timed", "retry", "traced", "audited", "memoize"]))
    ctx.need_logger = True
    lines = pre + [
        f"def {deco}(attempts: int = {r.randint(1, 5)}, *, label: str | None = None) -> Callable[[F], F]:",
        f'    """Decorator: {deco} the wrapped call."""',
        "",
        "    def decorate(func: F) -> F:",
        "        @functools.wraps(func)",
        "        def wrapper(*args: Any, **kwargs: Any) -> Any:",
        "            started = time.perf_counter()",
        "            for attempt in range(1, attempts + 1):",
        "                try:",
        "                    return func(*args, **kwargs)",
        "                except (ConnectionError, TimeoutError) as exc:  # pragma: no cover - network",
        "                    if attempt == attempts:",
        "                        raise",
        "                    logger.warning(\"retrying %s after %r\", label or func.__name__, exc)",
        "                finally:",
        "                    elapsed = time.perf_counter() - started",
        "                    logger.debug(f\"{label or func.__name__} took {elapsed * 1000:.1f}ms\")",
        "            return None",
        "",
        "        return wrapper  # type: ignore[return-value]",
        "",
        "    return decorate",
        "",
        "",
        f"@{deco}(attempts={r.randint(2, 4)}, label=\"{r.choice(NOUNS)}\")",
    ]
    fname = ctx.func_name()
    lines += [f"def {fname}(payload: dict[str, Any]) -> int:",
              f"    return sum(len(str(v)) for v in payload.values()) + {r.randint(0, 9)}"]
    ctx.public.append(fname)
    return lines


def block_async(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.imp("asyncio")
    ctx.typing("Any", "AsyncIterator")
    noun = r.choice(NOUNS)
    gen = ctx.unique(f"iter_{noun}s")
    fn = ctx.func_name()
    ctx.public.append(fn)
    return [
        f"async def {gen}(source: Any, page_size: int = {r.choice([50, 100, 200])}) -> AsyncIterator[dict[str, Any]]:",
        "    offset = 0",
        "    while True:",
        "        page = await source.fetch(offset=offset, limit=page_size)",
        "        if not page:",
        "            return",
        "        for row in page:",
        "            yield row",
        "        offset += len(page)",
        "",
        "",
        f"async def {fn}(source: Any, *, concurrency: int = {r.randint(2, 16)}) -> list[Any]:",
        "    semaphore = asyncio.Semaphore(concurrency)",
        "    results: list[Any] = []",
        "",
        "    async def worker(row: dict[str, Any]) -> Any:",
        "        async with semaphore:",
        f"            return await source.process(row, timeout={r.choice(['5', '10.0', '0.25'])})",
        "",
        f"    rows = [row async for row in {gen}(source)]",
        "    for chunk_start in range(0, len(rows), concurrency):",
        "        chunk = rows[chunk_start : chunk_start + concurrency]",
        "        results.extend(await asyncio.gather(*(worker(row) for row in chunk), return_exceptions=True))",
        "    return [r for r in results if not isinstance(r, BaseException)]",
    ]


def block_sql(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    noun = r.choice(NOUNS)
    const = ctx.unique(f"{noun.upper()}_QUERY")
    fn = ctx.func_name()
    ctx.typing("Any")
    ctx.public.append(fn)
    return [
        f'{const} = """',
        f"    SELECT {noun}.id, {noun}.created_at, {noun}.status",
        f"    FROM {noun}s AS {noun}",
        f"    WHERE {noun}.tenant_id = %(tenant_id)s",
        f"      AND {noun}.status IN ('{r.choice(STATUS)}', '{r.choice(STATUS)}')",
        f"    ORDER BY {noun}.created_at DESC",
        "    LIMIT %(limit)s",
        '"""',
        "",
        "",
        f"def {fn}(cursor: Any, tenant_id: str, limit: int = 100) -> list[tuple[Any, ...]]:",
        f"    cursor.execute({const}, {{\"tenant_id\": tenant_id, \"limit\": limit}})",
        "    return list(cursor.fetchall())",
    ]


def block_exceptions(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    base = ctx.class_name("Error")
    lines = [f"class {base}(Exception):", f'    """Base error for {base[:-5].lower()} failures."""', "",
             "    def __init__(self, message: str, *, code: int = 500) -> None:",
             "        super().__init__(message)", "        self.code = code"]
    for _ in range(r.randint(1, 3)):
        sub = ctx.class_name(r.choice(["NotFound", "Conflict", "Timeout", "Invalid"]) + "Error")
        lines += ["", "", f"class {sub}({base}):", "    pass" if r.random() < 0.5 else f'    """{sub} raised by the {r.choice(NOUNS)} layer."""']
    ctx.public.append(base)
    return lines


def block_context_manager(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.imp("contextlib")
    ctx.imp("time")
    ctx.typing("Any", "Iterator")
    name = ctx.unique(f"{r.choice(NOUNS)}_scope")
    cls = ctx.class_name("Timer")
    return [
        "@contextlib.contextmanager",
        f"def {name}(label: str) -> Iterator[dict[str, Any]]:",
        "    state: dict[str, Any] = {\"label\": label, \"started\": time.monotonic()}",
        "    try:",
        "        yield state",
        "    finally:",
        "        state[\"elapsed\"] = time.monotonic() - state[\"started\"]",
        "",
        "",
        f"class {cls}:",
        "    def __enter__(self):",
        "        self.started = time.perf_counter()",
        "        return self",
        "",
        "    def __exit__(self, exc_type, exc, tb) -> bool:",
        "        self.elapsed = time.perf_counter() - self.started",
        "        return False",
    ]


def block_long_conditions(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    fn = ctx.func_name("is_")
    noun = r.choice(NOUNS)
    ctx.typing("Any")
    return [
        f"def {fn}({noun}: dict[str, Any], now: float) -> bool:",
        f"    expired = {noun}.get(\"expires_at\", 0) < now and \\",
        f"        not {noun}.get(\"pinned\", False)",
        "    return (",
        f"        {noun}.get(\"status\") in {{\"{r.choice(STATUS)}\", \"{r.choice(STATUS)}\"}}",
        f"        and not expired",
        f"        and ({noun}.get(\"owner\") or \"\").startswith((\"svc-\", \"usr-\"))",
        f"        or {noun}.get(\"force\", False)",
        "    )",
    ]


def block_typed(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.typing("NamedTuple", "TypedDict", "Literal")
    nt = ctx.class_name("Key")
    td = ctx.class_name("Dict")
    alias = ctx.unique(camel(r.choice(NOUNS), "mode"))
    return [
        f"{alias} = Literal[\"{r.choice(STATUS)}\", \"{r.choice(STATUS)}\"]",
        "",
        "",
        f"class {nt}(NamedTuple):",
        "    tenant: str",
        f"    {r.choice(NOUNS)}_id: int",
        "    region: str = \"us-east-1\"",
        "",
        "",
        f"class {td}(TypedDict, total=False):",
        "    id: str",
        f"    mode: {alias}",
        f"    {r.choice(NOUNS)}s: list[str]",
    ]


def block_comment(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    return [
        "# " + "-" * r.randint(40, 90),
        f"# {r.choice(VERBS).capitalize()} {r.choice(ADJECTIVES)} {r.choice(NOUNS)}s",
        "# TODO(" + r.choice(["alice", "bob", "chen", "dmitri", "eve"]) + f"): drop once the {r.choice(NOUNS)} migration lands.",
        "# " + "-" * r.randint(40, 90),
    ]


PLAIN_BLOCKS = [
    (block_service_class, 22), (block_function, 16), (block_dataclass, 12), (block_constants, 7),
    (block_enum, 5), (block_decorator, 4), (block_async, 6), (block_sql, 4), (block_exceptions, 4),
    (block_context_manager, 3), (block_long_conditions, 5), (block_typed, 4), (block_comment, 4),
]


def test_block(ctx: FileCtx, registry: list[tuple[str, list[str]]]) -> list[str]:
    r = ctx.rng
    ctx.imp("pytest")
    noun = r.choice(NOUNS)
    lines: list[str] = []
    kind = r.random()
    if kind < 0.3:
        name = ctx.unique(f"test_{r.choice(VERBS)}_{noun}")
        values = ", ".join(f"({r.randint(0, 99)}, {r.randint(0, 99)})" for _ in range(r.randint(2, 5)))
        lines += [f"@pytest.mark.parametrize((\"given\", \"expected\"), [{values}])",
                  f"def {name}(given: int, expected: int) -> None:",
                  "    assert isinstance(given + expected, int)"]
    elif kind < 0.55 and registry:
        module, names = registry[r.randrange(len(registry))]
        target = r.choice(names)
        ctx.frm("unittest", "mock")
        name = ctx.unique(f"test_{target.lower()}_is_patched")
        lines += [f"@mock.patch(\"{module}.{target}\")",
                  f"def {name}(patched: mock.MagicMock) -> None:",
                  "    patched.return_value = 1",
                  "    assert patched() == 1"]
    elif kind < 0.75:
        cls = ctx.class_name("Tests")
        lines += [f"class Test{cls}:", "    @pytest.fixture", "    def payload(self) -> dict:",
                  f"        return {{\"id\": \"{noun}-1\", \"score\": {r.random():.2f}}}", ""]
        for _ in range(r.randint(1, 4)):
            lines += [f"    def {ctx.unique('test_' + r.choice(VERBS) + '_' + noun)}(self, payload: dict) -> None:",
                      "        assert payload[\"id\"].endswith(\"-1\")",
                      f"        assert 0 <= payload[\"score\"] <= 1, f\"bad score {{payload['score']}}\"", ""]
        lines.pop()
    else:
        name = ctx.unique(f"test_{noun}_{r.choice(['roundtrip', 'defaults', 'errors'])}")
        lines += [f"def {name}(tmp_path) -> None:",
                  f"    path = tmp_path / \"{noun}.json\"",
                  "    path.write_text(\"{}\")",
                  "    with pytest.raises(KeyError):",
                  "        {}[path.name]"]
    return lines


# --------------------------------------------------------------------------------------------
# WebSocket forms


def ws_wrap(ctx: FileCtx, form: str, body: list[str], *, params: str = "user_context") -> list[str]:
    """Wraps statements (indented 4 in an async function) as a service function or a test."""
    r = ctx.rng
    ctx.typing("Any")
    noun = r.choice(NOUNS)
    if ctx.is_test:
        ctx.imp("asyncio")
        name = ctx.unique(f"test_{form}_{noun}")
        inner = ["    async def scenario():"] + ["    " + line if line else "" for line in body]
        if params == "user_context":
            inner.append("        return manager")
            return [f"def {name}(user_context) -> None:"] + inner + ["", "    manager = asyncio.run(scenario())",
                                                                       "    assert manager is not None"]
        inner.append("        return managers")
        return [f"def {name}(user_context) -> None:", "    other_context = user_context"] + inner + [
            "", "    managers = asyncio.run(scenario())", "    assert len(managers) == 2"]
    name = ctx.func_name(r.choice(["", "open_", "stream_", "notify_"]))
    event = f"{noun}_{r.choice(['updated', 'created', 'progress', 'done'])}"
    sig = "user_context: Any, payload: dict[str, Any]" if params == "user_context" else "user_context: Any, other_context: Any"
    lines = [f"async def {name}({sig}) -> Any:"]
    if r.random() < 0.4:
        lines.append(f'    """Push {noun} events to the user that owns the request."""')
    lines += body
    if params == "user_context" and "manager = " in "\n".join(body):
        lines += [f"    await manager.send_to_user(user_context.user_id, {{\"type\": \"{event}\", **payload}})",
                  "    return manager"]
    elif params == "user_context":
        lines.append("    return None")
    else:
        lines.append("    return managers")
    ctx.public.append(name)
    return lines


def ws_deprecated_form(ctx: FileCtx, form: str) -> list[str] | None:
    """One deprecated factory use. Returns None when the file's bindings make it impossible."""
    r = ctx.rng
    if form == "await_positional":
        if not ctx.frm(FACTORY, "create_websocket_manager"):
            return None
        return ws_wrap(ctx, form, ["    manager = await create_websocket_manager(user_context)"])
    if form == "await_keyword":
        if not ctx.frm(FACTORY, "create_websocket_manager"):
            return None
        return ws_wrap(ctx, form, ["    manager = await create_websocket_manager(user_context=user_context)"])
    if form == "sync_call":
        source = FACTORY if r.random() < 0.6 else WSC
        if not ctx.frm(source, "create_websocket_manager_sync"):
            return None
        return ws_wrap(ctx, form, ["    manager = create_websocket_manager_sync(user_context)"])
    if form == "alias":
        alias = r.choice(["make_manager", "build_ws_manager", "_create_manager", "new_manager"])
        if not ctx.frm(FACTORY, "create_websocket_manager", alias):
            return None
        return ws_wrap(ctx, form, [f"    manager = await {alias}(user_context)"])
    if form == "module_alias":
        alias = r.choice(["factory", "ws_factory", "manager_factory"])
        if not ctx.imp(FACTORY, alias):
            return None
        arg = "user_context" if r.random() < 0.5 else "user_context=user_context"
        return ws_wrap(ctx, form, [f"    manager = await {alias}.create_websocket_manager({arg})"])
    if form == "local_import":
        if r.random() < 0.6:
            return ws_wrap(ctx, form, [f"    from {FACTORY} import create_websocket_manager", "",
                                       "    manager = await create_websocket_manager(user_context)"])
        return ws_wrap(ctx, form, [f"    from {FACTORY} import create_websocket_manager_sync", "",
                                   "    manager = create_websocket_manager_sync(user_context)"])
    if form == "multiline":
        if not ctx.frm(FACTORY, "create_websocket_manager"):
            return None
        arg = r.choice(["user_context=user_context,  # request scoped", "user_context,  # positional, old API"])
        return ws_wrap(ctx, form, [
            "    manager = await create_websocket_manager(",
            "        # one manager per request; never share it between users",
            f"        {arg}",
            "    )",
        ])
    if form == "paren_await":
        if not ctx.frm(FACTORY, "create_websocket_manager"):
            return None
        return ws_wrap(ctx, form, [
            "    await (await create_websocket_manager(user_context)).send_to_user(",
            f"        user_context.user_id, {{\"type\": \"{r.choice(NOUNS)}_ping\"}}",
            "    )",
            "    manager = None",
        ])
    if form == "factory_classmethod":
        if not ctx.frm(FACTORY, "WebSocketManagerFactory"):
            return None
        method = r.choice(["create", "create_isolated"])
        return ws_wrap(ctx, form, [f"    manager = WebSocketManagerFactory.{method}(user_context)"])
    if form == "factory_instance":
        source = FACTORY if r.random() < 0.7 else WSC
        if not ctx.frm(source, "get_websocket_manager_factory"):
            return None
        return ws_wrap(ctx, form, ["    manager = get_websocket_manager_factory()(user_context)"])
    if form == "submodule_attr":
        if not ctx.frm(WSC, "websocket_manager_factory"):
            return None
        return ws_wrap(ctx, form, ["    manager = websocket_manager_factory.WebSocketManagerFactory.create(user_context)"])
    if form == "user_id_keyword":
        if not ctx.frm(FACTORY, "create_websocket_manager"):
            return None
        return ws_wrap(ctx, form, ["    manager = await create_websocket_manager(user_id=user_context.user_id)"])
    if form == "gather":
        if not ctx.frm(FACTORY, "create_websocket_manager"):
            return None
        ctx.imp("asyncio")
        return ws_wrap(ctx, form, [
            "    managers = await asyncio.gather(",
            "        create_websocket_manager(user_context),",
            "        create_websocket_manager(other_context),",
            "    )",
        ], params="pair")
    if form == "package_sync":
        if not ctx.frm(WSC, "create_websocket_manager"):
            return None
        return ws_wrap(ctx, form, ["    manager = create_websocket_manager(user_context)  # sync package helper"])
    raise AssertionError(form)


DEPRECATED_FORMS = [
    "await_positional", "await_keyword", "sync_call", "alias", "module_alias", "local_import",
    "multiline", "paren_await", "factory_classmethod", "factory_instance", "submodule_attr",
    "user_id_keyword", "gather", "package_sync",
]


def ws_legacy_form(ctx: FileCtx, form: str) -> list[str] | None:
    r = ctx.rng
    noun = r.choice(NOUNS)
    ctx.typing("Any")
    fn = ctx.func_name(r.choice(["attach_", "bind_", "use_"]))
    if form == "unified_split":
        if not ctx.frm_all((UNIFIED, "UnifiedWebSocketManager"), (UNIFIED, "WebSocketManagerMode")):
            return None
        return [f"def {fn}(manager: UnifiedWebSocketManager) -> bool:",
                "    return manager.mode is WebSocketManagerMode.ISOLATED"]
    if form == "unified":
        if not ctx.frm(UNIFIED, "UnifiedWebSocketManager"):
            return None
        return [f"def {fn}(user_context: Any) -> UnifiedWebSocketManager:",
                "    return UnifiedWebSocketManager(user_context=user_context)"]
    if form in ("manager_shim", "package", "unified_init"):
        module = {"manager_shim": f"{WSC}.manager", "package": WSC, "unified_init": f"{WSC}.unified_init"}[form]
        if not ctx.frm(module, "WebSocketManager"):
            return None
        extra: list[str] = []
        if form == "package" and r.random() < 0.5 and ctx.frm(WSC, "WebSocketConnection"):
            extra = ["", "    def describe(self, connection: WebSocketConnection) -> str:",
                     "        return f\"{connection.user_id}/{connection.connection_id}\""]
        cls = ctx.class_name(r.choice(["Streamer", "Publisher", "Relay"]))
        return [f"class {cls}:",
                "    def __init__(self, manager: WebSocketManager) -> None:",
                "        self.manager = manager",
                "",
                f"    async def publish(self, user_id: str, {noun}: dict[str, Any]) -> int:",
                f"        return await self.manager.send_to_user(user_id, {{\"type\": \"{noun}\", \"data\": {noun}}})"] + extra
    if form == "isolated":
        if not ctx.frm(FACTORY, "IsolatedWebSocketManager"):
            return None
        return [f"def {fn}(manager: Any) -> bool:", "    return isinstance(manager, IsolatedWebSocketManager)"]
    if form == "protocol":
        if not ctx.frm(INTERFACES, "WebSocketManagerProtocol"):
            return None
        if r.random() < 0.5:
            ctx.frm(INTERFACES, "WebSocketEvent")
        return [f"async def {fn}(manager: WebSocketManagerProtocol, user_id: str) -> int:",
                f"    return await manager.send_to_user(user_id, {{\"type\": \"{noun}_sync\"}})"]
    if form == "type_checking":
        if not ctx.tc(UNIFIED, "UnifiedWebSocketManager"):
            return None
        if r.random() < 0.5:
            ctx.tc(INTERFACES, "WebSocketManagerProtocol")
        return [f"def {fn}(manager: \"UnifiedWebSocketManager\") -> str:",
                "    return f\"{type(manager).__name__}:{manager.user_id}\""]
    if form == "canonical_mode":
        if not ctx.frm_all((CANONICAL, "WebSocketManager"), (CANONICAL, "WebSocketManagerMode")):
            return None
        return [f"def {fn}(user_context: Any) -> WebSocketManager:",
                "    manager = WebSocketManager(user_context=user_context)",
                "    manager.mode = WebSocketManagerMode.EMERGENCY",
                "    return manager"]
    if form == "canonical_protocol_reexport":
        if not ctx.frm(CANONICAL, "WebSocketManagerProtocol"):
            return None
        return [f"def {fn}(manager: \"WebSocketManagerProtocol\") -> Any:", "    return manager.user_id"]
    raise AssertionError(form)


LEGACY_FORMS = [
    "unified_split", "unified", "manager_shim", "package", "unified_init", "isolated", "protocol",
    "type_checking", "canonical_mode", "canonical_protocol_reexport",
]


def ws_canonical_block(ctx: FileCtx) -> list[str]:
    r = ctx.rng
    ctx.typing("Any", "Optional")
    ctx.frm(CANONICAL, "WebSocketManager")
    if r.random() < 0.4:
        ctx.frm(PROTOCOLS, "WebSocketManagerProtocol")
        ann = "WebSocketManagerProtocol"
    else:
        ann = "WebSocketManager"
    mode: list[str] = []
    if r.random() < 0.3 and ctx.frm(UNIFIED, "WebSocketManagerMode"):
        mode = ["", "    @property", "    def isolated(self) -> bool:",
                "        return self.manager.mode is WebSocketManagerMode.ISOLATED"]
    cls = ctx.class_name(r.choice(["Notifier", "Broadcaster", "EventSink"]))
    noun = r.choice(NOUNS)
    return [
        f"class {cls}:",
        f'    """Sends {noun} events through the request\'s WebSocket manager."""',
        "",
        "    def __init__(self, user_context: Any, manager: Optional[" + ann + "] = None) -> None:",
        "        self.user_context = user_context",
        "        self.manager = manager or WebSocketManager(user_context=user_context)",
        "",
        f"    async def emit(self, {noun}: dict[str, Any]) -> int:",
        f"        message = {{\"type\": \"{noun}\", \"payload\": {noun}, \"run\": getattr(self.user_context, \"run_id\", None)}}",
        "        return await self.manager.send_to_user(self.user_context.user_id, message)",
    ] + mode


def ws_test_patch_form(ctx: FileCtx, form: str, patchable: list[str]) -> list[str] | None:
    r = ctx.rng
    ctx.frm("unittest", "mock")
    noun = r.choice(NOUNS)
    if form == "patch_decorator":
        if not (ctx.frm(CANONICAL, "WebSocketManager") and ctx.imp("asyncio")):
            return None
        name = ctx.unique(f"test_send_to_user_patched_{noun}")
        return [f"@mock.patch(\"{UNIFIED}.UnifiedWebSocketManager.send_to_user\", new_callable=mock.AsyncMock)",
                f"def {name}(send_to_user, user_context) -> None:",
                "    send_to_user.return_value = 2",
                "    manager = WebSocketManager(user_context=user_context)",
                f"    assert asyncio.run(manager.send_to_user(\"u\", {{\"type\": \"{noun}\"}})) == 2"]
    if form == "patch_context":
        if not patchable:
            return None
        module = r.choice(patchable)
        name = ctx.unique(f"test_{module.rsplit('.', 1)[1]}_factory_patched")
        return [f"def {name}() -> None:",
                "    with mock.patch(",
                f"        \"{module}.create_websocket_manager\",",
                "        new_callable=mock.AsyncMock,",
                "    ) as factory:",
                "        factory.return_value = mock.MagicMock()",
                "        assert factory.return_value is not None"]
    if form == "patch_factory_module":
        name = ctx.unique(f"test_factory_module_patched_{noun}")
        return [f"def {name}() -> None:",
                f"    with mock.patch(\"{FACTORY}.create_websocket_manager\") as factory:",
                "        factory.side_effect = RuntimeError(\"factory is deprecated\")",
                "        assert factory.side_effect is not None"]
    if form == "patch_object":
        if not ctx.frm(UNIFIED, "UnifiedWebSocketManager"):
            return None
        name = ctx.unique(f"test_patch_object_{noun}")
        return [f"def {name}(user_context) -> None:",
                "    with mock.patch.object(UnifiedWebSocketManager, \"close_all\", new_callable=mock.AsyncMock) as close_all:",
                "        manager = UnifiedWebSocketManager(user_context=user_context)",
                "        assert manager.close_all is close_all"]
    if form == "import_module":
        ctx.imp("importlib")
        name = ctx.unique(f"test_legacy_module_{noun}")
        return [f"def {name}() -> None:",
                f"    legacy = importlib.import_module(\"{WSC}.manager\")",
                "    assert legacy.WebSocketManager.__name__ == \"UnifiedWebSocketManager\""]
    raise AssertionError(form)


TEST_PATCH_FORMS = ["patch_decorator", "patch_context", "patch_factory_module", "patch_object", "import_module"]


# --------------------------------------------------------------------------------------------
# Files


def pick_block(rng: random.Random):
    total = sum(w for _, w in PLAIN_BLOCKS)
    x = rng.uniform(0, total)
    for fn, w in PLAIN_BLOCKS:
        x -= w
        if x <= 0:
            return fn
    return PLAIN_BLOCKS[-1][0]


def target_lines(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.04:
        return rng.randint(8, 40)
    if roll < 0.985:
        return int(min(2400, max(30, rng.lognormvariate(math.log(215), 0.78))))
    return rng.randint(2400, 6000)


def generate_file(rng: random.Random, module: str, is_test: bool, category: str,
                  registry: list[tuple[str, list[str]]], patchable: list[str]) -> tuple[str, FileCtx]:
    ctx = FileCtx(rng, module, is_test)
    target = target_lines(rng)
    ws_blocks: list[list[str]] = []
    if category == "deprecated":
        forms = rng.sample(DEPRECATED_FORMS, rng.randint(2, 6))
        for form in forms:
            block = ws_deprecated_form(ctx, form)
            if block:
                ws_blocks.append(block)
                ctx.forms.add(form)
        if rng.random() < 0.5:
            form = rng.choice(LEGACY_FORMS)
            block = ws_legacy_form(ctx, form)
            if block:
                ws_blocks.append(block)
                ctx.forms.add(form)
        if is_test:
            for form in rng.sample(TEST_PATCH_FORMS, rng.randint(1, 3)):
                block = ws_test_patch_form(ctx, form, patchable)
                if block:
                    ws_blocks.append(block)
                    ctx.forms.add(form)
    elif category == "legacy":
        for form in rng.sample(LEGACY_FORMS, rng.randint(1, 3)):
            block = ws_legacy_form(ctx, form)
            if block:
                ws_blocks.append(block)
                ctx.forms.add(form)
    elif category == "canonical":
        ws_blocks.append(ws_canonical_block(ctx))
        ctx.forms.add("canonical")

    blocks: list[list[str]] = []
    count = sum(len(b) + 2 for b in ws_blocks) + 12
    while count < target:
        block = test_block(ctx, registry) if is_test and rng.random() < 0.6 else pick_block(rng)(ctx)
        blocks.append(block)
        count += len(block) + 2
    for block in ws_blocks:
        blocks.insert(rng.randint(0, len(blocks)), block)

    if ctx.need_logger:
        ctx.imp("logging")
    if ctx.need_utcnow:
        ctx.frm("datetime", "datetime")
        ctx.frm("datetime", "timezone")
    if not is_test and rng.random() < 0.5:
        ctx.frm("__future__", "annotations")
    # A few cross-module imports of earlier generated code.
    if registry and rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            other, names = registry[rng.randrange(len(registry))]
            if other != module:
                ctx.frm(other, rng.choice(names))

    out: list[str] = []
    if rng.random() < 0.85:
        words = module.rsplit(".", 1)[-1].replace("_", " ")
        if rng.random() < 0.6:
            out.append(f'"""{words.capitalize()}."""')
        else:
            out += [f'"""{words.capitalize()}.', "", f"Part of the {module.split('.')[2] if module.count('.') > 2 else 'core'} layer. "
                    f"See docs/{module.replace('.', '/')}.md for the design notes.", '"""']
        out.append("")
    out += ctx.header_imports()
    out.append("")
    if ctx.need_logger:
        out += ["logger = logging.getLogger(__name__)", ""]
    if ctx.need_utcnow:
        out += ["", "def _utcnow() -> datetime:", "    return datetime.now(timezone.utc)", ""]
    for block in blocks:
        out += ["", ""] + block
    if ctx.public and not is_test and rng.random() < 0.3:
        out += ["", "", "__all__ = ["] + [f'    "{n}",' for n in sorted(set(ctx.public))] + ["]"]
    if not is_test and rng.random() < 0.03:
        out += ["", "", 'if __name__ == "__main__":', "    print(__all__ if \"__all__\" in globals() else __name__)"]
    while out and out[0] == "":
        out.pop(0)
    text = "\n".join(out) + "\n"
    # collapse runs of 3+ blank lines that block joins can create
    while "\n\n\n\n" in text:
        text = text.replace("\n\n\n\n", "\n\n\n")
    return text, ctx


# --------------------------------------------------------------------------------------------
# Layout


def plan_layout(rng: random.Random, n_files: int) -> list[tuple[str, bool]]:
    """Returns [(relative path, is_test)], app modules first."""
    app_dirs: list[str] = []
    for area in AREAS:
        base = f"netra_backend/app/{area}"
        app_dirs.append(base)
        for sub in rng.sample(SUBPACKAGES, rng.randint(1, 6)):
            app_dirs.append(f"{base}/{sub}")
            if rng.random() < 0.3:
                app_dirs.append(f"{base}/{sub}/{rng.choice(SUBPACKAGES)}")
    test_dirs = ["tests/unit", "tests/integration", "tests/e2e"]
    for area in AREAS:
        test_dirs.append(f"tests/unit/{area}")
        if rng.random() < 0.5:
            test_dirs.append(f"tests/integration/{area}")
        if rng.random() < 0.3:
            test_dirs.append(f"netra_backend/tests/{area}")
    test_dirs = sorted(set(test_dirs))
    app_dirs = sorted(set(app_dirs))

    n_tests = n_files // 5
    n_app = n_files - n_tests
    taken: set[str] = {"netra_backend/app/core/interfaces_websocket.py"}
    app: list[tuple[str, bool]] = []
    tests: list[tuple[str, bool]] = []

    def place(dirs: list[str], count: int, prefix: str, into: list) -> None:
        for _ in range(count):
            directory = rng.choice(dirs)
            stem = f"{prefix}{rng.choice(NOUNS)}_{rng.choice(SUFFIXES)}"
            path, k = f"{directory}/{stem}.py", 2
            while path in taken:
                path, k = f"{directory}/{stem}_{k}.py", k + 1
            taken.add(path)
            into.append((path, prefix == "test_"))

    place(app_dirs, n_app, "", app)
    place(test_dirs, n_tests, "test_", tests)
    return app + tests


CONFTEST = '''"""Shared fixtures for the generated test-suite."""

from dataclasses import dataclass

import pytest


@dataclass
class FakeUserContext:
    user_id: str = "user-1"
    thread_id: str = "thread-1"
    run_id: str = "run-1"


@pytest.fixture
def user_context() -> FakeUserContext:
    return FakeUserContext()
'''


def copy_canonical(sample: Path, out: Path) -> list[str]:
    copied = []
    pairs = [("netra_backend/__init__.py", None), ("netra_backend/app/__init__.py", None),
             ("netra_backend/app/core/__init__.py", None), ("netra_backend/app/core/interfaces_websocket.py", None)]
    wsc = sample / "netra_backend/app/websocket_core"
    for path in sorted(wsc.glob("*.py")):
        pairs.append((str(path.relative_to(sample)), None))
    for rel, _ in pairs:
        src, dst = sample / rel, out / rel
        if not src.is_file():
            raise SystemExit(f"missing {src}: is --sample-repo right?")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        copied.append(rel)
    return copied


def generate(out: Path, n_files: int, seed: int, sample: Path) -> dict:
    started = time.time()
    plan_rng = random.Random(f"layout:{seed}")
    layout = plan_layout(plan_rng, n_files)
    copied = copy_canonical(sample, out)
    written_dirs: set[str] = set()
    registry: list[tuple[str, list[str]]] = []
    patchable: list[str] = []
    form_counts: Counter = Counter()
    categories: Counter = Counter()
    total_lines = 0
    total_bytes = 0
    generated: list[str] = []

    for index, (rel, is_test) in enumerate(layout):
        rng = random.Random(f"file:{seed}:{rel}")
        roll = rng.random()
        if roll < 0.065:
            category = "deprecated"
        elif roll < 0.105:
            category = "legacy"
        elif roll < 0.155:
            category = "canonical"
        else:
            category = "plain"
        module = rel[:-3].replace("/", ".")
        text, ctx = generate_file(rng, module, is_test, category, registry, patchable)
        categories[category] += 1
        form_counts.update(ctx.forms)
        if not is_test and ctx.public:
            registry.append((module, sorted(set(ctx.public))[:8]))
        if not is_test and ctx.froms.get(FACTORY, {}).get("create_websocket_manager", 1) is None:
            patchable.append(module)
        data = text.encode("utf-8")
        special = rng.random()
        if special < 0.003:
            data = data.replace(b"\n", b"\r\n")
            form_counts["crlf"] += 1
        elif special < 0.005:
            data = b"\xef\xbb\xbf" + data
            form_counts["bom"] += 1
        elif special < 0.02:
            data = data.rstrip(b"\n")
            form_counts["no_final_newline"] += 1
        path = out / rel
        directory = os.path.dirname(rel)
        if directory not in written_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            written_dirs.add(directory)
        path.write_bytes(data)
        total_lines += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        total_bytes += len(data)
        generated.append(rel)

    # Package __init__ files for every generated directory (and its parents).
    inits = 0
    package_dirs: set[str] = set()
    for directory in written_dirs:
        parts = directory.split("/")
        for i in range(1, len(parts) + 1):
            package_dirs.add("/".join(parts[:i]))
    for directory in sorted(package_dirs):
        init = out / directory / "__init__.py"
        if init.exists():
            continue
        init.write_text(f'"""{directory.replace("/", ".")} package."""\n')
        inits += 1
    for tests_root in ("tests", "netra_backend/tests"):
        if (out / tests_root).is_dir():
            (out / tests_root / "conftest.py").write_text(CONFTEST)
    (out / "pyproject.toml").write_text('[tool.pytest.ini_options]\npythonpath = ["."]\n')

    manifest = {
        "files": n_files,
        "seed": seed,
        "generated_files": len(generated),
        "copied_files": copied,
        "init_files": inits,
        "lines": total_lines,
        "bytes": total_bytes,
        "categories": dict(sorted(categories.items())),
        "forms": dict(sorted(form_counts.items())),
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    manifest["seconds"] = round(time.time() - started, 2)
    manifest["_generated"] = generated
    return manifest


def check(out: Path, generated: list[str], sample: int, seed: int) -> int:
    paths = list(generated)
    if sample and sample < len(paths):
        paths = random.Random(f"check:{seed}").sample(paths, sample)
    failures = 0
    for rel in paths:
        data = (out / rel).read_bytes()
        try:
            ast.parse(data, filename=rel, feature_version=(3, 11))
            compile(data, rel, "exec", dont_inherit=True)
        except SyntaxError as error:
            failures += 1
            print(f"SYNTAX ERROR {rel}:{error.lineno}: {error.msg}", file=sys.stderr)
    print(f"checked {len(paths)} files: {failures} failed", file=sys.stderr)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "Benchmarks" / "out" / "monorepo")
    parser.add_argument("--files", type=int, default=8000, help="modules to generate (default 8000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample-repo", type=Path, default=SAMPLE_REPO)
    parser.add_argument("--force", action="store_true", help="delete --out first if it exists")
    parser.add_argument("--check", type=int, nargs="?", const=300, default=None, metavar="N",
                        help="ast.parse N random generated files afterwards (default 300; 0 = all)")
    args = parser.parse_args(argv)

    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            parser.error(f"{out} exists and is not empty (use --force to replace it)")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    manifest = generate(out, args.files, args.seed, args.sample_repo)
    generated = manifest.pop("_generated")
    summary = {k: manifest[k] for k in ("generated_files", "init_files", "lines", "bytes", "seconds")}
    print(json.dumps({"out": str(out), **summary, "categories": manifest["categories"]}))
    if args.check is not None:
        return 1 if check(out, generated, args.check, args.seed) else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
