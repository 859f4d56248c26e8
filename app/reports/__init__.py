"""Reports for city staff: what the programme achieved, by month, as tables, charts and CSV."""
