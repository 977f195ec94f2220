"""API of evaluation (self part); viewsets register on perfapp.api_router.router."""
