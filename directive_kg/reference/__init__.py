"""Reference data that documents are read against and that the graph is built from: the
time-aware unit registry (``registry``) and the catalog of central instruments (``catalog``).
Imports nothing from the rest of the project but the base package, so loaders and kg both use it."""
