from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.PortalLoginView.as_view(), name="login"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
    path("lockout/", views.lockout, name="lockout"),
    path("register/", views.register, name="register"),
    path("password/forgotten/", views.password_forgotten, name="password_forgotten"),
    path("link/sent/", views.link_sent, name="link_sent"),
    path("link/<str:token>/", views.account_link, name="account_link"),
    path("terms/", views.terms, name="terms"),
    path("password/change/", views.PortalPasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("me/", views.account, name="account"),
    path("me/email/", views.email_change, name="email_change"),
    path("me/devices/", views.devices, name="devices"),
    path("me/devices/<str:device_id>/revoke/", views.device_revoke, name="device_revoke"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/disable/", views.otp_disable, name="otp_disable"),
]
