"""Pages of the project library."""
