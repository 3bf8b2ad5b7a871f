"""Search backends behind one interface."""
