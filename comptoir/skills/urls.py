from django.urls import path, re_path

from comptoir.skills import views, views_badges, views_badges_public, views_public

app_name = "skills"
urlpatterns = [
    path("equipe/<slug:venue_slug>/competences/", views.framework, name="framework"),
    path(
        "equipe/<slug:venue_slug>/personnes/<int:pk>/competences/nouvelle/",
        views.recognise,
        name="recognise",
    ),
    path(
        "equipe/<slug:venue_slug>/competences/<int:pk>/retirer/",
        views.withdraw,
        name="withdraw",
    ),
    # Open Badges, staff (views_badges.py).
    path(
        "equipe/<slug:venue_slug>/badges/",
        views_badges.achievement_list,
        name="achievement_list",
    ),
    path(
        "equipe/<slug:venue_slug>/badges/nouveau/",
        views_badges.achievement_create,
        name="achievement_create",
    ),
    path(
        "equipe/<slug:venue_slug>/badges/<int:pk>/modifier/",
        views_badges.achievement_edit,
        name="achievement_edit",
    ),
    path("equipe/<slug:venue_slug>/badges/<int:pk>/delivrer/", views_badges.award, name="award"),
    path("equipe/<slug:venue_slug>/badges/emetteur/", views_badges.issuer_edit, name="issuer_edit"),
    path(
        "equipe/<slug:venue_slug>/badges/delivres/",
        views_badges.credential_list,
        name="credential_list",
    ),
    path(
        "equipe/<slug:venue_slug>/badges/delivres/<int:pk>/",
        views_badges.credential_detail,
        name="credential_detail",
    ),
    path(
        "equipe/<slug:venue_slug>/badges/delivres/<int:pk>/revoquer/",
        views_badges.credential_revoke,
        name="credential_revoke",
    ),
    # Open Badges, public (no account). "verifier" and "mes-badges" are matched before
    # any venue slug. Pages in views_badges_public.py, JSON and images in views_public.py.
    path("badges/verifier/", views_badges_public.verify_form, name="verify_form"),
    path("badges/verifier/<uuid:public_id>/", views_badges_public.verify, name="verify"),
    path("badges/mes-badges/<str:token>/", views_badges_public.my_badges, name="my_badges"),
    re_path(
        r"^badges/mes-badges/(?P<token>[^/]+)/(?P<public_id>[0-9a-f-]{36})\.(?P<fmt>json|jwt|png|svg)$",
        views_badges_public.credential_download,
        name="credential_download",
    ),
    path("badges/<slug:venue_slug>/", views_badges_public.issuer_page, name="issuer"),
    path("badges/<slug:venue_slug>/emetteur.json", views_public.issuer_json, name="issuer_json"),
    path("badges/<slug:venue_slug>/statut.json", views_public.status_list, name="status_list"),
    path(
        "badges/<slug:venue_slug>/badge/<uuid:public_id>/",
        views_badges_public.achievement_page,
        name="achievement_public",
    ),
    path(
        "badges/<slug:venue_slug>/badge/<uuid:public_id>/image.png",
        views_public.achievement_image,
        name="achievement_image",
    ),
]
