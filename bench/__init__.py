"""The search benchmark: a synthetic corpus, the real import and index, the real pages, and an
SQLite FTS5 reference over the same documents. ``python -m bench`` (``make bench``) runs it."""
