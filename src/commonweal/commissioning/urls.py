from django.urls import path

from commonweal.commissioning.views import (
    contract_form,
    imports,
    opportunities,
    register,
    renewals,
)

app_name = "commissioning"
urlpatterns = [
    path("", register.register, name="register"),
    path("contracts/add", contract_form.add_contract, name="add-contract"),
    path("contracts/<int:pk>/", register.contract_page, name="contract"),
    path("contracts/<int:pk>/change", contract_form.change_contract, name="change-contract"),
    path("contracts/<int:pk>/share", register.share, name="share"),
    path("contracts/<int:pk>/share/<int:partner>/stop", register.unshare, name="unshare"),
    path("contracts/<int:pk>/review", register.review, name="review"),
    path("suppliers/<int:pk>/", register.supplier_page, name="supplier"),
    path("renewals/", renewals.renewals, name="renewals"),
    path("opportunities/", opportunities.opportunity_list, name="opportunities"),
    path("opportunities/interest", opportunities.register_interest, name="interest"),
    path("import/", imports.upload, name="import"),
    path("import/confirm", imports.confirm, name="import-confirm"),
]
