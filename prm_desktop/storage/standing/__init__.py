"""SQL of the standing views (one partner's certifications and references; portfolio views)."""
