"""Innovations of the OPDs, one module per feature over a small core. Functions flush; callers commit."""
