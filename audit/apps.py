from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "External auditors (SEC D10.11)"
