"""The platform of one data directory: its stores put together, with crash recovery.

Everything here is synchronous and thread-safe (one SQLite connection per
thread); the routes call it and turn results into answers, and the runner
hands it to services as their :class:`ContextBackend`. ``signals`` carries
the workers' news (a log line, a run's end) to requests waiting for it.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import BinaryIO

from ._blobs import BlobStore
from ._db import Database
from ._logs import LogBook
from ._paging import PageTokens
from ._registry import ServiceRegistry
from ._seal import Sealer, load_key
from ._signals import Signals
from ._stores.artifacts import ArtifactStore
from ._stores.aspects import AspectStore
from ._stores.jobs import JobStore
from ._stores.metadata import MetadataStore
from ._stores.orders import OrderStore
from ._stores.packages import PackageStore
from ._stores.projects import ProjectStore
from ._stores.queues import QueueStore
from ._stores.secrets import SecretStore
from ._stores.services import ServiceStore


class Platform:
    """Records, blobs and the service registry behind one sandbox.

    ``services``, ``orders``, ``jobs``, ``artifacts`` and ``aspects`` are the
    stores; ``metadata`` reads and writes the same aspects as the older
    record interface; ``secrets``, ``queues``, ``projects`` and ``packages``
    are the account's; ``logs`` keeps what runs print; ``tokens`` signs the
    page tokens of every list.
    """

    def __init__(
        self,
        data_dir: Path,
        registry: ServiceRegistry,
        *,
        max_upload_size: int | None = None,
    ) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(data_dir / "sandbox.db")
        self.blobs = BlobStore(data_dir)
        self.tokens = PageTokens(self._page_key())
        self.signals = Signals()
        self.logs = LogBook(data_dir, self.signals)
        self.aspects = AspectStore(self.db)
        self.services = ServiceStore(self.db, registry, self.aspects)
        self.artifacts = ArtifactStore(self.db, self.blobs, max_upload_size)
        self.orders = OrderStore(self.db, self.services, self.artifacts, self.aspects)
        self.jobs = JobStore(self.db, self.services, self.orders, self.aspects)
        self.metadata = MetadataStore(self.aspects)
        self.secrets = SecretStore(self.db, Sealer(load_key(data_dir)))
        self.queues = QueueStore(self.db)
        self.projects = ProjectStore(self.db)
        self.packages = PackageStore(self.db, self.blobs, max_upload_size)

    def _page_key(self) -> bytes:
        # Kept in the database, so page tokens stay valid across restarts.
        with self.db.transaction() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'page-key'").fetchone()
            if row is None:
                key = secrets.token_bytes(32)
                conn.execute("INSERT INTO meta(key, value) VALUES ('page-key', ?)", (key,))
                return key
            value: bytes = row["value"]
            return value

    def recover(self) -> list[str]:
        """Repair what a crash left behind; returns the orders and jobs to run again.

        Orders and jobs that had not started are queued again; orders that
        were executing are failed, jobs end in error (see
        :meth:`OrderStore.recover`, :meth:`JobStore.recover`); uploads are
        cut back to what was acknowledged or finished when their bytes
        survived (see :meth:`ArtifactStore.recover`).
        """
        requeue = self.jobs.recover()
        requeue = self.orders.recover() + requeue
        self.artifacts.recover()
        self.packages.recover()
        return requeue

    def close(self) -> None:
        """Release the database."""
        self.db.close()

    # What a running service reaches through its OrderContext.

    def open_content(self, artifact_id: str) -> BinaryIO:
        """Open a ready artifact's content (for services)."""
        return self.artifacts.open_content(artifact_id)

    def add_product(
        self, order_id: str, name: str, data: bytes | BinaryIO | Path, mime_type: str
    ) -> str:
        """Store a product of ``order_id`` with its produced-by provenance aspect."""
        return self.orders.add_product(order_id, name, data, mime_type)

    def secret(self, name: str) -> str | None:
        """The value of the account's secret ``name`` (None when absent or expired)."""
        return self.secrets.value(name)
