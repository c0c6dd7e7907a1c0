"""Room overview: the desk summary (home screen)."""
