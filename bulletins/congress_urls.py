"""URLs of the congress section and the document register (namespace "bulletins")."""

urlpatterns = []
