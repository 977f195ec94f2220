"""API of evaluation (external part); viewsets register on perfapp.api_router.router."""
