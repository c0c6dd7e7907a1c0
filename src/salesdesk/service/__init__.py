"""After-sales service room."""
