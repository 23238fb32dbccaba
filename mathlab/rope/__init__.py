"""mathlab.rope (under construction)."""
