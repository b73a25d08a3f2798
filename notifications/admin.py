from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailStatus, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin[OutboundEmail]):
    list_display = ("created_at", "to", "subject", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "template", "language")
    search_fields = ("to", "subject")
    date_hierarchy = "created_at"
    fields = (
        "template", "to", "language", "subject", "status", "attempts",
        "created_at", "next_attempt_at", "sent_at", "last_error",
    )  # fmt: skip
    readonly_fields = fields
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Réessayer maintenant"), permissions=["view"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboundEmail]) -> None:
        count = queryset.exclude(status=EmailStatus.SENT).update(
            status=EmailStatus.PENDING, next_attempt_at=timezone.now()
        )
        from notifications.services import deliver_due

        deliver_due()
        self.message_user(request, _("%(count)s courriel(s) remis en file.") % {"count": count},
                          messages.SUCCESS)  # fmt: skip
