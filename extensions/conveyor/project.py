"""Projects: who works together, in which roles, and which account pays.

A project groups members, each with a role (`ProjectRole`: ``owner`` or
``member``; a platform may know more, which are passed through as text), and
has a billing account. Each caller has a default project (`Projects.default`).

The platform has no per-request project scope, so ``Client(project=URN)`` is
the client's own context: the project calls of `Projects` (members, account)
use it when given no project, and `Projects.current` returns it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from conveyor_api.api.projects import (
    create_project,
    delete_project,
    list_project_members,
    list_projects,
    read_default_project,
    read_project,
    read_project_account,
    remove_project_membership,
    set_default_project,
    set_project_account,
    set_project_membership,
    update_project,
)
from conveyor_api.models.default_project_request import DefaultProjectRequest
from conveyor_api.models.membership_request import MembershipRequest
from conveyor_api.models.project_account import ProjectAccount
from conveyor_api.models.project_definition import ProjectDefinition
from conveyor_api.models.project_list import ProjectList
from conveyor_api.models.project_member_list import ProjectMemberList
from conveyor_api.models.project_properties import ProjectProperties
from conveyor_api.models.project_role_value import ProjectRoleValue
from conveyor_api.models.project_status import ProjectStatus
from conveyor_api.models.project_status_value import ProjectStatusValue
from conveyor_api.models.project_update import ProjectUpdate
from conveyor_api.types import UNSET

from ._base import AsyncEntity, Entity, ResourceSpec, _Entity, check_urn, unset_none
from ._call import Call, Flow, json_model, one
from ._fields import Field, Text, Time
from ._paging import AsyncPaginator, Paginator
from ._resources import AsyncResources, ListArgs, P, SyncResources, _ResourcesCore, list_builder
from .errors import InvalidParameter, MalformedResponse

__all__ = [
    "AsyncProject",
    "AsyncProjects",
    "Project",
    "ProjectMember",
    "ProjectRole",
    "Projects",
]

ProjectRole = ProjectRoleValue
"""The known roles in a project (``owner``, ``member``), a `str` enum.

Roles the platform reports beyond these are kept as plain text; a role sent
must be one of these (compared without regard to case).
"""

MIN_NAME_LENGTH = 3
"""The shortest project name the contract allows."""


def check_role(role: Any) -> ProjectRoleValue:
    """``role`` as a known `ProjectRole` (any case), or `InvalidParameter` naming ``role``."""
    if isinstance(role, ProjectRoleValue):
        return role
    if isinstance(role, str):
        for known in ProjectRoleValue:
            if known.value == role.strip().lower():
                return known
    known_roles = ", ".join(r.value for r in ProjectRoleValue)
    raise InvalidParameter(
        f"role: one of {known_roles} is needed, not {role!r:.40}", parameter="role", value=role
    )


class ProjectMember:
    """A member of a project.

    Attributes:
        user: The user's URN.
        email: The user's email address, when the platform says it.
        role: Their role: a `ProjectRole`, or the platform's own text for another.
    """

    __slots__ = ("email", "role", "user")

    def __init__(
        self, user: str | None, email: str | None, role: ProjectRoleValue | str | None
    ) -> None:
        self.user = user
        self.email = email
        self.role = role

    def __repr__(self) -> str:
        return f"<ProjectMember {self.user} role={str(self.role)!r}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProjectMember):
            return NotImplemented
        return (self.user, self.email, self.role) == (other.user, other.email, other.role)

    def __hash__(self) -> int:
        return hash((self.user, self.email, str(self.role)))

    def as_dict(self) -> dict[str, Any]:
        """The member as JSON-ready data (what ``--output json`` prints)."""
        return {
            "user": self.user,
            "email": self.email,
            "role": None if self.role is None else str(self.role),
        }


class _TokenPage:
    """A page whose next token is its ``page`` field, seen as the common list envelope.

    Project and member lists name their items and their next page their own
    way; as ``items`` and a ``next`` link (``?page=<token>``) they page like
    every other list.
    """

    __slots__ = ("at_time", "items", "links")

    def __init__(self, items: list[Any], token: Any, at_time: Any) -> None:
        if token is not None and not isinstance(token, str):
            raise TypeError("the next page's token is not text")
        self.items = items
        self.links = [{"rel": "next", "href": f"?page={quote(token, safe='')}"}] if token else []
        self.at_time = at_time

    @staticmethod
    def _parse(data: Any) -> tuple[list[Any], Any, Any]:
        """The page's items, next token and instant, parsed by its generated model."""
        raise NotImplementedError

    @classmethod
    def from_dict(cls, data: Any) -> _TokenPage:
        """Parse the page with its generated model."""
        items, token, at_time = cls._parse(data)
        return cls(items, unset_none(token), unset_none(at_time))


