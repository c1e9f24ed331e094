import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a curator: a staff user in the Curators group. The password is read from "
        "CURATOR_PASSWORD, or asked for."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called '{username}' already exists.")
        password = os.environ.get("CURATOR_PASSWORD") or self.ask_password()
        user = User(username=username, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name="Curators"))
        self.stdout.write(self.style.SUCCESS(f"Curator '{username}' created; log in at /admin/."))

    def ask_password(self) -> str:
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError(
                "No password given (set CURATOR_PASSWORD to pass one without a prompt)."
            ) from None
        if first != second:
            raise CommandError("The two passwords differ.")
        return first
