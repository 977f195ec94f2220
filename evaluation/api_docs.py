"""API of evaluation (docs part); viewsets register on perfapp.api_router.router."""
