"""What crosses the wire between the officer module and its peers.

``messages`` holds the versioned schemas of every bus message, ``topology`` the
exchanges, queues and routing keys, ``samples/`` a golden sample of each message
and ``generated/`` the Python code generated from ``proto/`` (importable as
``officer.v1``).
"""
