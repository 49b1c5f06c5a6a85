app_name = "acceptance"

urlpatterns: list = []
