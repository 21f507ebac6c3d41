"""Unit tests of the domain: plain rules, no I/O."""
