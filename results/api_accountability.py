"""API of results (accountability part); viewsets register on perfapp.api_router.router."""
