"""API (DRF) for this app; registered on perfapp.api_urls.router."""
