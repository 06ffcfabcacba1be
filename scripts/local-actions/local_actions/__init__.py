"""A local executor for GitHub Actions workflows, for tests (see ../README.md)."""
