"""Conveyor: a Python SDK for IVCAP-compatible analytics platforms."""
