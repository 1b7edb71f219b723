"""报表 view and its panels."""
