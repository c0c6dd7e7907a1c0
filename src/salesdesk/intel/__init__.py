"""The intel room: competitor intelligence, forecast and data-quality audit."""
