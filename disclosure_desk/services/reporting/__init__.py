"""报表: the annual report, quarterly sheet, catalogue, statistics, year lock."""
