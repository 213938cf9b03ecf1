"""``GET /api/v1/me``: who the caller is; ``GET /api/v1/me/cameras/{id}``: may they see it.

The second answers 403 for a camera outside an analyst's (or node's) per-camera scope
(:func:`~privacam.server.access.camera_in_scope`) and 404 for a camera the deployment
lacks, in that order: a scoped caller learns nothing about cameras outside their scope.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel

from privacam.server.access import Principal, Role, allow, camera_in_scope
from privacam.server.context import ServerContext, get_context

router = APIRouter(tags=["server"])

#: Every role may ask who it is (one dependency object, shared by both routes).
SIGNED_IN = allow(*Role)


class Me(BaseModel):
    name: str
    role: Role
    kind: str
    #: The per-camera scope; ``null`` means every camera.
    cameras: list[str] | None


class CameraAccess(BaseModel):
    camera_id: str
    in_scope: bool


@router.get("/api/v1/me", response_model=Me)
def me(who: Principal = SIGNED_IN) -> Me:
    cameras = None if who.cameras is None else sorted(who.cameras)
    return Me(name=who.name, role=who.role, kind=who.kind, cameras=cameras)


@router.get("/api/v1/me/cameras/{camera_id}", response_model=CameraAccess)
def my_camera(
    camera_id: str,
    who: Principal = SIGNED_IN,
    context: ServerContext = Depends(get_context),
) -> CameraAccess:
    camera_in_scope(who, camera_id)
    if camera_id not in {camera.id for camera in context.spec.cameras}:
        raise HTTPException(404, f"no camera {camera_id} / カメラ {camera_id} はありません")
    return CameraAccess(camera_id=camera_id, in_scope=True)
