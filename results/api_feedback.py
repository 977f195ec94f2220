"""API of results (feedback part); viewsets register on perfapp.api_router.router."""
