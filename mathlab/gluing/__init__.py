"""mathlab.gluing (under construction)."""
