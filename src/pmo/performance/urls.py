"""Web pages of earned value: a project's section and the roll-ups of programs and portfolios."""

from django.urls import path

from pmo.performance import views

app_name = "performance"

urlpatterns = [
    path("projects/<uuid:uid>/earned-value/", views.ProjectEarnedValueView.as_view(), name="project"),
    path("projects/<uuid:uid>/earned-value/rules/", views.EarningRuleSetView.as_view(), name="rule_set"),
    path("programs/<uuid:uid>/performance/", views.ProgramPerformanceView.as_view(), name="program"),
    path("portfolios/<uuid:uid>/performance/", views.PortfolioPerformanceView.as_view(), name="portfolio"),
]