class _ProjectPage(_TokenPage):
    __slots__ = ()

    @staticmethod
    def _parse(data: Any) -> tuple[list[Any], Any, Any]:
        page = ProjectList.from_dict(data)
        return page.projects, page.page, page.at_time


class _MemberPage(_TokenPage):
    __slots__ = ()

    @staticmethod
    def _parse(data: Any) -> tuple[list[Any], Any, Any]:
        page = ProjectMemberList.from_dict(data)
        members = [
            ProjectMember(unset_none(m.urn), unset_none(m.email), unset_none(m.role))
            for m in page.members
        ]
        return members, page.page, page.at_time


def _project_urn(project: Any) -> str:
    if isinstance(project, _Entity):
        if project._kind != "project":
            raise InvalidParameter(
                f"project: expected a project, not a {project._kind}: {project.id}",
                parameter="project",
            )
        return project.id
    return check_urn(project, "project", "project")


def _user_urn(user: Any) -> str:
    if isinstance(user, ProjectMember):
        user = user.user
    return check_urn(user, None, "user")


def _properties(details: str | None) -> Any:
    if details is None:
        return UNSET
    if not isinstance(details, str):
        raise InvalidParameter("details: text is needed", parameter="details")
    return ProjectProperties(details=details)


def _optional_urn(value: Any, kind: str, parameter: str) -> Any:
    return UNSET if value is None else check_urn(value, kind, parameter)


# -- flows on a project's URN (a `Project` and `Projects` both drive them) -------------


def _members_pager(
    client: Any, urn: str, role: Any, page_size: int | None, limit: int | None
) -> Any:
    wanted = UNSET if role is None else check_role(role).value

    def build(token: str | None, size: int) -> dict[str, Any]:
        if token is not None:
            return list_project_members.request_args(urn, page=token, limit=size)
        return list_project_members.request_args(urn, role=wanted, limit=size)

    return client._paginator(client, build, _MemberPage, list, limit, page_size, what="members")


def _set_member_flow(urn: str, user: Any, role: Any) -> Flow[None]:
    body = MembershipRequest(role=check_role(role))
    yield from one(Call(set_project_membership.request_args(urn, _user_urn(user), body=body)))


def _remove_member_flow(urn: str, user: Any) -> Flow[None]:
    yield from one(Call(remove_project_membership.request_args(urn, _user_urn(user))))


def _read_account_flow(urn: str) -> Flow[str]:
    found: ProjectAccount = yield from one(
        Call(read_project_account.request_args(urn), json_model(ProjectAccount))
    )
    if not isinstance(found.account_urn, str):
        raise MalformedResponse("the project's account is not a URN")
    return found.account_urn


def _set_account_flow(urn: str, account: Any) -> Flow[None]:
    body = ProjectAccount(account_urn=check_urn(account, "account", "account"))
    yield from one(Call(set_project_account.request_args(urn, body=body)))


def _update_flow(
    urn: str, name: str | None, details: str | None, parent: Any, account: Any
) -> Flow[ProjectStatus]:
    if name is not None:
        _check_name(name)
    body = ProjectUpdate(
        name=UNSET if name is None else name,
        properties=_properties(details),
        parent=UNSET if parent is None else _project_urn(parent),
        account=_optional_urn(account, "account", "account"),
    )
    record: ProjectStatus = yield from one(
        Call(update_project.request_args(urn, body=body), json_model(ProjectStatus))
    )
    return record


def _delete_flow(urn: str) -> Flow[None]:
    yield from one(Call(delete_project.request_args(urn)))


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or len(name) < MIN_NAME_LENGTH:
        raise InvalidParameter(
            f"name: a project's name is at least {MIN_NAME_LENGTH} characters: {name!r:.60}",
            parameter="name",
            value=name,
        )
    return name


