"""API of evaluation (reports part); viewsets register on perfapp.api_router.router."""
