"""设置: users, units, security policy, audit log, backups, demo data."""
