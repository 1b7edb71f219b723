"""发布审查: the pre-publication review, its queue and the scanner run."""
