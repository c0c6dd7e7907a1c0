"""Shared core: database, money, periods, language and change history. Imports no room."""
