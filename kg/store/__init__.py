"""The embedded Oxigraph store and everything that writes or reads it whole: loading (``load``,
with ``parallel`` workers), the cross-document rules (``reconcile``), the gaps index kept beside
the store (``gaps_index``), export, validation and the networkx projection."""
