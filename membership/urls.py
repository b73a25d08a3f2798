"""Member pages ("Mes informations") and the public membership request; the back-office pages
are in backoffice_urls.py."""

from django.urls import path

import fos.converters  # noqa: F401  (registers <id:...>, a bounded id)
from membership import public, views

urlpatterns = [
    # "Mes informations" (members)
    path("me/info/", views.member_info, name="member_info"),
    path("me/info/contact/", views.contact_update, name="member_contact"),
    path("me/info/photo/", views.photo_update, name="member_photo"),
    path("me/info/rib/", views.rib_change, name="member_rib_change"),
    path("me/info/spouses/new/", views.spouse_add, name="member_spouse_add"),
    path("me/info/spouses/<id:pk>/", views.spouse_update, name="member_spouse_update"),
    path("me/info/children/new/", views.child_add, name="member_child_add"),
    path("me/info/children/<id:pk>/", views.child_update, name="member_child_update"),
    path("me/info/requests/<id:pk>/", views.change_request_page, name="member_change"),
    path(
        "me/info/requests/<id:pk>/withdraw/",
        views.change_request_withdraw,
        name="member_change_withdraw",
    ),
    # Membership request (public)
    path("membership/apply/", public.apply, name="membership_apply"),
    path("membership/apply/sent/", public.applied, name="membership_applied"),
    path("membership/follow/", public.follow, name="membership_follow"),
]
