"""Web pages of the accounts app: sign in and out, personal API tokens."""

from django.urls import path

from pmo.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
    path("tokens/<uuid:uid>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
]
