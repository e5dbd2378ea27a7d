"""What every store does alike: read one record by its id."""

from __future__ import annotations

import sqlite3

from .._db import Database
from .._errors import not_found
from .._util import is_our_id


def find_record(db: Database, kind: str, record_id: str, *, live: str = "") -> sqlite3.Row:
    """The ``kind`` record (from table ``<kind>s``) with this id; 404 when there is none.

    ``live`` is an extra SQL condition the record must meet (a retired
    service is no longer found). An id this sandbox could not have issued
    is not looked up at all.
    """
    row = None
    if is_our_id(record_id, kind):
        where = f"id=? AND {live}" if live else "id=?"
        row = db.conn().execute(f"SELECT * FROM {kind}s WHERE {where}", (record_id,)).fetchone()
    if row is None:
        raise not_found(f"no such {kind}", record_id)
    found: sqlite3.Row = row
    return found
