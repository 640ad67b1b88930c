"""``vetml users ...``: create the first admin, list staff, make API tokens for automation."""

from __future__ import annotations

import sys

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from vetml.accounts import service
from vetml.accounts.schemas import Role, TokenView, UserCreate
from vetml.config import get_settings
from vetml.db import open_database, transaction
from vetml.errors import InvalidInput, NotFound

app = typer.Typer(help="Create staff users and API tokens.", no_args_is_help=True)
console = Console(soft_wrap=True)


@app.command("create")
def create(
    email: str = typer.Option(..., "--email", help="Login e-mail."),
    name: str = typer.Option(..., "--name", help="Full name shown to the team."),
    role: Role = typer.Option(..., "--role", help="admin, hiring-manager or interviewer."),
    time_zone: str = typer.Option("UTC", "--time-zone", help="IANA time zone, e.g. Europe/Berlin."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
) -> None:
    """Create a staff user (the first one should be an admin); asks for the password unless piped."""
    password = sys.stdin.readline().rstrip("\n") if password_stdin else _ask_password()
    data = _user_create(email=email, name=name, role=role, password=password, time_zone=time_zone)
    with transaction(open_database(get_settings().database_url)) as session:
        user = service.create_user(session, data=data)
        console.print(f"Created {user.role} {user.name} <{user.email}> (user {user.id}). Sign in at /login.")


def _ask_password() -> str:
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _user_create(**fields: object) -> UserCreate:
    try:
        return UserCreate.model_validate(fields)
    except ValidationError as error:
        details = [f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors()]
        raise InvalidInput("the user cannot be created", hint="Correct the values listed.", details=details) from None


@app.command("list")
def list_users() -> None:
    """Every staff user with role and time zone."""
    with transaction(open_database(get_settings().database_url)) as session:
        table = Table("id", "name", "e-mail", "role", "time zone", "active")
        for user in service.list_users(session):
            demo = " (demo)" if user.demo else ""
            table.add_row(str(user.id), user.name + demo, user.email, user.role, user.time_zone, str(user.active))
        console.print(table)


@app.command("token")
def token(
    email: str = typer.Argument(..., help="The user the token acts as."),
    name: str = typer.Option("automation", "--name", help="What the token is for."),
) -> None:
    """Create an API token (printed once: store it safely)."""
    with transaction(open_database(get_settings().database_url)) as session:
        user = service.get_by_email(session, email)
        if user is None:
            raise NotFound(f"there is no user {email}", hint="See `vetml users list`.")
        row, secret = service.create_token(session, user=user, name=name)
        view = TokenView.model_validate(row)
    console.print(f"Token {view.id} ({view.name}) for {email}:")
    console.print(secret, highlight=False, markup=False)
    console.print("Send it as 'Authorization: Bearer <token>'. It is not shown again.")
