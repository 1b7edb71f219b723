"""设置 view and its tabs."""
