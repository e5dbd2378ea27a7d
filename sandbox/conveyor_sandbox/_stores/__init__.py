"""The platform's records, one store per resource, over one SQLite database.

Each store owns its table: how its list maps onto it, how requests are
checked before anything is written, and every write. ``services``,
``artifacts`` (with their content in the blob store) and ``aspects`` stand
alone; ``orders`` uses all three (an order names a service, takes artifacts
and records provenance aspects); ``search`` reads every table. The
account's ``secrets``, ``queues``, ``projects`` and ``packages`` (an image
registry over the blob store) stand alone too, and ``metadata`` is the older
record interface over the aspects themselves. They are
synchronous and thread-safe; ``conveyor_sandbox._platform`` puts them
together and the routes above turn their rows into answers.
"""
