"""The revisions, oldest first: 0001 the core tables, 0002 zienswijzen and the append-only audit log."""
