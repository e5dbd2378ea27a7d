"""Operations tagged `projects`: one module per operation, bundled as `ProjectsApi`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...types import UNSET

if TYPE_CHECKING:
    import datetime

    from ...client import AuthenticatedClient, Client
    from ...models.default_project_request import DefaultProjectRequest
    from ...models.error_message import ErrorMessage
    from ...models.invalid_parameter_error import InvalidParameterError
    from ...models.membership_request import MembershipRequest
    from ...models.project_account import ProjectAccount
    from ...models.project_definition import ProjectDefinition
    from ...models.project_list import ProjectList
    from ...models.project_member_list import ProjectMemberList
    from ...models.project_status import ProjectStatus
    from ...models.project_update import ProjectUpdate
    from ...types import Response, Unset

__all__ = ("ProjectsApi",)


class ProjectsApi:
    """The `projects` operations over one client.

    Each operation `op` has four methods: `op()` and `await op_async()` return the
    parsed body, `op_detailed()` and `await op_detailed_async()` the whole `Response`.
    """

    def __init__(self, client: AuthenticatedClient | Client) -> None:
        self.client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.client).__name__})"

    def list_projects(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProjectList | None:
        """GET /1/project: List projects"""
        from . import list_projects as _op

        return _op.sync(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def list_projects_detailed(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectList]:
        """GET /1/project: List projects (whole response)"""
        from . import list_projects as _op

        return _op.sync_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_projects_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProjectList | None:
        """GET /1/project: List projects"""
        from . import list_projects as _op

        return await _op.asyncio(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    async def list_projects_detailed_async(
        self,
        *,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
        filter_: str | Unset = UNSET,
        order_by: str | Unset = UNSET,
        order_desc: bool | Unset = True,
        at_time: datetime.datetime | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectList]:
        """GET /1/project: List projects (whole response)"""
        from . import list_projects as _op

        return await _op.asyncio_detailed(
            limit=limit,
            page=page,
            filter_=filter_,
            order_by=order_by,
            order_desc=order_desc,
            at_time=at_time,
            client=self.client,
        )

    def create_project(
        self,
        *,
        body: ProjectDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
        """POST /1/project: Create a project"""
        from . import create_project as _op

        return _op.sync(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def create_project_detailed(
        self,
        *,
        body: ProjectDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
        """POST /1/project: Create a project (whole response)"""
        from . import create_project as _op

        return _op.sync_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_project_async(
        self,
        *,
        body: ProjectDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
        """POST /1/project: Create a project"""
        from . import create_project as _op

        return await _op.asyncio(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    async def create_project_detailed_async(
        self,
        *,
        body: ProjectDefinition,
        idempotency_key: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
        """POST /1/project: Create a project (whole response)"""
        from . import create_project as _op

        return await _op.asyncio_detailed(
            body=body,
            idempotency_key=idempotency_key,
            client=self.client,
        )

    def read_default_project(
        self,
    ) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
        """GET /1/project/default: Read the caller's default project"""
        from . import read_default_project as _op

        return _op.sync(
            client=self.client,
        )

    def read_default_project_detailed(
        self,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
        """GET /1/project/default: Read the caller's default project (whole response)"""
        from . import read_default_project as _op

        return _op.sync_detailed(
            client=self.client,
        )

    async def read_default_project_async(
        self,
    ) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
        """GET /1/project/default: Read the caller's default project"""
        from . import read_default_project as _op

        return await _op.asyncio(
            client=self.client,
        )

    async def read_default_project_detailed_async(
        self,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
        """GET /1/project/default: Read the caller's default project (whole response)"""
        from . import read_default_project as _op

        return await _op.asyncio_detailed(
            client=self.client,
        )

    def set_default_project(
        self,
        *,
        body: DefaultProjectRequest,
    ) -> ErrorMessage | InvalidParameterError | None:
        """PUT /1/project/default: Set the caller's default project"""
        from . import set_default_project as _op

        return _op.sync(
            body=body,
            client=self.client,
        )

    def set_default_project_detailed(
        self,
        *,
        body: DefaultProjectRequest,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """PUT /1/project/default: Set the caller's default project (whole response)"""
        from . import set_default_project as _op

        return _op.sync_detailed(
            body=body,
            client=self.client,
        )

    async def set_default_project_async(
        self,
        *,
        body: DefaultProjectRequest,
    ) -> ErrorMessage | InvalidParameterError | None:
        """PUT /1/project/default: Set the caller's default project"""
        from . import set_default_project as _op

        return await _op.asyncio(
            body=body,
            client=self.client,
        )

    async def set_default_project_detailed_async(
        self,
        *,
        body: DefaultProjectRequest,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """PUT /1/project/default: Set the caller's default project (whole response)"""
        from . import set_default_project as _op

        return await _op.asyncio_detailed(
            body=body,
            client=self.client,
        )

    def read_project(
        self,
        id: str,
    ) -> ErrorMessage | ProjectStatus | None:
        """GET /1/project/{id}: Read a project"""
        from . import read_project as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_project_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | ProjectStatus]:
        """GET /1/project/{id}: Read a project (whole response)"""
        from . import read_project as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_project_async(
        self,
        id: str,
    ) -> ErrorMessage | ProjectStatus | None:
        """GET /1/project/{id}: Read a project"""
        from . import read_project as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_project_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | ProjectStatus]:
        """GET /1/project/{id}: Read a project (whole response)"""
        from . import read_project as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def update_project(
        self,
        id: str,
        *,
        body: ProjectUpdate,
    ) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
        """PUT /1/project/{id}: Update a project's information"""
        from . import update_project as _op

        return _op.sync(
            id=id,
            body=body,
            client=self.client,
        )

    def update_project_detailed(
        self,
        id: str,
        *,
        body: ProjectUpdate,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
        """PUT /1/project/{id}: Update a project's information (whole response)"""
        from . import update_project as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            client=self.client,
        )

    async def update_project_async(
        self,
        id: str,
        *,
        body: ProjectUpdate,
    ) -> ErrorMessage | InvalidParameterError | ProjectStatus | None:
        """PUT /1/project/{id}: Update a project's information"""
        from . import update_project as _op

        return await _op.asyncio(
            id=id,
            body=body,
            client=self.client,
        )

    async def update_project_detailed_async(
        self,
        id: str,
        *,
        body: ProjectUpdate,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectStatus]:
        """PUT /1/project/{id}: Update a project's information (whole response)"""
        from . import update_project as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            client=self.client,
        )

    def delete_project(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/project/{id}: Delete a project"""
        from . import delete_project as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def delete_project_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/project/{id}: Delete a project (whole response)"""
        from . import delete_project as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def delete_project_async(
        self,
        id: str,
    ) -> ErrorMessage | None:
        """DELETE /1/project/{id}: Delete a project"""
        from . import delete_project as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def delete_project_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage]:
        """DELETE /1/project/{id}: Delete a project (whole response)"""
        from . import delete_project as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def list_project_members(
        self,
        id: str,
        *,
        role: str | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProjectMemberList | None:
        """GET /1/project/{id}/members: List a project's members"""
        from . import list_project_members as _op

        return _op.sync(
            id=id,
            role=role,
            limit=limit,
            page=page,
            client=self.client,
        )

    def list_project_members_detailed(
        self,
        id: str,
        *,
        role: str | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectMemberList]:
        """GET /1/project/{id}/members: List a project's members (whole response)"""
        from . import list_project_members as _op

        return _op.sync_detailed(
            id=id,
            role=role,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def list_project_members_async(
        self,
        id: str,
        *,
        role: str | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> ErrorMessage | InvalidParameterError | ProjectMemberList | None:
        """GET /1/project/{id}/members: List a project's members"""
        from . import list_project_members as _op

        return await _op.asyncio(
            id=id,
            role=role,
            limit=limit,
            page=page,
            client=self.client,
        )

    async def list_project_members_detailed_async(
        self,
        id: str,
        *,
        role: str | Unset = UNSET,
        limit: int | Unset = 10,
        page: str | Unset = UNSET,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectMemberList]:
        """GET /1/project/{id}/members: List a project's members (whole response)"""
        from . import list_project_members as _op

        return await _op.asyncio_detailed(
            id=id,
            role=role,
            limit=limit,
            page=page,
            client=self.client,
        )

    def set_project_membership(
        self,
        id: str,
        user_id: str,
        *,
        body: MembershipRequest,
    ) -> ErrorMessage | InvalidParameterError | None:
        """PUT /1/project/{id}/memberships/{user_id}: Add a member or change their role"""
        from . import set_project_membership as _op

        return _op.sync(
            id=id,
            user_id=user_id,
            body=body,
            client=self.client,
        )

    def set_project_membership_detailed(
        self,
        id: str,
        user_id: str,
        *,
        body: MembershipRequest,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """PUT /1/project/{id}/memberships/{user_id}: Add a member or change their role (whole response)"""
        from . import set_project_membership as _op

        return _op.sync_detailed(
            id=id,
            user_id=user_id,
            body=body,
            client=self.client,
        )

    async def set_project_membership_async(
        self,
        id: str,
        user_id: str,
        *,
        body: MembershipRequest,
    ) -> ErrorMessage | InvalidParameterError | None:
        """PUT /1/project/{id}/memberships/{user_id}: Add a member or change their role"""
        from . import set_project_membership as _op

        return await _op.asyncio(
            id=id,
            user_id=user_id,
            body=body,
            client=self.client,
        )

    async def set_project_membership_detailed_async(
        self,
        id: str,
        user_id: str,
        *,
        body: MembershipRequest,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """PUT /1/project/{id}/memberships/{user_id}: Add a member or change their role (whole response)"""
        from . import set_project_membership as _op

        return await _op.asyncio_detailed(
            id=id,
            user_id=user_id,
            body=body,
            client=self.client,
        )

    def remove_project_membership(
        self,
        id: str,
        user_id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/project/{id}/memberships/{user_id}: Remove a member"""
        from . import remove_project_membership as _op

        return _op.sync(
            id=id,
            user_id=user_id,
            client=self.client,
        )

    def remove_project_membership_detailed(
        self,
        id: str,
        user_id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/project/{id}/memberships/{user_id}: Remove a member (whole response)"""
        from . import remove_project_membership as _op

        return _op.sync_detailed(
            id=id,
            user_id=user_id,
            client=self.client,
        )

    async def remove_project_membership_async(
        self,
        id: str,
        user_id: str,
    ) -> ErrorMessage | InvalidParameterError | None:
        """DELETE /1/project/{id}/memberships/{user_id}: Remove a member"""
        from . import remove_project_membership as _op

        return await _op.asyncio(
            id=id,
            user_id=user_id,
            client=self.client,
        )

    async def remove_project_membership_detailed_async(
        self,
        id: str,
        user_id: str,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """DELETE /1/project/{id}/memberships/{user_id}: Remove a member (whole response)"""
        from . import remove_project_membership as _op

        return await _op.asyncio_detailed(
            id=id,
            user_id=user_id,
            client=self.client,
        )

    def read_project_account(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | ProjectAccount | None:
        """GET /1/project/{id}/account: Read a project's billing account"""
        from . import read_project_account as _op

        return _op.sync(
            id=id,
            client=self.client,
        )

    def read_project_account_detailed(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectAccount]:
        """GET /1/project/{id}/account: Read a project's billing account (whole response)"""
        from . import read_project_account as _op

        return _op.sync_detailed(
            id=id,
            client=self.client,
        )

    async def read_project_account_async(
        self,
        id: str,
    ) -> ErrorMessage | InvalidParameterError | ProjectAccount | None:
        """GET /1/project/{id}/account: Read a project's billing account"""
        from . import read_project_account as _op

        return await _op.asyncio(
            id=id,
            client=self.client,
        )

    async def read_project_account_detailed_async(
        self,
        id: str,
    ) -> Response[ErrorMessage | InvalidParameterError | ProjectAccount]:
        """GET /1/project/{id}/account: Read a project's billing account (whole response)"""
        from . import read_project_account as _op

        return await _op.asyncio_detailed(
            id=id,
            client=self.client,
        )

    def set_project_account(
        self,
        id: str,
        *,
        body: ProjectAccount,
    ) -> ErrorMessage | InvalidParameterError | None:
        """PUT /1/project/{id}/account: Set a project's billing account"""
        from . import set_project_account as _op

        return _op.sync(
            id=id,
            body=body,
            client=self.client,
        )

    def set_project_account_detailed(
        self,
        id: str,
        *,
        body: ProjectAccount,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """PUT /1/project/{id}/account: Set a project's billing account (whole response)"""
        from . import set_project_account as _op

        return _op.sync_detailed(
            id=id,
            body=body,
            client=self.client,
        )

    async def set_project_account_async(
        self,
        id: str,
        *,
        body: ProjectAccount,
    ) -> ErrorMessage | InvalidParameterError | None:
        """PUT /1/project/{id}/account: Set a project's billing account"""
        from . import set_project_account as _op

        return await _op.asyncio(
            id=id,
            body=body,
            client=self.client,
        )

    async def set_project_account_detailed_async(
        self,
        id: str,
        *,
        body: ProjectAccount,
    ) -> Response[ErrorMessage | InvalidParameterError]:
        """PUT /1/project/{id}/account: Set a project's billing account (whole response)"""
        from . import set_project_account as _op

        return await _op.asyncio_detailed(
            id=id,
            body=body,
            client=self.client,
        )