class _Project(_Entity[ProjectStatus]):
    __slots__ = ()

    _spec = ResourceSpec(
        kind="project",
        read=read_project,
        record=ProjectStatus,
        list=list_projects,
        item=ProjectStatus,
        repr=("name", "role"),
        shown=(
            "name",
            "status",
            "role",
            "details",
            "account",
            "parent",
            "created_at",
            "modified_at",
        ),
        columns=("name", "id", "role", "status"),
    )

    name = Text("The project's name.")
    status = Field[ProjectStatusValue | str | None](
        "Lifecycle state (`ProjectStatusValue` when known; other text kept as is)."
    )
    role = Field[ProjectRoleValue | str | None](
        "The caller's role in the project: a `ProjectRole`, or the platform's own text."
    )
    account = Text("URN of the billing account, as last read (`read_account()` asks again).")
    parent = Text("URN of the parent project, if any.")
    created_at = Time("When the project was created.")
    modified_at = Time("When it last changed.")

    @property
    def id(self) -> str:
        """The project's URN (``urn:ivcap:project:...``)."""
        urn = self._model.urn
        if not isinstance(urn, str):
            raise MalformedResponse(f"a project record's urn is not text: {urn!r:.60}")
        return urn

    @property
    def details(self) -> str | None:
        """What the project is for (its ``properties.details``)."""
        properties = self._get("properties")
        details = None if properties is None else unset_none(properties.details)
        if details is not None and not isinstance(details, str):
            raise MalformedResponse("the project's details are not text")
        return details

    def _update_flow(
        self, name: str | None, details: str | None, parent: Any, account: Any
    ) -> Flow[None]:
        self._model = yield from _update_flow(self.id, name, details, parent, account)
        self._metadata = None


