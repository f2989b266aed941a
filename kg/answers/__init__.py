"""What people ask of the store: the implementation chain (``chain``), who still owes a plan or
report (``gaps``: where a gap is decided, with the gaps index), bodies and units (``units``)."""
