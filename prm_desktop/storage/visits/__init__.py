"""SQL of the Visits area: cadence facts, visit lists and details, action items."""
