"""The SDK driven against Prism mocking the upstream IVCAP specs (issue 16)."""
