"""API of results (linkage part); viewsets register on perfapp.api_router.router."""
