from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    name = "releases"
    verbose_name = "SEC Releases"

    def ready(self):
        from releases import frozen

        # SQLite connections get the function the baseline triggers ask (releases/frozen.py).
        frozen.connect()
