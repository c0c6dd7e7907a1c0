"""Reusable widgets: the paged table, forms."""
