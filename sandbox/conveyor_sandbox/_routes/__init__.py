"""The HTTP layer: ``shapes`` builds the contract's JSON objects from the stores' rows."""
