from django.urls import path

from commonweal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/code/", views.sign_in_code, name="sign-in-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/", views.account, name="account"),
    path("account/two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("account/two-factor/turn-off/", views.two_factor_turn_off, name="two-factor-turn-off"),
]
