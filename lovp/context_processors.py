def roles(request):
    user = getattr(request, "user", None)
    return {"can_edit": bool(user and user.is_authenticated and user.is_secretariat)}
