"""``projects`` commands: list, create, show, delete, default, members and the account.

Commands about one project take ``--project URN``; without it they act on
the caller's default project (``conveyor projects default`` shows it).
"""

from __future__ import annotations

from typing import Any

import click

from .._display import as_dict
from ..project import check_role
from ._core import State, pass_state
from ._resources import _limit_option, _list_kwargs, _list_options, _show

__all__ = ["projects"]


def _project_option(func: Any) -> Any:
    return click.option(
        "--project", metavar="URN", help="The project (default: your default project)."
    )(func)


def _project_urn(state: State, project: str | None) -> str:
    return project or state.client().projects.current().id


def _done(state: State, message: str, **fields: Any) -> None:
    if state.json:
        state.echo_json(fields)
    else:
        state.echo(message)


@click.group()
def projects() -> None:
    """Projects: members with roles, a billing account, your default project."""


@projects.command("list")
@_list_options
@pass_state
def projects_list(
    state: State, filter_: str | None, order_by: str | None, descending: bool, limit: int
) -> None:
    """List the projects you belong to, with your role in each."""
    kwargs = _list_kwargs(state, filter_, order_by, descending, limit)
    found = list(state.client().projects.list(**kwargs))
    if state.json:
        state.echo_json([as_dict(p) for p in found])
        return
    state.table(
        ["name", "id", "role", "status"],
        ([p.name, p.id, p.role, p.status] for p in found),
        "no projects",
    )


@projects.command("create")
@click.argument("name")
@click.option("--details", help="What the project is for.")
@click.option("--account", metavar="URN", help="The billing account (default: the platform's).")
@click.option("--parent", metavar="URN", help="The parent project.")
@pass_state
def projects_create(
    state: State, name: str, details: str | None, account: str | None, parent: str | None
) -> None:
    """Create a project called NAME (at least 3 characters)."""
    client = state.client()
    _show(state, client.projects.create(name, details=details, account=account, parent=parent))


@projects.command("show")
@click.argument("project", required=False)
@pass_state
def projects_show(state: State, project: str | None) -> None:
    """Show PROJECT (a URN; default: your default project)."""
    client = state.client()
    _show(state, client.projects.get(project) if project else client.projects.current())


@projects.command("delete")
@click.argument("project")
@pass_state
def projects_delete(state: State, project: str) -> None:
    """Delete PROJECT (a URN)."""
    state.client().projects.delete(project)
    _done(state, f"deleted {project}", kind="project", id=project, deleted=True)


@projects.command("default")
@click.argument("project", required=False)
@pass_state
def projects_default(state: State, project: str | None) -> None:
    """Show your default project, or make PROJECT (a URN) your default."""
    client = state.client()
    if project is None:
        _show(state, client.projects.default())
        return
    client.projects.set_default(project)
    _done(state, f"{project} is now your default project", kind="project", id=project, default=True)


@projects.command("members")
@_project_option
@click.option("--role", help="Only members with this role (owner, member).")
@_limit_option
@pass_state
def projects_members(state: State, project: str | None, role: str | None, limit: int) -> None:
    """List a project's members and their roles."""
    urn = _project_urn(state, project)
    found = list(state.client().projects.members(urn, role=role, limit=limit or None))
    if state.json:
        state.echo_json([m.as_dict() for m in found])
        return
    state.table(["user", "email", "role"], ([m.user, m.email, m.role] for m in found), "no members")


@projects.command("set-member")
@click.argument("user")
@click.argument("role")
@_project_option
@pass_state
def projects_set_member(state: State, user: str, role: str, project: str | None) -> None:
    """Make USER (a URN) a member with ROLE (owner or member), or change their role."""
    known = check_role(role)  # an unknown role is refused before the project is looked up
    urn = _project_urn(state, project)
    state.client().projects.set_member(user, known, project=urn)
    _done(state, f"{user} is a {known} of {urn}", project=urn, user=user, role=str(known))


@projects.command("remove-member")
@click.argument("user")
@_project_option
@pass_state
def projects_remove_member(state: State, user: str, project: str | None) -> None:
    """Remove USER (a URN) from a project."""
    urn = _project_urn(state, project)
    state.client().projects.remove_member(user, project=urn)
    _done(state, f"removed {user} from {urn}", project=urn, user=user, removed=True)


@projects.command("account")
@click.argument("account", required=False)
@_project_option
@pass_state
def projects_account(state: State, account: str | None, project: str | None) -> None:
    """Show the account paying for a project, or make ACCOUNT (a URN) pay for it."""
    urn = _project_urn(state, project)
    projects_ = state.client().projects
    if account is None:
        found = projects_.read_account(urn)
        _done(state, found, project=urn, account=found)
        return
    projects_.set_account(account, project=urn)
    _done(state, f"{account} now pays for {urn}", project=urn, account=account)
