"""The import engine: real-world CSV and Excel files, validated, atomic, idempotent, streaming.

Rooms declare their kinds (``Kind`` / ``Field``) in their own ``imports.py``; this package reads files
(``reader``), decides and parses values (``values``), and validates and writes rows (``engine``).
"""
