"""API of evaluation (spot part); viewsets register on perfapp.api_router.router."""
