"""A local platform that speaks the Conveyor contract (``openapi/platform.yaml``).

The sandbox implements every operation of the contract over SQLite (one
file, WAL) and a sha256 content-addressed blob directory, and runs orders on
a bounded pool of worker threads that call Python services registered by the
operator. It is for development, demos, tests and recording cassettes.

Start it in-process::

    from conveyor_sandbox import SandboxServer
    with SandboxServer() as server:          # ephemeral port, temporary data
        print(server.url, server.token)

or from a shell: ``python -m conveyor_sandbox [--host H] [--port P]
[--data-dir D] [--token T]`` (127.0.0.1:8088 by default; prints the URL and
the dev token).

Services
    ``hello``, ``word-count``, ``sleep`` and ``fail`` (orders) and
    ``word-stats``, ``slow-echo`` and ``countdown`` (jobs) are built in (see
    ``conveyor_sandbox._builtins``); add your own with the :func:`service`
    and :func:`job_service` decorators or a :class:`ServiceRegistry`.
    Registered services have stable ids (``urn:ivcap:service:`` + uuid5 of
    the name) and are re-published at every start; a job service also
    carries its tool definition (aspect ``urn:sd-core:schema.ai-tool.1``,
    the request schema as ``fn_schema``). A service created over HTTP must
    name a registered callable (``workflow.basic.image`` at ``/1/services``,
    ``controller.image`` at ``/1/services2``); nothing a request names is
    ever imported.

Jobs (``/1/services2/{service_id}/jobs``)
    One run of a job service on a JSON request, checked against its request
    schema (422 naming the JSON path of the bad field). ``Timeout`` (whole
    seconds, 0 to 300, default 0) is how long the POST waits: a job that
    succeeded in time answers 200 with its result, any other 202 with where
    to poll. pending -> scheduled -> executing -> succeeded | failed
    (``ServiceFailure``) | error (a crash, or the sandbox stopped under it).
    A job runs under the order named by ``IVCAP-Order-Id`` or else under one
    placed for it. Its record and result are also aspects on the job
    (``urn:ivcap:schema.job.2``, ``urn:ivcap:schema.job-result.1``).

Logs and top (``/1/orders/{id}/logs``, ``/top``; an order's or a job's URN)
    What a service prints on its worker thread or logs through its context,
    one durable file per run, streamed as text while the run goes on.
    ``top`` shows the worker running it: its thread's CPU, the process's
    memory, what the run stored.

Orders
    pending -> scheduled -> executing -> succeeded | failed, with
    ordered-at, started-at and finished-at. After a crash or kill, orders
    that had not started run again; orders that were executing are marked
    failed ("the sandbox stopped while the order was executing"), because
    re-running a service behind the user's back could repeat side effects.
    Provenance aspects: ``urn:conveyor:schema:order.provenance.1`` on each
    order (service, inputs: the URNs given to its artifact and
    collection parameters, and parameters) and
    ``urn:conveyor:schema:artifact.produced-by.1`` on each product.

Artifacts
    tus 1.0 core (creation via ``POST /1/artifacts`` with ``Upload-Length`` or
    ``X-Content-Length``, ``-1`` for unknown; ``PATCH`` appends; ``HEAD``
    reports the offset; 409 on offset mismatch; 413 beyond the declared or
    maximum size) and direct single-request upload. Beyond the contract,
    as tus asks: OPTIONS on the upload endpoint or a data URL announces
    ``Tus-Version``, ``Tus-Extension`` (creation, creation-defer-length,
    creation-with-upload) and ``Tus-Max-Size``; another ``Tus-Resumable``
    version gets 412 with ``Tus-Version``; HEAD on an upload of unknown
    size says ``Upload-Defer-Length: 1``. A PATCH records its
    progress durably every 8 MiB and when the client disconnects, so an
    interrupted upload resumes from the stored offset. ``X-Name`` is read
    as ``X-Name-Encoding`` says (``base64`` or ``plain``); without it, as
    base64 of UTF-8 on a tus creation (as IVCAP clients send it) when it is
    canonical base64 of text, and as plain text on a direct upload (as curl
    sends it); the rule is stated in the contract; names that look like paths
    (``/``, ``\\``, ``..``) or carry control characters are refused (400).
    Downloads stream from disk with ``Range`` support (206, 416). An upload whose size was never
    declared completes when a PATCH announces ``Upload-Length``.

Filter grammar (``filter`` on list operations)
    ``<field> <op> <value>`` joined by ``and`` / ``or`` (``and`` binds
    tighter), ``not`` and parentheses. Ops: ``==``, ``!=``, ``<``, ``<=``,
    ``>``, ``>=``, ``~=`` (SQL LIKE: ``%`` matches any run, everything else
    itself, case-sensitive). Values: single-quoted text with an inner quote
    doubled (``name == 'O''Brien'``), numbers, ``true``/``false``. Fields are
    the list item's kebab-case fields (``status``, ``created-at``, ...);
    date-time fields compare as instants. A bad filter answers 400 naming
    the problem.

``content-path`` (aspects) and ``:json_path`` (search): a JSONPath subset
    ``$``, ``.name``, ``["name"]``, ``[n]``, ``[*]``, ``.*``, ``..name``,
    ``[?(pred)]`` and the SQL/JSON trailing filter ``? (pred)`` with
    ``@``-relative paths, ``== != < <= > >=``, ``starts with``,
    ``exists(@.x)``, ``&& || !`` and literals (text, numbers, true, false,
    null). An aspect matches when the path selects something. Examples:
    ``$.a.b``, ``$.tags[*] ? (@ == "x")``, ``$.items[?(@.size > 10)]``.

Search (``POST /1/search``, ``application/datalog+mangle`` or ``text/plain``)
    A conjunctive Mangle query over ``aspect(Id, Entity, Schema, Content)``,
    ``service(Id, Name)``, ``order(Id, Service, Status, Name)``,
    ``artifact(Id, Name, Status, MimeType)`` and ``product(Order, Artifact)``
    with comparisons, ``:match_prefix(X, "p")`` and ``:json_path(X, "$..")``.
    Rules, negation, transforms and other predicates answer 501 saying what
    is supported. Details in ``conveyor_sandbox._stores.search``.

Lists
    Keyset paging with opaque HMAC-signed page tokens (``next`` links are
    ``<list path>?page=<token>``; with ``page`` only ``limit`` is read from
    the query), ``limit`` 1..50 (422 outside), ``order-by`` / ``order-desc``
    (aspects: comma list + ``order-direction``), ``at-time`` snapshots.
    Only aspects keep history: an aspect list at an earlier time shows the
    aspects valid then, with their content then. Service, order and artifact
    lists at an earlier time show the entities that existed then but with
    their *current* state (an order placed before then shows today's status,
    an artifact today's status and size); record state as aspects to keep it.

The same grammars, with runnable examples: ``docs/guides/sandbox.md``.

Inside, imports run one way, from the top down: ``_server`` and ``_cli``;
``_app`` (the gate: token, header limit, first-request preparation);
``_routes/`` (one group of routes per resource, ``tus`` for uploads,
``activity`` for logs, top and metadata); ``_runner`` (the worker pool,
with ``_capture`` and ``_top``); ``_platform`` (the stores put together);
``_stores/`` (one store per table, and search); then the services
(``_registry``, ``_builtins``, ``_service_kit``) and the helpers they all
share (``_logs``, ``_signals``, ``_schemas``, ``_lists``, ``_filter``,
``_jsonpath``, ``_paging``, ``_blobs``, ``_db``, ``_names``, ``_util``,
``_errors``).
"""

from ._cli import cli_main
from ._registry import ServiceRegistry, default_registry, job_service, service
from ._server import SandboxServer
from ._service_kit import (
    JobContext,
    OrderCancelled,
    OrderContext,
    ParameterSpec,
    RegisteredJobService,
    RegisteredService,
    RunContext,
    ServiceFailure,
    service_id_for,
)

__all__ = [
    "JobContext",
    "OrderCancelled",
    "OrderContext",
    "ParameterSpec",
    "RegisteredJobService",
    "RegisteredService",
    "RunContext",
    "SandboxServer",
    "ServiceFailure",
    "ServiceRegistry",
    "cli_main",
    "default_registry",
    "job_service",
    "service",
    "service_id_for",
]
