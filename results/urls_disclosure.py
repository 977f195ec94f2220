from django.urls import path

from results import views_disclosure as v

urlpatterns = [
    path("", v.disclosure_list, name="disclosure_list"),
    path("mark/", v.disclosure_bulk, name="disclosure_bulk"),
]
