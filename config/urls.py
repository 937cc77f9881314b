from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from reporting.views import choose_language

admin.site.site_header = _("规划指标监测平台 管理后台")
admin.site.site_title = _("规划指标监测平台")
admin.site.index_title = _("数据管理")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Django's set_language, wrapped: a signed-in person's choice is also their reminder language.
    path("i18n/setlang/", choose_language, name="set_language"),
    path("", include("operations.urls")),
    path("", include("plans.urls")),
    path("", include("indicators.urls")),
    path("", include("indicators.urls_entry")),
    path("", include("indicators.urls_dashboards")),
    path("", include("plans.urls_imports")),
    path("", include("projects.urls")),
    path("", include("evaluation.urls")),
    path("", include("divisions.urls")),  # issue 15
    path("", include("reporting.urls")),
    path("", include("catalogue.urls")),
]

handler500 = "operations.errors.server_error"
handler404 = "config.errors.page_not_found"
handler400 = "config.errors.bad_request"
