"""A team's patients over time: visits, the change between two visits, and progression."""
