"""The HTTP API (FastAPI): health, version, login and refresh, state, push and pull. OpenAPI at /openapi.json.

Stateless: every request works on PostgreSQL only, so any number of processes can serve one database.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine, create_engine, select, text

from prm_server import MIN_CLIENT_PROTOCOL, PROTOCOL, __version__, auth, maintenance
from prm_server.access import User
from prm_server.merge import PushRefused, push
from prm_server.pull import page_json, pull
from prm_server.schema import users

MAX_BATCH = 5000
#: Rows per pull page at most (an initial pull asks for big pages: fewer round trips and commits).
MAX_PAGE = 100000


MAX_ID = 2**62  # ids and cursors fit PostgreSQL's bigint
HEX16 = "^[0-9a-f]{16}$"


class Credentials(BaseModel):
    username: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$")
    password: str = Field(max_length=1000)


class RefreshRequest(BaseModel):
    refresh_token: str = Field(max_length=200)


class Tokens(BaseModel):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "bearer"


class Entry(BaseModel):
    id: int = Field(ge=1, le=MAX_ID, description="The client's increasing id of this entry (its change-log seq)")
    table: str = Field(pattern="^[a-z_]{1,60}$")
    row_id: str = Field(pattern="^[0-9A-Za-z-]{1,36}$")
    op: str = Field(pattern="^(insert|update|delete)$")
    data: dict[str, Any]
    hlc: str = Field(pattern=r"^\d{13}-\d{5}-[0-9a-f]{16}$", description="Hybrid logical clock stamp")
    purge: bool = Field(default=False, description=(
        "Written by a personal-data purge: applied over any other value, the person's values erased from "
        "the server's history and conflict records, later edits of those fields dropped"))


class PushRequest(BaseModel):
    client_id: str = Field(pattern=HEX16)
    after: int = Field(ge=0, le=MAX_ID, description="The last id this client had acknowledged")
    seen: int = Field(ge=0, le=MAX_ID, description="The client's pull cursor (what it had seen when it edited)")
    entries: list[Entry] = Field(max_length=MAX_BATCH)


class PushResponse(BaseModel):
    acknowledged_through: int
    applied: int
    skipped: int
    conflicts: int
    rejected: list[dict[str, Any]]


class ServerState(BaseModel):
    incarnation: str = Field(description="Names this server database; changes when it is restored from a backup")
    counter: int = Field(description="The team's change counter (a client's cursor is never above it)")
    acknowledged: int | None = Field(description=(
        "The last entry id of this client the server holds (0: unknown client; null: another user's client id)"))
    resync_below: int = Field(description="A pull cursor below this must pull everything again (tombstones purged)")


class PullResponse(BaseModel):
    rows: list[dict[str, Any]]
    revoked: list[str] = Field(default_factory=list, description="Partners to purge: no longer visible")
    cursor: int
    has_more: bool


def make_engine(database_url: str) -> Engine:
    """A pooled engine on the server database (``postgresql://`` URLs use psycopg 3)."""
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return create_engine(database_url, pool_pre_ping=True)


def protocol(x_prm_protocol: Annotated[int, Header()] = 0) -> None:
    """Refuse clients older than the server supports with a clear "update the app" answer."""
    if x_prm_protocol < MIN_CLIENT_PROTOCOL:
        raise HTTPException(426, {"code": "update_app", "message": (
            "This version of PRM Desktop is too old for the sync server: update the app. "
            "Your changes are kept on this computer until then.")})


def current_user(request: Request, authorization: Annotated[str, Header()] = "") -> User:
    """The user of a valid, unexpired access token whose account is enabled."""
    if not authorization.lower().startswith("bearer "):
        raise HTTPException(401, "sign in first", headers={"WWW-Authenticate": "Bearer"})
    with request.app.state.engine.begin() as conn:
        try:
            user_id = auth.read_access(auth.server_secret(conn), authorization[7:].strip())
        except auth.AuthError as exc:
            raise HTTPException(401, str(exc), headers={"WWW-Authenticate": "Bearer"}) from exc
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None or row.disabled:
        raise HTTPException(401, "the account is disabled", headers={"WWW-Authenticate": "Bearer"})
    return User(row.id, row.team_id, row.username, row.member_name)


def fresh_cursor(request: Request, user: Annotated[User, Depends(current_user)],
                 cursor: Annotated[int, Query(ge=0, le=MAX_ID)] = 0) -> None:
    """Answer ``410 resync`` to a cursor older than the oldest kept tombstone (it would miss deletions)."""
    with request.app.state.engine.connect() as conn:
        if maintenance.must_resync(conn, user.team_id, cursor):
            raise HTTPException(410, {"code": "resync", "message": (
                "This computer last synced before the oldest deletion the server keeps: "
                "everything is pulled again; changes not sent yet are kept and sent.")})


def create_app(engine: Engine) -> FastAPI:
    """The application serving ``engine``'s database (already migrated)."""
    app = FastAPI(title="PRM sync server", version=__version__)
    app.state.engine = engine

    @app.get("/health")
    def health() -> dict[str, str]:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return {"status": "ok"}

    @app.get("/version")
    def version() -> dict[str, Any]:
        return {"version": __version__, "protocol": PROTOCOL, "min_client_protocol": MIN_CLIENT_PROTOCOL}

    @app.post("/v1/auth/login", dependencies=[Depends(protocol)])
    def login(body: Credentials) -> Tokens:
        with engine.begin() as conn:
            try:
                pair = auth.login(conn, body.username, body.password)
            except auth.AuthError as exc:
                raise HTTPException(401, str(exc)) from exc
        return Tokens(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)

    @app.post("/v1/auth/refresh", dependencies=[Depends(protocol)])
    def refresh(body: RefreshRequest) -> Tokens:
        error = None
        with engine.begin() as conn:  # a reuse revokes the family: that must commit even though it fails
            try:
                pair = auth.refresh(conn, body.refresh_token)
            except auth.AuthError as exc:
                error = exc
        if error is not None:
            raise HTTPException(401, str(error))
        return Tokens(access_token=pair.access_token, refresh_token=pair.refresh_token, expires_in=pair.expires_in)

    @app.post("/v1/push", dependencies=[Depends(protocol)])
    def push_entries(body: PushRequest, user: Annotated[User, Depends(current_user)]) -> PushResponse:
        try:
            with engine.begin() as conn:
                result = push(conn, user, body.client_id, body.after, body.seen,
                              [e.model_dump() for e in body.entries])
        except PushRefused as exc:
            raise HTTPException(409, {"code": exc.code, "message": exc.message, **exc.extra}) from exc
        return PushResponse(acknowledged_through=result.acknowledged_through, applied=result.applied,
                            skipped=result.skipped, conflicts=result.conflicts, rejected=result.rejected)

    @app.get("/v1/state", dependencies=[Depends(protocol)])
    def server_state(user: Annotated[User, Depends(current_user)],
                     client_id: Annotated[str, Query(pattern=HEX16)]) -> ServerState:
        with engine.connect() as conn:
            return ServerState(**maintenance.client_state(conn, user.team_id, user.id, client_id))

    @app.get("/v1/pull", dependencies=[Depends(protocol), Depends(fresh_cursor)], response_model=PullResponse)
    def pull_rows(user: Annotated[User, Depends(current_user)],
                  cursor: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000) -> Response:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
            page = pull(conn, user, max(cursor, 0), limit)
        return Response(page_json(page), media_type="application/json")

    return app
