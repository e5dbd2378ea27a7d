"""The HTTP layer: one module of Starlette routes per resource of the contract.

``services``, ``orders``, ``artifacts`` (uploads through ``tus``),
``aspects``, ``search``, ``metadata``, ``secrets``, ``queues``,
``projects``, ``packages`` and ``dashboards`` each answer their own paths;
``http`` reads requests and writes answers for all of them (``inputs`` adds
the field-by-field checks of the account resources' bodies), ``listing``
pages every list and ``shapes`` builds the contract's JSON objects from the
stores' rows.
"""
