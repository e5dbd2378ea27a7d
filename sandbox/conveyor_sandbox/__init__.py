"""A local platform that speaks the Conveyor contract."""
