from django.urls import include, path
from rest_framework.routers import SimpleRouter

from .views import (
    accounts,
    certificates,
    council_rules,
    councils,
    docs,
    dossiers,
    filing,
    inspections,
    reference,
    registry,
    signups,
    support,
    tokens,
)

app_name = "api"

router = SimpleRouter()
router.register("administrative-units", reference.AdministrativeUnitViewSet, basename="administrative-unit")
router.register("product-groups", reference.ProductGroupViewSet, basename="product-group")
router.register("product-sets", reference.ProductSetViewSet, basename="product-set")
router.register("rounds", reference.RoundViewSet, basename="round")
router.register("producers", registry.ProducerViewSet, basename="producer")
router.register("products", registry.ProductViewSet, basename="product")
router.register("dossiers", dossiers.DossierViewSet, basename="dossier")
router.register("dossier-filings", filing.DossierFilingViewSet, basename="dossier-filing")
router.register("councils", councils.CouncilViewSet, basename="council")
router.register("assignments", councils.AssignmentViewSet, basename="assignment")
router.register("council-results", councils.CouncilResultViewSet, basename="council-result")
router.register("decisions", councils.DecisionViewSet, basename="decision")
router.register("certificates", certificates.CertificateViewSet, basename="certificate")
router.register("inspection-plans", inspections.InspectionPlanViewSet, basename="inspection-plan")
router.register("inspections", inspections.InspectionViewSet, basename="inspection")
router.register("budget-lines", support.BudgetLineViewSet, basename="budget-line")
router.register("grants", support.GrantViewSet, basename="grant")
router.register("report-requests", support.ReportRequestViewSet, basename="report-request")
router.register("accounts", accounts.AccountViewSet, basename="account")
router.register("producer-signups", signups.SignupViewSet, basename="producer-signup")

v1 = [
    *router.urls,
    path("public/verify/<str:code>/", certificates.PublicVerifyView.as_view(), name="public-verify"),
    path("council-rules/", council_rules.ProvinceCouncilRulesView.as_view(), name="council-rules-province"),
    path("public/producer-signups/", signups.PublicSignupView.as_view(), name="public-producer-signup"),
    path("public/certified-products/", certificates.PublicCertifiedProductList.as_view(), name="public-products"),
    path("export/register.json", certificates.RegisterExportView.as_view(), name="export-register-json"),
    path("export/register.csv", certificates.RegisterExportCsvView.as_view(), name="export-register-csv"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
