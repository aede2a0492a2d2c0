from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "comptoir.skills"
    verbose_name = _("Compétences")

    def ready(self) -> None:
        from comptoir.skills.panels import person_skills_panel
        from comptoir.venues import panels

        panels.register_person_panel(person_skills_panel, order=10)
