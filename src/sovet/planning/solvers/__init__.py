"""Linear programmes: one general form, one certificate, one adapter per solver."""
