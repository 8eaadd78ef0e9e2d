from functools import wraps

from django.core.exceptions import PermissionDenied


class SecretariatRequiredMixin:
    """Only the secretariat (and superusers) may change anything; members get 403.

    Anonymous visitors never reach this: LoginRequiredMiddleware sends them to the login page.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_secretariat:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def secretariat_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_secretariat:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
