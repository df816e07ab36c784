from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province. It sits above every other app, so it may use all of them."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo"
