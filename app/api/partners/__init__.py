"""Partners: the partners page, one partner's matrix, drill-downs and previews."""