class Project(_Project, Entity[ProjectStatus]):
    """A project: its members and roles, its billing account.

    ::

        project = client.projects.create("Reef survey", details="Coral cover, 2026")
        project.set_member("urn:ivcap:user:...", "member")
        for member in project.members():
            print(member.user, member.role)
    """

    __slots__ = ()

    def members(
        self,
        *,
        role: ProjectRoleValue | str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Paginator[ProjectMember]:
        """The project's members, paged lazily (only those with ``role``, if given)."""
        pager: Paginator[ProjectMember] = _members_pager(
            self._client, self.id, role, page_size, limit
        )
        return pager

    def set_member(self, user: Any, role: ProjectRoleValue | str) -> None:
        """Make ``user`` (a URN) a member with ``role``, or give a member that role.

        Raises:
            InvalidParameter: ``role`` is not a `ProjectRole` (any case), or
                ``user`` not a URN, before any request.
        """
        self._client._run(_set_member_flow(self.id, user, role))

    def remove_member(self, user: Any) -> None:
        """Remove ``user`` (a URN, or a `ProjectMember`) from the project.

        Raises:
            NotFound: They are not a member.
        """
        self._client._run(_remove_member_flow(self.id, user))

    def read_account(self) -> str:
        """URN of the account that pays for the project, read from the platform."""
        return self._client._run(_read_account_flow(self.id))

    def set_account(self, account: str) -> None:
        """Make ``account`` (an account URN) pay for the project from now on."""
        self._client._run(_set_account_flow(self.id, account))

    def update(
        self,
        *,
        name: str | None = None,
        details: str | None = None,
        parent: Any = None,
        account: str | None = None,
    ) -> Project:
        """Change the fields given (the others keep their values); returns ``self`` re-read."""
        self._client._run(self._update_flow(name, details, parent, account))
        return self

    def delete(self) -> None:
        """Delete the project."""
        self._client._run(_delete_flow(self.id))


class AsyncProject(_Project, AsyncEntity[ProjectStatus]):
    """The asynchronous twin of `Project`."""

    __slots__ = ()

    def members(
        self,
        *,
        role: ProjectRoleValue | str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[ProjectMember]:
        """The project's members, for ``async for`` (see `Project.members`)."""
        pager: AsyncPaginator[ProjectMember] = _members_pager(
            self._client, self.id, role, page_size, limit
        )
        return pager

    async def set_member(self, user: Any, role: ProjectRoleValue | str) -> None:
        """Make ``user`` a member with ``role`` (see `Project.set_member`)."""
        await self._client._run(_set_member_flow(self.id, user, role))

    async def remove_member(self, user: Any) -> None:
        """Remove ``user`` from the project (see `Project.remove_member`)."""
        await self._client._run(_remove_member_flow(self.id, user))

    async def read_account(self) -> str:
        """URN of the account that pays for the project."""
        return await self._client._run(_read_account_flow(self.id))

    async def set_account(self, account: str) -> None:
        """Make ``account`` pay for the project from now on."""
        await self._client._run(_set_account_flow(self.id, account))

    async def update(
        self,
        *,
        name: str | None = None,
        details: str | None = None,
        parent: Any = None,
        account: str | None = None,
    ) -> AsyncProject:
        """Change the fields given; returns ``self`` re-read (see `Project.update`)."""
        await self._client._run(self._update_flow(name, details, parent, account))
        return self

    async def delete(self) -> None:
        """Delete the project."""
        await self._client._run(_delete_flow(self.id))


class _ProjectCollection(_ResourcesCore[P]):
    __slots__ = ()

    def _pager(self, args: ListArgs, path_args: tuple[Any, ...] = (), **fixed: Any) -> P:
        # The shared list() pages with this: project lists name their items and
        # their next page their own way (`_ProjectPage`).
        client = self._client
        entity = self._entity
        paginator: P = client._paginator(
            client,
            list_builder(list_projects, args),
            _ProjectPage,
            lambda records: [entity._wrap(client, record) for record in records],
            args.limit,
            args.page_size,
            what="projects",
        )
        return paginator

    def _context(self, project: Any) -> str:
        """The project a call is about: the one given, else the client's ``project=``."""
        if project is None:
            project = self._client.project
            if project is None:
                raise InvalidParameter(
                    "project: give project= (or Client(project=...)); "
                    "client.projects.current() is the platform's default project",
                    parameter="project",
                )
        return _project_urn(project)

    def _get_flow(self, id: str) -> Flow[ProjectStatus]:
        check_urn(id, "project")
        record: ProjectStatus = yield from one(
            Call(read_project.request_args(id), json_model(ProjectStatus))
        )
        return record

    def _default_flow(self) -> Flow[ProjectStatus]:
        record: ProjectStatus = yield from one(
            Call(read_default_project.request_args(), json_model(ProjectStatus))
        )
        return record

    def _current_flow(self) -> Flow[ProjectStatus]:
        project = self._client.project
        if project is None:
            return (yield from self._default_flow())
        return (yield from self._get_flow(project))

    def _set_default_flow(self, project: Any, user: Any) -> Flow[None]:
        body = DefaultProjectRequest(
            project_urn=_project_urn(project),
            user_urn=UNSET if user is None else _user_urn(user),
        )
        yield from one(Call(set_default_project.request_args(body=body)))

    def _create_flow(
        self, name: str, details: str | None, account: Any, parent: Any, urn: str | None
    ) -> Flow[ProjectStatus]:
        body = ProjectDefinition(
            name=_check_name(name),
            properties=_properties(details),
            account=_optional_urn(account, "account", "account"),
            parent=UNSET if parent is None else _project_urn(parent),
            urn=_optional_urn(urn, "project", "urn"),
        )
        # Not repeated once sent: a second try could make a second project.
        record: ProjectStatus = yield from one(
            Call(create_project.request_args(body=body), json_model(ProjectStatus), retry="create")
        )
        return record


class Projects(_ProjectCollection[Paginator[Project]], SyncResources[Project]):
    """The caller's projects (``client.projects``).

    Member and account calls given no ``project`` use the client's
    ``Client(project=...)``; without one they raise `InvalidParameter`
    before any request (``client.projects.current()`` is the platform's
    default project).
    """

    __slots__ = ()

    _entity = Project

    def get(self, id: str) -> Project:
        """The project with this URN.

        Raises:
            InvalidParameter: Not a project URN (before any request).
            NotFound: No such project.
        """
        return self._wrap(self._client._run(self._get_flow(id)))

    def create(
        self,
        name: str,
        *,
        details: str | None = None,
        account: str | None = None,
        parent: Any = None,
        urn: str | None = None,
    ) -> Project:
        """Create a project (the platform assigns its URN and account unless given).

        Args:
            name: At least 3 characters.
            details: What the project is for.
            account: URN of the billing account.
            parent: The parent `Project` (or its URN).
            urn: The URN to create it under.

        Raises:
            InvalidParameter: A name shorter than 3 characters, or a malformed
                URN, before any request.
            Conflict: A project with that URN exists.
        """
        flow = self._create_flow(name, details, account, parent, urn)
        return self._wrap(self._client._run(flow))

    def delete(self, project: Any) -> None:
        """Delete a project (a `Project` or its URN)."""
        self._client._run(_delete_flow(_project_urn(project)))

    def default(self) -> Project:
        """The caller's default project.

        Raises:
            NotFound: The caller has none set.
        """
        return self._wrap(self._client._run(self._default_flow()))

    def set_default(self, project: Any, *, user: str | None = None) -> None:
        """Make ``project`` the caller's default (or ``user``'s, given their URN)."""
        self._client._run(self._set_default_flow(project, user))

    def current(self) -> Project:
        """The client's ``project=``, read; without one, the caller's default project."""
        return self._wrap(self._client._run(self._current_flow()))

    def members(
        self,
        project: Any = None,
        *,
        role: ProjectRoleValue | str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Paginator[ProjectMember]:
        """The members of ``project`` (default: the client's), paged lazily."""
        pager: Paginator[ProjectMember] = _members_pager(
            self._client, self._context(project), role, page_size, limit
        )
        return pager

    def set_member(self, user: Any, role: ProjectRoleValue | str, *, project: Any = None) -> None:
        """Make ``user`` a member of ``project`` (default: the client's) with ``role``.

        Raises:
            InvalidParameter: An unknown role, naming ``role``, before any request.
        """
        self._client._run(_set_member_flow(self._context(project), user, role))

    def remove_member(self, user: Any, *, project: Any = None) -> None:
        """Remove ``user`` from ``project`` (default: the client's)."""
        self._client._run(_remove_member_flow(self._context(project), user))

    def read_account(self, project: Any = None) -> str:
        """URN of the account paying for ``project`` (default: the client's)."""
        return self._client._run(_read_account_flow(self._context(project)))

    def set_account(self, account: str, *, project: Any = None) -> None:
        """Make ``account`` pay for ``project`` (default: the client's)."""
        self._client._run(_set_account_flow(self._context(project), account))


class AsyncProjects(_ProjectCollection[AsyncPaginator[AsyncProject]], AsyncResources[AsyncProject]):
    """The caller's projects (``client.projects`` of an `AsyncClient`; see `Projects`)."""

    __slots__ = ()

    _entity = AsyncProject

    async def get(self, id: str) -> AsyncProject:
        """The project with this URN (see `Projects.get`)."""
        return self._wrap(await self._client._run(self._get_flow(id)))

    async def create(
        self,
        name: str,
        *,
        details: str | None = None,
        account: str | None = None,
        parent: Any = None,
        urn: str | None = None,
    ) -> AsyncProject:
        """Create a project (see `Projects.create`)."""
        flow = self._create_flow(name, details, account, parent, urn)
        return self._wrap(await self._client._run(flow))

    async def delete(self, project: Any) -> None:
        """Delete a project."""
        await self._client._run(_delete_flow(_project_urn(project)))

    async def default(self) -> AsyncProject:
        """The caller's default project (`NotFound` while none is set)."""
        return self._wrap(await self._client._run(self._default_flow()))

    async def set_default(self, project: Any, *, user: str | None = None) -> None:
        """Make ``project`` the caller's default (see `Projects.set_default`)."""
        await self._client._run(self._set_default_flow(project, user))

    async def current(self) -> AsyncProject:
        """The client's ``project=``, read; without one, the caller's default project."""
        return self._wrap(await self._client._run(self._current_flow()))

    def members(
        self,
        project: Any = None,
        *,
        role: ProjectRoleValue | str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> AsyncPaginator[ProjectMember]:
        """The members of ``project`` (default: the client's), for ``async for``."""
        pager: AsyncPaginator[ProjectMember] = _members_pager(
            self._client, self._context(project), role, page_size, limit
        )
        return pager

    async def set_member(
        self, user: Any, role: ProjectRoleValue | str, *, project: Any = None
    ) -> None:
        """Make ``user`` a member of ``project`` with ``role`` (see `Projects.set_member`)."""
        await self._client._run(_set_member_flow(self._context(project), user, role))

    async def remove_member(self, user: Any, *, project: Any = None) -> None:
        """Remove ``user`` from ``project`` (default: the client's)."""
        await self._client._run(_remove_member_flow(self._context(project), user))

    async def read_account(self, project: Any = None) -> str:
        """URN of the account paying for ``project`` (default: the client's)."""
        return await self._client._run(_read_account_flow(self._context(project)))

    async def set_account(self, account: str, *, project: Any = None) -> None:
        """Make ``account`` pay for ``project`` (default: the client's)."""
        await self._client._run(_set_account_flow(self._context(project), account))
