"""Evaluation rows in the Django admin (DEBUG only): read-mostly; business changes go through the
pages and the API so that transitions, scores and audit events stay consistent."""
