"""首页: the signed-in user's to-dos."""
