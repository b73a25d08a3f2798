import pytest
from django.test import Client

from accounts.models import User
from backoffice.audit import changes, record
from backoffice.models import AuditEntry
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_it_records_who_did_what_to_which_object(agent_user: User) -> None:
    member = MemberFactory.create(phone="0600000000")
    before = changes(member, ["phone", "posting_province"])
    member.phone = "0611111111"
    entry = record(
        actor=agent_user,
        action="member.phone_changed",
        target=member,
        before=before,
        after=changes(member, ["phone", "posting_province"]),
        reason="appel de l'adhérent",
    )
    entry.refresh_from_db()
    assert entry.target_type == "registry.member"
    assert entry.target_id == str(member.pk)
    assert entry.before == {"phone": "0600000000", "posting_province": member.posting_province_id}
    assert entry.after["phone"] == "0611111111"


def test_nobody_edits_or_deletes_the_trail_in_the_admin(
    admin_client: Client, agent_user: User
) -> None:
    entry = record(actor=agent_user, action="x", target=agent_user)
    base = "/admin/backoffice/auditentry/"
    assert admin_client.get(base).status_code == 200
    assert admin_client.get(f"{base}add/").status_code == 403
    assert admin_client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    admin_client.post(f"{base}{entry.pk}/change/", {"action": "edited"})
    assert AuditEntry.objects.get(pk=entry.pk).action == "x"
