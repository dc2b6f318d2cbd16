from gexin.plans import views  # noqa: F401

app_name = "plans"

urlpatterns = []
