"""Raw HTML pages."""
