from django.contrib.auth import views as auth_views

sign_in = auth_views.LoginView.as_view()
sign_out = auth_views.LogoutView.as_view()
