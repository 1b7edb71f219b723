"""公开职责: the body's own disclosure duties, monitored month by month."""
