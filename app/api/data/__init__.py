"""Data mutations: imports, data sources, stage mappings, rates and domains."""
